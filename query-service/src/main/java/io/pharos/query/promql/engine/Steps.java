package io.pharos.query.promql.engine;

import java.util.List;

/**
 * An expression's value at every step of an evaluation: a number per step, a string, or the
 * series of an instant vector (series-major, one {@link StepSeries} per label set).
 */
sealed interface Steps {
    record ScalarSteps(double[] values) implements Steps {
    }

    record VectorSteps(List<StepSeries> series) implements Steps {
    }

    record StringSteps(String value) implements Steps {
    }
}
