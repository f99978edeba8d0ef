package io.pharos.model.textparse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pharos.model.labels.Labels;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

class OpenMetricsParserTest {
    record Sample(Labels labels, double value, Long timestamp) {
    }

    private static List<Sample> samples(String body) {
        return samples(body, true);
    }

    private static List<Sample> samples(String body, boolean strict) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        OpenMetricsParser p = new OpenMetricsParser(bytes, bytes.length, strict);
        List<Sample> out = new ArrayList<>();
        ExpositionParser.Entry e;
        while ((e = p.next()) != null) {
            if (e == ExpositionParser.Entry.SERIES) {
                Labels.Builder b = Labels.builder();
                p.labels(b);
                out.add(new Sample(b.build(), p.value(), p.hasTimestamp() ? p.timestamp() : null));
            }
        }
        return out;
    }

    @Test
    void readsEveryTypeWithItsSuffixes() {
        List<Sample> s = samples("""
                # TYPE c counter
                # HELP c help
                c_total{a="b"} 1.5 # {trace_id="x"} 1 1.5
                c_created{a="b"} 123.456
                # TYPE h histogram
                h_bucket{le="1.0"} 0
                h_bucket{le="+Inf"} 3
                h_count 3
                h_sum 2
                # TYPE i info
                i_info{version="1.2"} 1
                # TYPE s stateset
                s{s="on"} 1
                s{s="off"} 0
                # EOF
                """);
        assertThat(s).extracting(x -> x.labels().metricName())
                .containsExactly("c_total", "c_created", "h_bucket", "h_bucket", "h_count", "h_sum", "i_info", "s", "s");
        assertThat(s.get(0).labels()).isEqualTo(Labels.of("__name__", "c_total", "a", "b"));
        assertThat(s.get(0).value()).isEqualTo(1.5);
        assertThat(s.get(3).labels().get("le")).isEqualTo("+Inf");
    }

    @Test
    void timestampsAreSecondsReturnedAsMilliseconds() {
        List<Sample> s = samples("a 1 1.5\n# EOF\n");
        assertThat(s.get(0).timestamp()).isEqualTo(1500L);
    }

    @Test
    void exemplarsAreParsed() {
        OpenMetricsParser p = new OpenMetricsParser("# TYPE c counter\nc_total 2 # {id=\"abc\"} 0.5 12.25\n# EOF\n"
                .getBytes(StandardCharsets.UTF_8));
        while (p.next() != ExpositionParser.Entry.SERIES) {
            // skip metadata
        }
        assertThat(p.hasExemplar()).isTrue();
        Labels.Builder b = Labels.builder();
        p.exemplarLabels(b);
        assertThat(b.build()).isEqualTo(Labels.of("id", "abc"));
        assertThat(p.exemplarValue()).isEqualTo(0.5);
        assertThat(p.exemplarTimestamp()).isEqualTo(12250L);
    }

    @Test
    void labelEscapesAndSpecialValues() {
        List<Sample> s = samples("a{x=\"q\\\"\\n\\\\\"} +Inf\nb -Inf\nc NaN\n# EOF\n");
        assertThat(s.get(0).labels().get("x")).isEqualTo("q\"\n\\");
        assertThat(s.get(0).value()).isInfinite();
        assertThat(s.get(2).value()).isNaN();
    }

    @Test
    void errorsNameTheLine() {
        assertThatThrownBy(() -> samples("a 1\nb{ 2\n# EOF\n")).hasMessageStartingWith("line 2:");
        assertThatThrownBy(() -> samples("a 1\n")).hasMessageContaining("# EOF");
    }

    @Test
    void decimalValuesAreExact() {
        List<Sample> s = samples("a 0.1\nb 1e-7\nc 123456789012345678901234\nd 2.478268416e+09\n# EOF\n");
        assertThat(s.get(0).value()).isEqualTo(0.1);
        assertThat(s.get(1).value()).isEqualTo(1e-7);
        assertThat(s.get(2).value()).isEqualTo(1.2345678901234568e23);
        assertThat(s.get(3).value()).isEqualTo(2.478268416e9);
    }

    @Test
    void upstreamOpenMetricsSamplesParse() throws IOException {
        String shared = System.getProperty("pharos.shared.dir");
        Assumptions.assumeTrue(shared != null);
        Path dir = Path.of(shared, "conformance", "exposition");
        Assumptions.assumeTrue(Files.isDirectory(dir));
        for (String f : List.of("textparse/alltypes.5mfs.om.txt", "textparse/1histogram.om.txt",
                "promtool/dump-openmetrics-test.prom", "promtool/dump-openmetrics-roundtrip-test.prom")) {
            List<Sample> s = samples(Files.readString(dir.resolve(f)), false);
            assertThat(s).as(f).isNotEmpty();
        }
        List<Sample> dump = samples(Files.readString(dir.resolve("promtool/dump-openmetrics-test.prom")));
        assertThat(dump).filteredOn(x -> x.labels().metricName().equals("my_counter"))
                .extracting(Sample::value).containsExactly(1.0, 2.0, 3.0, 4.0, 5.0);
        assertThat(dump.get(1).timestamp()).isEqualTo(60_000L);
    }

    @Test
    void scrapesReadLenientlyWhereClientLibrariesBreakTheSpecification() {
        String body = """
                # TYPE h histogram
                h_bucket{le="-1"} 1
                h_bucket{le="+Inf"} 2
                h_count 2
                h_sum -3
                # EOF
                """;
        assertThatThrownBy(() -> samples(body, true)).hasMessageContaining("negative buckets and a _sum");
        assertThat(samples(body, false)).hasSize(4);
        assertThatThrownBy(() -> samples("a 1\n", false)).hasMessageContaining("# EOF");
        assertThatThrownBy(() -> samples("a  1\n# EOF\n", false)).hasMessageStartingWith("line 1:");
    }

    @Test
    void upstreamTextSamplesParseWithTheTextParser() throws IOException {
        String shared = System.getProperty("pharos.shared.dir");
        Assumptions.assumeTrue(shared != null);
        Path dir = Path.of(shared, "conformance", "exposition");
        Assumptions.assumeTrue(Files.isDirectory(dir));
        int series = 0;
        PromTextParser p = new PromTextParser(Files.readAllBytes(dir.resolve("promtool/metrics-test.prom")));
        ExpositionParser.Entry e;
        while ((e = p.next()) != null) {
            if (e == ExpositionParser.Entry.SERIES) {
                series++;
            }
        }
        assertThat(series).isEqualTo(27);
        for (String f : List.of("textparse/alltypes.237mfs.prom.txt", "textparse/alltypes.237mfs.nometa.prom.txt")) {
            PromTextParser t = new PromTextParser(Files.readAllBytes(dir.resolve(f)));
            while (t.next() != null) {
                // must parse to the end
            }
        }
    }
}
