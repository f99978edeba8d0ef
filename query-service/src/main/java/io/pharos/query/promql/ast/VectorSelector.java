package io.pharos.query.promql.ast;

import io.pharos.model.labels.Labels;
import io.pharos.model.labels.Matcher;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * An instant vector selector: {@code name{matchers} @ t offset d}.
 *
 * @param name          the metric name written before the braces, or null ({@code {__name__="x"}}
 *                      and {@code {"x"}} leave it null and carry a matcher instead)
 * @param matchers      all matchers, including the {@code __name__} equality matcher when a name is given
 * @param offsetMillis  the offset (negative allowed); 0 when none or when {@code offsetExpr} holds it
 * @param atMillis      the {@code @} time in Unix milliseconds, set exactly when {@code atModifier} is TIMESTAMP
 * @param atModifier    the {@code @} modifier
 * @param offsetExpr    an experimental duration expression for the offset ({@code offset step()}), or null
 * @param extendedRange {@code anchored} or {@code smoothed} (experimental), or NONE
 * @param position      where the selector and its modifiers sit in the query
 */
public record VectorSelector(
        String name,
        List<Matcher> matchers,
        long offsetMillis,
        Long atMillis,
        AtModifier atModifier,
        DurationExpr offsetExpr,
        ExtendedRange extendedRange,
        PositionRange position) implements Expr {

    public VectorSelector {
        matchers = List.copyOf(matchers);
        Modifiers.checkAt(atModifier, atMillis);
        if (extendedRange == null || position == null) {
            throw new NullPointerException("extendedRange and position must be set");
        }
    }

    public VectorSelector(String name, List<Matcher> matchers, long offsetMillis, Long atMillis, AtModifier atModifier) {
        this(name, matchers, offsetMillis, atMillis, atModifier, null, ExtendedRange.NONE, PositionRange.NONE);
    }

    /** A selector of a metric name plus matchers, without modifiers; the name matcher is added. */
    public static VectorSelector of(String name, Matcher... matchers) {
        List<Matcher> all = new ArrayList<>(List.of(matchers));
        if (name != null) {
            all.add(Matcher.equal(Labels.METRIC_NAME, name));
        }
        return new VectorSelector(name, all, 0, null, AtModifier.NONE);
    }

    public VectorSelector withAt(AtModifier at, Long atMillis) {
        return new VectorSelector(name, matchers, offsetMillis, atMillis, at, offsetExpr, extendedRange, position);
    }

    public VectorSelector withOffset(long offsetMillis, DurationExpr offsetExpr) {
        return new VectorSelector(name, matchers, offsetMillis, atMillis, atModifier, offsetExpr, extendedRange, position);
    }

    public VectorSelector withExtendedRange(ExtendedRange extendedRange) {
        return new VectorSelector(name, matchers, offsetMillis, atMillis, atModifier, offsetExpr, extendedRange, position);
    }

    public VectorSelector withPosition(PositionRange position) {
        return new VectorSelector(name, matchers, offsetMillis, atMillis, atModifier, offsetExpr, extendedRange, position);
    }

    /** Whether an offset was written ({@code offset 0} counts as none, as in Prometheus). */
    public boolean hasOffset() {
        return offsetMillis != 0 || offsetExpr != null;
    }

    @Override
    public ValueType type() {
        return ValueType.VECTOR;
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder();
        appendSelector(b);
        Modifiers.appendAt(b, atModifier, atMillis);
        if (extendedRange != ExtendedRange.NONE) {
            b.append(' ').append(extendedRange.keyword());
        }
        Modifiers.appendOffset(b, offsetMillis, offsetExpr);
        return b.toString();
    }

    /** The name and the sorted matchers, without modifiers. */
    void appendSelector(StringBuilder b) {
        List<String> parts = new ArrayList<>(matchers.size());
        for (Matcher m : matchers) {
            boolean isNameMatcher = m.name().equals(Labels.METRIC_NAME) && m.type() == Matcher.Type.EQ
                    && !m.value().isEmpty() && m.value().equals(name);
            if (!isNameMatcher) {
                parts.add(PromqlText.matcher(m));
            }
        }
        if (name != null) {
            b.append(name);
        }
        if (!parts.isEmpty()) {
            Collections.sort(parts);
            b.append('{').append(String.join(",", parts)).append('}');
        }
    }
}
