package io.momentum.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Payload URLs stay on the site unless the payload lists the host; the audit's off-site href/src/srcset/url() fail with file:line. */
class PayloadUrlsTest {
    private static String experiment(String payload) {
        return """
                id: hero
                name: Hero
                stage: activation
                kind: landing_page
                status: running
                variants:
                  - { key: control }
                  - key: benefit
                    payload:
                """ + payload.indent(6) + """
                goals:
                  primary: { event: trial_signup }
                """;
    }

    private static List<String> problems(String payload) {
        return ExperimentReader.read(experiment(payload), "hero.yaml").problems().stream().map(LoadProblem::toString).toList();
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "headline: { text: Grow faster, attrs: { href: /pricing } }",
            "hero: { src: img/hero.png, attrs: { srcset: \"img/a.png 1x, /img/b.png 2x\" } }",
            "hero: { style: { backgroundImage: \"url('/img/bg.png')\" } }",
            "redirect: /pricing-b",
            "redirect: \"https://checkout.example.com/b\"\nallowed_hosts: [checkout.example.com]",
            "cta: { attrs: { href: \"https://CHECKOUT.example.com/x?y=1\" } }\nallowed_hosts: [checkout.example.com]",
            "note: \"Warning: prices rise\"",
            "cta: { attrs: { href: \"#plans\" } }"})
    void acceptsPathsAndListedHosts(String payload) {
        assertEquals(List.of(), problems(payload));
    }

    @Test
    void namesTheFileLineAndFieldOfAnOffSiteLink() {
        assertEquals(List.of("hero.yaml:10:29: variants[1].payload.cta.attrs.href is \"https://evil.example/x\": it points at "
                        + "evil.example, which may be another site; use a path on your site (e.g. /pricing) or add evil.example to "
                        + "the payload's allowed_hosts"),
                problems("cta: { attrs: { href: \"https://evil.example/x\" } }"));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "hero: { src: \"//evil.example/pixel.gif\" }",
            "hero: { attrs: { srcset: \"/a.png 1x, https://evil.example/b.png 2x\" } }",
            "hero: { style: { backgroundImage: \"url(https://evil.example/bg.png)\" } }",
            "hero: { style: { background: \"no-repeat url( 'https://evil.example/bg.png' )\" } }",
            "form: { attrs: { action: \"https://evil.example/collect\" } }",
            "redirect: \"https://evil.example/\"",
            "redirect: \"https://evil.example/\"\nallowed_hosts: [other.example]"})
    void rejectsOffSiteUrls(String payload) {
        List<String> problems = problems(payload);
        assertEquals(1, problems.size(), problems.toString());
        assertEquals(true, problems.get(0).contains("it points at evil.example"), problems.toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "cta: { attrs: { href: \"javascript:alert(1)\" } }",
            "cta: { attrs: { href: \" JaVaScRiPt:alert(1)\" } }",
            "hero: { src: \"data:text/html,<script>alert(1)</script>\" }",
            "cta: { attrs: { href: \"ftp://files.example/x\" } }"})
    void rejectsOtherSchemes(String payload) {
        List<String> problems = problems(payload);
        assertEquals(1, problems.size(), problems.toString());
        assertEquals(true, problems.get(0).contains("only paths on your site and http(s) URLs are allowed"), problems.toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "cta: { attrs: { href: \"https://shop.example@evil.example/\" } }",
            "cta: { attrs: { href: \"/\\\\evil.example/x\" } }",
            "hero: { style: { backgroundImage: \"image-set('https://evil.example/a.png' 1x)\" } }",
            "hero: { style: { backgroundImage: \"\\\\75 rl(https://evil.example/a.png)\" } }",
            "hero: { attrs: { style: \"color: red\" } }"})
    void rejectsWhatCouldHideAUrl(String payload) {
        List<String> problems = problems(payload);
        assertEquals(1, problems.size(), problems.toString());
        assertEquals(true, problems.get(0).matches(".*(may not contain @|image-set|style: \\{ property).*"), problems.toString());
    }

    @Test
    void allowedHostsMustBeHostNames() {
        List<String> problems = problems("redirect: /b\nallowed_hosts: [\"https://checkout.example.com/\", \"*.example.com\"]");
        assertEquals(2, problems.size(), problems.toString());
        assertEquals(true, problems.get(0).contains("allowed_hosts must list host names"), problems.toString());
    }
}
