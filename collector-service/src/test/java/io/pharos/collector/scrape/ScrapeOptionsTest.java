package io.pharos.collector.scrape;

import static org.assertj.core.api.Assertions.assertThat;

import io.pharos.model.config.PrometheusConfigLoader;
import io.pharos.model.config.ScrapeConfig;
import io.pharos.model.labels.Labels;
import io.pharos.model.sample.SamplePublisher;
import io.pharos.model.sample.SeriesSamples;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every scrape option against a real HTTP target on loopback. */
class ScrapeOptionsTest {
    private LoopbackTarget target;
    private final List<List<SeriesSamples>> published = new ArrayList<>();
    private final SamplePublisher publisher = series -> {
        published.add(series);
        return CompletableFuture.completedFuture(null);
    };
    @TempDir
    Path dir;

    @BeforeEach
    void start() throws Exception {
        target = new LoopbackTarget();
        target.body = "a 1\n";
    }

    @AfterEach
    void stop() {
        target.close();
    }

    private ScrapeLoop loop(String scrapeConfigYaml) {
        String yaml = "scrape_configs:\n  - job_name: t\n    static_configs: [{targets: ['" + target.address() + "']}]\n"
                + scrapeConfigYaml.indent(4);
        ScrapeConfig c = PrometheusConfigLoader.parse("p.yml", yaml, dir).scrapeConfigs().get(0);
        TargetLabels.Result r = TargetLabels.populate(c, Labels.of("__address__", target.address()), Labels.EMPTY);
        assertThat(r.error()).isEmpty();
        return new ScrapeLoop(r.target(), new TargetScraper(HttpClients.build(c.http()), c.http()), publisher,
                Clock.systemUTC());
    }

    private ScrapeHealth scrape(String yaml) {
        ScrapeLoop l = loop(yaml);
        l.scrapeOnce();
        return l.health();
    }

    private List<SeriesSamples> last() {
        return published.get(published.size() - 1);
    }

    private double reported(String name) {
        return last().stream().filter(s -> s.labels().metricName().equals(name)).findFirst().orElseThrow().values()[0];
    }

    @Test
    void acceptHeaderIsPrometheusesAndOpenMetricsIsReadWhenServed() {
        target.contentType = "application/openmetrics-text; version=1.0.0; charset=utf-8";
        target.body = "# TYPE c counter\nc_total 3 # {id=\"x\"} 1\nc_created 1.5e9\n# EOF\n";
        assertThat(scrape("").lastError()).isEmpty();
        assertThat(target.lastHeaders.getFirst("Accept")).isEqualTo(
                "application/openmetrics-text;version=1.0.0;escaping=underscores;q=0.6,"
                        + "application/openmetrics-text;version=0.0.1;q=0.5,"
                        + "text/plain;version=1.0.0;escaping=underscores;q=0.4,text/plain;version=0.0.4;q=0.3,*/*;q=0.2");
        assertThat(last()).extracting(s -> s.labels().metricName()).contains("c_total", "c_created");
        assertThat(target.lastHeaders.getFirst("X-prometheus-scrape-timeout-seconds")).isEqualTo("10");
    }

    @Test
    void metadataOfTheLastScrapeIsKeptForTheMetadataApi() {
        target.contentType = "application/openmetrics-text; version=1.0.0";
        target.body = "# TYPE req_seconds histogram\n# UNIT req_seconds seconds\n# HELP req_seconds Request time.\n"
                + "req_seconds_bucket{le=\"+Inf\"} 1\nreq_seconds_count 1\nreq_seconds_sum 0.5\n# EOF\n";
        ScrapeLoop l = loop("");
        l.scrapeOnce();
        assertThat(l.metadata()).containsEntry("req_seconds",
                new MetricMetadata("req_seconds", "histogram", "Request time.", "seconds"));
    }

    @Test
    void openMetricsWithoutEofFailsTheScrape() {
        target.contentType = "application/openmetrics-text; version=1.0.0";
        target.body = "a 1\n";
        assertThat(scrape("").lastError()).contains("# EOF");
        assertThat(reported("up")).isEqualTo(0);
    }

    @Test
    void scrapeProtocolsShapeTheAcceptHeader() {
        scrape("scrape_protocols: [PrometheusText0.0.4]");
        assertThat(target.lastHeaders.getFirst("Accept")).isEqualTo("text/plain;version=0.0.4;q=0.6,*/*;q=0.5");
    }

    @Test
    void unsupportedContentTypeFailsUnlessAFallbackIsSet() {
        target.contentType = "application/json";
        assertThat(scrape("").lastError()).isEqualTo(
                "received unsupported Content-Type \"application/json\" and no fallback_scrape_protocol specified for target");
        assertThat(scrape("fallback_scrape_protocol: PrometheusText0.0.4").lastError()).isEmpty();
    }

    @Test
    void gzipIsAskedForAndReadUnlessCompressionIsDisabled() {
        target.gzip = true;
        target.body = "a 1\nb 2\n";
        assertThat(scrape("").lastError()).isEmpty();
        assertThat(target.lastHeaders.getFirst("Accept-Encoding")).isEqualTo("gzip");
        assertThat(reported("scrape_samples_scraped")).isEqualTo(2);
        target.gzip = false;
        scrape("enable_compression: false");
        assertThat(target.lastHeaders.getFirst("Accept-Encoding")).isEqualTo("identity");
    }

    @Test
    void paramsGoIntoTheQueryString() {
        scrape("params: {module: [if_mib], target: ['a b']}");
        assertThat(target.lastQuery).isEqualTo("module=if_mib&target=a+b");
    }

