package io.pharos.query.api;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Merges what the collectors answer to {@code /api/v1/targets} and {@code /api/v1/targets/metadata}
 * into one answer, and builds Prometheus's {@code /api/v1/metadata} from the targets metadata.
 * Pure functions over the decoded JSON.
 */
public final class CollectorMerge {
    private CollectorMerge() {
    }

    /**
     * {@code activeTargets} of every collector one after the other (the replicas share the targets,
     * each has its own), {@code droppedTargets} de-duplicated, {@code droppedTargetCounts} per pool
     * the largest seen (every replica reads the same configuration).
     */
    public static Map<String, Object> targets(List<Object> datas) {
        List<Object> active = new ArrayList<>();
        Set<Object> dropped = new LinkedHashSet<>();
        Map<String, Object> counts = new TreeMap<>();
        boolean anyCounts = false;
        for (Object d : datas) {
            if (!(d instanceof Map<?, ?> m)) {
                continue;
            }
            if (m.get("activeTargets") instanceof List<?> l) {
                active.addAll(l);
            }
            if (m.get("droppedTargets") instanceof List<?> l) {
                dropped.addAll(l);
            }
            if (m.get("droppedTargetCounts") instanceof Map<?, ?> c) {
                anyCounts = true;
                c.forEach((k, v) -> {
                    long n = v instanceof Number x ? x.longValue() : 0;
                    counts.merge(String.valueOf(k), n, (a, b) -> Math.max(((Number) a).longValue(), ((Number) b).longValue()));
                });
            }
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("activeTargets", active);
        out.put("droppedTargets", new ArrayList<>(dropped));
        if (anyCounts) {
            out.put("droppedTargetCounts", counts);
        }
        return out;
    }

    /** Every collector's entries, de-duplicated, at most {@code limit} of them ({@code limit < 0}: all). */
    public static List<Object> targetsMetadata(List<Object> datas, int limit) {
        Set<Object> all = new LinkedHashSet<>();
        for (Object d : datas) {
            if (d instanceof List<?> l) {
                for (Object e : l) {
                    if (limit >= 0 && all.size() >= limit) {
                        return new ArrayList<>(all);
                    }
                    all.add(e);
                }
            }
        }
        return new ArrayList<>(all);
    }

    /**
     * Prometheus's {@code /api/v1/metadata}: per metric name the distinct {@code type}/{@code help}/{@code unit}
     * triples, from the collectors' targets metadata. {@code metric} non-empty: the entries were asked for
     * that metric and carry no {@code metric} field. {@code limit} caps the metrics, {@code limitPerMetric}
     * the entries of one metric (either {@code <= 0} and {@code < 0} respectively: no cap, as Prometheus).
     */
    public static Map<String, List<Map<String, Object>>> metadata(List<Object> datas, String metric, int limit,
            int limitPerMetric) {
        Map<String, Set<Map<String, Object>>> metrics = new TreeMap<>();
        for (Object d : datas) {
            if (!(d instanceof List<?> l)) {
                continue;
            }
            for (Object e : l) {
                if (!(e instanceof Map<?, ?> m)) {
                    continue;
                }
                String name = metric != null && !metric.isEmpty() ? metric : str(m.get("metric"));
                if (name.isEmpty()) {
                    continue;
                }
                Set<Map<String, Object>> set = metrics.computeIfAbsent(name, k -> new LinkedHashSet<>());
                if (limitPerMetric > 0 && set.size() >= limitPerMetric) {
                    continue;
                }
                Map<String, Object> md = new LinkedHashMap<>();
                md.put("type", str(m.get("type")));
                md.put("help", str(m.get("help")));
                md.put("unit", str(m.get("unit")));
                set.add(md);
            }
        }
        Map<String, List<Map<String, Object>>> out = new LinkedHashMap<>();
        for (Map.Entry<String, Set<Map<String, Object>>> e : metrics.entrySet()) {
            if (limit >= 0 && out.size() >= limit) {
                break;
            }
            out.put(e.getKey(), new ArrayList<>(e.getValue()));
        }
        return out;
    }

    private static String str(Object o) {
        return o == null ? "" : o.toString();
    }
}
