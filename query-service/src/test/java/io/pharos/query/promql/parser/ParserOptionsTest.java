package io.pharos.query.promql.parser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** With {@link PromqlParser.Options#STABLE}, the experimental Prometheus features are refused as Prometheus refuses them. */
class ParserOptionsTest {

    private final PromqlParser stable = new PromqlParser(PromqlParser.Options.STABLE);

    @Test
    void experimentalFunctionsNeedTheFeature() {
        assertThatThrownBy(() -> stable.parse("mad_over_time(x[5m])"))
                .hasMessage("1:1: parse error: function \"mad_over_time\" is not enabled");
        assertThatThrownBy(() -> stable.parse("limitk(1, x)"))
                .hasMessage("1:1: parse error: limitk() is experimental and must be enabled with "
                        + "--enable-feature=promql-experimental-functions");
        assertThat(stable.parse("rate(x[5m])").toString()).isEqualTo("rate(x[5m])");
    }

    @Test
    void durationExpressionsNeedTheFeature() {
        assertThatThrownBy(() -> stable.parse("foo[5m + 1m]"))
                .hasMessage("1:5: parse error: experimental duration expression is not enabled");
        assertThatThrownBy(() -> stable.parse("foo offset step()"))
                .hasMessage("1:12: parse error: experimental duration expression is not enabled");
        assertThat(stable.parse("foo[5m] offset -1h").toString()).isEqualTo("foo[5m] offset -1h");
    }

    @Test
    void extendedRangeSelectorsNeedTheFeature() {
        assertThatThrownBy(() -> stable.parse("rate(foo[5m] anchored)"))
                .hasMessage("1:6: parse error: anchored modifier is experimental and not enabled");
    }

    @Test
    void fillModifiersNeedTheFeature() {
        assertThatThrownBy(() -> stable.parse("a + fill(0) b"))
                .hasMessage("1:1: parse error: binop fill modifiers are experimental and not enabled");
    }
}
