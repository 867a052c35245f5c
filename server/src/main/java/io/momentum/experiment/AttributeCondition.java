package io.momentum.experiment;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * One targeting condition on a visitor attribute. Build one with {@link #ofValues}, {@link #ofNumber} or
 * {@link #ofPattern}, which set only the field the operator reads.
 *
 * @param values  the strings for EQUALS, IN and NOT_IN
 * @param number  the bound for GT, GTE, LT, LTE
 * @param pattern the regular expression for REGEX (length bounded by validation)
 */
public record AttributeCondition(String attribute, Operator operator, List<String> values, Double number, String pattern) {

    /** How the attribute is compared. */
    public enum Operator implements WireName { EQUALS, IN, NOT_IN, GT, GTE, LT, LTE, REGEX }

    private static final Set<Operator> ON_VALUES = EnumSet.of(Operator.EQUALS, Operator.IN, Operator.NOT_IN);
    private static final Set<Operator> ON_NUMBER = EnumSet.of(Operator.GT, Operator.GTE, Operator.LT, Operator.LTE);

    /** EQUALS, IN or NOT_IN: the attribute is (or, for NOT_IN, is not) one of {@code values}. */
    public static AttributeCondition ofValues(String attribute, Operator operator, List<String> values) {
        requireOneOf(ON_VALUES, operator);
        return new AttributeCondition(attribute, operator, values, null, null);
    }

    /** GT, GTE, LT or LTE: the attribute, read as a number, compared with {@code bound}. */
    public static AttributeCondition ofNumber(String attribute, Operator operator, double bound) {
        requireOneOf(ON_NUMBER, operator);
        return new AttributeCondition(attribute, operator, List.of(), bound, null);
    }

    /** REGEX: {@code pattern} is found somewhere in the attribute. */
    public static AttributeCondition ofPattern(String attribute, String pattern) {
        return new AttributeCondition(attribute, Operator.REGEX, List.of(), null, pattern);
    }

    private static void requireOneOf(Set<Operator> allowed, Operator operator) {
        if (!allowed.contains(operator)) {
            throw new IllegalArgumentException("operator must be one of " + allowed + ", was " + operator);
        }
    }
}
