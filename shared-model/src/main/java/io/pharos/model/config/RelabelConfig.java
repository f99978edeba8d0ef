package io.pharos.model.config;

import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One {@code relabel_configs} / {@code metric_relabel_configs} rule with Prometheus's defaults
 * (separator {@code ;}, regex {@code (.*)}, replacement {@code $1}, action replace). The regex
 * is fully anchored and {@code .} matches newlines, as Prometheus compiles it
 * ({@code ^(?s:regex)$}); {@link #of} applies Prometheus's validation.
 */
public record RelabelConfig(
        List<String> sourceLabels,
        String separator,
        String regex,
        long modulus,
        String targetLabel,
        String replacement,
        RelabelAction action,
        AnchoredRegex compiled) {

    public static final String DEFAULT_SEPARATOR = ";";
    public static final String DEFAULT_REGEX = "(.*)";
    public static final String DEFAULT_REPLACEMENT = "$1";

    private static final Pattern LEGACY_NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");
    /** A target label that may hold {@code $1} / {@code ${name}} references. */
    private static final Pattern LEGACY_TEMPLATE = Pattern.compile("(?:(?:[a-zA-Z_]|\\$(?:\\{\\w+\\}|\\w+))+\\w*)+");

    public RelabelConfig {
        sourceLabels = List.copyOf(sourceLabels);
    }

    /** A rule with every field given, validated; throws IllegalArgumentException with Prometheus's message. */
    public static RelabelConfig of(List<String> sourceLabels, String separator, String regex, long modulus,
            String targetLabel, String replacement, RelabelAction action) {
        AnchoredRegex p = AnchoredRegex.compile(regex);
        RelabelConfig c = new RelabelConfig(sourceLabels, separator, regex, modulus, targetLabel, replacement, action, p);
        c.validate();
        return c;
    }

    private void validate() {
        String a = action.token();
        if (modulus == 0 && action == RelabelAction.HASHMOD) {
            throw new IllegalArgumentException("relabel configuration for hashmod requires non-zero modulus");
        }
        boolean needsTarget = switch (action) {
            case REPLACE, HASHMOD, LOWERCASE, UPPERCASE, KEEPEQUAL, DROPEQUAL -> true;
            default -> false;
        };
        if (needsTarget && targetLabel.isEmpty()) {
            throw new IllegalArgumentException("relabel configuration for " + a + " action requires 'target_label' value");
        }
        if (action == RelabelAction.REPLACE) {
            boolean template = targetLabel.contains("$");
            if (!(template ? LEGACY_TEMPLATE : LEGACY_NAME).matcher(targetLabel).matches()) {
                throw new IllegalArgumentException(quote(targetLabel) + " is invalid 'target_label' for " + a + " action");
            }
        }
        boolean plainTarget = switch (action) {
            case LOWERCASE, UPPERCASE, KEEPEQUAL, DROPEQUAL, HASHMOD -> true;
            default -> false;
        };
        if (plainTarget && !LEGACY_NAME.matcher(targetLabel).matches()) {
            throw new IllegalArgumentException(quote(targetLabel) + " is invalid 'target_label' for " + a + " action");
        }
        boolean noReplacement = switch (action) {
            case LOWERCASE, UPPERCASE, KEEPEQUAL, DROPEQUAL -> true;
            default -> false;
        };
        if (noReplacement && !replacement.equals(DEFAULT_REPLACEMENT)) {
            throw new IllegalArgumentException("'replacement' can not be set for " + a + " action");
        }
        if (action == RelabelAction.LABELMAP && !LEGACY_TEMPLATE.matcher(replacement).matches()) {
            throw new IllegalArgumentException(quote(replacement) + " is invalid 'replacement' for " + a + " action");
        }
        if ((action == RelabelAction.DROPEQUAL || action == RelabelAction.KEEPEQUAL)
                && (!regex.equals(DEFAULT_REGEX) || modulus != 0 || !separator.equals(DEFAULT_SEPARATOR)
                        || !replacement.equals(DEFAULT_REPLACEMENT))) {
            throw new IllegalArgumentException(a + " action requires only 'source_labels' and `target_label`, and no other fields");
        }
        if ((action == RelabelAction.LABELDROP || action == RelabelAction.LABELKEEP)
                && (!sourceLabels.isEmpty() || !targetLabel.isEmpty() || modulus != 0
                        || !separator.equals(DEFAULT_SEPARATOR) || !replacement.equals(DEFAULT_REPLACEMENT))) {
            throw new IllegalArgumentException(a + " action requires only 'regex', and no other fields");
        }
    }

    private static String quote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    /** Equality by the configured fields (a compiled Pattern has no value equality). */
    @Override
    public boolean equals(Object o) {
        return o instanceof RelabelConfig r && sourceLabels.equals(r.sourceLabels) && separator.equals(r.separator)
                && regex.equals(r.regex) && modulus == r.modulus && targetLabel.equals(r.targetLabel)
                && replacement.equals(r.replacement) && action == r.action;
    }

    @Override
    public int hashCode() {
        return Objects.hash(sourceLabels, separator, regex, modulus, targetLabel, replacement, action);
    }
}
