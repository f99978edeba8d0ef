package io.pharos.standalone.compat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Compares two Prometheus API answers as Prometheus's users see them: same status and result
 * type, the same series (by label set, in any order), the same timestamps, and values equal
 * within 1e-9 relative (NaN equal to NaN).
 */
final class ResultComparison {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final double TOLERANCE = 1e-9;

    private ResultComparison() {
    }

    /** The differences, empty when the answers agree. */
    static List<String> differences(String expectedBody, String actualBody) {
        JsonNode expected = JSON.readTree(expectedBody);
        JsonNode actual = JSON.readTree(actualBody);
        List<String> out = new ArrayList<>();
        if (!expected.get("status").asString().equals(actual.get("status").asString())) {
            out.add("status " + actual.get("status") + ", Prometheus " + expected.get("status") + ": " + actualBody);
            return out;
        }
        if (expected.get("status").asString().equals("error")) {
            if (!expected.get("errorType").asString().equals(actual.get("errorType").asString())) {
                out.add("errorType " + actual.get("errorType") + ", Prometheus " + expected.get("errorType"));
            }
            return out;
        }
        String type = expected.get("data").get("resultType").asString();
        if (!type.equals(actual.get("data").get("resultType").asString())) {
            out.add("resultType " + actual.get("data").get("resultType") + ", Prometheus " + type);
            return out;
        }
        JsonNode e = expected.get("data").get("result");
        JsonNode a = actual.get("data").get("result");
        if (type.equals("scalar") || type.equals("string")) {
            comparePoint(e, a, "", out);
            return out;
        }
        Map<String, JsonNode> eBy = bySeries(e);
        Map<String, JsonNode> aBy = bySeries(a);
        for (String k : eBy.keySet()) {
            if (!aBy.containsKey(k)) {
                out.add("missing series " + k);
            }
        }
        for (String k : aBy.keySet()) {
            if (!eBy.containsKey(k)) {
                out.add("extra series " + k);
            }
        }
        for (Map.Entry<String, JsonNode> en : eBy.entrySet()) {
            JsonNode other = aBy.get(en.getKey());
            if (other == null) {
                continue;
            }
            if (type.equals("vector")) {
                comparePoint(en.getValue().get("value"), other.get("value"), en.getKey(), out);
            } else {
                JsonNode ev = en.getValue().get("values");
                JsonNode av = other.get("values");
                if (ev.size() != av.size()) {
                    out.add(en.getKey() + ": " + av.size() + " points, Prometheus " + ev.size());
                    continue;
                }
                for (int i = 0; i < ev.size() && out.size() < 20; i++) {
                    comparePoint(ev.get(i), av.get(i), en.getKey(), out);
                }
            }
        }
        return out;
    }

    private static Map<String, JsonNode> bySeries(JsonNode result) {
        Map<String, JsonNode> out = new HashMap<>();
        for (JsonNode s : result) {
            Map<String, String> labels = new TreeMap<>();
            Iterator<Map.Entry<String, JsonNode>> it = s.get("metric").properties().iterator();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> f = it.next();
                labels.put(f.getKey(), f.getValue().asString());
            }
            out.put(labels.toString(), s);
        }
        return out;
    }

    private static void comparePoint(JsonNode e, JsonNode a, String series, List<String> out) {
        double et = e.get(0).asDouble();
        double at = a.get(0).asDouble();
        if (Math.abs(et - at) > 1e-6) {
            out.add(series + ": timestamp " + at + ", Prometheus " + et);
            return;
        }
        String ev = e.get(1).asString();
        String av = a.get(1).asString();
        if (ev.equals(av)) {
            return;
        }
        double x = parse(ev);
        double y = parse(av);
        if (Double.isNaN(x) && Double.isNaN(y)) {
            return;
        }
        if (Math.abs(x - y) <= TOLERANCE * Math.max(Math.abs(x), Math.abs(y))) {
            return;
        }
        out.add(series + " at " + et + ": " + av + ", Prometheus " + ev);
    }

    private static double parse(String s) {
        return switch (s) {
            case "NaN" -> Double.NaN;
            case "+Inf" -> Double.POSITIVE_INFINITY;
            case "-Inf" -> Double.NEGATIVE_INFINITY;
            default -> Double.parseDouble(s);
        };
    }
}
