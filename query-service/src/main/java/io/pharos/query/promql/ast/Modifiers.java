package io.pharos.query.promql.ast;

/** Printing of the {@code @} and {@code offset} suffixes shared by selectors and subqueries. */
final class Modifiers {

    private Modifiers() {
    }

    static void appendAt(StringBuilder b, AtModifier at, Long atMillis) {
        switch (at) {
            case TIMESTAMP -> b.append(" @ ").append(seconds(atMillis));
            case START -> b.append(" @ start()");
            case END -> b.append(" @ end()");
            case NONE -> {
            }
        }
    }

    static void appendOffset(StringBuilder b, long offsetMillis, DurationExpr offsetExpr) {
        if (offsetExpr != null) {
            b.append(" offset ").append(offsetExpr);
        } else if (offsetMillis != 0) {
            b.append(" offset ").append(PromqlText.formatDuration(offsetMillis));
        }
    }

    /** Milliseconds as seconds with three decimals, as Prometheus prints {@code @} timestamps. */
    static String seconds(long millis) {
        long abs = Math.abs(millis);
        String frac = Long.toString(abs % 1000);
        return (millis < 0 ? "-" : "") + (abs / 1000) + "." + "000".substring(frac.length()) + frac;
    }

    static void checkAt(AtModifier at, Long atMillis) {
        if (at == null) {
            throw new NullPointerException("atModifier");
        }
        if ((at == AtModifier.TIMESTAMP) != (atMillis != null)) {
            throw new IllegalArgumentException("atMillis must be set exactly when atModifier is TIMESTAMP");
        }
    }
}
