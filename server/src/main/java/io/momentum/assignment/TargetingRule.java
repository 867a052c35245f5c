package io.momentum.assignment;

import io.momentum.experiment.Targeting;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * An experiment's targeting compiled once per snapshot: any URL glob must match the page path, every
 * attribute rule must hold, and the device must be one of the allowed ones. A restriction the request
 * cannot answer (no URL, no device) excludes the visitor.
 */
public final class TargetingRule {
    private final List<UrlGlob> urls;
    private final List<AttributeRule> attributes;
    private final Set<DeviceType> devices;

    private TargetingRule(List<UrlGlob> urls, List<AttributeRule> attributes, Set<DeviceType> devices) {
        this.urls = urls;
        this.attributes = attributes;
        this.devices = devices;
    }

    public static TargetingRule compile(Targeting targeting) {
        if (targeting == null) {
            return new TargetingRule(List.of(), List.of(), Set.of());
        }
        List<UrlGlob> urls = nullToEmpty(targeting.urlPatterns()).stream().map(UrlGlob::compile).toList();
        List<AttributeRule> attributes = nullToEmpty(targeting.attributes()).stream().map(AttributeRule::compile).toList();
        Set<DeviceType> devices = EnumSet.noneOf(DeviceType.class);
        for (String name : targeting.devices() == null ? Set.<String>of() : targeting.devices()) {
            devices.add(DeviceType.fromName(name)
                    .orElseThrow(() -> new IllegalArgumentException("unknown device " + name + " (expected desktop, mobile or tablet)")));
        }
        return new TargetingRule(urls, attributes, devices);
    }

    public boolean admits(Visitor visitor) {
        return urlMatches(visitor) && attributesMatch(visitor) && deviceMatches(visitor);
    }

    /** The first condition the visitor fails, in words, or null when the targeting admits them. */
    String whyNot(Visitor visitor) {
        if (!urlMatches(visitor)) {
            return visitor.path().isEmpty() ? "targeting failed on url: the request gives no url"
                    : "targeting failed on url: " + visitor.path().get() + " matches none of " + urls;
        }
        for (AttributeRule rule : attributes) {
            String why = rule.whyNot(visitor.attributes());
            if (why != null) {
                return why;
            }
        }
        if (!deviceMatches(visitor)) {
            return "targeting failed on device: " + visitor.device().map(DeviceType::wire).orElse("unknown") + ", needs one of "
                    + devices.stream().map(DeviceType::wire).toList();
        }
        return null;
    }

    private boolean urlMatches(Visitor visitor) {
        if (urls.isEmpty()) {
            return true;
        }
        if (visitor.path().isEmpty()) {
            return false;
        }
        String path = visitor.path().get();
        for (UrlGlob glob : urls) {
            if (glob.matches(path)) {
                return true;
            }
        }
        return false;
    }

    private boolean attributesMatch(Visitor visitor) {
        for (AttributeRule rule : attributes) {
            if (!rule.admits(visitor.attributes())) {
                return false;
            }
        }
        return true;
    }

    private boolean deviceMatches(Visitor visitor) {
        return devices.isEmpty() || visitor.device().isPresent() && devices.contains(visitor.device().get());
    }

    private static <T> List<T> nullToEmpty(List<T> list) {
        return list == null ? List.of() : list;
    }
}
