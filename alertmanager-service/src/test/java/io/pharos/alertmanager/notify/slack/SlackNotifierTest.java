package io.pharos.alertmanager.notify.slack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pharos.alertmanager.alert.Alert;
import io.pharos.alertmanager.config.AlertmanagerConfig;
import io.pharos.alertmanager.config.ConfigLoader;
import io.pharos.alertmanager.config.SlackConfig;
import io.pharos.alertmanager.notify.HttpDelivery;
import io.pharos.alertmanager.notify.NotificationContext;
import io.pharos.alertmanager.notify.NotificationException;
import io.pharos.alertmanager.template.Templates;
import io.pharos.alertmanager.testing.WebhookReceiver;
import io.pharos.model.labels.Labels;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Slack messages checked field by field against Slack's message and attachment format. */
class SlackNotifierTest {
    private static final Instant NOW = Instant.parse("2024-05-01T10:05:00Z");
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private WebhookReceiver slack;

    @BeforeEach
    void start() throws Exception {
        slack = new WebhookReceiver();
        slack.okBody("ok", "text/html");
    }

    @AfterEach
    void stop() {
        slack.close();
    }

    private SlackConfig config(String yaml) throws Exception {
        AlertmanagerConfig c = new ConfigLoader().parse("""
                global:
                  slack_api_url: %s
                route: {receiver: s}
                receivers:
                  - name: s
                    slack_configs:
                """.formatted(slack.url("/services/T0/B0/X")) + yaml.indent(6));
        return c.receivers().get(0).slackConfigs().get(0);
    }

    private static NotificationContext ctx() {
        return new NotificationContext("team-X", "{}:{alertname=\"DiskFull\"}", Labels.of("alertname", "DiskFull"), NOW,
                Duration.ofHours(4), Duration.ofSeconds(10), () -> false);
    }

    private static List<Alert> alerts() {
        return List.of(
                new Alert(Labels.of("alertname", "DiskFull", "instance", "db1", "severity", "page"), Map.of("summary", "full"),
                        NOW.minusSeconds(60), null, "http://prom/graph", NOW, false),
                new Alert(Labels.of("alertname", "DiskFull", "instance", "db2", "severity", "page"), Map.of("summary", "full"),
                        NOW.minusSeconds(60), null, "http://prom/graph", NOW, false));
    }

    private JsonNode send(SlackConfig c) throws Exception {
        new SlackNotifier(c, Templates.defaults(Clock.systemUTC()), "http://am:9093",
                new HttpDelivery(HttpClient.newHttpClient(), "test"), JSON).notify(ctx(), alerts());
        WebhookReceiver.Request r = slack.await(1, Duration.ofSeconds(5)).get(0);
        assertThat(r.headers().getFirst("Content-Type")).isEqualTo("application/json");
        return JSON.readTree(r.body());
    }

    @Test
    void defaultMessageIsAlertmanagers() throws Exception {
        JsonNode m = send(config("- channel: '#ops'"));
        assertThat(slack.requests().get(0).path()).isEqualTo("/services/T0/B0/X");
        assertThat(m.get("channel").asString()).isEqualTo("#ops");
        assertThat(m.get("username").asString()).isEqualTo("Alertmanager");
        assertThat(m.has("icon_emoji")).isFalse();
        assertThat(m.has("text")).isFalse();
        JsonNode a = m.get("attachments").get(0);
        assertThat(m.get("attachments").size()).isEqualTo(1);
        assertThat(a.get("title").asString()).isEqualTo("[FIRING:2] DiskFull (page)");
        assertThat(a.get("title_link").asString()).isEqualTo("http://am:9093/#/alerts?receiver=team-X");
        assertThat(a.get("text").asString()).isEmpty();
        assertThat(a.get("fallback").asString()).isEqualTo("[FIRING:2] DiskFull (page) | http://am:9093/#/alerts?receiver=team-X");
        assertThat(a.get("callback_id").asString()).isEmpty();
        assertThat(a.get("footer").asString()).isEmpty();
        assertThat(a.get("color").asString()).isEqualTo("danger");
        assertThat(a.get("mrkdwn_in")).extracting(JsonNode::asString).containsExactly("fallback", "pretext", "text");
        assertThat(a.has("pretext")).isFalse();
        assertThat(a.has("fields")).isFalse();
    }

