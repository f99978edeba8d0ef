package io.pharos.query.promql.parser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.pharos.query.promql.ast.Expr;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Seeded random queries, valid and broken: the parser either returns a tree whose printed form is
 * a fixed point (it parses back to the same text and shape) or throws a {@link ParseException}
 * positioned inside the query. Anything else (a crash, a bad position) fails.
 */
class RandomQueriesTest {

    private static final String[] NAMES = {"foo", "bar", "a:b", "sum", "by", "offset", "and", "start", "end", "step",
        "range", "anchored", "min_of", "fill", "without", "on", "bool", "group_left", "x1", "Inf", "nan", "count"};
    private static final String[] BINOPS = {"+", "-", "*", "/", "%", "^", "atan2", "==", "!=", ">", "<", ">=", "<=",
        "and", "or", "unless", "</", ">/"};
    private static final String[] FUNCS = {"rate", "abs", "time", "vector", "scalar", "round", "label_replace",
        "histogram_quantile", "step", "start", "min_of", "nonexistent", "holt_winters", "info", "absent_over_time"};
    private static final String[] AGGS = {"sum", "avg", "topk", "count_values", "quantile", "group", "limitk", "MIN"};
    private static final String[] VOCAB = {"foo", "sum", "(", ")", "{", "}", "[", "]", ",", "+", "-", "*", "^", "==",
        "bool", "on", "by", "offset", "@", "5m", "1", "\"s\"", "a=\"b\"", ":", "group_left", "start()", "step()",
        "anchored", "and", "rate", "min_of", "#", "\\", "'", "`", "=~", "!", "0x", "1e", ".", "\n"};

    private final Random random = new Random(20260821L);

    @Test
    void everyQueryParsesToAFixedPointOrFailsCleanly() {
        int parsed = 0;
        int rejected = 0;
        for (int i = 0; i < 6000; i++) {
            String q = switch (i % 3) {
                case 0 -> expr(0);
                case 1 -> mutate(expr(0));
                default -> soup();
            };
            Expr e;
            try {
                e = PromqlParser.parseExpr(q);
            } catch (ParseException ex) {
                assertThat(ex.position().start()).as(q).isBetween(0, q.length());
                assertThat(ex.position().end()).as(q).isBetween(ex.position().start(), q.length());
                assertThat(ex.getMessage()).as(q).contains("parse error: ");
                rejected++;
                continue;
            } catch (RuntimeException ex) {
                fail("crash on " + q, ex);
                return;
            }
            parsed++;
            String printed = e.toString();
            Expr again;
            try {
                again = PromqlParser.parseExpr(printed);
            } catch (ParseException ex) {
                fail(q + "\nprints as " + printed + "\nwhich does not parse: " + ex.getMessage());
                return;
            }
            assertThat(again.toString()).as(q).isEqualTo(printed);
            assertThat(Shapes.of(again)).as(q).isEqualTo(Shapes.of(e));
        }
        assertThat(parsed).isGreaterThan(500);
        assertThat(rejected).isGreaterThan(1000);
    }

    private String pick(String[] a) {
        return a[random.nextInt(a.length)];
    }

    private String duration() {
        double r = random.nextDouble();
        if (r < 0.4) {
            return pick(new String[] {"5m", "1h30m", "10s", "5", "0.5", "1e3", "0x10", "2d"});
        }
        if (r < 0.5) {
            return "step()";
        }
        if (r < 0.55) {
            return "range()";
        }
        if (r < 0.65) {
            return "(" + duration() + ")";
        }
        if (r < 0.75) {
            return pick(new String[] {"-", "+"}) + duration();
        }
        if (r < 0.85) {
            return duration() + " " + pick(new String[] {"+", "-", "*", "/", "%", "^"}) + " " + duration();
        }
        return pick(new String[] {"min_of", "max_of"}) + "(" + duration() + ", " + duration() + ")";
    }

    private String selector() {
        double r = random.nextDouble();
        if (r < 0.5) {
            return pick(NAMES);
        }
        if (r < 0.8) {
            return pick(NAMES) + "{" + pick(new String[] {"a=\"b\"", "a=~\"x.*\"", "offset!=\"1\"", "\"q\"",
                "\"q\"=\"z\"", "", "a=\"\\u00e9\\x41\""}) + "}";
        }
        return "{" + pick(new String[] {"a=\"b\"", "__name__=\"x\"", "\"metric.x\"", "a!~\"\"", ""}) + "}";
    }

