package io.momentum.hardening;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.momentum.MomentumServer;
import io.momentum.TestHttp;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Strings from YAML (experiment name, hypothesis, payload) and from events (survey choices) are escaped on every
 * dashboard page, and every HTML answer carries a CSP that allows no script at all.
 */
class DashboardEscapingIT {
    private static final String SCRIPT = "<script>alert(1)</script>";
    private static final String IMG = "<img src=x onerror=alert(2)>";

    @TempDir
    Path tmp;

    @Test
    void everyDashboardPageEscapesHostileStringsAndSendsTheCsp() throws Exception {
        Path experiments = HostileServer.copyExamples(tmp.resolve("experiments"));
        Files.writeString(experiments.resolve("xss.yaml"), """
                id: xss-survey
                name: "%s"
                stage: adoration
                kind: survey
                status: running
                hypothesis: "%s \\" onmouseover=\\"alert(3)"
                variants:
                  - { key: control, weight: 50, payload: { question: "%s", options: ["%s"] } }
                  - { key: treatment, weight: 50, payload: { question: "%s" } }
                goals:
                  primary: { event: survey, metric: nps }
                """.formatted(SCRIPT, IMG, SCRIPT, IMG, IMG));
        MomentumServer server = HostileServer.start(tmp, experiments);
        try {
            TestHttp http = new TestHttp(server.port());
            assertTrue(http.get("/v1/experiments/xss-survey").statusCode() == 200, "the hostile experiment must load");
            for (int i = 0; i < 20; i++) {
                http.post("/v1/events", "application/json", "{\"events\":[{\"type\":\"survey\",\"experiment\":\"xss-survey\","
                        + "\"visitor\":\"v" + i + "\",\"variant\":\"control\",\"choice\":\"" + IMG.replace("\"", "\\\"") + "\"},"
                        + "{\"type\":\"exposure\",\"experiment\":\"xss-survey\",\"visitor\":\"v" + i + "\",\"variant\":\"control\"}]}");
            }
            for (String page : List.of("/", "/flywheel", "/experiments/xss-survey", "/experiments/pricing-hero-2026q4")) {
                HttpResponse<String> response = http.get(page);
                assertEquals(200, response.statusCode(), page);
                String html = response.body().toLowerCase(Locale.ROOT);
                assertFalse(html.contains("<script"), page + " contains a script element");
                assertFalse(html.contains("<img src=x"), page + " contains the injected image");
                assertFalse(html.matches("(?s).*<[^>]*\\son[a-z]+=.*"), page + " contains an event handler attribute");
                String csp = response.headers().firstValue("Content-Security-Policy").orElse("");
                assertTrue(csp.contains("default-src 'none'") && !csp.contains("script-src"), page + " CSP: " + csp);
                assertTrue(response.headers().firstValue("X-Content-Type-Options").orElse("").equals("nosniff"), page);
                assertTrue(csp.contains("frame-ancestors 'none'"), page);
                // the edge's default policy used to overwrite the dashboard's stricter one
                assertEquals(1, response.headers().allValues("Content-Security-Policy").size(), page);
                assertTrue(csp.contains("form-action 'none'") && !csp.contains("'self'"), page + " keeps the dashboard's CSP: " + csp);
            }
            String detail = http.get("/experiments/xss-survey").body();
            assertTrue(detail.contains("&lt;script&gt;alert(1)&lt;/script&gt;"), "the name is shown, escaped");
            System.out.println("dashboard escaping: 4 pages checked, hostile name/hypothesis/payload/choice shown only as text");
        } finally {
            server.stop();
        }
    }
}