    @Test
    void templatedFieldsActionsAndBotToken(@TempDir Path dir) throws Exception {
        Path token = dir.resolve("token");
        Files.writeString(token, "xoxb-secret\n");
        slack.okBody("{\"ok\": true, \"channel\": \"C1\", \"ts\": \"1.2\"}", "application/json; charset=utf-8");
        SlackConfig c = config("""
                - app_token_file: %s
                  app_url: %s
                  channel: '#{{ .CommonLabels.severity }}'
                  username: bot
                  icon_emoji: ':fire:'
                  title: '{{ .Status | toUpper }} {{ len .Alerts }}'
                  text: '{{ range .Alerts }}{{ .Labels.instance }} {{ end }}'
                  color: '#ff0000'
                  link_names: true
                  fields:
                    - {title: Severity, value: '{{ .CommonLabels.severity }}', short: true}
                    - {title: Summary, value: '{{ .CommonAnnotations.summary }}'}
                  actions:
                    - {type: button, text: Runbook, url: 'http://runbook/{{ .GroupLabels.alertname }}'}
                    - type: button
                      text: Ack
                      name: ack
                      value: 'yes'
                      confirm: {text: 'Sure?', ok_text: 'Yes'}
                """.formatted(token, slack.url("/api/chat.postMessage")));
        JsonNode m = send(c);
        WebhookReceiver.Request r = slack.requests().get(0);
        assertThat(r.path()).isEqualTo("/api/chat.postMessage");
        assertThat(r.headers().getFirst("Authorization")).isEqualTo("Bearer xoxb-secret");
        assertThat(m.get("channel").asString()).isEqualTo("#page");
        assertThat(m.get("username").asString()).isEqualTo("bot");
        assertThat(m.get("icon_emoji").asString()).isEqualTo(":fire:");
        assertThat(m.get("link_names").asBoolean()).isTrue();
        JsonNode a = m.get("attachments").get(0);
        assertThat(a.get("title").asString()).isEqualTo("FIRING 2");
        assertThat(a.get("text").asString()).isEqualTo("db1 db2 ");
        assertThat(a.get("color").asString()).isEqualTo("#ff0000");
        assertThat(a.get("fields").get(0).toString()).isEqualTo("{\"title\":\"Severity\",\"value\":\"page\",\"short\":true}");
        assertThat(a.get("fields").get(1).get("short").asBoolean()).isFalse();
        assertThat(a.get("actions").get(0).toString())
                .isEqualTo("{\"type\":\"button\",\"text\":\"Runbook\",\"url\":\"http://runbook/DiskFull\"}");
        assertThat(a.get("actions").get(1).get("confirm").toString()).isEqualTo("{\"text\":\"Sure?\",\"ok_text\":\"Yes\"}");
        assertThat(a.get("actions").get(1).get("name").asString()).isEqualTo("ack");
    }

    @Test
    void slackErrorsAreReported() throws Exception {
        SlackNotifier n = new SlackNotifier(config("- channel: '#x'"), Templates.defaults(Clock.systemUTC()), "http://am",
                new HttpDelivery(HttpClient.newHttpClient(), "test"), JSON);
        slack.okBody("invalid_payload", "text/html");
        assertThatThrownBy(() -> n.notify(ctx(), alerts())).isInstanceOfSatisfying(NotificationException.class,
                e -> assertThat(e.recoverable()).isFalse())
                .hasMessage("channel \"#x\": received an error response from Slack: invalid_payload");
        slack.respondWith(503);
        assertThatThrownBy(() -> n.notify(ctx(), alerts())).isInstanceOfSatisfying(NotificationException.class,
                e -> assertThat(e.recoverable()).isTrue()).hasMessageStartingWith("channel \"#x\": unexpected status code 503");
        slack.okBody("{\"ok\": false, \"error\": \"channel_not_found\"}", "application/json");
        assertThatThrownBy(() -> n.notify(ctx(), alerts())).hasMessage("channel \"#x\": error response from Slack: channel_not_found");
    }
}
