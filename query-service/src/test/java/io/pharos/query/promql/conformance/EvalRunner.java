package io.pharos.query.promql.conformance;

import io.pharos.model.labels.Labels;
import io.pharos.model.sample.StaleMarker;
import io.pharos.query.promql.ast.Expr;
import io.pharos.query.promql.engine.Annotation;
import io.pharos.query.promql.engine.Engine;
import io.pharos.query.promql.engine.QueryResult;
import io.pharos.query.promql.parser.PromqlParser;
import io.pharos.query.promql.value.Matrix;
import io.pharos.query.promql.value.Sample;
import io.pharos.query.promql.value.Scalar;
import io.pharos.query.promql.value.StringValue;
import io.pharos.query.promql.value.Value;
import io.pharos.query.promql.value.Vector;
import io.pharos.query.storage.Series;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Runs one {@code eval} as the upstream harness does: the query itself, then for an instant eval
 * the {@code @}-pinned variants at other times and each one again as a range query around its
 * time; every run must give the expected result and annotations.
 */
final class EvalRunner {
    private static final double EPSILON = 0.000001;
    private static final double MIN_NORMAL = 2.2250738585072014e-308;
    private static final Pattern QUERY_CONTEXT_FUNCTIONS = Pattern.compile("(start|end|range|step)\\(\\)");

    private final Engine engine;

    EvalRunner(Engine engine) {
        this.engine = engine;
    }

    /** Thrown when an eval does not give what the script expects. */
    static final class Mismatch extends Exception {
        Mismatch(String message) {
            super(message);
        }
    }

    void run(Script.Eval ev) throws Mismatch {
        if (ev.range) {
            runRange(ev);
        } else {
            runInstant(ev);
        }
    }

    private static Expr parse(String query) {
        return PromqlParser.parseExpr(query);
    }

    private void runRange(Script.Eval ev) throws Mismatch {
        QueryResult r;
        try {
            r = engine.range(parse(ev.expr), ev.start, ev.end, ev.step);
        } catch (RuntimeException e) {
            if (ev.isFail()) {
                checkExpectedFailure(ev, e);
                return;
            }
            throw new Mismatch("error evaluating range query: " + e);
        }
        if (ev.isFail()) {
            throw new Mismatch("expected error evaluating query but got none");
        }
        checkAnnotations(ev, ev.expr, r);
        compare(ev, r.value());
    }

    private void runInstant(Script.Eval ev) throws Mismatch {
        List<AtModifierVariants.Variant> queries = new ArrayList<>();
        queries.add(new AtModifierVariants.Variant(ev.expr, ev.evalTime));
        Expr original;
        try {
            original = parse(ev.expr);
        } catch (RuntimeException e) {
            if (ev.isFail()) {
                checkExpectedFailure(ev, e);
                return;
            }
            throw new Mismatch("parse error: " + e.getMessage());
        }
        queries.addAll(AtModifierVariants.of(original, ev.evalTime));
        for (AtModifierVariants.Variant q : queries) {
            runInstantQuery(ev, q);
        }
    }

    private void runInstantQuery(Script.Eval ev, AtModifierVariants.Variant q) throws Mismatch {
        String at = " [" + q.expr() + " at " + q.time() + "ms]";
        QueryResult r;
        Expr expr;
        try {
            expr = parse(q.expr());
        } catch (RuntimeException e) {
            if (ev.isFail()) {
                checkExpectedFailure(ev, e);
                return;
            }
            throw new Mismatch("printed @ variant does not parse: " + e.getMessage() + at);
        }
        try {
            r = engine.instant(expr, q.time());
        } catch (RuntimeException e) {
            if (ev.isFail()) {
                checkExpectedFailure(ev, e);
                return;
            }
            throw new Mismatch("error evaluating query: " + e + at);
        }
        if (ev.isFail()) {
            throw new Mismatch("expected error evaluating query but got none" + at);
        }
        checkAnnotations(ev, q.expr(), r);
        try {
            compare(ev, r.value());
        } catch (Mismatch m) {
            throw new Mismatch(m.getMessage() + at);
        }
        if (ev.excludeFromRangeQuery || QUERY_CONTEXT_FUNCTIONS.matcher(q.expr()).find()) {
            return;
        }
        QueryResult rr;
        try {
            rr = engine.range(expr, q.time() - 60_000, q.time() + 60_000, 60_000);
        } catch (RuntimeException e) {
            throw new Mismatch("error evaluating query in range mode: " + e + at);
        }
        if (ev.isOrdered()) {
            return;
        }
        Matrix m = (Matrix) rr.value();
        assertSorted(m);
        List<Sample> vec = new ArrayList<>();
        for (Series s : m.series()) {
            for (int i = 0; i < s.size(); i++) {
                if (s.timestamps()[i] == q.time()) {
                    vec.add(new Sample(s.labels(), q.time(), s.values()[i]));
                    break;
                }
            }
        }
        try {
            if (r.value() instanceof Scalar) {
                if (vec.isEmpty()) {
                    throw new Mismatch("range mode returned no point for a scalar");
                }
                compare(ev, new Scalar(q.time(), vec.get(0).value()));
            } else {
                compare(ev, new Vector(vec));
            }
        } catch (Mismatch mm) {
            throw new Mismatch(mm.getMessage() + " (range mode)" + at);
        }
    }