    @Test
    void basicAuthIsSent() throws Exception {
        Files.writeString(dir.resolve("pw"), "s3cret\n");
        scrape("basic_auth: {username: u, password_file: pw}");
        assertThat(target.lastHeaders.getFirst("Authorization"))
                .isEqualTo("Basic " + Base64.getEncoder().encodeToString("u:s3cret".getBytes()));
    }

    @Test
    void bearerTokensAndAuthorizationAreSent() throws Exception {
        scrape("authorization: {credentials: tok}");
        assertThat(target.lastHeaders.getFirst("Authorization")).isEqualTo("Bearer tok");
        scrape("authorization: {type: Token, credentials: t2}");
        assertThat(target.lastHeaders.getFirst("Authorization")).isEqualTo("Token t2");
        Files.writeString(dir.resolve("token"), "filetok\n");
        scrape("bearer_token_file: token");
        assertThat(target.lastHeaders.getFirst("Authorization")).isEqualTo("Bearer filetok");
        scrape("bearer_token: inline");
        assertThat(target.lastHeaders.getFirst("Authorization")).isEqualTo("Bearer inline");
    }

    @Test
    void redirectsAreFollowedUnlessDisabled() {
        target.redirectTo = "/elsewhere";
        assertThat(scrape("").lastError()).isEmpty();
        assertThat(target.hits).containsKey("/elsewhere");
        assertThat(scrape("follow_redirects: false").lastError()).isEqualTo("server returned HTTP status 302 Found");
    }

    @Test
    void bodySizeLimitFailsTheScrape() {
        target.body = "a 1\n".repeat(1000);
        assertThat(scrape("body_size_limit: 1KB").lastError()).isEqualTo("body size limit exceeded");
        assertThat(scrape("body_size_limit: 1MB").lastError()).isEmpty();
    }

    @Test
    void sampleLimitFailsTheWholeScrapeAndReportsTheTotal() {
        target.body = "a 1\nb 1\nc 1\n";
        assertThat(scrape("sample_limit: 2").lastError()).isEqualTo("sample limit exceeded");
        assertThat(reported("up")).isEqualTo(0);
        assertThat(reported("scrape_samples_scraped")).isEqualTo(3);
        assertThat(last()).extracting(s -> s.labels().metricName()).doesNotContain("a", "b", "c");
    }

    @Test
    void labelLimitsFailTheScrapeWithPrometheusMessages() {
        target.body = "metric_a{x=\"1\",y=\"2\"} 1\n";
        assertThat(scrape("label_limit: 4").lastError())
                .isEqualTo("label_limit exceeded (metric: metric_a, number of labels: 5, limit: 4)");
        assertThat(scrape("label_limit: 5").lastError()).isEmpty();
        target.body = "metric_a{long_label_name=\"v\"} 1\n";
        assertThat(scrape("label_name_length_limit: 10").lastError()).isEqualTo(
                "label_name_length_limit exceeded (metric: metric_a, label name: long_label_name, length: 15, limit: 10)");
        target.body = "metric_a{x=\"01234567890123456789\"} 1\n";
        assertThat(scrape("label_value_length_limit: 16").lastError()).isEqualTo(
                "label_value_length_limit exceeded (metric: metric_a, label name: x, value: \"01234567890123456789\", length: 20, limit: 16)");
    }

    @Test
    void metricRelabelingDropsAndRewritesScrapedSeries() {
        target.body = "keep_me{x=\"1\"} 1\ndrop_me 2\n";
        scrape("""
                metric_relabel_configs:
                  - {source_labels: [__name__], regex: 'drop_.*', action: drop}
                  - {source_labels: [x], target_label: y, replacement: 'was_$1'}
                """);
        assertThat(last()).extracting(s -> s.labels().metricName()).contains("keep_me").doesNotContain("drop_me");
        assertThat(reported("scrape_samples_scraped")).isEqualTo(2);
        assertThat(reported("scrape_samples_post_metric_relabeling")).isEqualTo(1);
        SeriesSamples kept = last().stream().filter(s -> s.labels().metricName().equals("keep_me")).findFirst().orElseThrow();
        assertThat(kept.labels().get("y")).isEqualTo("was_1");
    }

    @Test
    void honorLabelsKeepsScrapedJobAndInstance() {
        target.body = "a{job=\"inner\",instance=\"i\"} 1\n";
        scrape("honor_labels: true");
        SeriesSamples a = last().stream().filter(s -> s.labels().metricName().equals("a")).findFirst().orElseThrow();
        assertThat(a.labels().get("job")).isEqualTo("inner");
        scrape("");
        a = last().stream().filter(s -> s.labels().metricName().equals("a")).findFirst().orElseThrow();
        assertThat(a.labels().get("job")).isEqualTo("t");
        assertThat(a.labels().get("exported_job")).isEqualTo("inner");
        assertThat(a.labels().get("exported_instance")).isEqualTo("i");
    }

    @Test
    void honorTimestampsFalseUsesTheScrapeTime() {
        target.body = "a 1 1000\n";
        scrape("honor_timestamps: false");
        SeriesSamples a = last().stream().filter(s -> s.labels().metricName().equals("a")).findFirst().orElseThrow();
        assertThat(a.timestamps()[0]).isGreaterThan(1000);
        scrape("");
        a = last().stream().filter(s -> s.labels().metricName().equals("a")).findFirst().orElseThrow();
        assertThat(a.timestamps()[0]).isEqualTo(1000);
    }
}
