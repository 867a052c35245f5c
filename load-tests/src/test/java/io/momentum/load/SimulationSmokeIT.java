package io.momentum.load;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.gatling.app.Gatling$;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Short runs of every simulation inside {@code mvn verify}, so the simulations never rot. The build starts its
 * own servers from {@code server/target/momentum.jar} (one on the example experiments, one on the flywheel
 * experiments) on free ports and stops them; Gatling runs in this JVM, the servers in theirs.
 * A simulation passes when Gatling exits 0: every request and check succeeded and its assertions held. The
 * latency bound is loose here ({@value #SMOKE_P99_MS} ms) and the arrival rates are low: Gatling, a cold server
 * and its embedded stores share two cores, so the smoke run checks that the simulations work, not the SLO.
 * Each server first answers {@value #WARM_UP_REQUESTS} untracked page views, as a load test warms up before it
 * measures (a cold JVM answers a few hundred requests a second until its JIT has compiled the hot path).
 * The flywheel run sends the simulation's default {@value #FLYWHEEL_VISITORS} visitors (the planted winner needs
 * them) over {@value #FLYWHEEL_SECONDS} s, about 100 visitors (250 requests) a second: well below what the
 * embedded default sustains on such a machine, where the 300 visitors a second of the default run saturate it and
 * queued requests then wait for seconds. Whether the default rates meet their SLO is {@code load-tests/run.sh}'s
 * question, not the build's.
 */
class SimulationSmokeIT {
    private static final Path JAR = Path.of(System.getProperty("momentum.jar", "../server/target/momentum.jar"));
    private static final String SMOKE_P99_MS = "5000";
    private static final String FLYWHEEL_VISITORS = "6000";
    private static final String FLYWHEEL_SECONDS = "60";
    private static final int WARM_UP_REQUESTS = 2_000;
    private static final Path RESULTS = Path.of(System.getProperty("gatling.results", "target/gatling-smoke"));

    @TempDir
    static Path dataDirs;

    private static MomentumProcess examples;
    private static MomentumProcess flywheel;

    @BeforeAll
    static void startServers() throws Exception {
        examples = MomentumProcess.start(JAR, Path.of(System.getProperty("example.experiments", "../experiments")),
                dataDirs.resolve("examples"), RESULTS.resolve("server-examples.log"));
        flywheel = MomentumProcess.start(JAR, Path.of(System.getProperty("flywheel.experiments", "src/test/resources/flywheel-experiments")),
                dataDirs.resolve("flywheel"), RESULTS.resolve("server-flywheel.log"));
        examples.warmUp(List.of("/", "/pricing", "/features", "/signup"), WARM_UP_REQUESTS);
        flywheel.warmUp(List.of("/sim/landing", "/sim/app", "/sim/app/feedback", "/sim/app/refer"), WARM_UP_REQUESTS);
    }

    @AfterAll
    static void stopServers() throws Exception {
        try {
            if (examples != null) {
                examples.close();
            }
        } finally {
            if (flywheel != null) {
                flywheel.close();
            }
        }
    }

    @Test
    void assignSimulationMeetsItsSlo() {
        assertEquals(0, runGatling(AssignSimulation.class, Map.of("baseUrl", examples.baseUrl(), "rate", "100", "duration", "3", "p99Ms", SMOKE_P99_MS)));
    }

    @Test
    void eventsSimulationMeetsItsSlo() {
        assertEquals(0, runGatling(EventsSimulation.class, Map.of("baseUrl", examples.baseUrl(), "rate", "10", "duration", "3", "p99Ms", SMOKE_P99_MS)));
    }

    @Test
    void flywheelSimulationFindsThePlantedWinnerAndCountsExactly() {
        assertEquals(0, runGatling(FlywheelSimulation.class, Map.of("baseUrl", flywheel.baseUrl(),
                "visitors", FLYWHEEL_VISITORS, "duration", FLYWHEEL_SECONDS, "p99Ms", SMOKE_P99_MS)));
    }

    /** Gatling reads its parameters from system properties, as when the Maven plugin forks it. */
    private static int runGatling(Class<?> simulation, Map<String, String> properties) {
        properties.forEach(System::setProperty);
        try {
            return Gatling$.MODULE$.fromArgs(new String[] {
                    "-s", simulation.getName(),
                    "-rf", RESULTS.toAbsolutePath().toString(),
                    "-rd", "smoke run of " + simulation.getSimpleName()});
        } finally {
            properties.keySet().forEach(System::clearProperty);
        }
    }
}
