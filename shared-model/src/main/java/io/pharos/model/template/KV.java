package io.pharos.model.template;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Alertmanager's {@code template.KV}: a label or annotation set. {@code .name} and
 * {@code index . "name"} read a value ("" when absent); {@code SortedPairs} lists the pairs with
 * {@code alertname} first and the rest by name; {@code Remove}, {@code Names}, {@code Values}.
 */
public final class KV implements GoObject {
    private final TreeMap<String, String> map;

    public KV(Map<String, String> m) {
        this.map = new TreeMap<>(m);
    }

    public Map<String, String> map() {
        return Collections.unmodifiableMap(map);
    }

    public String get(String key) {
        return map.getOrDefault(key, "");
    }

    public int size() {
        return map.size();
    }

    public Pairs sortedPairs() {
        List<Pairs.Pair> out = new ArrayList<>(map.size());
        String alertname = map.get("alertname");
        if (alertname != null) {
            out.add(new Pairs.Pair("alertname", alertname));
        }
        map.forEach((k, v) -> {
            if (!k.equals("alertname")) {
                out.add(new Pairs.Pair(k, v));
            }
        });
        return new Pairs(out);
    }

    public KV remove(List<String> keys) {
        Set<String> drop = new HashSet<>(keys);
        TreeMap<String, String> out = new TreeMap<>(map);
        out.keySet().removeAll(drop);
        return new KV(out);
    }

    @Override
    public Object member(String name) {
        return switch (name) {
            case "SortedPairs" -> GoObject.niladic(name, this::sortedPairs);
            case "Names" -> GoObject.niladic(name, () -> sortedPairs().names());
            case "Values" -> GoObject.niladic(name, () -> sortedPairs().values());
            case "String" -> GoObject.niladic(name, this::toString);
            case "Remove" -> (Method) args -> {
                if (args.size() != 1) {
                    throw new TemplateException("wrong number of args for Remove: want 1 got " + args.size());
                }
                return remove(Values.stringList(args.get(0), "Remove"));
            };
            default -> map.getOrDefault(name, "");
        };
    }

    @Override
    public String goType() {
        return "template.KV";
    }

    @Override
    public String toString() {
        return sortedPairs().toString();
    }
}
