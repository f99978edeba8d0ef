package io.pharos.query.promql.ast;

import java.util.List;

/**
 * How the two sides of a binary operation between instant vectors are matched.
 *
 * @param card           the cardinality; set operators are always many-to-many
 * @param matchingLabels the labels of {@code on(...)} or {@code ignoring(...)}; empty when neither was written
 * @param on             true for {@code on}, false for {@code ignoring} (or no clause)
 * @param include        the labels of {@code group_left(...)} / {@code group_right(...)}
 * @param fillLhs        experimental {@code fill}/{@code fill_left} value for a missing left series, or null
 * @param fillRhs        experimental {@code fill}/{@code fill_right} value for a missing right series, or null
 */
public record VectorMatching(
        Cardinality card,
        List<String> matchingLabels,
        boolean on,
        List<String> include,
        Double fillLhs,
        Double fillRhs) {

    public VectorMatching {
        if (card == null) {
            throw new NullPointerException("card");
        }
        matchingLabels = matchingLabels == null ? List.of() : List.copyOf(matchingLabels);
        include = include == null ? List.of() : List.copyOf(include);
    }

    public VectorMatching(Cardinality card, List<String> matchingLabels, boolean on, List<String> include) {
        this(card, matchingLabels, on, include, null, null);
    }

    /** The default: one-to-one on all labels. */
    public static VectorMatching oneToOne() {
        return new VectorMatching(Cardinality.ONE_TO_ONE, List.of(), false, List.of());
    }

    public VectorMatching withCard(Cardinality card) {
        return new VectorMatching(card, matchingLabels, on, include, fillLhs, fillRhs);
    }

    /** Whether a {@code fill}, {@code fill_left} or {@code fill_right} modifier was given. */
    public boolean hasFill() {
        return fillLhs != null || fillRhs != null;
    }

    /** The modifiers as printed between the operator and the right operand, with a leading space. */
    String modifierText() {
        StringBuilder b = new StringBuilder();
        boolean grouping = card == Cardinality.MANY_TO_ONE || card == Cardinality.ONE_TO_MANY;
        if (!matchingLabels.isEmpty() || on || grouping) {
            b.append(on ? " on (" : " ignoring (");
            appendLabels(b, matchingLabels);
            b.append(')');
        }
        if (grouping) {
            b.append(card == Cardinality.MANY_TO_ONE ? " group_left (" : " group_right (");
            appendLabels(b, include);
            b.append(')');
        }
        if (hasFill()) {
            if (fillLhs != null && fillRhs != null && fillLhs.doubleValue() == fillRhs.doubleValue()) {
                b.append(" fill (").append(PromqlText.formatFloatG(fillLhs)).append(')');
            } else {
                if (fillLhs != null) {
                    b.append(" fill_left (").append(PromqlText.formatFloatG(fillLhs)).append(')');
                }
                if (fillRhs != null) {
                    b.append(" fill_right (").append(PromqlText.formatFloatG(fillRhs)).append(')');
                }
            }
        }
        return b.toString();
    }

    static void appendLabels(StringBuilder b, List<String> labels) {
        for (int i = 0; i < labels.size(); i++) {
            if (i > 0) {
                b.append(", ");
            }
            b.append(PromqlText.labelName(labels.get(i)));
        }
    }
}
