package io.pharos.query.promql.engine;

import io.pharos.query.promql.ast.AggregateExpr;
import io.pharos.query.promql.ast.AggregateOp;
import io.pharos.query.promql.ast.BinaryExpr;
import io.pharos.query.promql.ast.Call;
import io.pharos.query.promql.ast.Expr;
import io.pharos.query.promql.ast.MatrixSelector;
import io.pharos.query.promql.ast.NumberLiteral;
import io.pharos.query.promql.ast.ParenExpr;
import io.pharos.query.promql.ast.StringLiteral;
import io.pharos.query.promql.ast.SubqueryExpr;
import io.pharos.query.promql.ast.UnaryExpr;
import io.pharos.query.promql.ast.ValueType;
import io.pharos.query.promql.ast.VectorSelector;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Evaluates an expression over all steps of an {@link Evaluation}, dispatching by node kind. */
final class Evaluator {
    private final Evaluation ev;

    Evaluator(Evaluation ev) {
        this.ev = ev;
    }

    Evaluator withEvaluation(Evaluation other) {
        return new Evaluator(other);
    }

    Evaluation evaluation() {
        return ev;
    }

    /** The expression inside any parentheses. */
    static Expr unwrap(Expr e) {
        Expr x = e;
        while (x instanceof ParenExpr p) {
            x = p.expr();
        }
        return x;
    }

    /**
     * The expression's value at every step. Each evaluation also keeps the count of samples the
     * query holds in memory as Prometheus's engine counts them, which {@code --query.max-samples}
     * limits: a node's operands are held while it runs, its result once it is done (see
     * {@link #account}). The operands register themselves with the node that evaluates them.
     */
    Steps eval(Expr e) {
        ev.checkDeadline();
        Evaluation.Query query = ev.query;
        List<Steps> parentOperands = query.operands;
        List<Steps> operands = new ArrayList<>(2);
        query.operands = operands;
        long before = query.held();
        // Prometheus evaluates a step-invariant subexpression at one step, then copies it to the others.
        boolean invariantRoot = ev.stepCount > 1 && ev.invariantDepth == 0 && query.invariantRoots.contains(e);
        Steps result;
        try {
            if (invariantRoot) {
                ev.invariantDepth++;
            }
            result = dispatch(e);
            account(e, before, operands, result);
        } finally {
            if (invariantRoot) {
                ev.invariantDepth--;
            }
            query.operands = parentOperands;
        }
        if (invariantRoot) {
            query.hold(countAt(result, 0) * (ev.stepCount - 1));
        }
        if (parentOperands != null) {
            parentOperands.add(result);
        }
        return result;
    }

    private Steps dispatch(Expr e) {
        if (e instanceof NumberLiteral n) {
            return scalar(n.value());
        }
        if (e instanceof StringLiteral s) {
            return new Steps.StringSteps(s.value());
        }
        if (e instanceof ParenExpr p) {
            return eval(p.expr());
        }
        if (e instanceof VectorSelector vs) {
            return SelectorEvaluator.vector(ev, vs, false);
        }
        if (e instanceof UnaryExpr u) {
            return unary(u);
        }
        if (e instanceof BinaryExpr b) {
            return BinaryEvaluator.evaluate(this, ev, b);
        }
        if (e instanceof Call c) {
            return call(c);
        }
        if (e instanceof AggregateExpr a) {
            return AggregationEvaluator.evaluate(this, ev, a);
        }
        if (e instanceof MatrixSelector || e instanceof SubqueryExpr) {
            throw QueryException.execution("cannot do range evaluation of matrix selector");
        }
        throw new IllegalStateException("unknown expression " + e);
    }

    /**
     * The samples held once node {@code e} is evaluated, following where Prometheus's engine
     * counts them: a vector selector holds its output; a step-by-step node (literal, binary
     * operator, function without a range argument, {@code count_values}) holds its operands'
     * results, at each step the operand samples gathered for that step, and its output so far,
     * then only its output; other aggregations hold their operands, then only their output;
     * unary minus and {@code label_replace}/{@code label_join} relabel their operand in place;
     * {@code info} works step by step but keeps its operands.
     * Functions over a range hold their windows themselves ({@link RangeCallEvaluator}).
     */
    private void account(Expr e, long before, List<Steps> operands, Steps result) {
        Evaluation.Query query = ev.query;
        if (e instanceof VectorSelector) {
            query.hold(count(result, ev.accountedSteps()));
        } else if (e instanceof NumberLiteral || e instanceof BinaryExpr) {
            stepwise(before, operands, result, false);
        } else if (e instanceof AggregateExpr a) {
            if (a.op() == AggregateOp.COUNT_VALUES) {
                stepwise(before, operands, result, false);
            } else {
                query.setHeld(before + count(result, ev.accountedSteps()));
            }
        } else if (e instanceof Call c && !hasRangeArgument(c)) {
            switch (c.func().name()) {
                case "label_replace", "label_join" -> {
                }
                // Step by step over the base and the info series, which both stay held afterwards.
                case "info" -> stepwise(query.held(), operands, result, false);
                // Prometheus reads the selector's samples step by step inside the function.
                case "timestamp" -> stepwise(before, operands, result, unwrap(c.args().get(0)) instanceof VectorSelector);
                default -> stepwise(before, operands, result, false);
            }
        }
    }

