package io.pharos.model.textparse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pharos.model.labels.Labels;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PromTextParserTest {
    private record Row(Labels labels, double value, Long ts) {
    }

    private static List<Row> series(String body) {
        PromTextParser p = new PromTextParser(body.getBytes(StandardCharsets.UTF_8));
        List<Row> rows = new ArrayList<>();
        Labels.Builder b = Labels.builder();
        ExpositionParser.Entry e;
        while ((e = p.next()) != null) {
            if (e == ExpositionParser.Entry.SERIES) {
                b.reset();
                p.labels(b);
                rows.add(new Row(b.build(), p.value(), p.hasTimestamp() ? p.timestamp() : null));
            }
        }
        return rows;
    }

    @Test
    void readsSeriesWithLabelsValuesAndTimestamps() {
        List<Row> rows = series("""
                # HELP http_requests_total The total.\\nSecond line.
                # TYPE http_requests_total counter
                http_requests_total{method="post",code="200"} 1027 1395066363000
                http_requests_total{method="post",code="400"}    3   1395066363000

                # A comment
                metric_without_timestamp_and_labels 12.47
                something_weird{problem="division by zero"} +Inf -3982045
                msdos_file_access_time_seconds{path="C:\\\\DIR\\\\FILE.TXT",error="Cannot find file:\\n\\"FILE.TXT\\""} 1.458255915e9
                nan_metric NaN
                trailing_comma{a="b",} -Inf
                """);
        assertThat(rows).hasSize(7);
        assertThat(rows.get(0).labels()).isEqualTo(Labels.of("__name__", "http_requests_total", "method", "post", "code", "200"));
        assertThat(rows.get(0).value()).isEqualTo(1027);
        assertThat(rows.get(0).ts()).isEqualTo(1395066363000L);
        assertThat(rows.get(2).ts()).isNull();
        assertThat(rows.get(3).value()).isEqualTo(Double.POSITIVE_INFINITY);
        assertThat(rows.get(3).ts()).isEqualTo(-3982045L);
        assertThat(rows.get(4).labels().get("path")).isEqualTo("C:\\DIR\\FILE.TXT");
        assertThat(rows.get(4).labels().get("error")).isEqualTo("Cannot find file:\n\"FILE.TXT\"");
        assertThat(rows.get(5).value()).isNaN();
        assertThat(rows.get(6).value()).isEqualTo(Double.NEGATIVE_INFINITY);
    }

    @Test
    void readsHelpAndType() {
        PromTextParser p = new PromTextParser("# HELP x a\\\\b\n# TYPE x gauge\n".getBytes(StandardCharsets.UTF_8));
        assertThat(p.next()).isEqualTo(ExpositionParser.Entry.HELP);
        assertThat(p.text()).isEqualTo("a\\b");
        assertThat(p.next()).isEqualTo(ExpositionParser.Entry.TYPE);
        assertThat(p.type()).isEqualTo(MetricType.GAUGE);
        assertThat(p.next()).isNull();
    }

    @Test
    void namesTheLineOfABrokenValue() {
        assertThatThrownBy(() -> series("a 1\nb{x=\"y\"} one\n"))
                .isInstanceOf(ExpositionParseException.class)
                .hasMessage("line 2: invalid value 'one' for 'b'");
    }

    @Test
    void namesUnterminatedLabelValue() {
        assertThatThrownBy(() -> series("a{x=\"y} 1\n")).hasMessageContaining("line 1").hasMessageContaining("unterminated");
    }

    @Test
    void rejectsInvalidEscape() {
        assertThatThrownBy(() -> series("a{x=\"\\q\"} 1\n")).hasMessageContaining("invalid escape");
    }

    @Test
    void rejectsUnknownType() {
        assertThatThrownBy(() -> series("# TYPE a foo\n")).hasMessageContaining("invalid metric type 'foo'");
    }

    @Test
    void rejectsDuplicateLabel() {
        assertThatThrownBy(() -> series("a{x=\"1\",x=\"2\"} 1\n")).hasMessageContaining("duplicate label name 'x'");
    }

    @Test
    void rejectsMissingValue() {
        assertThatThrownBy(() -> series("a{x=\"1\"}\n")).hasMessageContaining("expected a value");
    }
}
