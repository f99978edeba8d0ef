package io.pharos.query.promql.conformance;

import io.pharos.model.labels.Labels;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/** A parsed PromQL test script: its commands in file order. */
record Script(String file, List<Command> commands) {

    sealed interface Command permits Load, Clear, Eval {
        int line();
    }

    /** One series of a load block: labels and one slot per interval ({@code null} for an empty slot). */
    record LoadedSeries(Labels labels, Double[] slots) {
    }

    /** {@code load <interval>}: series whose first sample is at t = 0. */
    record Load(int line, long intervalMillis, boolean withNhcb, List<LoadedSeries> series) implements Command {
    }

    record Clear(int line) implements Command {
    }

    enum ExpectType { FAIL, WARN, NO_WARN, INFO, NO_INFO, ORDERED }

    /** An {@code expect} line: a type, and a message (exact) or a regex (unanchored) for fail/warn/info. */
    record Expect(ExpectType type, String message, Pattern regex) {
        boolean matches(String text) {
            if (regex != null) {
                return regex.matcher(text).find();
            }
            return message == null || message.equals(text);
        }

        @Override
        public String toString() {
            return type + (regex != null ? " regex: " + regex.pattern() : message != null ? " msg: " + message : "");
        }
    }

    /** An expected series: its labels, its line position among the expected series, its values. */
    record ExpectedSeries(Labels labels, int position, Double[] values) {
    }

    /** An {@code eval} command with everything its block expects. */
    static final class Eval implements Command {
        final String file;
        final int line;
        final String expr;
        final boolean range;
        /** Instant: the evaluation time; range: the start. */
        long start;
        long end;
        long step;
        long evalTime;
        boolean fail;
        boolean warn;
        boolean info;
        boolean ordered;
        final Map<ExpectType, List<Expect>> expects = new EnumMap<>(ExpectType.class);
        Double expectedScalar;
        final List<ExpectedSeries> expected = new ArrayList<>();
        String expectedString;
        boolean excludeFromRangeQuery;
        boolean usesHistogramNotation;

        Eval(String file, int line, String expr, boolean range) {
            this.file = file;
            this.line = line;
            this.expr = expr;
            this.range = range;
        }

        @Override
        public int line() {
            return line;
        }

        boolean isFail() {
            return fail || expects.containsKey(ExpectType.FAIL);
        }

        boolean isOrdered() {
            return ordered || expects.containsKey(ExpectType.ORDERED);
        }

        List<Expect> expects(ExpectType t) {
            return expects.getOrDefault(t, List.of());
        }
    }
}
