package io.pharos.query.promql.value;

/** The result of evaluating a PromQL expression. */
public sealed interface Value permits Scalar, StringValue, Vector, Matrix {
    /** The name Prometheus's API gives the type: scalar, string, vector or matrix. */
    String typeName();
}
