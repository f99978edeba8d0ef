package io.pharos.alertmanager.notify.pagerduty;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pharos.alertmanager.alert.Alert;
import io.pharos.alertmanager.config.ConfigLoader;
import io.pharos.alertmanager.config.PagerdutyConfig;
import io.pharos.alertmanager.notify.HttpDelivery;
import io.pharos.alertmanager.notify.NotificationContext;
import io.pharos.alertmanager.notify.NotificationException;
import io.pharos.alertmanager.template.Templates;
import io.pharos.alertmanager.testing.WebhookReceiver;
import io.pharos.model.labels.Labels;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** PagerDuty events checked field by field against the Events API v2 and v1 formats. */
class PagerdutyNotifierTest {
    private static final Instant NOW = Instant.parse("2024-05-01T10:05:00Z");
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String GROUP_KEY = "{}:{alertname=\"DiskFull\"}";
    private WebhookReceiver pd;

    @BeforeEach
    void start() throws Exception {
        pd = new WebhookReceiver();
    }

    @AfterEach
    void stop() {
        pd.close();
    }

    private PagerdutyConfig config(String yaml) throws Exception {
        return new ConfigLoader().parse("""
                global:
                  pagerduty_url: %s
                route: {receiver: p}
                receivers:
                  - name: p
                    pagerduty_configs:
                """.formatted(pd.url("/v2/enqueue")) + yaml.indent(6)).receivers().get(0).pagerdutyConfigs().get(0);
    }

    private static NotificationContext ctx() {
        return new NotificationContext("team-X", GROUP_KEY, Labels.of("alertname", "DiskFull"), NOW, Duration.ofHours(4),
                Duration.ofSeconds(10), () -> false);
    }

    private static Alert alert(String instance, Instant end) {
        return new Alert(Labels.of("alertname", "DiskFull", "instance", instance), Map.of("summary", "full"),
                NOW.minusSeconds(60), end, "http://prom/graph", NOW, false);
    }

    private JsonNode send(PagerdutyConfig c, List<Alert> alerts) throws Exception {
        int before = pd.requests().size();
        new PagerdutyNotifier(c, Templates.defaults(Clock.systemUTC()), "http://am:9093",
                new HttpDelivery(HttpClient.newHttpClient(), "test"), JSON).notify(ctx(), alerts);
        return JSON.readTree(pd.await(before + 1, Duration.ofSeconds(5)).get(before).body());
    }

    @Test
    void v2TriggerAndResolveWithDefaults() throws Exception {
        PagerdutyConfig c = config("- routing_key: R0UT1NG");
        JsonNode e = send(c, List.of(alert("db1", null), alert("db2", NOW.minusSeconds(1))));
        assertThat(pd.requests().get(0).path()).isEqualTo("/v2/enqueue");
        assertThat(e.get("routing_key").asString()).isEqualTo("R0UT1NG");
        assertThat(e.get("dedup_key").asString()).isEqualTo(PagerdutyNotifier.keyHash(GROUP_KEY)).hasSize(64);
        assertThat(e.get("event_action").asString()).isEqualTo("trigger");
        assertThat(e.get("client").asString()).isEqualTo("Alertmanager");
        assertThat(e.get("client_url").asString()).isEqualTo("http://am:9093/#/alerts?receiver=team-X");
        assertThat(e.has("images")).isFalse();
        assertThat(e.has("links")).isFalse();
        JsonNode p = e.get("payload");
        assertThat(p.get("summary").asString()).isEqualTo("[FIRING:1] DiskFull ");
        assertThat(p.get("source").asString()).isEqualTo("Alertmanager");
        assertThat(p.get("severity").asString()).isEqualTo("error");
        assertThat(p.has("class")).isFalse();
        JsonNode d = p.get("custom_details");
        assertThat(d.get("num_firing").asString()).isEqualTo("1");
        assertThat(d.get("num_resolved").asString()).isEqualTo("1");
        assertThat(d.get("firing").asString()).isEqualTo("""
                Labels:
                 - alertname = DiskFull
                 - instance = db1
                Annotations:
                 - summary = full
                Source: http://prom/graph
                """);
        assertThat(d.get("resolved").asString()).contains("instance = db2");

        JsonNode resolve = send(c, List.of(alert("db1", NOW.minusSeconds(1))));
        assertThat(resolve.get("event_action").asString()).isEqualTo("resolve");
        assertThat(resolve.get("dedup_key").asString()).isEqualTo(e.get("dedup_key").asString());
        assertThat(resolve.get("payload").get("summary").asString()).isEqualTo("[RESOLVED] DiskFull (db1)");
    }