    private static void checkExpectedFailure(Script.Eval ev, RuntimeException e) throws Mismatch {
        String message = String.valueOf(e.getMessage());
        List<Script.Expect> fails = ev.expects(Script.ExpectType.FAIL);
        if (!fails.isEmpty() && !fails.get(0).matches(message)) {
            throw new Mismatch("expected error matching " + fails.get(0) + " but got: " + message);
        }
    }

    private static void checkAnnotations(Script.Eval ev, String query, QueryResult r) throws Mismatch {
        List<String> warnings = new ArrayList<>();
        List<String> infos = new ArrayList<>();
        for (Annotation a : r.annotations()) {
            (a.kind() == Annotation.Kind.WARNING ? warnings : infos).add(a.format(query));
        }
        warnings.addAll(r.warnings());
        if (ev.warn && warnings.isEmpty()) {
            throw new Mismatch("expected warnings but got none");
        }
        if (ev.info && infos.isEmpty()) {
            throw new Mismatch("expected info annotations but got none");
        }
        validate(ev.expects(Script.ExpectType.WARN), warnings, "warn");
        validate(ev.expects(Script.ExpectType.INFO), infos, "info");
        if (ev.expects.containsKey(Script.ExpectType.NO_WARN) && !warnings.isEmpty()) {
            throw new Mismatch("unexpected warning annotations: " + warnings);
        }
        if (ev.expects.containsKey(Script.ExpectType.NO_INFO) && !infos.isEmpty()) {
            throw new Mismatch("unexpected info annotations: " + infos);
        }
    }

    private static void validate(List<Script.Expect> expected, List<String> actual, String kind) throws Mismatch {
        if (expected.isEmpty()) {
            return;
        }
        if (actual.isEmpty()) {
            throw new Mismatch("expected " + kind + " annotations but none were found");
        }
        for (Script.Expect e : expected) {
            if (actual.stream().noneMatch(e::matches)) {
                throw new Mismatch("expected " + kind + " annotation matching " + e + " but found " + actual);
            }
        }
        for (String a : actual) {
            if (expected.stream().noneMatch(e -> e.matches(a))) {
                throw new Mismatch("unexpected " + kind + " annotation " + a);
            }
        }
    }

    private static void assertSorted(Matrix m) throws Mismatch {
        List<Series> s = m.series();
        for (int i = 0; i + 1 < s.size(); i++) {
            if (s.get(i).labels().compareTo(s.get(i + 1).labels()) > 0) {
                throw new Mismatch("matrix results should always be sorted by labels");
            }
        }
    }

