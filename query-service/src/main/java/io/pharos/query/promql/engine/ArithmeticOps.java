package io.pharos.query.promql.engine;

import io.pharos.query.promql.ast.BinaryOp;

/** Float arithmetic and comparison with Go's semantics where Java's differ. */
final class ArithmeticOps {
    private ArithmeticOps() {
    }

    /** The value of an arithmetic operator. */
    static double arithmetic(BinaryOp op, double l, double r) {
        return switch (op) {
            case ADD -> l + r;
            case SUB -> l - r;
            case MUL -> l * r;
            case DIV -> l / r;
            case MOD -> l % r; // same special cases as Go's math.Mod
            case POW -> pow(l, r);
            case ATAN2 -> Math.atan2(l, r);
            default -> throw new IllegalArgumentException("not arithmetic: " + op);
        };
    }

    /** Whether a comparison holds; NaN compares false except with {@code !=}. */
    static boolean compare(BinaryOp op, double l, double r) {
        return switch (op) {
            case EQL -> l == r;
            case NEQ -> l != r;
            case GTR -> l > r;
            case LSS -> l < r;
            case GTE -> l >= r;
            case LTE -> l <= r;
            default -> throw new IllegalArgumentException("not a comparison: " + op);
        };
    }

    /** Go's math.Pow: 1 to any power is 1, and -1 to an infinite power is 1, where Java says NaN. */
    static double pow(double x, double y) {
        if (x == 1) {
            return 1;
        }
        if (x == -1 && Double.isInfinite(y)) {
            return 1;
        }
        return Math.pow(x, y);
    }
}
