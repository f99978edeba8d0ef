package io.pharos.model.template;

import java.util.AbstractList;
import java.util.List;

/** Alertmanager's {@code template.Strings}: a string list with a {@code Join} method. */
public final class Strings extends AbstractList<String> implements GoObject {
    private final List<String> items;

    public Strings(List<String> items) {
        this.items = List.copyOf(items);
    }

    @Override
    public String get(int index) {
        return items.get(index);
    }

    @Override
    public int size() {
        return items.size();
    }

    @Override
    public Object member(String name) {
        if (name.equals("Join")) {
            return (Method) args -> {
                if (args.size() != 1) {
                    throw new TemplateException("wrong number of args for Join: want 1 got " + args.size());
                }
                return String.join(Values.string(args.get(0), "Join"), items);
            };
        }
        return NONE;
    }

    @Override
    public String goType() {
        return "template.Strings";
    }
}
