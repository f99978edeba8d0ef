package io.pharos.alertmanager;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.pharos.alertmanager.notify.PersistentNotificationLog;
import io.pharos.alertmanager.silence.Silences;
import io.pharos.alertmanager.storage.StateStore;
import io.pharos.alertmanager.storage.StateStoreException;
import io.pharos.alertmanager.testing.WebhookReceiver;
import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The alertmanager service runs in a process of its own and is killed with SIGKILL: after a
 * restart on the same storage path, every silence the API acknowledged is listed in the state it
 * was left in, and a group notified before the kill is not paged again.
 */
class AlertmanagerCrashTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @TempDir
    Path dir;

    private int port;

    @Test
    void acknowledgedSilencesSurviveSigkill() throws Exception {
        port = freePort();
        Process am = start();
        String a;
        String b;
        String c;
        try {
            awaitReady(am);
            a = createSilence("Disk");
            b = createSilence("Cpu");
            expire(b);
            c = createSilence("Memory");
            am.destroyForcibly(); // SIGKILL on Linux: no shutdown hooks, no close of the store
            assertThat(am.waitFor(30, TimeUnit.SECONDS)).isTrue();

            am = start();
            awaitReady(am);
            Map<String, String> states = silenceStates();
            assertThat(states).containsEntry(a, "active").containsEntry(b, "expired").containsEntry(c, "active")
                    .hasSize(3);
        } finally {
            am.destroyForcibly();
            am.waitFor(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void aGroupNotifiedBeforeSigkillIsNotPagedAgain() throws Exception {
        port = freePort();
        try (WebhookReceiver hook = new WebhookReceiver()) {
            // Group "x" flushes a second after its first alert; the marker group three seconds after
            // its own: when the marker's notification arrives, group "x" has been flushed already.
            Path config = dir.resolve("alertmanager.yml");
            Files.writeString(config, """
                    route:
                      receiver: hook
                      group_by: [job]
                      group_wait: 1s
                      group_interval: 1s
                      repeat_interval: 1h
                      routes:
                        - matchers: ['job="marker"']
                          receiver: hook
                          group_wait: 3s
                    receivers:
                      - name: hook
                        webhook_configs: [{url: 'HOOK'}]
                    """.replace("HOOK", hook.url("/hook")));
            Process am = start("--config.file=" + config);
            try {
                awaitReady(am);
                postAlerts(Map.of("alertname", "A", "job", "x"));
                assertThat(alertnames(hook.await(1, Duration.ofSeconds(60)).get(0))).containsExactly("A");
                // Flushes of one group run one after the other: once the second notification is
                // here, the first one's log entry has been written.
                postAlerts(Map.of("alertname", "B", "job", "x"));
                assertThat(alertnames(hook.await(2, Duration.ofSeconds(60)).get(1))).containsExactly("A", "B");
                am.destroyForcibly();
                assertThat(am.waitFor(30, TimeUnit.SECONDS)).isTrue();

                am = start("--config.file=" + config);
                awaitReady(am);
                // Prometheus re-sends A (still firing); whichever of the two notifications the log
                // holds, A was in it.
                postAlerts(Map.of("alertname", "A", "job", "x"), Map.of("alertname", "M", "job", "marker"));
                List<WebhookReceiver.Request> received = hook.await(3, Duration.ofSeconds(60));
                assertThat(alertnames(received.get(2))).as("the first notification after the restart").containsExactly("M");
                assertThat(hook.requests()).hasSize(3);
            } finally {
                am.destroyForcibly();
                am.waitFor(30, TimeUnit.SECONDS);
            }
        }
    }

    @Test
    void aSecondProcessOnTheSameStoragePathIsToldWhy() throws Exception {
        port = freePort();
        Process am = start();
        try {
            awaitReady(am);
            Path state = dir.resolve("data").resolve("alertmanager").resolve("state");
            assertThatThrownBy(() -> StateStore.open(state, List.of(Silences.TABLE, PersistentNotificationLog.TABLE),
                    List.of()).close())
                    .isInstanceOf(StateStoreException.class)
                    .hasMessageContaining(state.toAbsolutePath().toString())
                    .hasMessageContaining("in use by another process");
        } finally {
            am.destroyForcibly();
            am.waitFor(30, TimeUnit.SECONDS);
        }
    }

    private Process start(String... extraArgs) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java, "-Xmx256m", "-cp", System.getProperty("java.class.path"),
                AlertmanagerApplication.class.getName(),
                "--server.port=" + port,
                "--server.address=127.0.0.1",
                "--storage.path=" + dir.resolve("data"),
                "--pharos.alertmanager.reload-on-sighup=false",
                "--spring.main.banner-mode=off"));
        command.addAll(List.of(extraArgs));
        return new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(new File(dir.toFile(), "alertmanager.log")))
                .start();
    }

    private void awaitReady(Process am) {
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(250)).ignoreExceptions().until(() -> {
            assertThat(am.isAlive()).as("alertmanager process, see " + dir.resolve("alertmanager.log")).isTrue();
            return send(HttpRequest.newBuilder(uri("/-/ready")).GET()).statusCode() == 200;
        });
    }

    private String createSilence(String alertname) throws Exception {
        Instant now = Instant.now();
        String body = JSON.writeValueAsString(Map.of(
                "matchers", List.of(Map.of("name", "alertname", "value", alertname, "isRegex", false, "isEqual", true)),
                "startsAt", now.toString(),
                "endsAt", now.plus(Duration.ofHours(1)).toString(),
                "createdBy", "crash test",
                "comment", "must survive SIGKILL"));
        HttpResponse<String> r = send(HttpRequest.newBuilder(uri("/api/v2/silences"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return JSON.readTree(r.body()).path("silenceID").asString();
    }

    @SafeVarargs
    private void postAlerts(Map<String, String>... labelSets) throws Exception {
        Instant now = Instant.now();
        List<Map<String, Object>> alerts = new ArrayList<>();
        for (Map<String, String> labels : labelSets) {
            alerts.add(Map.of("labels", labels, "startsAt", now.toString(),
                    "endsAt", now.plus(Duration.ofHours(1)).toString()));
        }
        HttpResponse<String> r = send(HttpRequest.newBuilder(uri("/api/v2/alerts"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(alerts))));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    }

    private static List<String> alertnames(WebhookReceiver.Request notification) {
        List<String> out = new ArrayList<>();
        for (JsonNode a : JSON.readTree(notification.body()).path("alerts")) {
            out.add(a.path("labels").path("alertname").asString());
        }
        out.sort(null);
        return out;
    }

    private void expire(String id) throws Exception {
        HttpResponse<String> r = send(HttpRequest.newBuilder(uri("/api/v2/silence/" + id)).DELETE());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    }

    private Map<String, String> silenceStates() throws Exception {
        HttpResponse<String> r = send(HttpRequest.newBuilder(uri("/api/v2/silences")).GET());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        Map<String, String> out = new HashMap<>();
        for (JsonNode s : JSON.readTree(r.body())) {
            out.put(s.path("id").asString(), s.path("status").path("state").asString());
        }
        return out;
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return HTTP.send(request.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
