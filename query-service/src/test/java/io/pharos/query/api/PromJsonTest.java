package io.pharos.query.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.pharos.model.labels.Labels;
import io.pharos.query.promql.value.Sample;
import io.pharos.query.promql.value.Scalar;
import io.pharos.query.promql.value.Vector;
import java.util.List;
import org.junit.jupiter.api.Test;

class PromJsonTest {
    @Test
    void valuesPrintAsGoFormatsThemWithoutExponent() {
        assertThat(PromJson.formatValue(1)).isEqualTo("1");
        assertThat(PromJson.formatValue(0.1)).isEqualTo("0.1");
        assertThat(PromJson.formatValue(-2.5)).isEqualTo("-2.5");
        assertThat(PromJson.formatValue(1e21)).isEqualTo("1000000000000000000000");
        assertThat(PromJson.formatValue(1.5e-7)).isEqualTo("0.00000015");
        assertThat(PromJson.formatValue(Double.NaN)).isEqualTo("NaN");
        assertThat(PromJson.formatValue(Double.POSITIVE_INFINITY)).isEqualTo("+Inf");
        assertThat(PromJson.formatValue(Double.NEGATIVE_INFINITY)).isEqualTo("-Inf");
        assertThat(PromJson.formatValue(-0.0)).isEqualTo("-0");
    }

    @Test
    void timestampsAreSecondsWithMillisecondFraction() {
        StringBuilder sb = new StringBuilder();
        PromJson.timestamp(sb, 1435781451781L);
        sb.append(' ');
        PromJson.timestamp(sb, 1435781451000L);
        sb.append(' ');
        PromJson.timestamp(sb, 1435781451050L);
        assertThat(sb).hasToString("1435781451.781 1435781451 1435781451.050");
    }

    @Test
    void vectorResponseHasPrometheusShape() {
        String json = ApiResponses.success(new Vector(List.of(new Sample(Labels.of("__name__", "up", "job", "x"),
                1435781451781L, 1))), List.of());
        assertThat(json).isEqualTo("{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":"
                + "[{\"metric\":{\"__name__\":\"up\",\"job\":\"x\"},\"value\":[1435781451.781,\"1\"]}]}}");
    }

    @Test
    void scalarResponseAndWarnings() {
        assertThat(ApiResponses.success(new Scalar(1000, 2), List.of("storage x did not answer")))
                .isEqualTo("{\"status\":\"success\",\"data\":{\"resultType\":\"scalar\",\"result\":[1,\"2\"]},"
                        + "\"warnings\":[\"storage x did not answer\"]}");
    }

    @Test
    void errorResponseHasPrometheusShape() {
        assertThat(ApiResponses.error(ApiError.Type.BAD_DATA, "invalid parameter \"query\": x"))
                .isEqualTo("{\"status\":\"error\",\"errorType\":\"bad_data\",\"error\":\"invalid parameter \\\"query\\\": x\"}");
    }

    @Test
    void exponentFormIsGosShortest() {
        assertThat(PromJson.formatExponent(1)).isEqualTo("1e+00");
        assertThat(PromJson.formatExponent(0.5)).isEqualTo("5e-01");
        assertThat(PromJson.formatExponent(123.456)).isEqualTo("1.23456e+02");
        assertThat(PromJson.formatExponent(-2.5e-120)).isEqualTo("-2.5e-120");
        assertThat(PromJson.formatExponent(0)).isEqualTo("0e+00");
        assertThat(PromJson.formatExponent(Double.NaN)).isEqualTo("NaN");
    }
}
