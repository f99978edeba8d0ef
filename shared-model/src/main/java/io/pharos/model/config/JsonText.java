package io.pharos.model.config;

/** Small helpers for JSON read through the YAML loader (JSON is YAML, except for tabs as blanks). */
final class JsonText {
    private JsonText() {
    }

    /** Replaces tab characters outside double-quoted strings by spaces, keeping line numbers. */
    static String tabsToSpaces(String text) {
        if (text.indexOf('\t') < 0) {
            return text;
        }
        StringBuilder sb = new StringBuilder(text.length());
        boolean inString = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (inString) {
                if (c == '\\' && i + 1 < text.length()) {
                    sb.append(c).append(text.charAt(++i));
                    continue;
                }
                if (c == '"') {
                    inString = false;
                }
                sb.append(c);
            } else {
                if (c == '"') {
                    inString = true;
                }
                sb.append(c == '\t' ? ' ' : c);
            }
        }
        return sb.toString();
    }
}
