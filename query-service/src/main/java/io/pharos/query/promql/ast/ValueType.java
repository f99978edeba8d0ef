package io.pharos.query.promql.ast;

/** The type a PromQL expression evaluates to. */
public enum ValueType {
    SCALAR("scalar", "scalar"),
    VECTOR("vector", "instant vector"),
    MATRIX("matrix", "range vector"),
    STRING("string", "string");

    private final String promName;
    private final String documentedName;

    ValueType(String promName, String documentedName) {
        this.promName = promName;
        this.documentedName = documentedName;
    }

    /** The name used in the HTTP API's {@code resultType} ("vector", "matrix", ...). */
    public String promName() {
        return promName;
    }

    /** The name the PromQL documentation and error messages use ("instant vector", "range vector", ...). */
    public String documentedName() {
        return documentedName;
    }
}
