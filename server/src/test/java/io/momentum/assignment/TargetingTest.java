package io.momentum.assignment;

import static io.momentum.assignment.TestExperiments.condition;
import static io.momentum.assignment.TestExperiments.numeric;
import static io.momentum.assignment.TestExperiments.regex;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.momentum.experiment.AttributeCondition;
import io.momentum.experiment.AttributeCondition.Operator;
import io.momentum.experiment.Targeting;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Targeting as data tables: URL globs, page paths, attribute operators, devices. */
class TargetingTest {

    @ParameterizedTest(name = "{0} ~ {1} -> {2}")
    @CsvSource({
            "/pricing*,       /pricing,               true",
            "/pricing*,       /pricing/teams,         true",
            "/pricing*,       /about/pricing,         false",
            "/pricing,        /pricing,               true",
            "/pricing,        /pricing/,              false",
            "/pricing,        /Pricing,               false",
            "*,               /anything/at/all,       true",
            "/blog/*/share,   /blog/2026/share,       true",
            "/blog/*/share,   /blog/a/b/share,        true",
            "/blog/*/share,   /blog/share,            false",
            "*checkout*,      /shop/checkout/step-1,  true",
            "/a*a,            /a,                     false",
            "/a*a,            /aa,                    true",
            "/docs/**,        /docs/x/y,              true"})
    void urlGlobMatchesPagePaths(String pattern, String path, boolean expected) {
        assertEquals(expected, UrlGlob.compile(pattern).matches(path));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
            "https://example.com/pricing?plan=pro#faq, /pricing",
            "https://example.com,                      /",
            "https://example.com?x=1,                  /",
            "//cdn.example.com/a/b,                    /a/b",
            "/pricing?utm_source=x,                    /pricing",
            "/pricing#top,                             /pricing",
            "pricing,                                  /pricing",
            "/redirect?to=https://x.com/y,             /redirect"})
    void pathOfStripsOriginQueryAndFragment(String url, String path) {
        assertEquals(path, UrlGlob.pathOf(url));
    }

    @ParameterizedTest(name = "{0} {1} {2} vs {3} -> {4}")
    @CsvSource(delimiter = ';', value = {
            "country; EQUALS; US;       US;     true",
            "country; EQUALS; US;       us;     false",
            "country; IN;     US CA;    CA;     true",
            "country; IN;     US CA;    DE;     false",
            "country; IN;     US CA;    ;       false",
            "country; NOT_IN; US CA;    DE;     true",
            "country; NOT_IN; US CA;    US;     false",
            "country; NOT_IN; US CA;    ;       true"})
    void stringOperators(String attribute, Operator operator, String values, String actual, boolean expected) {
        AttributeRule rule = AttributeRule.compile(condition(attribute, operator, values.trim().split(" ")));
        assertEquals(expected, rule.admits(actual == null ? Map.of() : Map.of(attribute, actual)));
    }

    @ParameterizedTest(name = "{1} {2} vs {3} -> {4}")
    @CsvSource(delimiter = ';', value = {
            "orders; GT;  3;   4;     true",
            "orders; GT;  3;   3;     false",
            "orders; GTE; 3;   3;     true",
            "orders; LT;  3;   2.5;   true",
            "orders; LT;  3;   3;     false",
            "orders; LTE; 3;   3.0;   true",
            "orders; GT;  3;   many;  false",
            "orders; GT;  -1;  ;      false"})
    void numericOperators(String attribute, Operator operator, double bound, String actual, boolean expected) {
        AttributeRule rule = AttributeRule.compile(numeric(attribute, operator, bound));
        assertEquals(expected, rule.admits(actual == null ? Map.of() : Map.of(attribute, actual)));
    }

    @ParameterizedTest(name = "{0} vs {1} -> {2}")
    @CsvSource(delimiter = ';', value = {
            "@example\\.com$;  ann@example.com;   true",
            "@example\\.com$;  ann@example.org;   false",
            "^(gold|silver)$;  silver;            true",
            "^(gold|silver)$;  bronze;            false",
            "pro;              enterprise-pro-2;  true"})
    void regexFindsThePatternInTheValue(String pattern, String value, boolean expected) {
        assertEquals(expected, AttributeRule.compile(regex("v", pattern)).admits(Map.of("v", value)));
    }

    /** With java.util.regex, {@code (a+)+$} on 40 a's and a b backtracks for minutes on the event loop. */
    @Test
    void aCatastrophicRegexRunsInLinearTime() {
        AttributeRule rule = AttributeRule.compile(regex("v", "^(a+)+$"));
        String hostile = "a".repeat(5_000) + "b";
        assertTimeoutPreemptively(java.time.Duration.ofSeconds(2), () -> assertFalse(rule.admits(Map.of("v", hostile))));
    }

    @Test
    void regexFeaturesThatNeedBacktrackingAreAConfigurationError() {
        assertThrows(IllegalArgumentException.class, () -> AttributeRule.compile(regex("v", "(a)\\1")));
        assertThrows(IllegalArgumentException.class, () -> AttributeRule.compile(regex("v", "a(?=b)")));
    }

    @Test
    void regexLongerThanTheLimitIsAConfigurationError() {
        String tooLong = "a".repeat(AttributeRule.MAX_REGEX_LENGTH + 1);
        assertThrows(IllegalArgumentException.class, () -> AttributeRule.compile(regex("v", tooLong)));
    }

    @Test
    void comparisonWithoutANumberIsAConfigurationError() {
        assertThrows(IllegalArgumentException.class,
                () -> AttributeRule.compile(new AttributeCondition("age", Operator.GT, List.of(), null, null)));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36| desktop",
            "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_2) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.2 Safari/605.1.15| desktop",
            "Mozilla/5.0 (iPhone; CPU iPhone OS 17_2 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.2 Mobile/15E148 Safari/604.1| mobile",
            "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Mobile Safari/537.36| mobile",
            "Mozilla/5.0 (iPad; CPU OS 17_2 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.2 Mobile/15E148 Safari/604.1| tablet",
            "Mozilla/5.0 (Linux; Android 13; SM-X700) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36| tablet",
            "Mozilla/5.0 (Linux; Android 9; KFTRWI) AppleWebKit/537.36 (KHTML, like Gecko) Silk/120.3 like Chrome/120.0 Safari/537.36| tablet",
            "curl/8.5.0| desktop"})
    void deviceFromUserAgent(String userAgent, String device) {
        assertEquals(Optional.of(device), DeviceType.fromUserAgent(userAgent).map(DeviceType::wire));
    }

    @Test
    void explicitDeviceAttributeWinsOverTheUserAgent() {
        Visitor visitor = Visitor.of("v", null, Map.of("device", "Tablet"), "Mozilla/5.0 (iPhone; CPU iPhone OS 17_2) Mobile");
        assertEquals(Optional.of(DeviceType.TABLET), visitor.device());
    }

    @ParameterizedTest(name = "devices {0}, UA {1} -> {2}")
    @CsvSource(delimiter = ';', value = {
            "mobile;          Mozilla/5.0 (iPhone) Mobile;  true",
            "mobile;          Mozilla/5.0 (Windows NT 10.0);  false",
            "mobile tablet;   Mozilla/5.0 (iPad);  true",
            "desktop;         ;  false"})
    void deviceTargeting(String devices, String userAgent, boolean expected) {
        TargetingRule rule = TargetingRule.compile(new Targeting(List.of(), List.of(), Set.of(devices.trim().split(" "))));
        assertEquals(expected, rule.admits(Visitor.of("v", null, Map.of(), userAgent)));
    }

    @Test
    void urlTargetingExcludesRequestsWithoutAUrl() {
        TargetingRule rule = TargetingRule.compile(new Targeting(List.of("/pricing*"), List.of(), Set.of()));
        assertEquals(false, rule.admits(Visitor.of("v", null, Map.of(), null)));
        assertEquals(true, rule.admits(Visitor.of("v", "https://example.com/pricing", Map.of(), null)));
    }

    @Test
    void everyConditionMustHold() {
        TargetingRule rule = TargetingRule.compile(new Targeting(List.of("/pricing*"),
                List.of(condition("country", Operator.IN, "US", "CA"), numeric("orders", Operator.GTE, 1)), Set.of("desktop")));
        String desktop = "Mozilla/5.0 (Windows NT 10.0; Win64; x64)";
        assertEquals(true, rule.admits(Visitor.of("v", "/pricing", Map.of("country", "US", "orders", "2"), desktop)));
        assertEquals(false, rule.admits(Visitor.of("v", "/pricing", Map.of("country", "US", "orders", "0"), desktop)));
        assertEquals(false, rule.admits(Visitor.of("v", "/pricing", Map.of("country", "DE", "orders", "2"), desktop)));
        assertEquals(false, rule.admits(Visitor.of("v", "/home", Map.of("country", "US", "orders", "2"), desktop)));
    }
}
