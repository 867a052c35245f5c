package io.momentum.assignment;

import io.momentum.experiment.AttributeCondition;
import io.momentum.experiment.AttributeCondition.Operator;
import java.util.Map;
import java.util.Set;
import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;

/**
 * One attribute condition, compiled once per catalog snapshot (the regex included). Values compare as
 * exact, case-sensitive strings; GT/GTE/LT/LTE compare numbers and fail when the attribute is not one;
 * REGEX finds the pattern anywhere in the value. A missing attribute fails every operator except
 * NOT_IN (a visitor without a country is not in the excluded countries).
 */
public final class AttributeRule {
    /** Longest regular expression accepted; longer ones are a configuration error. */
    public static final int MAX_REGEX_LENGTH = 256;

    private final String attribute;
    private final Operator operator;
    private final Set<String> values;
    private final double bound;
    private final Pattern pattern;

    private AttributeRule(String attribute, Operator operator, Set<String> values, double bound, Pattern pattern) {
        this.attribute = attribute;
        this.operator = operator;
        this.values = values;
        this.bound = bound;
        this.pattern = pattern;
    }

    public static AttributeRule compile(AttributeCondition condition) {
        String attribute = condition.attribute();
        if (attribute == null || attribute.isBlank()) {
            throw new IllegalArgumentException("attribute condition without an attribute name");
        }
        Operator operator = condition.operator();
        if (operator == null) {
            throw new IllegalArgumentException("attribute " + attribute + ": missing operator");
        }
        return switch (operator) {
            case EQUALS, IN, NOT_IN -> new AttributeRule(attribute, operator, values(condition), Double.NaN, null);
            case GT, GTE, LT, LTE -> new AttributeRule(attribute, operator, Set.of(), bound(condition), null);
            case REGEX -> new AttributeRule(attribute, operator, Set.of(), Double.NaN, regex(condition));
        };
    }

    public boolean admits(Map<String, String> attributes) {
        String value = attributes.get(attribute);
        if (value == null) {
            return operator == Operator.NOT_IN;
        }
        return switch (operator) {
            case EQUALS, IN -> values.contains(value);
            case NOT_IN -> !values.contains(value);
            case GT, GTE, LT, LTE -> compareNumber(value);
            case REGEX -> pattern.matcher(value).find();
        };
    }

    /** Why the attributes fail this rule, in words ("country is "FR", needs one of [CA, GB, US]"), or null when they pass. */
    String whyNot(Map<String, String> attributes) {
        if (admits(attributes)) {
            return null;
        }
        String value = attributes.get(attribute);
        String was = value == null ? attribute + " is not given" : attribute + " is \"" + value + "\"";
        String needs = switch (operator) {
            case EQUALS -> "needs " + values.iterator().next();
            case IN -> "needs one of " + new java.util.TreeSet<>(values);
            case NOT_IN -> "must not be one of " + new java.util.TreeSet<>(values);
            case GT -> "needs a number > " + bound;
            case GTE -> "needs a number >= " + bound;
            case LT -> "needs a number < " + bound;
            case LTE -> "needs a number <= " + bound;
            case REGEX -> "needs to match " + pattern.pattern();
        };
        return "targeting failed on " + attribute + ": " + was + ", " + needs;
    }

    private boolean compareNumber(String value) {
        double number;
        try {
            number = Double.parseDouble(value.trim());
        } catch (NumberFormatException e) {
            return false;
        }
        return switch (operator) {
            case GT -> number > bound;
            case GTE -> number >= bound;
            case LT -> number < bound;
            case LTE -> number <= bound;
            default -> false;
        };
    }

    private static Set<String> values(AttributeCondition condition) {
        if (condition.values() == null || condition.values().isEmpty()) {
            throw new IllegalArgumentException("attribute " + condition.attribute() + ": " + condition.operator() + " needs values");
        }
        if (condition.operator() == Operator.EQUALS && condition.values().size() != 1) {
            throw new IllegalArgumentException("attribute " + condition.attribute() + ": EQUALS needs exactly one value, got " + condition.values());
        }
        return Set.copyOf(condition.values());
    }

    private static double bound(AttributeCondition condition) {
        Double number = condition.number();
        if (number == null || !Double.isFinite(number)) {
            throw new IllegalArgumentException("attribute " + condition.attribute() + ": " + condition.operator() + " needs a finite number, got " + number);
        }
        return number;
    }

    private static Pattern regex(AttributeCondition condition) {
        String regex = condition.pattern();
        if (regex == null || regex.isEmpty() || regex.length() > MAX_REGEX_LENGTH) {
            throw new IllegalArgumentException("attribute " + condition.attribute() + ": regex must have 1 to "
                    + MAX_REGEX_LENGTH + " characters, had " + (regex == null ? 0 : regex.length()));
        }
        try {
            return Pattern.compile(regex);
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException("attribute " + condition.attribute() + ": invalid regex " + regex + ": " + e.getDescription());
        }
    }
}
