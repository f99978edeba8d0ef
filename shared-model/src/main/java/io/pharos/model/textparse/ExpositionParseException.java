package io.pharos.model.textparse;

/** A scrape body that cannot be read; the message names the line and what is wrong there. */
public final class ExpositionParseException extends RuntimeException {
    private final int line;

    public ExpositionParseException(int line, String message) {
        super("line " + line + ": " + message);
        this.line = line;
    }

    public int line() {
        return line;
    }
}
