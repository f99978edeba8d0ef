package io.pharos.query.promql.ast;

import java.nio.charset.StandardCharsets;

/**
 * Where a node or an error sits in the query text: {@code [start, end)} as char indexes into the
 * query string. {@link #NONE} marks nodes built by code rather than parsed.
 */
public record PositionRange(int start, int end) {

    public static final PositionRange NONE = new PositionRange(-1, -1);

    public PositionRange merge(PositionRange other) {
        if (this.start < 0) {
            return other;
        }
        if (other.start < 0) {
            return this;
        }
        return new PositionRange(Math.min(start, other.start), Math.max(end, other.end));
    }

    /**
     * The start as Prometheus prints it, {@code line:column}, both 1-based. As in Prometheus the
     * column counts UTF-8 bytes from the last line break, so messages match its wording exactly.
     */
    public String lineColumn(String query) {
        if (query == null || query.isEmpty()) {
            return "unknown position";
        }
        if (start < 0 || start > query.length()) {
            return "invalid position";
        }
        int line = 1;
        int lineStart = 0;
        for (int i = 0; i < start; i++) {
            if (query.charAt(i) == '\n') {
                line++;
                lineStart = i + 1;
            }
        }
        int column = query.substring(lineStart, start).getBytes(StandardCharsets.UTF_8).length + 1;
        return line + ":" + column;
    }
}
