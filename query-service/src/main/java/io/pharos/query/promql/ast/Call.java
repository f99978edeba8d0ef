package io.pharos.query.promql.ast;

import java.util.List;
import java.util.stream.Collectors;

/** A function call. */
public record Call(Function func, List<Expr> args, PositionRange position) implements Expr {

    public Call {
        if (func == null || position == null) {
            throw new NullPointerException("func and position must be set");
        }
        args = List.copyOf(args);
    }

    public Call(Function func, List<Expr> args) {
        this(func, args, PositionRange.NONE);
    }

    @Override
    public ValueType type() {
        return func.returnType();
    }

    @Override
    public String toString() {
        return func.name() + "(" + args.stream().map(Expr::toString).collect(Collectors.joining(", ")) + ")";
    }
}
