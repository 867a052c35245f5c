package io.momentum.experiment;

import java.util.List;

/**
 * One targeting condition on a visitor attribute.
 *
 * @param values  the strings for EQUALS, IN and NOT_IN
 * @param number  the bound for GT, GTE, LT, LTE
 * @param pattern the regular expression for REGEX (length bounded by validation)
 */
public record AttributeCondition(String attribute, Operator operator, List<String> values, Double number, String pattern) {

    /** How the attribute is compared. */
    public enum Operator implements WireName { EQUALS, IN, NOT_IN, GT, GTE, LT, LTE, REGEX }
}
