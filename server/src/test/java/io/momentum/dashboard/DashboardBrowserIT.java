package io.momentum.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.momentum.reporting.SeededServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dashboard in real headless Chromium: a seeded server, then {@code src/test/browser/dashboard.test.mjs}
 * (node + playwright-core, installed by Maven) checks the key numbers and badges, the phone layout and
 * that a hostile experiment name stays text; screenshots go to {@code target/screenshots/}.
 */
class DashboardBrowserIT {
    static final String HOSTILE_NAME = "<script>alert(1)</script>";
    static final Path BROWSER_TESTS = Path.of("src/test/browser");

    @TempDir
    Path tmp;

    @Test
    void dashboardShowsResultsInARealBrowser() throws Exception {
        assertTrue(Files.isDirectory(BROWSER_TESTS.resolve("node_modules/playwright-core")),
                "run through Maven (mvn -pl server verify): it installs playwright-core into " + BROWSER_TESTS);
        Map<String, String> files = new LinkedHashMap<>();
        files.put("hero.yaml", SeededServer.landingPage("pricing-hero", "Pricing page hero", "running", ""));
        files.put("hostile.yaml", SeededServer.landingPage("hostile", "\"" + HOSTILE_NAME + "\"", "running", ""));
        try (SeededServer server = SeededServer.start(tmp, files)) {
            seed(server);
            Map<String, Object> expect = Map.of(
                    "hostileId", "hostile",
                    "hostileName", HOSTILE_NAME,
                    "pages", Map.of(
                            "/", List.of("Experiments", "Activation", "Pricing page hero", "winner", "60,000", "Which traffic converts",
                                    "paid_search", "9.00%", "paid_social", "2.00%"),
                            "/experiments/pricing-hero", List.of("Decision:", "winner: benefit", "30,000", "+30.0%", "Over time",
                                    "Lift of trial_signup with confidence intervals"),
                            "/flywheel", List.of("Activation", "Adoption", "Adoration", "Advocacy", "8.00%", "25.00%")));
            Path screenshots = Path.of("target/screenshots").toAbsolutePath();
            ProcessBuilder node = new ProcessBuilder("node", "--test", "--test-reporter=spec", "dashboard.test.mjs")
                    .directory(BROWSER_TESTS.toFile())
                    .redirectErrorStream(true);
            node.environment().put("MOMENTUM_URL", "http://127.0.0.1:" + server.port());
            node.environment().put("SCREENSHOT_DIR", screenshots.toString());
            node.environment().put("EXPECT", new ObjectMapper().writeValueAsString(expect));
            Process process = node.start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(process.waitFor(3, TimeUnit.MINUTES), "browser test did not finish");
            System.out.println(output);
            assertEquals(0, process.exitValue(), output);
            assertTrue(Files.exists(screenshots.resolve("experiments_pricing-hero-desktop.png")), "screenshot missing");
        }
    }

    private static void seed(SeededServer server) {
        // 30,000 per arm: past the sequential test's planned sample, so the unchanged guardrail cannot hold the winner back
        server.variant("pricing-hero", "control", 30_000, Map.of("trial_signup", 3_000L, "unsubscribe", 150L, "upgrade", 1_200L))
                .variant("pricing-hero", "benefit", 30_000, Map.of("trial_signup", 3_900L, "unsubscribe", 150L, "upgrade", 1_200L))
                .variant("hostile", "control", 800, Map.of("trial_signup", 80L))
                .variant("hostile", "benefit", 800, Map.of("trial_signup", 85L))
                .globalGoal("visit", 100_000).globalGoal("trial_signup", 8_000).globalGoal("upgrade", 2_000);
        Instant today = Instant.now().truncatedTo(ChronoUnit.DAYS);
        // Google ads bring 9 customers per 100 clicks, Facebook 2 (the home page's channel report)
        server.channelVisitors("retired-test", "paid_search", today.minus(5, ChronoUnit.DAYS), 100, 9, "trial_signup")
                .channelVisitors("retired-test", "paid_social", today.minus(5, ChronoUnit.DAYS), 100, 2, "trial_signup");
        for (int day = 3; day >= 1; day--) {
            Instant at = today.minus(day, ChronoUnit.DAYS).plus(12, ChronoUnit.HOURS);
            server.exposedVisitors("pricing-hero", "control", at, 300, 30, "trial_signup")
                    .exposedVisitors("pricing-hero", "benefit", at, 300, 36 + 3 * (3 - day), "trial_signup");
        }
    }
}
