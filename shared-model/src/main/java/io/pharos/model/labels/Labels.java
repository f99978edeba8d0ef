package io.pharos.model.labels;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * An immutable label set, sorted by name with unique names and no empty values: the identity
 * of a series. Its {@link #hash()} is stable across processes and versions (XXH64 over the
 * canonical bytes), because the collector partitions by it and storage shards are keyed by it.
 */
public final class Labels implements Comparable<Labels> {
    public static final String METRIC_NAME = "__name__";
    public static final Labels EMPTY = new Labels(new String[0]);

    /** Separates names and values in the hashed bytes; 0xff never occurs in valid UTF-8. */
    private static final byte SEPARATOR = (byte) 0xff;

    /** name0, value0, name1, value1, ... sorted by name. */
    private final String[] pairs;
    private long hash;
    private boolean hashed;

    private Labels(String[] pairs) {
        this.pairs = pairs;
    }

    /** Labels from alternating names and values, in any order; empty values are dropped. */
    public static Labels of(String... namesAndValues) {
        if (namesAndValues.length % 2 != 0) {
            throw new IllegalArgumentException("labels need name/value pairs, got an odd count");
        }
        Builder b = new Builder();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            b.set(namesAndValues[i], namesAndValues[i + 1]);
        }
        return b.build();
    }

    public static Labels fromMap(Map<String, String> map) {
        Builder b = new Builder();
        map.forEach(b::set);
        return b.build();
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        Builder b = new Builder();
        forEach(b::set);
        return b;
    }

    public int size() {
        return pairs.length / 2;
    }

    public boolean isEmpty() {
        return pairs.length == 0;
    }

    public String name(int i) {
        return pairs[2 * i];
    }

    public String value(int i) {
        return pairs[2 * i + 1];
    }

    /** The value of a label, or "" when absent (Prometheus treats the two alike). */
    public String get(String name) {
        int i = indexOf(name);
        return i < 0 ? "" : pairs[2 * i + 1];
    }

    public boolean has(String name) {
        return indexOf(name) >= 0;
    }

    public String metricName() {
        return get(METRIC_NAME);
    }

    private int indexOf(String name) {
        int lo = 0;
        int hi = size() - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            int c = pairs[2 * mid].compareTo(name);
            if (c == 0) {
                return mid;
            }
            if (c < 0) {
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        return -1;
    }

    public void forEach(BiConsumer<String, String> action) {
        for (int i = 0; i < pairs.length; i += 2) {
            action.accept(pairs[i], pairs[i + 1]);
        }
    }

    public Map<String, String> toMap() {
        Map<String, String> m = new LinkedHashMap<>();
        forEach(m::put);
        return m;
    }

    public Labels without(String... names) {
        Builder b = toBuilder();
        for (String n : names) {
            b.remove(n);
        }
        return b.build();
    }

    public Labels withoutMetricName() {
        return has(METRIC_NAME) ? without(METRIC_NAME) : this;
    }

    /** The canonical bytes: name 0xff value 0xff ... in sorted order, UTF-8. */
    public byte[] canonicalBytes() {
        ByteArrayOutputStream out = new ByteArrayOutputStream(16 * pairs.length);
        for (String s : pairs) {
            byte[] b = s.getBytes(StandardCharsets.UTF_8);
            out.write(b, 0, b.length);
            out.write(SEPARATOR);
        }
        return out.toByteArray();
    }

    /** Stable 64-bit hash of the canonical bytes. */
    public long hash() {
        if (!hashed) {
            byte[] bytes = canonicalBytes();
            hash = XxHash64.hash(bytes, 0, bytes.length);
            hashed = true;
        }
        return hash;
    }

    @Override
    public boolean equals(Object o) {
        return this == o || (o instanceof Labels other && Arrays.equals(pairs, other.pairs));
    }

    @Override
    public int hashCode() {
        return Long.hashCode(hash());
    }

    /** Prometheus's order: by name, then value, label by label; a shorter prefix sorts first. */
    @Override
    public int compareTo(Labels o) {
        int n = Math.min(pairs.length, o.pairs.length);
        for (int i = 0; i < n; i++) {
            int c = pairs[i].compareTo(o.pairs[i]);
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(pairs.length, o.pairs.length);
    }

    /** The Prometheus form: {@code name{a="b", c="d"}}, or {@code {a="b"}} without a name. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        String name = metricName();
        sb.append(name);
        sb.append('{');
        boolean first = true;
        for (int i = 0; i < pairs.length; i += 2) {
            if (pairs[i].equals(METRIC_NAME)) {
                continue;
            }
            if (!first) {
                sb.append(", ");
            }
            first = false;
            sb.append(pairs[i]).append("=\"");
            appendEscaped(sb, pairs[i + 1]);
            sb.append('"');
        }
        sb.append('}');
        return sb.toString();
    }

    private static void appendEscaped(StringBuilder sb, String v) {
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            switch (c) {
                case '\\' -> sb.append("\\\\");
                case '"' -> sb.append("\\\"");
                case '\n' -> sb.append("\\n");
                default -> sb.append(c);
            }
        }
    }

    /** Mutable, reusable builder: set and remove in any order, then {@link #build()}. */
    public static final class Builder {
        private final List<String[]> entries = new ArrayList<>();

        public Builder set(String name, String value) {
            for (int i = 0; i < entries.size(); i++) {
                if (entries.get(i)[0].equals(name)) {
                    entries.set(i, new String[] {name, value});
                    return this;
                }
            }
            entries.add(new String[] {name, value});
            return this;
        }

        public Builder remove(String name) {
            entries.removeIf(e -> e[0].equals(name));
            return this;
        }

        public String get(String name) {
            for (String[] e : entries) {
                if (e[0].equals(name)) {
                    return e[1];
                }
            }
            return "";
        }

        public Builder reset() {
            entries.clear();
            return this;
        }

        public Labels build() {
            List<String[]> kept = new ArrayList<>(entries.size());
            for (String[] e : entries) {
                if (e[1] != null && !e[1].isEmpty()) {
                    kept.add(e);
                }
            }
            kept.sort(Comparator.comparing(e -> e[0]));
            String[] pairs = new String[kept.size() * 2];
            for (int i = 0; i < kept.size(); i++) {
                pairs[2 * i] = kept.get(i)[0];
                pairs[2 * i + 1] = kept.get(i)[1];
            }
            return pairs.length == 0 ? EMPTY : new Labels(pairs);
        }
    }
}
