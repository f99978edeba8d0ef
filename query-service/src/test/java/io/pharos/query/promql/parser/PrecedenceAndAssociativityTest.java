package io.pharos.query.promql.parser;

import static org.assertj.core.api.Assertions.assertThat;

import io.pharos.query.promql.ast.BinaryOp;
import io.pharos.query.promql.ast.NumberLiteral;
import io.pharos.query.promql.ast.UnaryExpr;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class PrecedenceAndAssociativityTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "a + b * c                     | (+ a (* b c))",
        "a * b + c                     | (+ (* a b) c)",
        "a - b - c                     | (- (- a b) c)",
        "a / b / c                     | (/ (/ a b) c)",
        "a ^ b ^ c                     | (^ a (^ b c))",
        "a * b ^ c                     | (* a (^ b c))",
        "a % b atan2 c                 | (atan2 (% a b) c)",
        "a + b == c - d                | (== (+ a b) (- c d))",
        "a == b and c                  | (and (== a b) c)",
        "a and b or c and d            | (or (and a b) (and c d))",
        "a or b unless c               | (or a (unless b c))",
        "a unless b and c              | (and (unless a b) c)",
        "a > b < c                     | (< (> a b) c)",
        "foo + bar or bla and blub     | (or (+ foo bar) (and bla blub))",
        "a </ b + c                    | (</ a (+ b c))",
        "1 + 2 / (3 * 1)               | (+ 1 (/ 2 (paren (* 3 1))))",
    })
    void binaryOperatorsFollowPrometheusPrecedence(String query, String shape) {
        assertThat(Shapes.of(query)).isEqualTo(shape);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "-2 ^ 2          | (- (^ 2 2))",
        "-1^-2           | (- (^ 1 -2))",
        "2 ^ -3 ^ 2      | (^ 2 (- (^ 3 2)))",
        "-a * b          | (* (- a) b)",
        "-a + b          | (+ (- a) b)",
        "-a ^ b          | (- (^ a b))",
        "a - -b          | (- a (- b))",
        "- - a           | (- (- a))",
        "+a              | (+ a)",
        "1 + -2 * 3      | (+ 1 (* -2 3))",
        "-foo offset 5m  | (- foo offset 5m)",
    })
    void unaryMinusBindsBelowPowerAndAboveMultiplication(String query, String shape) {
        assertThat(Shapes.of(query)).isEqualTo(shape);
    }

    @Test
    void aSignOnANumberIsFoldedIntoTheLiteral() {
        assertThat(PromqlParser.parseExpr("-5")).isEqualTo(new NumberLiteral(-5, false,
                new io.pharos.query.promql.ast.PositionRange(0, 2)));
        assertThat(PromqlParser.parseExpr("- - 1")).isInstanceOf(NumberLiteral.class);
        assertThat(((NumberLiteral) PromqlParser.parseExpr("- - 1")).value()).isEqualTo(1);
        assertThat(PromqlParser.parseExpr("-(1)")).isInstanceOf(UnaryExpr.class);
        assertThat(PromqlParser.parseExpr("-5m").toString()).isEqualTo("-5m");
    }

    @Test
    void minusTwoSquaredIsMinusFour() {
        // Prometheus evaluates -2^2 as -(2^2).
        var e = (UnaryExpr) PromqlParser.parseExpr("-2^2");
        assertThat(e.op()).isEqualTo('-');
        assertThat(((io.pharos.query.promql.ast.BinaryExpr) e.expr()).op()).isEqualTo(BinaryOp.POW);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "a + b offset 5m          | (+ a b offset 5m)",
        "a ^ b offset 5m          | (^ a b offset 5m)",
        "a + b @ 10               | (+ a b @ 10.000)",
        "rate(b[5m] offset 1m) * 2 | (* (rate b[5m] offset 1m) 2)",
        "foo offset 5s - 8        | (- foo offset 5s 8)",
        "foo offset 2 ^ 2         | (^ foo offset 2s 2)",
        "foo offset -2 ^ 2        | (^ foo offset -2s 2)",
        "foo offset -2 * 2        | (* foo offset -2s 2)",
        "foo offset step() * 0    | (* foo offset step() 0)",
        "foo offset -(1m) ^ 2     | (^ foo offset -(1m) 2)",
        "foo offset (5s) - 8      | foo offset (5s) - 8",
        "foo offset (2 ^ 2)       | foo offset (2 ^ 2)",
        "sum(x)[5m:1m]            | (subquery (sum x) [5m:1m])",
        "rate(x[5m])[1h:] offset 1m | (subquery (rate x[5m]) [1h:] offset 1m)",
    })
    void postfixModifiersBindToTheOperandRightBeforeThem(String query, String shape) {
        assertThat(Shapes.of(query)).isEqualTo(shape);
    }
}
