package io.pharos.query.promql.parser;

import static org.assertj.core.api.Assertions.assertThat;

import io.pharos.query.promql.ast.NumberLiteral;
import io.pharos.query.promql.ast.PromqlText;
import io.pharos.query.promql.ast.StringLiteral;
import io.pharos.query.promql.ast.ValueType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LiteralParsingTest {

    private static double number(String q) {
        return ((NumberLiteral) PromqlParser.parseExpr(q)).value();
    }

    private static String string(String q) {
        return ((StringLiteral) PromqlParser.parseExpr(q)).value();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "1          | 1",
        "123.4567   | 123.4567",
        ".5         | 0.5",
        "5.         | 5",
        "5e-3       | 0.005",
        "5E3        | 5000",
        "+5.5e-3    | 0.0055",
        "0xc        | 12",
        "0X1F       | 31",
        "0755       | 493",
        "-0755      | -493",
        "08         | 8",
        "1_000      | 1000",
        "0x_1FFF    | 8191",
        "1e3        | 1000",
        "5m         | 300",
        "1h30m      | 5400",
        "1m30ms     | 60.03",
    })
    void numbersReadAsPrometheusReadsThem(String query, double value) {
        assertThat(number(query)).isEqualTo(value);
        assertThat(PromqlParser.parseExpr(query).type()).isEqualTo(ValueType.SCALAR);
    }

    @Test
    void infinityAndNanAreCaseInsensitive() {
        assertThat(number("Inf")).isEqualTo(Double.POSITIVE_INFINITY);
        assertThat(number("+inf")).isEqualTo(Double.POSITIVE_INFINITY);
        assertThat(number("-INF")).isEqualTo(Double.NEGATIVE_INFINITY);
        assertThat(number("NaN")).isNaN();
        assertThat(number("nan")).isNaN();
        assertThat(PromqlParser.parseExpr("-Inf").toString()).isEqualTo("-Inf");
        assertThat(PromqlParser.parseExpr("NaN").toString()).isEqualTo("NaN");
    }

    @Test
    void durationLiteralsPrintAsDurations() {
        assertThat(PromqlParser.parseExpr("5m").toString()).isEqualTo("5m");
        assertThat(PromqlParser.parseExpr("90m").toString()).isEqualTo("1h30m");
        assertThat(PromqlParser.parseExpr("1048576").toString()).isEqualTo("1048576");
        assertThat(PromqlParser.parseExpr("0x10").toString()).isEqualTo("16");
        assertThat(PromqlParser.parseExpr("1e21").toString()).isEqualTo("1000000000000000000000");
        assertThat(PromqlParser.parseExpr("0.1").toString()).isEqualTo("0.1");
    }

    @Test
    void stringsUseGoEscapes() {
        assertThat(string("\"double \\\" quote\"")).isEqualTo("double \" quote");
        assertThat(string("'single \\' quote'")).isEqualTo("single ' quote");
        assertThat(string("\"\\a\\b\\f\\n\\r\\t\\v\\\\\"")).isEqualTo("\u0007\b\f\n\r\t\u000b\\");
        assertThat(string("\"\\u1234\\U00010111\\101\\x41\"")).isEqualTo("\u1234\uD800\uDD11AA");
        assertThat(string("\"\\xc3\\xa9\"")).isEqualTo("é");
        assertThat(string("\"☺\"")).isEqualTo("☺");
    }

    @Test
    void rawStringsKeepBackslashes() {
        assertThat(string("`a\\dos\\path \\\" '`")).isEqualTo("a\\dos\\path \\\" '");
    }

    @Test
    void bytesThatAreNotUtf8AreKeptAndPrintedBack() {
        String s = string("\"a\\xc5z\"");
        assertThat(PromqlText.isValidUtf8(s)).isFalse();
        assertThat(PromqlText.quote(s)).isEqualTo("\"a\\xc5z\"");
        assertThat(PromqlParser.parseExpr("count_values(\"a\\xc5z\", version)").toString())
                .isEqualTo("count_values(\"a\\xc5z\", version)");
    }

    @Test
    void stringsPrintWithDoubleQuotes() {
        assertThat(PromqlParser.parseExpr("'it''s'".replace("''", "\\'")).toString()).isEqualTo("\"it's\"");
        assertThat(PromqlParser.parseExpr("`tab\there`").toString()).isEqualTo("\"tab\\there\"");
    }

    @Test
    void commentsAreIgnored() {
        assertThat(PromqlParser.parseExpr("foo # the metric\n + 1 # one").toString()).isEqualTo("foo + 1");
        assertThat(PromqlParser.parseExpr("foo{# inside\na=\"b\"}").toString()).isEqualTo("foo{a=\"b\"}");
    }
}
