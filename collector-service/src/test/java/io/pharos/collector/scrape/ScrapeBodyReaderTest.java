package io.pharos.collector.scrape;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pharos.model.labels.Labels;
import io.pharos.model.sample.SeriesSamples;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ScrapeBodyReaderTest {
    private static ScrapeTarget target(boolean honorLabels, boolean honorTimestamps, long sampleLimit) {
        return new ScrapeTarget(URI.create("http://h:1/metrics"), Labels.of("job", "j", "instance", "h:1"),
                Duration.ofSeconds(15), Duration.ofSeconds(10), honorLabels, honorTimestamps, sampleLimit);
    }

    private static List<SeriesSamples> read(String body, ScrapeTarget t) throws Exception {
        return ScrapeBodyReader.read(body.getBytes(StandardCharsets.UTF_8), t, 5000);
    }

    @Test
    void attachesTargetLabelsAndScrapeTime() throws Exception {
        List<SeriesSamples> s = read("a{x=\"1\"} 3\n", target(false, true, 0));
        assertThat(s.get(0).labels()).isEqualTo(Labels.of("__name__", "a", "x", "1", "job", "j", "instance", "h:1"));
        assertThat(s.get(0).timestamps()).containsExactly(5000);
    }

    @Test
    void conflictingLabelsAreRenamedExportedUnlessHonored() throws Exception {
        String body = "a{job=\"inner\"} 1\n";
        assertThat(read(body, target(false, true, 0)).get(0).labels().get("exported_job")).isEqualTo("inner");
        assertThat(read(body, target(false, true, 0)).get(0).labels().get("job")).isEqualTo("j");
        assertThat(read(body, target(true, true, 0)).get(0).labels().get("job")).isEqualTo("inner");
        assertThat(read(body, target(true, true, 0)).get(0).labels().has("exported_job")).isFalse();
    }

    @Test
    void explicitTimestampsAreKeptOnlyWhenHonored() throws Exception {
        assertThat(read("a 1 1234\n", target(false, true, 0)).get(0).timestamps()).containsExactly(1234);
        assertThat(read("a 1 1234\n", target(false, false, 0)).get(0).timestamps()).containsExactly(5000);
    }

    @Test
    void duplicateSeriesKeepTheFirstSample() throws Exception {
        List<SeriesSamples> s = read("a 1\na 2\n", target(false, true, 0));
        assertThat(s).hasSize(1);
        assertThat(s.get(0).values()).containsExactly(1);
    }

    @Test
    void sampleLimitFailsTheScrape() {
        assertThatThrownBy(() -> read("a 1\nb 2\nc 3\n", target(false, true, 2)))
                .hasMessage("sample limit exceeded");
    }
}
