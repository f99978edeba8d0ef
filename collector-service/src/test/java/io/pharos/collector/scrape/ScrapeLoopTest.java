package io.pharos.collector.scrape;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.pharos.model.labels.Labels;
import io.pharos.model.sample.SamplePublisher;
import io.pharos.model.sample.SeriesSamples;
import io.pharos.model.sample.StaleMarker;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Scrapes a real local HTTP target; the publisher is a list, since Kafka is not what is tested here. */
class ScrapeLoopTest {
    private HttpServer server;
    private final AtomicReference<String> body = new AtomicReference<>("");
    private final AtomicReference<Integer> status = new AtomicReference<>(200);
    private final List<List<SeriesSamples>> published = new ArrayList<>();
    private final SamplePublisher publisher = series -> {
        published.add(series);
        return CompletableFuture.completedFuture(null);
    };

    @BeforeEach
    void start() throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/metrics", ex -> {
            byte[] b = body.get().getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(status.get(), b.length);
            ex.getResponseBody().write(b);
            ex.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private ScrapeLoop loop(int port) {
        ScrapeTarget t = new ScrapeTarget(URI.create("http://127.0.0.1:" + port + "/metrics"),
                Labels.of("job", "t", "instance", "127.0.0.1:" + port), Duration.ofSeconds(15), Duration.ofSeconds(2),
                false, true, 0);
        return new ScrapeLoop(t, new TargetScraper(HttpClient.newHttpClient()), publisher, Clock.systemUTC());
    }

    private static SeriesSamples named(List<SeriesSamples> batch, String name) {
        return batch.stream().filter(s -> s.labels().metricName().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void successfulScrapeReportsUpAndSampleCounts() {
        body.set("a 1\nb{x=\"y\"} 2\n");
        ScrapeLoop loop = loop(server.getAddress().getPort());
        loop.scrapeOnce();
        List<SeriesSamples> batch = published.get(0);
        assertThat(named(batch, "up").values()).containsExactly(1);
        assertThat(named(batch, "scrape_samples_scraped").values()).containsExactly(2);
        assertThat(named(batch, "scrape_series_added").values()).containsExactly(2);
        assertThat(named(batch, "scrape_duration_seconds").values()[0]).isGreaterThan(0);
        assertThat(named(batch, "b").labels().get("job")).isEqualTo("t");
        assertThat(loop.health().state()).isEqualTo(ScrapeHealth.State.UP);
    }

    @Test
    void vanishedSeriesGetAStalenessMarker() {
        body.set("a 1\nb 2\n");
        ScrapeLoop loop = loop(server.getAddress().getPort());
        loop.scrapeOnce();
        body.set("a 1\n");
        loop.scrapeOnce();
        assertThat(StaleMarker.is(named(published.get(1), "b").values()[0])).isTrue();
        assertThat(named(published.get(1), "scrape_series_added").values()).containsExactly(0);
    }

    @Test
    void malformedBodyGivesUpZeroAndNamesTheLine() {
        body.set("a 1\nb{ 2\n");
        ScrapeLoop loop = loop(server.getAddress().getPort());
        loop.scrapeOnce();
        assertThat(named(published.get(0), "up").values()).containsExactly(0);
        assertThat(loop.health().state()).isEqualTo(ScrapeHealth.State.DOWN);
        assertThat(loop.health().lastError()).startsWith("line 2:");
    }

    @Test
    void unreachableTargetGivesUpZero() {
        int port = server.getAddress().getPort();
        server.stop(0);
        ScrapeLoop loop = loop(port);
        loop.scrapeOnce();
        assertThat(named(published.get(0), "up").values()).containsExactly(0);
        assertThat(loop.health().lastError()).contains("connection refused");
    }

    @Test
    void httpErrorStatusGivesUpZero() {
        status.set(503);
        ScrapeLoop loop = loop(server.getAddress().getPort());
        loop.scrapeOnce();
        assertThat(loop.health().lastError()).isEqualTo("server returned HTTP status 503 Service Unavailable");
    }

    @Test
    void stoppingMarksEverySeriesStale() {
        body.set("a 1\n");
        ScrapeLoop loop = loop(server.getAddress().getPort());
        loop.scrapeOnce();
        loop.stop();
        List<SeriesSamples> last = published.get(1);
        assertThat(last).extracting(s -> s.labels().metricName()).contains("a", "up");
        assertThat(last).allMatch(s -> StaleMarker.is(s.values()[0]));
    }
}
