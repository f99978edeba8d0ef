package io.pharos.query.rules;

/** A rule evaluation whose result cannot be used. */
public final class RuleEvaluationException extends RuntimeException {
    public RuleEvaluationException(String message) {
        super(message);
    }
}
