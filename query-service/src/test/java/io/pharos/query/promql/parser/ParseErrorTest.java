package io.pharos.query.promql.parser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pharos.query.promql.ast.PositionRange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Each invalid query is rejected with Prometheus 3.x's message, positioned where Prometheus puts it. */
class ParseErrorTest {

    private static void assertError(String query, String message) {
        assertThatThrownBy(() -> PromqlParser.parseExpr(query))
                .isInstanceOf(ParseException.class)
                .hasMessage(message);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '~', value = {
        "(1))                 | 1:5: parse error: unexpected right parenthesis ')'",
        "((1)                 | 1:5: parse error: unclosed left parenthesis",
        "sum(rate(x[5m])      | 1:16: parse error: unclosed left parenthesis",
        "foo[5m               | 1:7: parse error: unclosed left bracket",
        "foo]                 | 1:4: parse error: unexpected right bracket ']'",
        ".                    | 1:1: parse error: unexpected character: '.'",
        "2.5.                 | 1:1: parse error: bad number or duration syntax: \"2.5.\"",
        "0deadbeef            | 1:1: parse error: bad number or duration syntax: \"0de\"",
        "foo[5mm]             | 1:5: parse error: bad number or duration syntax: \"5mm\"",
        "1 =~ 1               | 1:3: parse error: unexpected character after '=': '~'",
        "1 !~ 1               | 1:3: parse error: unexpected character after '!': '~'",
        "foo{a:b=\"b\"}       | 1:6: parse error: unexpected character inside braces: ':'",
        "foo{a>=\"b\"}        | 1:6: parse error: unexpected character inside braces: '>'",
        "foo{                 | 1:5: parse error: unexpected end of input inside braces",
        "}                    | 1:1: parse error: unexpected character: '}'",
        "\"\\c\"              | 1:1: parse error: unknown escape sequence U+0063 'c'",
        "\"\\x.\"             | 1:1: parse error: illegal character U+002E '.' in escape sequence",
        "\"abc                | 1:1: parse error: unterminated quoted string",
        "`abc                 | 1:1: parse error: unterminated raw string",
        "foo[\"5m\"]          | 1:5: parse error: unexpected character in duration expression: '\"'",
        "foo[5s x 5s]         | 1:8: parse error: unexpected character: 'x', expected ':'",
        "foo{bar=\"baz\"}[    | 1:16: parse error: unexpected end of input in duration expression",
    })
    void lexicalErrors(String query, String message) {
        assertError(query, message);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '~', value = {
        "1 +                          | 1:4: parse error: unexpected end of input",
        "*1                           | 1:1: parse error: unexpected <op:*>",
        "1 + * 2                      | 1:5: parse error: unexpected <op:*>",
        "-=                           | 1:2: parse error: unexpected \"=\"",
        "foo bar                      | 1:5: parse error: unexpected identifier \"bar\"",
        "a - on(b) ignoring(c) d      | 1:11: parse error: unexpected <ignoring>",
        "foo + group_left(baz) bar    | 1:7: parse error: unexpected <group_left>",
        "foo + on(x) bool bar         | 1:13: parse error: unexpected <bool>",
        "foo * on(a) group_left on b  | 1:24: parse error: unexpected <on> in grouping opts, expected \"(\"",
        "sum(1 +)                     | 1:8: parse error: unexpected \")\" in aggregation",
        "sum by (a) foo               | 1:12: parse error: unexpected identifier \"foo\" in aggregation",
        "sum some_metric by (test)    | 1:5: parse error: unexpected identifier \"some_metric\"",
        "sum (some_metric) by test    | 1:22: parse error: unexpected identifier \"test\" in grouping opts, expected \"(\"",
        "sum without(==)(x)           | 1:13: parse error: unexpected <op:==> in grouping opts, expected label",
        "sum without(foo,,)(x)        | 1:17: parse error: unexpected \",\" in grouping opts, expected label",
        "sum by (a b) (x)             | 1:11: parse error: unexpected identifier \"b\" in grouping opts, expected \",\" or \")\"",
        "sum(x) without (a) by (b)    | 1:20: parse error: unexpected <by>",
        "some_metric{a=b}             | 1:15: parse error: unexpected identifier \"b\" in label matching, expected string",
        "foo{gibberish}               | 1:14: parse error: unexpected \"}\" in label matching, expected label matching operator",
        "foo{,}                       | 1:5: parse error: unexpected \",\" in label matching, expected identifier or \"}\"",
        "foo{__name__=\"bar\" lol}    | 1:20: parse error: unexpected identifier \"lol\" in label matching, expected \",\" or \"}\"",
        "foo{\"a\"=}                  | 1:9: parse error: unexpected \"}\" in label matching, expected string",
        "foo[]                        | 1:5: parse error: unexpected \"]\" in subquery or range selector, expected number, duration, step(), or range()",
        "foo[step]                    | 1:9: parse error: unexpected \"]\" in subquery or range selector, expected number, duration, step(), or range()",
        "foo[5m:1m:1m]                | 1:10: parse error: unexpected colon ':'",
        "foo offset                   | 1:11: parse error: unexpected end of input in offset, expected number, duration, step(), or range()",
        "foo offset (5s) + bar        | 1:19: parse error: unexpected identifier \"bar\" in offset, expected number, duration, step(), or range()",
        "foo @                        | 1:6: parse error: unexpected end of input in @, expected timestamp",
        "foo @ start                  | 1:12: parse error: unexpected end of input in @, expected timestamp",
        "e-+=/(0)                     | 1:4: parse error: unexpected \"=\"",
        "\"a very long string here\" x | 1:27: parse error: unexpected identifier \"x\"",
        "1 \"a very long string here\" | 1:3: parse error: unexpected string \"\\\"a very lo\"...",
    })
    void syntaxErrorsNameTheTokenAndWhereItWasFound(String query, String message) {
        assertError(query, message);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '~', value = {
        "~~                           | unknown position: parse error: no expression found in input",
        "~# just a comment~           | 1:1: parse error: no expression found in input",
        "{}                           | 1:1: parse error: vector selector must contain at least one non-empty matcher",
        "{x=\"\"}                     | 1:1: parse error: vector selector must contain at least one non-empty matcher",
        "{x=~\".*\"}                  | 1:1: parse error: vector selector must contain at least one non-empty matcher",
        "{x!=\"a\"}                   | 1:1: parse error: vector selector must contain at least one non-empty matcher",
        "foo{__name__=\"bar\"}        | 1:1: parse error: metric name must not be set twice: \"foo\" or \"bar\"",
        "foo{a=~\"(.*\"}              | 1:5: parse error: error parsing regexp: missing closing ): `^(?s:(.*)$`",
        "(foo + bar)[5m]              | 1:12: parse error: ranges only allowed for vector selectors",
        "some_metric OFFSET 1m[5m]    | 1:22: parse error: no offset modifiers allowed before range",
        "some_metric @ 1234 [5m]      | 1:20: parse error: no @ modifiers allowed before range",
        "foo[0m]                      | 1:5: parse error: duration must be greater than 0",
        "foo[-1]                      | 1:5: parse error: duration must be greater than 0",
        "foo[5m1h]                    | 1:5: parse error: not a valid duration string: \"5m1h\"",
        "foo[5y1hs]                   | 1:5: parse error: unknown unit \"hs\" in duration \"5y1hs\"",
        "foo[5s/0d]                   | 1:7: parse error: division by zero",
        "foo[5s%0d]                   | 1:7: parse error: modulo by zero",
        "foo offset 9.5e10            | 1:12: parse error: duration out of range",
        "1 offset 1d                  | 1:1: parse error: offset modifier must be preceded by an instant vector selector or range vector selector or a subquery",
        "foo offset 1s offset 2s      | 1:1: parse error: offset may not be set multiple times",
        "rate(x[5m]) @ 1234           | 1:1: parse error: @ modifier must be preceded by an instant vector selector or range vector selector or a subquery",
        "foo @ 1 @ 2                  | 1:1: parse error: @ <timestamp> may not be set multiple times",
        "foo @ +Inf                   | 1:1: parse error: timestamp out of bounds for @ modifier: +Inf",
        "foo @ NaN                    | 1:1: parse error: timestamp out of bounds for @ modifier: NaN",
        "foo @ 9223372036854775809    | 1:1: parse error: timestamp out of bounds for @ modifier: 9223372036854775808.000000",
        "foo[5m:] anchored            | 1:1: parse error: anchored modifier is not supported for subqueries",
        "foo smoothed anchored        | 1:1: parse error: anchored and smoothed modifiers cannot be used together",
        "1[5m] smoothed               | 1:2: parse error: ranges only allowed for vector selectors",
        "test[5d] OFFSET 10s [10m:5s] | 1:1: parse error: subquery is only allowed on instant vector, got matrix instead",
        "-test[5m]                    | 1:1: parse error: unary expression only allowed on expressions of type scalar or instant vector, got \"range vector\"",
        "-\"string\"                  | 1:1: parse error: unary expression only allowed on expressions of type scalar or instant vector, got \"string\"",
    })
    void invalidSelectorsAndModifiers(String query, String message) {
        assertError(query, message);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '~', value = {
        "non_existent_function_far_bar() | 1:1: parse error: unknown function with name \"non_existent_function_far_bar\"",
        "a > b()                      | 1:5: parse error: unknown function with name \"b\"",
        "floor()                      | 1:1: parse error: expected 1 argument(s) in call to \"floor\", got 0",
        "floor(some_metric, 1)        | 1:1: parse error: expected 1 argument(s) in call to \"floor\", got 2",
        "hour(a, a, a)                | 1:1: parse error: expected at most 1 argument(s) in call to \"hour\", got 3",
        "label_join(a, \"b\")         | 1:1: parse error: expected at least 3 argument(s) in call to \"label_join\", got 2",
        "time(some_metric)            | 1:1: parse error: expected 0 argument(s) in call to \"time\", got 1",
        "floor(1)                     | 1:7: parse error: expected type instant vector in call to function \"floor\", got scalar",
        "rate(some_metric)            | 1:6: parse error: expected type range vector in call to function \"rate\", got instant vector",
        "rate(avg)                    | 1:6: parse error: expected type range vector in call to function \"rate\", got instant vector",
        "label_replace(a, 1, \"\", \"\", \"\") | 1:18: parse error: expected type string in call to function \"label_replace\", got scalar",
        "rate(x[5m],)                 | 1:11: parse error: trailing commas not allowed in function call args",
        "rate(x, , y)                 | 1:7: parse error: trailing commas not allowed in function call args",
        "info(x, target_info{a=\"b\"}) | 1:9: parse error: expected label selectors only, got vector selector instead",
        "info(x, {a=\"b\"} == 1)      | 1:9: parse error: expected label selectors only",
        "sum () by (test)             | 1:1: parse error: no arguments for aggregate expression provided",
        "topk(some_metric)            | 1:1: parse error: wrong number of arguments for aggregate expression provided, expected 2, got 1",
        "sum(a, b)                    | 1:1: parse error: wrong number of arguments for aggregate expression provided, expected 1, got 2",
        "topk(some_metric, other)     | 1:6: parse error: expected type scalar in aggregation parameter, got instant vector",
        "count_values(5, other)       | 1:14: parse error: expected type string in aggregation parameter, got scalar",
        "sum(1)                       | 1:5: parse error: expected type instant vector in aggregation expression, got scalar",
        "sum(x[5m])                   | 1:5: parse error: expected type instant vector in aggregation expression, got range vector",
        "sum by (\"\") (x)            | 1:9: parse error: invalid label name for grouping: \"\"",
    })
    void invalidCallsAndAggregations(String query, String message) {
        assertError(query, message);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '~', value = {
        "1 == 1                       | 1:3: parse error: comparisons between scalars must use BOOL modifier",
        "foo + bool bar               | 1:5: parse error: bool modifier can only be used on comparison operators",
        "1 and 1                      | 1:1: parse error: set operator \"and\" not allowed in binary scalar expression",
        "foo or 1                     | 1:1: parse error: set operator \"or\" not allowed in binary scalar expression",
        "1 unless foo                 | 1:1: parse error: set operator \"unless\" not allowed in binary scalar expression",
        "foo == on(bar) 10            | 1:1: parse error: vector matching only allowed between instant vectors",
        "foo and on(bar) group_left(baz) bar | 1:1: parse error: no grouping allowed for \"and\" operation",
        "foo + on(instance) group_left(job, instance) bar | 1:5: parse error: label \"instance\" must not occur in ON and GROUP clause at once",
        "foo[5m] + 1                  | 1:1: parse error: binary expression must contain only scalar and instant vector types",
        "1 + \"a\"                    | 1:5: parse error: binary expression must contain only scalar and instant vector types",
        "foo and fill(1) bar          | 1:1: parse error: filling in missing series not allowed for set operators",
        "foo + fill(1) 2              | 1:1: parse error: filling in missing series only allowed between instant vectors",
    })
    void invalidBinaryOperations(String query, String message) {
        assertError(query, message);
    }

