package io.pharos.model.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The scrape_config fields beyond the basics: auth, TLS, limits, protocols, discovery, relabeling, JSON jobs. */
class ScrapeConfigFieldsTest {
    private static final Path BASE = Path.of("/etc/prometheus");

    private static ScrapeConfig one(String fields) {
        String yaml = "scrape_configs:\n  - job_name: j\n" + fields.indent(4);
        return PrometheusConfigLoader.parse("prometheus.yml", yaml, BASE).scrapeConfigs().get(0);
    }

    @Test
    void defaultsAreThoseOfPrometheus() {
        ScrapeConfig c = one("");
        assertThat(c.http().followRedirects()).isTrue();
        assertThat(c.enableCompression()).isTrue();
        assertThat(c.scrapeProtocols()).containsExactly("OpenMetricsText1.0.0", "OpenMetricsText0.0.1",
                "PrometheusText1.0.0", "PrometheusText0.0.4");
        assertThat(c.limits()).isEqualTo(ScrapeLimits.NONE);
        assertThat(c.relabelConfigs()).isEmpty();
    }

    @Test
    void authorizationAndFilesResolveAgainstTheConfigDirectory() {
        ScrapeConfig c = one("authorization: {credentials_file: secrets/token}");
        assertThat(c.http().authorization()).isEqualTo(new HttpClientConfig.Authorization("Bearer", "", "/etc/prometheus/secrets/token"));
        assertThat(one("bearer_token: abc").http().authorization().credentials()).isEqualTo("abc");
        assertThat(one("basic_auth: {username: u, password: p}").http().basicAuth().username()).isEqualTo("u");
    }

    @Test
    void conflictingAuthIsRejectedWithPrometheusMessages() {
        assertThatThrownBy(() -> one("bearer_token: a\nbearer_token_file: f"))
                .hasMessageContaining("at most one of bearer_token & bearer_token_file must be configured");
        assertThatThrownBy(() -> one("basic_auth: {username: u}\nbearer_token: a"))
                .hasMessageContaining("at most one of basic_auth, oauth2, bearer_token & bearer_token_file must be configured");
        assertThatThrownBy(() -> one("authorization: {credentials: a}\nbearer_token: b"))
                .hasMessageContaining("authorization is not compatible with bearer_token & bearer_token_file");
        assertThatThrownBy(() -> one("authorization: {type: Basic, credentials: a}"))
                .hasMessageContaining("authorization type cannot be set to \"basic\"");
        assertThatThrownBy(() -> one("basic_auth: {username: u, password: p, password_file: f}"))
                .hasMessageContaining("at most one of basic_auth password & password_file must be configured");
    }

    @Test
    void tlsConfigIsReadAndChecked() {
        ScrapeConfig c = one("tls_config: {ca_file: ca.pem, cert_file: c.pem, key_file: c.key, server_name: s, insecure_skip_verify: true}");
        assertThat(c.http().tlsConfig().caFile()).isEqualTo("/etc/prometheus/ca.pem");
        assertThat(c.http().tlsConfig().serverName()).isEqualTo("s");
        assertThat(c.http().tlsConfig().insecureSkipVerify()).isTrue();
        assertThatThrownBy(() -> one("tls_config: {cert_file: c.pem}"))
                .hasMessageContaining("exactly one of key or key_file must be configured when a client certificate is configured");
        assertThatThrownBy(() -> one("tls_config: {ca: x, ca_file: y}")).hasMessageContaining("at most one of ca and ca_file");
    }

    @Test
    void limitsComeFromTheJobOrElseFromGlobal() {
        PrometheusConfig c = PrometheusConfigLoader.parse("p.yml", """
                global: {sample_limit: 100, label_limit: 30, body_size_limit: 10MB, target_limit: 5}
                scrape_configs:
                  - {job_name: a}
                  - {job_name: b, sample_limit: 7, label_limit: 0, body_size_limit: 512KiB, label_value_length_limit: 200}
                """, BASE);
        ScrapeConfig a = c.scrapeConfigs().get(0);
        ScrapeConfig b = c.scrapeConfigs().get(1);
        assertThat(a.sampleLimit()).isEqualTo(100);
        assertThat(a.limits().labelLimit()).isEqualTo(30);
        assertThat(a.limits().bodySizeLimit()).isEqualTo(10L << 20);
        assertThat(a.limits().targetLimit()).isEqualTo(5);
        assertThat(b.sampleLimit()).isEqualTo(7);
        assertThat(b.limits().labelLimit()).isEqualTo(30);
        assertThat(b.limits().bodySizeLimit()).isEqualTo(512L << 10);
        assertThat(b.limits().labelValueLengthLimit()).isEqualTo(200);
    }

