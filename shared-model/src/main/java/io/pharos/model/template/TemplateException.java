package io.pharos.model.template;

/** A template that does not parse, or that fails while executing; the message reads as Go's. */
public class TemplateException extends Exception {
    public TemplateException(String message) {
        super(message);
    }

    public TemplateException(String message, Throwable cause) {
        super(message, cause);
    }
}