    /**
     * Prometheus's step-by-step evaluation: the operands' results stay held; at each step the
     * samples gathered from them for that step and the step's output are added (the gathered
     * ones dropped again before the next step); at the end only the output stays.
     * {@code gathersOutput}: each output sample was also gathered (timestamp of a selector).
     */
    private void stepwise(long before, List<Steps> operands, Steps result, boolean gathersOutput) {
        Evaluation.Query query = ev.query;
        int steps = ev.accountedSteps();
        long[] gathered = new long[steps];
        for (Steps operand : operands) {
            addCounts(operand, gathered);
        }
        long[] output = new long[steps];
        addCounts(result, output);
        long held = query.held();
        long done = 0;
        for (int i = 0; i < steps; i++) {
            long step = output[i] + (gathersOutput ? output[i] : 0);
            if (query.exceeds(held + done + gathered[i] + step)) {
                throw QueryException.execution(Evaluation.Query.TOO_MANY_SAMPLES);
            }
            done += output[i];
        }
        query.setHeld(before + done);
    }

    private static boolean hasRangeArgument(Call c) {
        for (int i = 0; i < c.args().size(); i++) {
            if (c.func().argType(i) == ValueType.MATRIX) {
                return true;
            }
        }
        return false;
    }

    /** Samples in the first {@code steps} steps of a value: one per step for a scalar, none for a string. */
    static long count(Steps value, int steps) {
        long[] perStep = new long[steps];
        addCounts(value, perStep);
        long n = 0;
        for (long c : perStep) {
            n += c;
        }
        return n;
    }

    private static long countAt(Steps value, int step) {
        if (value instanceof Steps.ScalarSteps) {
            return 1;
        }
        long n = 0;
        if (value instanceof Steps.VectorSteps v) {
            for (StepSeries s : v.series()) {
                n += s.present[step] ? 1 : 0;
            }
        }
        return n;
    }

    private static void addCounts(Steps steps, long[] perStep) {
        if (steps instanceof Steps.ScalarSteps s) {
            for (int i = 0; i < Math.min(perStep.length, s.values().length); i++) {
                perStep[i]++;
            }
        } else if (steps instanceof Steps.VectorSteps v) {
            for (StepSeries s : v.series()) {
                for (int i = 0; i < Math.min(perStep.length, s.present.length); i++) {
                    if (s.present[i]) {
                        perStep[i]++;
                    }
                }
            }
        }
    }

    /** The value of a scalar expression at every step. */
    double[] scalarValues(Expr e) {
        return ((Steps.ScalarSteps) eval(e)).values();
    }

    /** The series of an instant-vector expression. */
    List<StepSeries> vectorSeries(Expr e) {
        return ((Steps.VectorSteps) eval(e)).series();
    }

    Steps.ScalarSteps scalar(double v) {
        double[] values = new double[ev.stepCount];
        Arrays.fill(values, v);
        return new Steps.ScalarSteps(values);
    }

    private Steps call(Call c) {
        String name = c.func().name();
        for (int i = 0; i < c.args().size(); i++) {
            if (c.func().argType(i) == ValueType.MATRIX) {
                return RangeCallEvaluator.evaluate(this, ev, c, i);
            }
        }
        return switch (name) {
            case "label_replace" -> LabelFunctions.labelReplace(this, ev, c);
            case "label_join" -> LabelFunctions.labelJoin(this, ev, c);
            case "info" -> InfoFunction.evaluate(this, ev, c);
            case "histogram_quantile", "histogram_fraction", "histogram_quantiles" ->
                    HistogramQuantile.evaluate(this, ev, c);
            default -> InstantFunctions.evaluate(this, ev, c);
        };
    }

    private Steps unary(UnaryExpr u) {
        Steps inner = eval(u.expr());
        if (u.op() == '+') {
            return inner;
        }
        if (inner instanceof Steps.ScalarSteps s) {
            double[] v = new double[s.values().length];
            for (int i = 0; i < v.length; i++) {
                v[i] = -s.values()[i];
            }
            return new Steps.ScalarSteps(v);
        }
        List<StepSeries> in = ((Steps.VectorSteps) inner).series();
        List<StepSeries> out = new ArrayList<>(in.size());
        for (StepSeries s : in) {
            double[] v = new double[s.values.length];
            for (int i = 0; i < v.length; i++) {
                v[i] = -s.values[i];
            }
            out.add(new StepSeries(s.labels, true, v, s.present));
        }
        return new Steps.VectorSteps(out);
    }
}