    @Test
    void theExceptionCarriesThePositionAndTheBareProblem() {
        ParseException e = (ParseException) org.assertj.core.api.Assertions.catchThrowable(
                () -> PromqlParser.parseExpr("foo + * bar"));
        assertThat(e.position()).isEqualTo(new PositionRange(6, 7));
        assertThat(e.detail()).isEqualTo("unexpected <op:*>");
        assertThat(e.query()).isEqualTo("foo + * bar");
    }

    @Test
    void positionsCountLinesAndUtf8BytesLikePrometheus() {
        assertError("foo +\n  * bar", "2:3: parse error: unexpected <op:*>");
        assertError("\"ä\" + * 1", "1:8: parse error: unexpected <op:*>");
    }

    @Test
    void metricSelectorsRejectAnythingButASelector() {
        assertThatThrownBy(() -> PromqlParser.parseMetricSelector("foo offset 5m"))
                .hasMessage("1:5: parse error: unexpected <offset>");
        assertThatThrownBy(() -> PromqlParser.parseMetricSelector(""))
                .hasMessage("unknown position: parse error: unexpected end of input");
        assertThatThrownBy(() -> PromqlParser.parseMetricSelector("rate(x[5m])"))
                .hasMessage("1:5: parse error: unexpected \"(\"");
    }
}
