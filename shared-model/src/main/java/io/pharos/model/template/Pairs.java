package io.pharos.model.template;

import java.util.AbstractList;
import java.util.ArrayList;
import java.util.List;

/** Alertmanager's {@code template.Pairs}: name/value pairs in order, with {@code Names} and {@code Values}. */
public final class Pairs extends AbstractList<Pairs.Pair> implements GoObject {
    private final List<Pair> pairs;

    /** One label or annotation: {@code .Name}, {@code .Value}. */
    public record Pair(String name, String value) implements GoObject {
        @Override
        public Object member(String field) {
            return switch (field) {
                case "Name" -> name;
                case "Value" -> value;
                default -> NONE;
            };
        }

        @Override
        public String goType() {
            return "template.Pair";
        }

        @Override
        public String toString() {
            return "{" + name + " " + value + "}";
        }
    }

    public Pairs(List<Pair> pairs) {
        this.pairs = List.copyOf(pairs);
    }

    @Override
    public Pair get(int index) {
        return pairs.get(index);
    }

    @Override
    public int size() {
        return pairs.size();
    }

    public Strings names() {
        List<String> out = new ArrayList<>(pairs.size());
        pairs.forEach(p -> out.add(p.name()));
        return new Strings(out);
    }

    public Strings values() {
        List<String> out = new ArrayList<>(pairs.size());
        pairs.forEach(p -> out.add(p.value()));
        return new Strings(out);
    }

    @Override
    public Object member(String name) {
        return switch (name) {
            case "Names" -> GoObject.niladic(name, this::names);
            case "Values" -> GoObject.niladic(name, this::values);
            case "String" -> GoObject.niladic(name, this::toString);
            default -> NONE;
        };
    }

    @Override
    public String goType() {
        return "template.Pairs";
    }

    /** {@code a=b, c=d} */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < pairs.size(); i++) {
            if (i > 0) {
                sb.append(", ");
            }
            sb.append(pairs.get(i).name()).append('=').append(pairs.get(i).value());
        }
        return sb.toString();
    }
}
