package io.momentum.segments;

import io.momentum.assignment.DeviceType;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Where a visitor came from, derived from raw attributes ({@code utm_*}, {@code referrer}, click ids,
 * {@code visits}, the User-Agent): the one implementation of the channel rules, pinned by
 * {@code test-vectors/channels.json}. The snippet sends the raw first-touch values and the server derives.
 *
 * <p>Rules, first match wins: (1) {@code utm_medium} keywords (a paid medium from a social source is
 * paid_social); (2) without a medium, click ids ({@code gclid}/{@code gbraid}/{@code wbraid}/{@code msclkid}
 * paid_search, {@code dclid} display, {@code ttclid}/{@code twclid}/{@code li_fat_id} paid_social,
 * {@code fbclid} organic_social because Facebook adds it to organic links too); (3) a {@code utm_source} alone
 * by name (search engine, social network, email); any other source is a referral; (4) the referrer host:
 * webmail email, search engines organic_search, social networks organic_social, the page's own host or none
 * direct, anything else referral.
 */
public final class TrafficSource {
    public static final String CHANNEL = "channel";
    public static final String VISITOR_TYPE = "visitor_type";
    public static final String VISITS = "visits";
    public static final String REFERRER = "referrer";
    public static final String UTM_SOURCE = "utm_source";
    public static final String UTM_MEDIUM = "utm_medium";

    /** The channels, as the attribute and the reports spell them. */
    public static final List<String> CHANNELS = List.of("paid_search", "organic_search", "paid_social", "organic_social",
            "email", "referral", "affiliate", "display", "direct");

    private static final Set<String> SEARCH = Set.of("google", "bing", "yahoo", "duckduckgo", "baidu", "yandex", "ecosia",
            "brave", "naver", "seznam", "qwant", "startpage");
    private static final Set<String> SOCIAL = Set.of("facebook", "fb", "instagram", "ig", "twitter", "linkedin", "reddit",
            "pinterest", "youtube", "tiktok", "snapchat", "threads", "mastodon", "quora", "tumblr", "vk");
    private static final Set<String> SOCIAL_HOSTS = Set.of("t.co", "x.com", "lnkd.in", "youtu.be", "fb.me");
    private static final Set<String> WEBMAIL_HOSTS = Set.of("mail.google.com", "outlook.live.com", "outlook.office.com",
            "outlook.office365.com", "mail.yahoo.com", "mail.proton.me");
    private static final Set<String> PAID = Set.of("cpc", "ppc", "paid", "paidsearch", "paid_search", "paid-search", "sem", "cpv");
    private static final Set<String> PAID_SOCIAL = Set.of("paid_social", "paidsocial", "paid-social", "social_paid", "social-paid",
            "socialpaid");
    private static final Set<String> EMAIL = Set.of("email", "e-mail", "e_mail", "newsletter", "mail");
    private static final Set<String> AFFILIATE = Set.of("affiliate", "affiliates", "partner", "partners");
    private static final Set<String> DISPLAY = Set.of("display", "banner", "cpm", "interstitial", "expandable", "programmatic");
    private static final Set<String> SOCIAL_MEDIA = Set.of("social", "social-network", "social_network", "social-media",
            "social_media", "sm");
    private static final List<String> PAID_SEARCH_CLICK_IDS = List.of("gclid", "gbraid", "wbraid", "msclkid");
    private static final List<String> PAID_SOCIAL_CLICK_IDS = List.of("ttclid", "twclid", "li_fat_id");

    private TrafficSource() {
    }

    /**
     * The attributes with {@code channel}, {@code visitor_type} and {@code device} added where the caller did not
     * send them and they can be derived; {@code pageUrl} (may be null) tells a same-site referrer from another site.
     */
    public static Map<String, String> derive(Map<String, String> attributes, String userAgent, String pageUrl) {
        Map<String, String> derived = new HashMap<>(attributes);
        if (!attributes.containsKey(CHANNEL) || !CHANNELS.contains(attributes.get(CHANNEL))) {
            derived.put(CHANNEL, channel(attributes, host(pageUrl)));
        }
        if (!"new".equals(attributes.get(VISITOR_TYPE)) && !"returning".equals(attributes.get(VISITOR_TYPE))) {
            visitorType(attributes.get(VISITS)).ifPresent(t -> derived.put(VISITOR_TYPE, t));
        }
        DeviceType.fromName(attributes.get("device")).or(() -> DeviceType.fromUserAgent(userAgent))
                .ifPresent(d -> derived.put("device", d.wire()));
        return derived;
    }

