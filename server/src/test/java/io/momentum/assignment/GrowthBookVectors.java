package io.momentum.assignment;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.momentum.experiment.Experiment;
import io.momentum.experiment.Layer;
import io.momentum.experiment.Variant;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes {@code test-vectors/assignment-growthbook.json}: 10,000 generated visitor ids and, for several
 * weight/coverage/layer settings, the variant index Momentum assigns each of them. The JavaScript test
 * runs the real {@code @growthbook/growthbook} on the same ids and settings and must agree on every one;
 * {@link GrowthBookVectorsTest} checks the file still matches the Java engine.
 * Regenerate from the repository root (exec:java runs inside Maven, so paths are relative to it):
 * {@code mvn -B -q -pl server test-compile exec:java -Dexec.classpathScope=test
 * -Dexec.mainClass=io.momentum.assignment.GrowthBookVectors}
 */
public final class GrowthBookVectors {
    static final Path FILE = Path.of("test-vectors", "assignment-growthbook.json");
    static final int IDS = 10_000;

    /** One experiment configuration checked against GrowthBook. */
    record Setting(String name, String key, String seed, double[] weights, double coverage, Layer layer) {
        Experiment experiment() {
            double[] w = weights;
            List<Variant> variants = new ArrayList<>();
            for (int i = 0; i < w.length; i++) {
                variants.add(TestExperiments.variant("v" + i, w[i]));
            }
            Experiment e = TestExperiments.withVariants(TestExperiments.running(key), variants.toArray(Variant[]::new));
            e = TestExperiments.withSeed(TestExperiments.withCoverage(e, coverage), seed);
            return layer == null ? e : TestExperiments.inLayer(e, layer.name(), layer.start(), layer.end());
        }
    }

    static final List<Setting> SETTINGS = List.of(
            new Setting("50/50, full coverage", "pricing-hero-2026q4", "pricing-hero-2026q4", new double[] {50, 50}, 1.0, null),
            new Setting("10/90, custom seed", "cta-upgrade", "cta-upgrade-seed-2", new double[] {10, 90}, 1.0, null),
            new Setting("three equal arms, coverage 0.8", "survey-style", "survey-style", new double[] {1, 1, 1}, 0.8, null),
            new Setting("20/30/50, coverage 0.35", "reward-banner", "reward-banner", new double[] {20, 30, 50}, 0.35, null),
            new Setting("four arms 40/20/20/20, coverage 0.05", "onboarding-prompt", "onboarding-prompt", new double[] {40, 20, 20, 20}, 0.05, null),
            new Setting("50/50 in layer slot [0.25, 0.75)", "hero-layered", "hero-layered", new double[] {1, 1}, 1.0, new Layer("pricing-page", 0.25, 0.75)));

    private GrowthBookVectors() {
    }

    /** Deterministic ids: plain, UUID-like, and some with non-ASCII characters and emoji (surrogate pairs). */
    static List<String> ids() {
        List<String> ids = new ArrayList<>(IDS);
        long state = 0x2545F4914F6CDD1DL;
        String[] decorations = {"jürgen", "訪問者", "😀", "🚀🚀", "ñ"};
        for (int i = 0; i < IDS; i++) {
            state = state * 6364136223846793005L + 1442695040888963407L;
            String hex = Long.toHexString(state);
            ids.add(switch (i % 4) {
                case 0 -> "visitor-" + i;
                case 1 -> hex.substring(0, Math.min(8, hex.length())) + "-" + Long.toHexString(state >>> 17);
                case 2 -> decorations[i % decorations.length] + "-" + i;
                default -> Integer.toString(i);
            });
        }
        return ids;
    }

    static int[] expected(Setting setting, List<String> ids) {
        VariantAssigner assigner = VariantAssigner.of(setting.experiment());
        int[] expected = new int[ids.size()];
        for (int i = 0; i < expected.length; i++) {
            expected[i] = assigner.variantIndex(ids.get(i));
        }
        return expected;
    }

    /** Writes the file given as the only argument, or {@code test-vectors/assignment-growthbook.json}. */
    public static void main(String[] args) throws IOException {
        Path file = args.length > 0 ? Path.of(args[0]) : FILE;
        List<String> ids = ids();
        List<Map<String, Object>> settings = new ArrayList<>();
        for (Setting s : SETTINGS) {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("name", s.name());
            json.put("key", s.key());
            json.put("seed", s.seed());
            json.put("weights_as_configured", s.weights());
            json.put("weights", TrafficSplit.normalise(s.weights()));
            json.put("coverage", s.coverage());
            json.put("namespace", s.layer() == null ? null : List.of(s.layer().name(), s.layer().start(), s.layer().end()));
            json.put("expected", expected(s, ids));
            settings.add(json);
        }
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("_about", List.of(
                "Generated by server/src/test/java/io/momentum/assignment/GrowthBookVectors.java; do not edit by hand.",
                "For each setting, expected[i] is the variant index Momentum assigns ids[i] (-1 = not in the experiment).",
                "weights are the configured weights divided by their sum (what GrowthBook expects); namespace is the layer [name, start, end].",
                "sdk-js-snippet/test/growthbook-compat.test.mjs runs @growthbook/growthbook run({key, seed, variations, weights, coverage, namespace, hashVersion: 2}) on every id and setting and requires the same index."));
        doc.put("ids", ids);
        doc.put("settings", settings);
        new ObjectMapper().disable(SerializationFeature.INDENT_OUTPUT).writeValue(file.toFile(), doc);
        System.out.println("wrote " + file.toAbsolutePath() + ": " + ids.size() + " ids x " + settings.size() + " settings");
    }
}