    private static void compare(Script.Eval ev, Value value) throws Mismatch {
        Map<Labels, Script.ExpectedSeries> expected = new HashMap<>();
        for (Script.ExpectedSeries e : ev.expected) {
            expected.put(e.labels(), e);
        }
        boolean expectScalar = ev.expectedScalar != null;
        if (value instanceof Matrix m) {
            if (ev.isOrdered()) {
                throw new Mismatch("expected ordered result, but query returned a matrix");
            }
            if (expectScalar) {
                throw new Mismatch("expected scalar result, but got a matrix");
            }
            assertSorted(m);
            Set<Labels> seen = new HashSet<>();
            for (Series s : m.series()) {
                Script.ExpectedSeries exp = expected.get(s.labels());
                if (exp == null) {
                    throw new Mismatch("unexpected metric " + s.labels() + " in result, has " + points(s));
                }
                seen.add(s.labels());
                List<long[]> times = new ArrayList<>();
                List<Double> values = new ArrayList<>();
                for (int i = 0; i < exp.values().length; i++) {
                    long t = ev.start + i * ev.step;
                    if (t > ev.end) {
                        throw new Mismatch("expected " + exp.values().length + " points for " + s.labels()
                                + ", but query time range cannot return this many points");
                    }
                    if (exp.values()[i] != null) {
                        times.add(new long[] {t});
                        values.add(exp.values()[i]);
                    }
                }
                if (times.size() != s.size()) {
                    throw new Mismatch("expected " + times.size() + " float points for " + s.labels() + ", but got "
                            + points(s));
                }
                for (int i = 0; i < times.size(); i++) {
                    if (times.get(i)[0] != s.timestamps()[i]) {
                        throw new Mismatch("expected float value at index " + i + " for " + s.labels()
                                + " to have timestamp " + times.get(i)[0] + ", but it had " + s.timestamps()[i]
                                + " (result has " + points(s) + ")");
                    }
                    if (!almostEqual(s.values()[i], values.get(i))) {
                        throw new Mismatch("expected float value at index " + i + " (t=" + s.timestamps()[i] + ") for "
                                + s.labels() + " to be " + values.get(i) + ", but got " + s.values()[i]
                                + " (result has " + points(s) + ")");
                    }
                }
            }
            for (Labels l : expected.keySet()) {
                if (!seen.contains(l)) {
                    throw new Mismatch("expected metric " + l + " not found");
                }
            }
        } else if (value instanceof Vector v) {
            if (expectScalar) {
                throw new Mismatch("expected scalar result, but got vector " + v.samples());
            }
            Set<Labels> seen = new HashSet<>();
            for (int pos = 0; pos < v.samples().size(); pos++) {
                Sample s = v.samples().get(pos);
                Script.ExpectedSeries exp = expected.get(s.labels());
                if (exp == null) {
                    throw new Mismatch("unexpected metric " + s.labels() + " in result, has value " + s.value());
                }
                if (ev.isOrdered() && exp.position() != pos + 1) {
                    throw new Mismatch("expected metric " + s.labels() + " at position " + exp.position() + " but was at "
                            + (pos + 1));
                }
                if (exp.values().length == 0 || exp.values()[0] == null) {
                    throw new Mismatch("expected no value for " + s.labels());
                }
                if (!almostEqual(exp.values()[0], s.value())) {
                    throw new Mismatch("expected " + exp.values()[0] + " for " + s.labels() + " but got " + s.value());
                }
                seen.add(s.labels());
            }
            for (Labels l : expected.keySet()) {
                if (!seen.contains(l)) {
                    throw new Mismatch("expected metric " + l + " not found");
                }
            }
        } else if (value instanceof Scalar s) {
            if (!expectScalar) {
                throw new Mismatch("expected vector or matrix result, but got scalar " + s.value());
            }
            if (!almostEqual(ev.expectedScalar, s.value())) {
                throw new Mismatch("expected scalar " + ev.expectedScalar + " but got " + s.value());
            }
        } else if (value instanceof StringValue s) {
            String want = ev.expectedString == null ? "" : ev.expectedString;
            if (!want.equals(s.value())) {
                throw new Mismatch("expected string \"" + want + "\" but got \"" + s.value() + "\"");
            }
        }
    }

    private static String points(Series s) {
        StringBuilder b = new StringBuilder("[");
        for (int i = 0; i < s.size(); i++) {
            if (i > 0) {
                b.append(' ');
            }
            b.append(s.values()[i]).append('@').append(s.timestamps()[i]);
        }
        return b.append(']').toString();
    }

    /** Prometheus's test tolerance: relative 1e-6, NaN equals NaN, a staleness marker only itself. */
    static boolean almostEqual(double a, double b) {
        if (Double.isNaN(a) && Double.isNaN(b)) {
            return StaleMarker.is(a) == StaleMarker.is(b);
        }
        if (a == b) {
            return true;
        }
        double absSum = Math.abs(a) + Math.abs(b);
        double diff = Math.abs(a - b);
        if (a == 0 || b == 0 || absSum < MIN_NORMAL) {
            return diff < EPSILON * MIN_NORMAL;
        }
        return diff / Math.min(absSum, Double.MAX_VALUE) < EPSILON;
    }
}
