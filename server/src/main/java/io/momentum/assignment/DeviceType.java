package io.momentum.assignment;

import io.momentum.experiment.WireName;
import java.util.Locale;
import java.util.Optional;

/** The device class targeting can ask for, from an explicit {@code device} attribute or a User-Agent. */
public enum DeviceType implements WireName {
    DESKTOP, MOBILE, TABLET;

    /** {@code desktop}, {@code mobile} or {@code tablet} (any case); empty for anything else. */
    public static Optional<DeviceType> fromName(String name) {
        if (name == null) {
            return Optional.empty();
        }
        return WireName.parse(DeviceType.class, name.trim().toLowerCase(Locale.ROOT));
    }

    /**
     * A coarse, well-known classification: tablets first (iPad, Android without "Mobile", Kindle/Silk,
     * "Tablet"), then phones ("Mobi", iPhone/iPod, Android, Windows Phone, BlackBerry, Opera Mini),
     * everything else is a desktop. An empty User-Agent gives no device.
     */
    public static Optional<DeviceType> fromUserAgent(String userAgent) {
        if (userAgent == null || userAgent.isBlank()) {
            return Optional.empty();
        }
        String ua = userAgent.toLowerCase(Locale.ROOT);
        boolean android = ua.contains("android");
        if (ua.contains("ipad") || ua.contains("tablet") || ua.contains("kindle") || ua.contains("silk/")
                || ua.contains("playbook") || android && !ua.contains("mobile")) {
            return Optional.of(TABLET);
        }
        if (ua.contains("mobi") || ua.contains("iphone") || ua.contains("ipod") || android
                || ua.contains("windows phone") || ua.contains("blackberry") || ua.contains("opera mini")) {
            return Optional.of(MOBILE);
        }
        return Optional.of(DESKTOP);
    }
}
