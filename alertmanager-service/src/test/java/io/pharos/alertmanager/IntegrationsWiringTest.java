package io.pharos.alertmanager;

import static org.assertj.core.api.Assertions.assertThat;

import io.pharos.alertmanager.alert.Alert;
import io.pharos.alertmanager.testing.AlertmanagerHarness;
import io.pharos.alertmanager.testing.WebhookReceiver;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A config's Slack and PagerDuty receivers, with user templates, driven by the dispatcher on virtual time. */
class IntegrationsWiringTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Test
    void slackAndPagerdutyGetTheGroupAndOnlyPagerdutyTheResolution(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("my.tmpl"), "{{ define \"my.title\" }}{{ .CommonLabels.alertname }} is {{ .Status }}{{ end }}");
        String yaml = """
                route:
                  receiver: oncall
                  group_by: [alertname]
                  group_wait: 30s
                  group_interval: 5m
                receivers:
                  - name: oncall
                    slack_configs:
                      - api_url: HOOK/slack
                        title: '{{ template "my.title" . }}'
                    pagerduty_configs:
                      - routing_key: key
                        url: HOOK/pd
                templates: ['%s/*.tmpl']
                """.formatted(dir);
        try (AlertmanagerHarness h = new AlertmanagerHarness(yaml.replace("HOOK/", "HOOK"))) {
            h.hook.okBody("ok", "text/plain");
            Alert a = h.fire("alertname", "Disk");
            h.advance(Duration.ofSeconds(30));
            List<WebhookReceiver.Request> reqs = h.hook.requests();
            assertThat(reqs).extracting(WebhookReceiver.Request::path).containsExactlyInAnyOrder("/hookslack", "/hookpd");
            JsonNode slack = JSON.readTree(reqs.stream().filter(r -> r.path().endsWith("slack")).findFirst().orElseThrow().body());
            assertThat(slack.get("attachments").get(0).get("title").asString()).isEqualTo("Disk is firing");

            h.advance(Duration.ofMinutes(1));
            h.resolve(a);
            h.advance(Duration.ofMinutes(5));
            List<WebhookReceiver.Request> after = h.hook.requests().subList(2, h.hook.requests().size());
            assertThat(after).extracting(WebhookReceiver.Request::path).containsExactly("/hookpd");
            assertThat(JSON.readTree(after.get(0).body()).get("event_action").asString()).isEqualTo("resolve");
        }
    }
}
