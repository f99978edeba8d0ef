package io.pharos.query.rules.unittest;

/** A template that cannot be parsed or run, worded as Go's text/template words it where possible. */
public final class TemplateException extends Exception {
    public TemplateException(String message) {
        super(message);
    }
}
