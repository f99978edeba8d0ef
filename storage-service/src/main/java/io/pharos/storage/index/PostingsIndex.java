package io.pharos.storage.index;

import io.pharos.model.labels.Labels;
import io.pharos.model.labels.Matcher;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.roaringbitmap.RoaringBitmap;

/**
 * The inverted index of one shard: for every label pair, the bitmap of series ids that carry
 * it. Values of a name are kept sorted, so that label-values answers and regexes with a literal
 * prefix are range scans. Matching follows Prometheus's rules and fast paths: a plain equality
 * is one lookup, an alternation of literals a few, {@code .*} restricts nothing, {@code .+}
 * and {@code !=""} mean "has the label", and a matcher that matches the empty string is
 * applied by subtraction so that it also selects series without the label.
 *
 * <p>Pairs changed since the last {@link #drainDirty()} are tracked so that only they are
 * persisted at a checkpoint. Not thread-safe; the shard serializes access.
 */
public final class PostingsIndex {
    private static final Pattern LITERAL = Pattern.compile("[\\p{Alnum}_:\\-/ ,=@]*");

    private final Map<String, NavigableMap<String, RoaringBitmap>> postings = new TreeMap<>();
    private final RoaringBitmap all = new RoaringBitmap();
    private final Set<LabelPair> dirty = new HashSet<>();

    /** A label name and value, the key of one postings list. */
    public record LabelPair(String name, String value) {
    }

    public void add(int id, Labels labels) {
        for (int i = 0; i < labels.size(); i++) {
            postings.computeIfAbsent(labels.name(i), k -> new TreeMap<>())
                    .computeIfAbsent(labels.value(i), k -> new RoaringBitmap())
                    .add(id);
            dirty.add(new LabelPair(labels.name(i), labels.value(i)));
        }
        all.add(id);
    }

    public void remove(int id, Labels labels) {
        for (int i = 0; i < labels.size(); i++) {
            NavigableMap<String, RoaringBitmap> values = postings.get(labels.name(i));
            if (values == null) {
                continue;
            }
            RoaringBitmap b = values.get(labels.value(i));
            if (b != null) {
                b.remove(id);
                if (b.isEmpty()) {
                    values.remove(labels.value(i));
                    if (values.isEmpty()) {
                        postings.remove(labels.name(i));
                    }
                }
                dirty.add(new LabelPair(labels.name(i), labels.value(i)));
            }
        }
        all.remove(id);
    }

    /** Restores one persisted postings list (on open, before any add). */
    public void load(String name, String value, RoaringBitmap ids) {
        postings.computeIfAbsent(name, k -> new TreeMap<>()).put(value, ids);
        all.or(ids);
    }

    /** The postings list of a pair, or null when the pair has no series (for persisting). */
    public RoaringBitmap get(String name, String value) {
        NavigableMap<String, RoaringBitmap> values = postings.get(name);
        return values == null ? null : values.get(value);
    }

    /** The pairs changed since the last call. */
    public Set<LabelPair> drainDirty() {
        Set<LabelPair> out = new HashSet<>(dirty);
        dirty.clear();
        return out;
    }

    public int seriesCount() {
        return all.getCardinality();
    }

    public RoaringBitmap all() {
        return all.clone();
    }

    /** Ids of the series that every matcher selects. */
    public RoaringBitmap select(List<Matcher> matchers) {
        RoaringBitmap result = null;
        List<Matcher> subtractive = new ArrayList<>();
        for (Matcher m : matchers) {
            if (m.matchesEmpty()) {
                subtractive.add(m);
                continue;
            }
            RoaringBitmap p = matching(m);
            if (result == null) {
                result = p;
            } else {
                result.and(p);
            }
            if (result.isEmpty()) {
                return result;
            }
        }
        if (result == null) {
            result = all.clone();
        }
        for (Matcher m : subtractive) {
            if (m.type() == Matcher.Type.RE && m.value().equals(".*")) {
                continue; // matches everything, present or not
            }
            // The series it rejects are those with a value it does not match.
            result.andNot(rejected(m));
        }
        return result;
    }

