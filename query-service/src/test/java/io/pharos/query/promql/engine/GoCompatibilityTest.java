package io.pharos.query.promql.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pharos.model.labels.Labels;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The pieces of Go's standard library whose exact behaviour Prometheus's results depend on. */
class GoCompatibilityTest {

    private static String expand(String regex, String template, String input) {
        Matcher m = Pattern.compile("^(?s:" + GoRegex.toJava(regex) + ")\\z").matcher(input);
        assertThat(m.find()).isTrue();
        return GoRegex.expand(m, template, input);
    }

    @Test
    void regexTemplatesExpandAsGoExpandsThem() {
        assertThat(expand("(a)(b)", "$2$1", "ab")).isEqualTo("ba");
        assertThat(expand("(a)(b)", "${1}x", "ab")).isEqualTo("ax");
        assertThat(expand("(a)(b)", "$1x", "ab")).isEqualTo(""); // $1x names a group "1x", which does not exist
        assertThat(expand("(?P<first>a)b", "$first-${first}", "ab")).isEqualTo("a-a");
        assertThat(expand("(a)", "$$1 $ ${", "a")).isEqualTo("$1 $ ${");
        assertThat(expand("(a)", "$3", "a")).isEmpty();
        assertThat(expand("[[:alpha:]]+", "ok", "abc")).isEqualTo("ok");
    }

    @Test
    void naturalOrderComparesNumbersByValue() {
        assertThat(InstantFunctions.naturalLess("a2", "a10")).isTrue();
        assertThat(InstantFunctions.naturalLess("a10", "a2")).isFalse();
        assertThat(InstantFunctions.naturalLess("007", "8")).isTrue();
        assertThat(InstantFunctions.naturalLess("abc", "abd")).isTrue();
        assertThat(InstantFunctions.naturalLess("ab", "abc")).isTrue();
        assertThat(InstantFunctions.naturalLess("x", "x")).isFalse();
    }

    @Test
    void floatsParseAsStrconvParsesThem() {
        assertThat(GoFloat.parse("+Inf")).isInfinite();
        assertThat(GoFloat.parse("-infinity")).isEqualTo(Double.NEGATIVE_INFINITY);
        assertThat(GoFloat.parse("NaN")).isNaN();
        assertThat(GoFloat.parse("1e3")).isEqualTo(1000);
        assertThat(GoFloat.parse("0x1p-2")).isEqualTo(0.25);
        assertThatThrownBy(() -> GoFloat.parse("1.0f")).isInstanceOf(NumberFormatException.class);
        assertThatThrownBy(() -> GoFloat.parse(" 1")).isInstanceOf(NumberFormatException.class);
        assertThatThrownBy(() -> GoFloat.parse("")).isInstanceOf(NumberFormatException.class);
    }

    @Test
    void floatsFormatAsFmtFormatsThem() {
        assertThat(GoFloat.formatG(0.5, 2)).isEqualTo("0.5");
        assertThat(GoFloat.formatG(123, 2)).isEqualTo("1.2e+02");
        assertThat(GoFloat.formatG(0.000012345, 2)).isEqualTo("1.2e-05");
        assertThat(GoFloat.formatG(1, 2)).isEqualTo("1");
        assertThat(HistogramQuantile.openMetricsFloat(0.5)).isEqualTo("0.5");
        assertThat(HistogramQuantile.openMetricsFloat(1)).isEqualTo("1.0");
        assertThat(HistogramQuantile.openMetricsFloat(2)).isEqualTo("2.0");
        assertThat(HistogramQuantile.openMetricsFloat(1e-5)).isEqualTo("1e-05");
        assertThat(Messages.labels(Labels.of("__name__", "m", "a", "x\"y"))).isEqualTo("{__name__=\"m\", a=\"x\\\"y\"}");
    }

    @Test
    void almostEqualIsPrometheusTolerance() {
        assertThat(GoFloat.almostEqual(1, 1 + 1e-13, 1e-12)).isTrue();
        assertThat(GoFloat.almostEqual(1, 1.001, 1e-6)).isFalse();
        assertThat(GoFloat.almostEqual(0, 1e-300, 1e-6)).isFalse();
        assertThat(GoFloat.almostEqual(Double.NaN, Double.NaN, 1e-6)).isTrue();
    }

    @Test
    void quantileInterpolatesBetweenRanks() {
        assertThat(Quantiles.quantile(0.5, new double[] {3, 1, 2, 4}, 4)).isEqualTo(2.5);
        assertThat(Quantiles.quantile(0, new double[] {3, 1, 2}, 3)).isEqualTo(1);
        assertThat(Quantiles.quantile(2, new double[] {3}, 1)).isEqualTo(Double.POSITIVE_INFINITY);
        assertThat(Quantiles.quantile(0.5, new double[0], 0)).isNaN();
    }

    @Test
    void hyperbolicInversesMatchTheirDefinitions() {
        for (double x : new double[] {1e-10, 0.3, 1.7, 25, 1e9}) {
            assertThat(Math.sinh(GoMath.asinh(x))).isCloseTo(x, org.assertj.core.data.Percentage.withPercentage(1e-9));
            assertThat(Math.cosh(GoMath.acosh(x + 1))).isCloseTo(x + 1, org.assertj.core.data.Percentage.withPercentage(1e-9));
        }
        assertThat(Math.tanh(GoMath.atanh(0.5))).isCloseTo(0.5, org.assertj.core.data.Offset.offset(1e-15));
        assertThat(GoMath.atanh(1)).isInfinite();
        assertThat(GoMath.log2(8)).isEqualTo(3);
    }
}