    private String labels() {
        List<String> l = new ArrayList<>();
        int n = random.nextInt(4);
        for (int i = 0; i < n; i++) {
            l.add(pick(new String[] {"a", "b", "sum", "by", "on", "\"x.y\"", "bool", "offset", "1"}));
        }
        return "(" + String.join(", ", l) + (random.nextInt(3) == 0 ? "," : "") + ")";
    }

    private String modifiers() {
        StringBuilder b = new StringBuilder();
        if (random.nextDouble() < 0.2) {
            b.append(" bool");
        }
        if (random.nextDouble() < 0.3) {
            b.append(' ').append(pick(new String[] {"on", "ignoring"})).append(labels());
            if (random.nextDouble() < 0.4) {
                b.append(' ').append(pick(new String[] {"group_left", "group_right"}))
                        .append(random.nextBoolean() ? labels() : "");
            }
        }
        if (random.nextDouble() < 0.1) {
            b.append(' ').append(pick(new String[] {"fill(0)", "fill_left(-1)", "fill_right(5m)", "fill_left(1) fill_right(2)"}));
        }
        return b.toString();
    }

    private String postfix(String e) {
        double r = random.nextDouble();
        if (r < 0.15) {
            return e + "[" + duration() + "]";
        }
        if (r < 0.25) {
            return e + "[" + duration() + ":" + (random.nextBoolean() ? "" : duration()) + "]";
        }
        if (r < 0.35) {
            return e + " offset " + pick(new String[] {"5m", "-5m", "+1h", duration()});
        }
        if (r < 0.42) {
            return e + " @ " + pick(new String[] {"100", "-5", "start()", "end()", "1.5e3", "+7"});
        }
        if (r < 0.45) {
            return e + " " + pick(new String[] {"anchored", "smoothed"});
        }
        return e;
    }

    private String expr(int depth) {
        double r = random.nextDouble();
        if (depth > 3) {
            r *= 0.4;
        }
        String e;
        if (r < 0.25) {
            e = selector();
        } else if (r < 0.32) {
            e = pick(new String[] {"1", "2.5", "0x1f", "5m", "Inf", "-1", ".5", "1e3"});
        } else if (r < 0.35) {
            e = "\"s\"";
        } else if (r < 0.5) {
            e = "(" + expr(depth + 1) + ")";
        } else if (r < 0.6) {
            e = pick(new String[] {"-", "+"}) + expr(depth + 1);
        } else if (r < 0.72) {
            List<String> args = new ArrayList<>();
            int n = random.nextInt(4);
            for (int i = 0; i < n; i++) {
                args.add(expr(depth + 1));
            }
            e = pick(FUNCS) + "(" + String.join(", ", args) + ")";
        } else if (r < 0.8) {
            List<String> args = new ArrayList<>();
            int n = 1 + random.nextInt(2);
            for (int i = 0; i < n; i++) {
                args.add(expr(depth + 1));
            }
            String body = "(" + String.join(", ", args) + ")";
            double g = random.nextDouble();
            String a = pick(AGGS);
            if (g < 0.3) {
                e = a + " " + pick(new String[] {"by", "without"}) + " " + labels() + " " + body;
            } else if (g < 0.5) {
                e = a + body + " " + pick(new String[] {"by", "without"}) + " " + labels();
            } else {
                e = a + body;
            }
        } else {
            e = expr(depth + 1) + " " + pick(BINOPS) + modifiers() + " " + expr(depth + 1);
        }
        int n = random.nextInt(3);
        for (int i = 0; i < n; i++) {
            e = postfix(e);
        }
        return e;
    }

    private String mutate(String s) {
        List<String> tokens = new ArrayList<>(Arrays.asList(s.split(" ")));
        int i = random.nextInt(tokens.size());
        double r = random.nextDouble();
        if (r < 0.33) {
            tokens.remove(i);
        } else if (r < 0.66) {
            tokens.add(i, pick(VOCAB));
        } else {
            tokens.set(i, pick(VOCAB));
        }
        return String.join(" ", tokens);
    }

    private String soup() {
        StringBuilder b = new StringBuilder();
        int n = 1 + random.nextInt(7);
        for (int i = 0; i < n; i++) {
            b.append(pick(VOCAB)).append(random.nextBoolean() ? " " : "");
        }
        return b.toString();
    }
}
