package io.momentum.experiment;

import java.util.List;
import java.util.Set;

/**
 * Who is eligible: every condition must hold. Empty lists/sets mean "no restriction".
 *
 * @param urlPatterns glob patterns on the page path ({@code *} any characters); any one may match
 * @param attributes  conditions on visitor attributes; all must match
 * @param devices     allowed devices ({@code desktop}, {@code mobile}, {@code tablet})
 */
public record Targeting(List<String> urlPatterns, List<AttributeCondition> attributes, Set<String> devices) {
    public static final Targeting EVERYONE = new Targeting(List.of(), List.of(), Set.of());
}