    @Test
    void v2CustomFields() throws Exception {
        JsonNode e = send(config("""
                - routing_key: '{{ "key-" }}{{ .CommonLabels.instance }}'
                  severity: '{{ if eq .Status "firing" }}critical{{ else }}info{{ end }}'
                  class: disk
                  component: '{{ .CommonLabels.instance }}'
                  group: storage
                  description: 'Disk {{ .CommonAnnotations.summary }}'
                  details:
                    instance: '{{ .CommonLabels.instance }}'
                    nested: {a: '{{ .Status }}', list: ['{{ len .Alerts }}', x]}
                  links:
                    - {href: 'http://runbook/{{ .GroupLabels.alertname }}', text: Runbook}
                    - {href: '', text: skipped}
                  images:
                    - {src: 'http://img/1.png', alt: graph, href: 'http://grafana'}
                """), List.of(alert("db1", null)));
        assertThat(e.get("routing_key").asString()).isEqualTo("key-db1");
        JsonNode p = e.get("payload");
        assertThat(p.get("summary").asString()).isEqualTo("Disk full");
        assertThat(p.get("severity").asString()).isEqualTo("critical");
        assertThat(p.get("class").asString()).isEqualTo("disk");
        assertThat(p.get("component").asString()).isEqualTo("db1");
        assertThat(p.get("group").asString()).isEqualTo("storage");
        assertThat(p.get("custom_details").get("instance").asString()).isEqualTo("db1");
        assertThat(p.get("custom_details").get("nested").toString()).isEqualTo("{\"a\":\"firing\",\"list\":[\"1\",\"x\"]}");
        assertThat(e.get("links").toString()).isEqualTo("[{\"href\":\"http://runbook/DiskFull\",\"text\":\"Runbook\"}]");
        assertThat(e.get("images").toString()).isEqualTo("[{\"src\":\"http://img/1.png\",\"alt\":\"graph\",\"href\":\"http://grafana\"}]");
    }

    @Test
    void v1WithServiceKey() throws Exception {
        JsonNode e = send(config("- {service_key: SVC, url: %s}".formatted(pd.url("/generic/create_event.json"))),
                List.of(alert("db1", null)));
        assertThat(pd.requests().get(0).path()).isEqualTo("/generic/create_event.json");
        assertThat(e.get("service_key").asString()).isEqualTo("SVC");
        assertThat(e.get("event_type").asString()).isEqualTo("trigger");
        assertThat(e.get("incident_key").asString()).isEqualTo(PagerdutyNotifier.keyHash(GROUP_KEY));
        assertThat(e.get("description").asString()).isEqualTo("[FIRING:1] DiskFull (db1)");
        assertThat(e.get("client").asString()).isEqualTo("Alertmanager");
        assertThat(e.get("details").get("num_firing").asString()).isEqualTo("1");
        assertThat(e.get("payload").isNull()).isTrue();
    }

    @Test
    void retriesRateLimitsAndServerErrorsOnly() throws Exception {
        PagerdutyNotifier n = new PagerdutyNotifier(config("- routing_key: R"), Templates.defaults(Clock.systemUTC()), "",
                new HttpDelivery(HttpClient.newHttpClient(), "test"), JSON);
        pd.respondWith(429, 500, 400);
        assertThatThrownBy(() -> n.notify(ctx(), List.of(alert("a", null))))
                .isInstanceOfSatisfying(NotificationException.class, e -> assertThat(e.recoverable()).isTrue());
        assertThatThrownBy(() -> n.notify(ctx(), List.of(alert("a", null))))
                .isInstanceOfSatisfying(NotificationException.class, e -> assertThat(e.recoverable()).isTrue());
        assertThatThrownBy(() -> n.notify(ctx(), List.of(alert("a", null))))
                .isInstanceOfSatisfying(NotificationException.class, e -> assertThat(e.recoverable()).isFalse())
                .hasMessageStartingWith("unexpected status code 400");
    }
}