    /** {@code new} for the first visit, {@code returning} after; empty when {@code visits} is not a positive integer. */
    public static Optional<String> visitorType(String visits) {
        String digits = visits == null ? "" : visits.trim();
        if (digits.isEmpty() || digits.length() > 9 || !digits.chars().allMatch(c -> c >= '0' && c <= '9') || Integer.parseInt(digits) < 1) {
            return Optional.empty();
        }
        return Optional.of(Integer.parseInt(digits) == 1 ? "new" : "returning");
    }

    /** The channel of raw attributes; {@code ownHost} (may be null) is the site's own host. */
    public static String channel(Map<String, String> a, String ownHost) {
        String source = lower(a.get(UTM_SOURCE));
        String medium = lower(a.get(UTM_MEDIUM));
        boolean socialSource = social(source);
        if (!medium.isEmpty()) {
            if (PAID_SOCIAL.contains(medium) || PAID.contains(medium) && socialSource) {
                return "paid_social";
            }
            if (PAID.contains(medium)) {
                return "paid_search";
            }
            if (EMAIL.contains(medium)) {
                return "email";
            }
            if (AFFILIATE.contains(medium)) {
                return "affiliate";
            }
            if (DISPLAY.contains(medium)) {
                return "display";
            }
            if (SOCIAL_MEDIA.contains(medium)) {
                return "organic_social";
            }
            if (medium.equals("organic")) {
                return socialSource ? "organic_social" : "organic_search";
            }
            return socialSource ? "organic_social" : "referral";
        }
        if (PAID_SEARCH_CLICK_IDS.stream().anyMatch(id -> present(a.get(id)))) {
            return "paid_search";
        }
        if (present(a.get("dclid"))) {
            return "display";
        }
        if (PAID_SOCIAL_CLICK_IDS.stream().anyMatch(id -> present(a.get(id)))) {
            return "paid_social";
        }
        if (present(a.get("fbclid"))) {
            return "organic_social";
        }
        if (!source.isEmpty()) {
            return search(source) ? "organic_search" : socialSource ? "organic_social" : EMAIL.contains(source) ? "email" : "referral";
        }
        String referrer = host(a.get(REFERRER));
        if (referrer == null || referrer.equals(ownHost)) {
            return "direct";
        }
        if (WEBMAIL_HOSTS.contains(referrer)) {
            return "email";
        }
        return search(referrer) ? "organic_search" : social(referrer) ? "organic_social" : "referral";
    }

    /** The lower-case host of a URL or bare host name, without "www."; null when there is none. */
    static String host(String urlOrHost) {
        if (urlOrHost == null || urlOrHost.isBlank()) {
            return null;
        }
        String h = urlOrHost.trim().toLowerCase(Locale.ROOT);
        int scheme = h.indexOf("://");
        if (scheme >= 0) {
            h = h.substring(scheme + 3);
        }
        int end = h.length();
        for (char stop : new char[] {'/', '?', '#', ':'}) {
            int at = h.indexOf(stop);
            if (at >= 0 && at < end) {
                end = at;
            }
        }
        h = h.substring(0, end);
        h = h.startsWith("www.") ? h.substring(4) : h;
        return h.isEmpty() ? null : h;
    }

    /** A name ("google") or host ("www.google.co.uk") of a search engine: any label but the last is a known name. */
    private static boolean search(String nameOrHost) {
        return hasLabel(nameOrHost, SEARCH);
    }

    private static boolean social(String nameOrHost) {
        return SOCIAL_HOSTS.contains(nameOrHost) || hasLabel(nameOrHost, SOCIAL);
    }

    private static boolean hasLabel(String nameOrHost, Set<String> names) {
        if (nameOrHost.isEmpty()) {
            return false;
        }
        String[] labels = nameOrHost.split("\\.");
        int last = labels.length == 1 ? 1 : labels.length - 1;
        for (int i = 0; i < last; i++) {
            if (names.contains(labels[i])) {
                return true;
            }
        }
        return false;
    }

    private static boolean present(String value) {
        return value != null && !value.isBlank();
    }

    private static String lower(String value) {
        return value == null ? "" : value.trim().toLowerCase(Locale.ROOT);
    }
}