    @Test
    void scrapeProtocolsAreValidated() {
        assertThat(one("scrape_protocols: [PrometheusText0.0.4]").scrapeProtocols()).containsExactly("PrometheusText0.0.4");
        assertThatThrownBy(() -> one("scrape_protocols: [Carrier-Pigeon]")).hasMessageContaining("unknown scrape protocol");
        assertThatThrownBy(() -> one("fallback_scrape_protocol: nope")).hasMessageContaining("unknown scrape protocol");
    }

    @Test
    void discoveryConfigsAreRead() {
        ScrapeConfig c = one("""
                file_sd_configs: [{files: ['targets/*.json'], refresh_interval: 1m}]
                dns_sd_configs: [{names: [_prometheus._tcp.example.org]}, {names: [db.example.org], type: A, port: 9100}]
                kubernetes_sd_configs:
                  - role: pod
                    namespaces: {names: [shop]}
                    selectors: [{role: pod, label: 'app=web'}]
                    attach_metadata: {node: true, namespace: true, cronjob: true}
                """);
        assertThat(c.serviceDiscovery().fileSdConfigs().get(0)).isEqualTo(
                new FileSdConfig(List.of("/etc/prometheus/targets/*.json"), Duration.ofMinutes(1)));
        assertThat(c.serviceDiscovery().dnsSdConfigs()).extracting(DnsSdConfig::type).containsExactly("SRV", "A");
        assertThat(c.serviceDiscovery().kubernetesSdConfigs().get(0).namespaces()).containsExactly("shop");
        assertThat(c.serviceDiscovery().kubernetesSdConfigs().get(0).attachMetadata())
                .isEqualTo(new KubernetesSdConfig.AttachMetadata(true, true, false, false, true));
        assertThatThrownBy(() -> one("dns_sd_configs: [{names: [x], type: A}]"))
                .hasMessageContaining("a port is required in DNS-SD configs for all record types except SRV");
        assertThatThrownBy(() -> one("kubernetes_sd_configs: [{role: planet}]")).hasMessageContaining("role");
        assertThatThrownBy(() -> one("file_sd_configs: [{files: ['targets.txt']}]"))
                .hasMessageContaining("is not valid for file discovery");
    }

    @Test
    void relabelErrorsNameFileLineAndField() {
        assertThatThrownBy(() -> one("relabel_configs:\n  - source_labels: [a]\n    regex: '('\n"))
                .hasMessageStartingWith("prometheus.yml:5:").hasMessageContaining("regex").hasMessageContaining("error parsing regexp");
    }

    @Test
    void aJsonScrapeConfigIsValidatedLikeTheFileWithItsGlobals() {
        PrometheusConfig file = PrometheusConfigLoader.parse("prometheus.yml", "global: {scrape_interval: 20s}\n", BASE);
        ScrapeConfig c = PrometheusConfigLoader.scrapeConfig("api", """
                {
                \t"job_name": "api-job",
                \t"static_configs": [{"targets": ["h:1"]}],
                \t"relabel_configs": [{"source_labels": ["__address__"], "target_label": "host"}]
                }""", file);
        assertThat(c.scrapeInterval()).isEqualTo(Duration.ofSeconds(20));
        assertThat(c.relabelConfigs()).hasSize(1);
        assertThatThrownBy(() -> PrometheusConfigLoader.scrapeConfig("api", "{\"job_name\": \"x\", \"scrape_timeout\": \"1m\"}", file))
                .hasMessageContaining("scrape timeout greater than scrape interval");
    }
}
