package io.pharos.model.textparse;

/**
 * Float parsing with the spellings Go's {@code strconv.ParseFloat} accepts, which is what
 * Prometheus uses for sample values: NaN, Inf, +Inf, -Inf in any case, and decimal forms.
 */
public final class GoFloat {
    private GoFloat() {
    }

    /** The value, or NaN when the text is no float (check {@link #isNaNToken} to tell them apart). */
    public static double parse(String s) {
        if (s.isEmpty()) {
            return Double.NaN;
        }
        String lower = s.toLowerCase(java.util.Locale.ROOT);
        switch (lower) {
            case "nan":
                return Double.NaN;
            case "inf", "+inf", "infinity", "+infinity":
                return Double.POSITIVE_INFINITY;
            case "-inf", "-infinity":
                return Double.NEGATIVE_INFINITY;
            default:
                break;
        }
        // Java accepts trailing 'd'/'f' and hex without exponent differently than Go: reject them.
        char last = lower.charAt(lower.length() - 1);
        if (last == 'd' || last == 'f' || lower.contains("x") || lower.contains("_")) {
            return Double.NaN;
        }
        try {
            return Double.parseDouble(s);
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }

    public static boolean isNaNToken(String s) {
        return s.equalsIgnoreCase("nan");
    }
}
