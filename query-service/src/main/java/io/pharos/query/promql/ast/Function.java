package io.pharos.query.promql.ast;

import java.util.List;

/**
 * A PromQL function's signature.
 *
 * @param name         the name as called
 * @param argTypes     the type of each argument; with {@code variadic != 0} the last one repeats and
 *                     may also be left out
 * @param variadic     0: exactly {@code argTypes.size()} arguments; n &gt; 0: up to n more than
 *                     {@code argTypes.size() - 1}; -1: any number of the last type
 * @param returnType   the type of the result
 * @param experimental behind Prometheus's {@code promql-experimental-functions} feature flag
 */
public record Function(String name, List<ValueType> argTypes, int variadic, ValueType returnType, boolean experimental) {

    public Function {
        argTypes = List.copyOf(argTypes);
    }

    /** The fewest arguments a call may have. */
    public int minArgs() {
        return variadic == 0 ? argTypes.size() : argTypes.size() - 1;
    }

    /** The most arguments a call may have, or {@link Integer#MAX_VALUE} when unbounded. */
    public int maxArgs() {
        if (variadic == 0) {
            return argTypes.size();
        }
        return variadic < 0 ? Integer.MAX_VALUE : argTypes.size() - 1 + variadic;
    }

    /** The type argument {@code i} must have. */
    public ValueType argType(int i) {
        return argTypes.get(Math.min(i, argTypes.size() - 1));
    }
}
