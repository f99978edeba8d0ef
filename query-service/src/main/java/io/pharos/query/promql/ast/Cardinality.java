package io.pharos.query.promql.ast;

/** How series of the two sides of a binary operation between vectors are matched. */
public enum Cardinality {
    ONE_TO_ONE("one-to-one"),
    MANY_TO_ONE("many-to-one"),
    ONE_TO_MANY("one-to-many"),
    MANY_TO_MANY("many-to-many");

    private final String text;

    Cardinality(String text) {
        this.text = text;
    }

    @Override
    public String toString() {
        return text;
    }
}