    /** Series with a value the (non-empty-matching) matcher accepts. */
    private RoaringBitmap matching(Matcher m) {
        NavigableMap<String, RoaringBitmap> values = postings.get(m.name());
        if (values == null) {
            return new RoaringBitmap();
        }
        if (m.type() == Matcher.Type.EQ) {
            RoaringBitmap b = values.get(m.value());
            return b == null ? new RoaringBitmap() : b.clone();
        }
        if (m.type() == Matcher.Type.RE) {
            String re = m.value();
            if (re.equals(".+")) {
                return RoaringBitmap.or(values.values().iterator());
            }
            if (isLiteralAlternation(re)) {
                RoaringBitmap out = new RoaringBitmap();
                for (String v : re.split("\\|", -1)) {
                    RoaringBitmap b = values.get(v);
                    if (b != null) {
                        out.or(b);
                    }
                }
                return out;
            }
            String prefix = literalPrefix(re);
            if (!prefix.isEmpty()) {
                return union(values.subMap(prefix, true, prefix + Character.MAX_VALUE, false), m, true);
            }
        }
        if (m.type() == Matcher.Type.NEQ && m.value().isEmpty()) {
            return RoaringBitmap.or(values.values().iterator());
        }
        return union(values, m, true);
    }

    /** Series with a value the (empty-matching) matcher rejects. */
    private RoaringBitmap rejected(Matcher m) {
        NavigableMap<String, RoaringBitmap> values = postings.get(m.name());
        if (values == null) {
            return new RoaringBitmap();
        }
        if (m.type() == Matcher.Type.NEQ) {
            RoaringBitmap b = values.get(m.value());
            return b == null ? new RoaringBitmap() : b.clone();
        }
        if (m.type() == Matcher.Type.EQ && m.value().isEmpty()) {
            return RoaringBitmap.or(values.values().iterator());
        }
        return union(values, m, false);
    }

    private static RoaringBitmap union(Map<String, RoaringBitmap> values, Matcher m, boolean accepted) {
        List<RoaringBitmap> parts = new ArrayList<>();
        values.forEach((v, bitmap) -> {
            if (m.matches(v) == accepted) {
                parts.add(bitmap);
            }
        });
        return RoaringBitmap.or(parts.iterator());
    }

    static boolean isLiteralAlternation(String re) {
        return LITERAL.matcher(re.replace("|", "")).matches();
    }

    /** The literal text a regex must start with, when it is {@code literal} followed by {@code .*} or {@code .+}. */
    static String literalPrefix(String re) {
        for (String suffix : new String[] {".*", ".+"}) {
            if (re.endsWith(suffix)) {
                String head = re.substring(0, re.length() - 2);
                if (!head.isEmpty() && LITERAL.matcher(head).matches()) {
                    return head;
                }
            }
        }
        return "";
    }

    /** Label names, sorted, of the given series. */
    public List<String> labelNames(RoaringBitmap ids) {
        List<String> out = new ArrayList<>();
        postings.forEach((name, values) -> {
            for (RoaringBitmap b : values.values()) {
                if (RoaringBitmap.intersects(b, ids)) {
                    out.add(name);
                    break;
                }
            }
        });
        return out;
    }

    /** Values, sorted, of a label among the given series. */
    public List<String> labelValues(String name, RoaringBitmap ids) {
        List<String> out = new ArrayList<>();
        NavigableMap<String, RoaringBitmap> values = postings.get(name);
        if (values != null) {
            values.forEach((v, b) -> {
                if (RoaringBitmap.intersects(b, ids)) {
                    out.add(v);
                }
            });
        }
        return out;
    }

    /** Series count per value of a label, for TSDB stats. */
    public Map<String, Integer> cardinalities(String name) {
        Map<String, Integer> out = new TreeMap<>();
        NavigableMap<String, RoaringBitmap> values = postings.get(name);
        if (values != null) {
            values.forEach((v, b) -> out.put(v, b.getCardinality()));
        }
        return out;
    }

    /** Series count per label name, and per pair, for TSDB stats. */
    public void forEachPair(PairVisitor visitor) {
        postings.forEach((name, values) -> values.forEach((v, b) -> visitor.visit(name, v, b.getCardinality())));
    }

    /** Receives a label pair and how many series carry it. */
    public interface PairVisitor {
        void visit(String name, String value, int series);
    }
}
