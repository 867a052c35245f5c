package io.momentum.experiment;

import java.util.List;

/** The primary goal decides the winner; secondary goals are reported; guardrails can veto. */
public record Goals(Goal primary, List<Goal> secondary, List<Guardrail> guardrails) {
}
