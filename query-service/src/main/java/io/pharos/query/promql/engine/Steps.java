package io.pharos.query.promql.engine;

import io.pharos.query.promql.value.Sample;
import java.util.List;

/**
 * An expression's value at every step of an evaluation, step-major as Prometheus evaluates:
 * a number per step, a vector per step, or a string.
 */
sealed interface Steps {
    record ScalarSteps(double[] values) implements Steps {
    }

    record VectorSteps(List<List<Sample>> steps) implements Steps {
    }

    record StringSteps(String value) implements Steps {
    }
}
