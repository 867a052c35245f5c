package io.momentum.assign;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

class ExposureTokensTest {
    private static final Instant NOW = Instant.parse("2026-12-01T10:00:00Z");
    private final ExposureTokens tokens = new ExposureTokens("a-secret-of-at-least-sixteen-bytes".getBytes(StandardCharsets.UTF_8));
    private final String token = tokens.issue("hero", "v-1", "evil", NOW);

    @Test
    void isShortAndProvesItsOwnAssignment() {
        assertTrue(token.length() <= 24, token);
        assertEquals(Optional.empty(), tokens.problem(token, "hero", "v-1", "evil", NOW.plusSeconds(3600)));
    }

    @Test
    void provesNoOtherVisitorVariantOrExperiment() {
        assertTrue(tokens.problem(token, "hero", "v-2", "evil", NOW).isPresent());
        assertTrue(tokens.problem(token, "hero", "v-1", "control", NOW).isPresent());
        assertTrue(tokens.problem(token, "other", "v-1", "evil", NOW).isPresent());
    }

    @Test
    void isRejectedWhenSignedWithAnotherSecret() {
        ExposureTokens other = new ExposureTokens("another-secret-of-sixteen-bytes!".getBytes(StandardCharsets.UTF_8));
        assertTrue(other.problem(token, "hero", "v-1", "evil", NOW).isPresent());
    }

    @Test
    void expiresAfterItsMaximumAge() {
        Instant late = NOW.plus(ExposureTokens.MAX_AGE).plusSeconds(1);
        assertEquals(Optional.of("the exposure token has expired; assign again"), tokens.problem(token, "hero", "v-1", "evil", late));
    }

    @Test
    void rejectsATamperedIssueTimeAndGarbage() {
        String later = Long.toString(NOW.getEpochSecond() + 7200, 36) + token.substring(token.indexOf('.'));
        assertTrue(tokens.problem(later, "hero", "v-1", "evil", NOW).isPresent());
        for (String garbage : new String[] {"", ".", "zz", "x.y.z", "!!.??", "a".repeat(100), "zzzzzzzzzzzz.AAAAAAAAAAAAAAAA"}) {
            assertTrue(tokens.problem(garbage, "hero", "v-1", "evil", NOW).isPresent(), garbage);
        }
    }

    /** Tokens issued before the hand-rolled HMAC (javax.crypto.Mac) must still verify: the same bytes for any secret length. */
    @ParameterizedTest
    @ValueSource(ints = {16, 64, 65, 200})
    void isTheTruncatedHmacSha256OfTheAssignment(int secretBytes) throws Exception {
        byte[] secret = "s".repeat(secretBytes).getBytes(StandardCharsets.UTF_8);
        String issued = Long.toString(NOW.getEpochSecond(), 36);
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret, "HmacSHA256"));
        byte[] tag = Arrays.copyOf(mac.doFinal(("x1\nhero\nv-1\nevil\n" + issued).getBytes(StandardCharsets.UTF_8)), 12);

        assertEquals(issued + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(tag),
                new ExposureTokens(secret).issue("hero", "v-1", "evil", NOW));
    }
}
