package io.momentum.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.momentum.experiment.AlertsDefinition.Condition;
import io.momentum.experiment.AlertsDefinition.Format;
import io.momentum.experiment.AlertsDefinition.Rule;
import io.momentum.experiment.AlertsDefinition.SecretRef;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AlertsReaderTest {
    private static final String VALID = """
            check_every: 30s
            destinations:
              - { name: ops, format: webhook, url: "https://hooks.example.com/momentum", secret_env: MOMENTUM_ALERTS_SECRET }
              - { name: marketing, format: slack, url_file: slack-url.secret }
            rules:
              - { name: decisions, when: decision_reached, to: [ops, marketing] }
              - { name: winners-only, when: decision_reached, decisions: [winner], experiments: [pricing-hero], to: ops }
              - { name: srm, when: srm_detected, to: [ops] }
              - { name: silent, when: no_exposures, for: 6h, to: [ops], rearm_after: 1d }
              - { name: backlog, when: event_backlog, above: 50000, to: [ops] }
            """;

    private static List<String> problems(String yaml) {
        return AlertsReader.read(yaml, "alerts.yaml").problems().stream().map(LoadProblem::toString).toList();
    }

    @Test
    void readsDestinationsAndRules() {
        AlertsDefinition alerts = AlertsReader.read(VALID, "alerts.yaml").alerts().orElseThrow();
        assertEquals(Duration.ofSeconds(30), alerts.checkEvery());
        var ops = alerts.destination("ops").orElseThrow();
        assertEquals(Format.WEBHOOK, ops.format());
        assertEquals(Optional.of("https://hooks.example.com/momentum"), ops.url());
        assertEquals(Optional.of(new SecretRef(SecretRef.Source.ENV, "MOMENTUM_ALERTS_SECRET", "alerts.yaml:3:90")), ops.secret());
        var marketing = alerts.destination("marketing").orElseThrow();
        assertEquals(Optional.empty(), marketing.url());
        assertEquals(SecretRef.Source.FILE, marketing.urlFrom().orElseThrow().source());
        List<Rule> rules = alerts.rules();
        assertEquals(Rule.DECISIONS, rules.get(0).decisions());
        assertEquals(Set.of("winner"), rules.get(1).decisions());
        assertTrue(rules.get(1).watches("pricing-hero") && !rules.get(1).watches("other"));
        assertEquals(List.of("ops"), rules.get(1).to(), "a single destination is a list of one");
        assertEquals(Condition.NO_EXPOSURES, rules.get(3).when());
        assertEquals(Duration.ofHours(6), rules.get(3).silence());
        assertEquals(Duration.ofDays(1), rules.get(3).rearmAfter());
        assertEquals(Rule.DEFAULT_REARM_AFTER, rules.get(2).rearmAfter());
        assertEquals(50_000, rules.get(4).above());
    }

    @Test
    void refusesASecretWrittenInClear() {
        assertEquals(List.of("alerts.yaml:5:13: destinations[0].secret: a secret does not belong in alerts.yaml (it is kept in git);"
                        + " write secret_env: VARIABLE or secret_file: /path/to/file"),
                problems("""
                        destinations:
                          - name: ops
                            format: webhook
                            url: https://hooks.example.com/m
                            secret: hunter2
                        rules: [ { name: srm, when: srm_detected, to: [ops] } ]
                        """));
    }

    @Test
    void aWebhookNeedsASigningKeyAndSlackTakesNone() {
        assertEquals(List.of(
                "alerts.yaml:2:24: destinations[0] is a webhook and needs the key of its X-Momentum-Signature: secret_env: VARIABLE or secret_file: /path/to/file",
                "alerts.yaml:3:63: destinations[1] is a slack destination, which is not signed; remove secret_env/secret_file (the URL is the secret)"),
                problems("""
                        destinations:
                          - { name: a, format: webhook, url: "https://a.example.com/" }
                          - { name: b, format: slack, url_env: SLACK_URL, secret_env: KEY }
                        rules: [ { name: srm, when: srm_detected, to: [a, b] } ]
                        """));
    }

    @Test
    void namesEveryProblemWithItsLineAndColumn() {
        assertEquals(List.of(
                "alerts.yaml:1:14: check_every must be a duration such as 30s, 15m, 6h or 2d, found \"soon\"",
                "alerts.yaml:3:5: destinations[0] needs exactly one of url, url_env or url_file (a Slack URL is itself a secret: prefer url_env)",
                "alerts.yaml:3:26: destinations[0].format must be one of webhook, slack, found \"email\"",
                "alerts.yaml:4:36: destinations[1].url must be an http:// or https:// URL with a host, found \"ftp://x\"",
                "alerts.yaml:6:22: rules[0].when must be one of decision_reached, srm_detected, no_exposures, event_backlog, found \"srm\"",
                "alerts.yaml:7:5: missing field \"rules[1].for\": how long without an exposure, e.g. 6h",
                "alerts.yaml:7:41: rules[1].to[0] must be one of b, ops, found \"opz\"; did you mean \"ops\"?",
                "alerts.yaml:8:58: rules[2].above applies only to when: event_backlog rules",
                "alerts.yaml:8:73: rules[2].decisions[0] must be one of downstream_harm, guardrail_violated, winner, found \"winer\"; did you mean \"winner\"?"),
                problems("""
                        check_every: soon
                        destinations:
                          - { name: ops, format: email }
                          - { name: b, format: slack, url: "ftp://x" }
                        rules:
                          - { name: a, when: srm, to: [ops] }
                          - { name: c, when: no_exposures, to: [opz] }
                          - { name: d, when: decision_reached, to: [ops], above: 3, decisions: [winer] }
                        """));
    }

    @Test
    void theReadmeExampleIsValid() throws Exception {
        String readme = java.nio.file.Files.readString(java.nio.file.Path.of("../README.md"));
        int section = readme.indexOf("\n## Alerts\n");
        int start = readme.indexOf("```yaml\n", section) + "```yaml\n".length();
        String example = readme.substring(start, readme.indexOf("```", start));
        AlertsReader.Result read = AlertsReader.read(example, "README alerts.yaml");
        assertEquals(List.of(), read.problems());
        assertEquals(4, read.alerts().orElseThrow().rules().size());
    }
}
