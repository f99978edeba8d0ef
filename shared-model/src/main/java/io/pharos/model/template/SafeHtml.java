package io.pharos.model.template;

/** Text marked safe for HTML ({@code safeHtml}): HTML templates print it without escaping. */
public record SafeHtml(String text) {
    @Override
    public String toString() {
        return text;
    }
}
