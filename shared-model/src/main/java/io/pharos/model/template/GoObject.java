package io.pharos.model.template;

import java.util.List;

/**
 * A value with fields and methods that templates reach with {@code .Name}: what a Go struct or a
 * named type with methods is in Alertmanager's template data.
 */
public interface GoObject {
    /** Returned by {@link #member} for a name the type does not have. */
    Object NONE = new Object();

    /** A field's value, a {@link Method} for a method, or {@link #NONE}. */
    Object member(String name);

    /** The Go type name used in error messages, such as {@code template.Data}. */
    String goType();

    /** The fields {@code toJson} writes, in order, as a Go struct's; null when not a struct. */
    default List<java.util.Map.Entry<String, Object>> jsonFields() {
        return null;
    }

    /** A method bound to its receiver. */
    @FunctionalInterface
    interface Method {
        Object call(List<Object> args) throws TemplateException;
    }

    /** A method without parameters. */
    static Method niladic(String name, java.util.function.Supplier<Object> body) {
        return args -> {
            if (!args.isEmpty()) {
                throw new TemplateException("wrong number of args for " + name + ": want 0 got " + args.size());
            }
            return body.get();
        };
    }
}
