package io.pharos.model.config;

import java.util.Locale;

/** The {@code action} of a relabel rule, spelled as in {@code prometheus.yml}. */
public enum RelabelAction {
    REPLACE, KEEP, DROP, KEEPEQUAL, DROPEQUAL, HASHMOD, LABELMAP, LABELDROP, LABELKEEP, LOWERCASE, UPPERCASE;

    public String token() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The action for a YAML token, or null when the token names none. */
    public static RelabelAction fromToken(String token) {
        for (RelabelAction a : values()) {
            if (a.token().equals(token)) {
                return a;
            }
        }
        return null;
    }
}
