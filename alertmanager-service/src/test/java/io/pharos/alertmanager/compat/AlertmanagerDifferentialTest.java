package io.pharos.alertmanager.compat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.pharos.alertmanager.amtool.Amtool;
import io.pharos.alertmanager.testing.WebhookReceiver;
import io.pharos.testing.peers.ReferenceAlertmanager;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.util.FileSystemUtils;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The same {@code alertmanager.yml} and the same alerts sent to Pharos's alertmanager and to the
 * real Alertmanager 0.25, each notifying its own recording webhook server: the same groups must
 * reach the same receivers with the same content, inhibited and silenced alerts must reach none,
 * and the API must show the same alerts and groups in the same states. Skipped when Debian's
 * {@code prometheus-alertmanager} is not installed.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"spring.config.name=pharos-alertmanager", "server.address=127.0.0.1",
            "pharos.alertmanager.reload-on-sighup=false",
            "pharos.alertmanager.external-url=" + AlertmanagerDifferentialTest.PHAROS_EXTERNAL_URL})
class AlertmanagerDifferentialTest {
    static final String PHAROS_EXTERNAL_URL = "http://pharos.test:9093";
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Duration DEADLINE = Duration.ofSeconds(20);
    /** Short, so that an alert sent without endsAt resolves by itself within a test. */
    private static final Duration RESOLVE_TIMEOUT = Duration.ofSeconds(3);
    /** The alert that the notification test sends without endsAt. */
    private static final String TIMES_OUT = "Heartbeat";

    private static WebhookReceiver pharosHooks;
    private static WebhookReceiver referenceHooks;
    private static Path workDir;
    private static ReferenceAlertmanager reference;

    @Value("${local.server.port}")
    int port;

    /**
     * Short timers so that a test sees first notifications after a second and updates two seconds
     * later; the repeat interval is long enough never to come into play. The tree has a child with
     * {@code continue} and a child of its own that inherits its receiver, grouping by label lists, by all labels and by none, matchers in both
     * syntaxes, two inhibit rules (new and old syntax; the second one's source also matches its
     * target), a receiver that is not sent resolved alerts, one that sends at most one alert,
     * and routes muted by time intervals (always muted, never active).
     */
    static String config(WebhookReceiver hooks) {
        return """
                global:
                  resolve_timeout: 3s
                route:
                  receiver: fallback
                  group_by: [alertname]
                  group_wait: 1s
                  group_interval: 2s
                  repeat_interval: 1h
                  routes:
                    - receiver: db-pager
                      matchers: ['team="db"', 'severity=~"page|critical"']
                      group_by: [alertname, cluster]
                      continue: true
                      routes:
                        - matchers: [job="mysql"]
                          group_by: [job]
                    - receiver: db-all
                      match:
                        team: db
                      group_by: ['...']
                    - receiver: muted
                      matchers: [kind="muted"]
                      mute_time_intervals: [always]
                    - receiver: muted
                      matchers: [kind="inactive"]
                      active_time_intervals: [never]
                    - receiver: repeat
                      matchers: [kind="repeat"]
                      repeat_interval: 3s
                    - receiver: batch
                      matchers: [kind="batch"]
                      group_by: []
                    - receiver: frontend
                      match_re:
                        service: web|api
                      group_by: [alertname, instance]
                      routes:
                        - receiver: frontend-critical
                          matchers: [severity="critical", instance!~"canary.*"]
                          group_by: [alertname]
                inhibit_rules:
                  - source_matchers: [severity="critical"]
                    target_matchers: [severity="warning"]
                    equal: [alertname, cluster]
                  - source_match:
                      alertname: ClusterMaintenance
                    target_match:
                      team: db
                    equal: [cluster]
                time_intervals:
                  - name: always
                    time_intervals:
                      - times: [{start_time: '00:00', end_time: '24:00'}]
                  - name: never
                    time_intervals:
                      - years: ['2000']
                receivers:
                  - name: muted
                    webhook_configs: [{url: '%1$s/muted'}]
                  - name: fallback
                    webhook_configs: [{url: '%1$s/fallback', max_alerts: 1}]
                  - name: batch
                    webhook_configs: [{url: '%1$s/batch'}]
                  - name: repeat
                    webhook_configs: [{url: '%1$s/repeat'}]
                  - name: db-pager
                    webhook_configs: [{url: '%1$s/db-pager'}]
                  - name: db-all
                    webhook_configs: [{url: '%1$s/db-all'}]
                  - name: frontend
                    webhook_configs: [{url: '%1$s/frontend', send_resolved: false}]
                  - name: frontend-critical
                    webhook_configs: [{url: '%1$s/frontend-critical'}]
                """.formatted(hooks.url(""));
    }

    private static synchronized void prepare() throws IOException {
        if (workDir == null) {
            workDir = Files.createTempDirectory("am-differential");
            pharosHooks = new WebhookReceiver();
            referenceHooks = new WebhookReceiver();
        }
    }

    @DynamicPropertySource
    static void pharosConfig(DynamicPropertyRegistry registry) throws IOException {
        prepare();
        Path config = workDir.resolve("pharos.yml");
        Files.writeString(config, config(pharosHooks));
        registry.add("pharos.alertmanager.config-file", config::toString);
        registry.add("pharos.alertmanager.storage-path", () -> workDir.resolve("pharos-data").toString());
    }

    @BeforeAll
    static void startReference() throws Exception {
        Assumptions.assumeTrue(ReferenceAlertmanager.available(),
                "Alertmanager not installed (apt-get install -y prometheus-alertmanager)");
        prepare();
        Path dir = workDir.resolve("reference");
        Files.createDirectories(dir);
        reference = ReferenceAlertmanager.start(config(referenceHooks), dir);
    }

    @AfterAll
    static void stopAll() {
        if (reference != null) {
            reference.close();
        }
        if (workDir != null) {
            pharosHooks.close();
            referenceHooks.close();
            FileSystemUtils.deleteRecursively(workDir.toFile());
        }
    }

    private List<AlertmanagerClient> both() {
        return List.of(new AlertmanagerClient("pharos", "http://127.0.0.1:" + port),
                new AlertmanagerClient("alertmanager", reference.url()));
    }

    @Test
    void sameGroupsReachSameReceiversThroughRoutingInhibitionSilencingAndResolution() throws Exception {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        Map<String, String> backupSilence = new HashMap<>();
        for (AlertmanagerClient am : both()) {
            backupSilence.put(am.name(), am.createSilence(silence(now, Duration.ofHours(1), "DbBackup maintenance",
                    matcher("alertname", "DbBackup.*", true, true), matcher("cluster", "c3", false, true))));
        }
        Map<String, String> dbDownC1 = labels("alertname", "DbDown", "team", "db", "severity", "critical",
                "cluster", "c1", "instance", "db1");
        Map<String, String> dbDownC1Warning = labels("alertname", "DbDown", "team", "db", "severity", "warning",
                "cluster", "c1", "instance", "db2");
        Map<String, String> dbDownC2 = labels("alertname", "DbDown", "team", "db", "severity", "warning",
                "cluster", "c2", "instance", "db3", "note", "a \"quoted\" \\ path, ü and a\nnewline");
        Map<String, String> dbSlow = labels("alertname", "DbSlow", "team", "db", "severity", "page",
                "cluster", "c1", "instance", "db1", "job", "mysql");
        Map<String, String> maintenance = labels("alertname", "ClusterMaintenance", "team", "db", "severity", "info",
                "cluster", "c4");
        Map<String, String> dbDownC4 = labels("alertname", "DbDown", "team", "db", "severity", "warning",
                "cluster", "c4", "instance", "db4");
        Map<String, String> backup = labels("alertname", "DbBackupFailed", "team", "db", "severity", "page",
                "cluster", "c3");
        Map<String, String> web1 = labels("alertname", "WebErrors", "service", "web", "severity", "critical",
                "instance", "web1");
        Map<String, String> web3 = labels("alertname", "WebErrors", "service", "web", "severity", "critical",
                "instance", "web3");
        Map<String, String> api1 = labels("alertname", "WebErrors", "service", "api", "severity", "warning",
                "instance", "api1");
        Map<String, String> canary = labels("alertname", "WebErrors", "service", "web", "severity", "critical",
                "instance", "canary1");
        Map<String, String> canaryWarning = labels("alertname", "WebErrors", "service", "web", "severity", "warning",
                "instance", "canary1");
        Map<String, String> latency = labels("alertname", "WebLatency", "service", "web", "severity", "warning",
                "instance", "web2");
        Map<String, String> latencyNoInstance = labels("alertname", "WebLatency", "service", "api", "severity", "warning");
        Map<String, String> batchFailed = labels("alertname", "BatchFailed", "kind", "batch", "severity", "ticket",
                "job", "nightly");
        Map<String, String> batchSlow = labels("alertname", "BatchSlow", "kind", "batch", "severity", "ticket",
                "job", "hourly");
        Map<String, String> orphan1 = labels("alertname", "Orphan", "severity", "warning", "instance", "x1");
        Map<String, String> orphan2 = labels("alertname", "Orphan", "severity", "warning", "instance", "x2");
        Map<String, String> muted = labels("alertname", "Muted", "kind", "muted");
        Map<String, String> inactive = labels("alertname", "Inactive", "kind", "inactive");
        Map<String, String> orphanResolved = labels("alertname", "Orphan", "severity", "warning", "instance", "x0");
        Map<String, String> bornResolved = labels("alertname", "BornResolved", "severity", "warning");
        List<Map<String, String>> all = List.of(dbDownC1, dbDownC1Warning, dbDownC2, dbSlow, maintenance, dbDownC4,
                backup, web1, web3, api1, canary, latency, latencyNoInstance, batchFailed, batchSlow, orphan1, orphan2, muted,
                inactive, canaryWarning);
        // A start a moment ahead: a group is flushed at once when its first alert started more
        // than group_wait ago, so a stall while posting must not make it so in only one system.
        Instant startsAt = Instant.now().truncatedTo(ChronoUnit.MILLIS).plusMillis(500);
        Instant later = startsAt.plus(Duration.ofHours(1));
        String firing = alerts("notify", all, startsAt, later);
        // Alerts that arrive resolved: alone in a group, never notified; with firing ones, sent along.
        String alreadyResolved = alerts("notify", List.of(orphanResolved, bornResolved), now.minusSeconds(60),
                now.minusSeconds(30));
        for (AlertmanagerClient am : both()) {
            am.postAlerts(firing);
            am.postAlerts(alreadyResolved);
        }

        Map<Notification.GroupRef, List<String>> expected = new LinkedHashMap<>();
        expected.put(group("/db-pager", "alertname", "DbDown", "cluster", "c1"), List.of("firing"));
        // DbSlow has job=mysql: the nested route, receiver inherited, groups it by job.
        expected.put(group("/db-pager", "job", "mysql"), List.of("firing"));
        for (Map<String, String> alone : List.of(dbDownC1, dbDownC2, dbSlow, maintenance)) {
            expected.put(new Notification.GroupRef("/db-all", withSuite(alone)), List.of("firing"));
        }
        expected.put(group("/frontend-critical", "alertname", "WebErrors"), List.of("firing"));
        expected.put(group("/frontend", "alertname", "WebErrors", "instance", "canary1"), List.of("firing"));
        expected.put(group("/frontend", "alertname", "WebLatency", "instance", "web2"), List.of("firing"));
        expected.put(group("/frontend", "alertname", "WebLatency"), List.of("firing"));
        // group_by: [] is no setting at all: the root's [alertname] applies.
        expected.put(group("/batch", "alertname", "BatchFailed"), List.of("firing"));
        expected.put(group("/batch", "alertname", "BatchSlow"), List.of("firing"));
        // max_alerts: 1 keeps the first alert in notification order, the resolved x0 (by instance),
        // and the message's status is that of what is kept.
        expected.put(group("/fallback", "alertname", "Orphan"), List.of("resolved"));
        awaitNotified(expected);
        assertSameNotifications();

        // Resolving the critical DbDown lifts its inhibition of the warning in c1; resolving one
        // of two WebErrors leaves a mixed group; resolving the canary too leaves the api warning
        // inhibited by web3, and the canary's own group (frontend: no resolved) says nothing. A
        // changed annotation alone is no reason to notify.
        Instant end = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        String resolved = alerts("notify", List.of(dbDownC1, web1, canary), startsAt, end);
        // A new alert in a notified group is sent with the group at its next interval.
        String joining = alerts("notify", List.of(labels("alertname", "BatchFailed", "kind", "batch", "severity", "ticket",
                "job", "weekly")), end, later);
        ArrayNode reannotated = (ArrayNode) JSON.readTree(alerts("notify", List.of(orphan1), startsAt, later));
        ((ObjectNode) reannotated.get(0).get("annotations")).put("description", "changed");
        for (AlertmanagerClient am : both()) {
            am.postAlerts(resolved);
            am.postAlerts(joining);
            am.postAlerts(JSON.writeValueAsString(reannotated));
            // The backup alert, silenced until now, is notified at its groups' next flush.
            am.expireSilence(backupSilence.get(am.name()));
        }
        expected.put(group("/db-pager", "alertname", "DbDown", "cluster", "c1"), List.of("firing", "resolved"));
        expected.put(new Notification.GroupRef("/db-all", withSuite(dbDownC1)), List.of("firing", "resolved"));
        expected.put(new Notification.GroupRef("/db-all", withSuite(dbDownC1Warning)), List.of("firing"));
        expected.put(group("/frontend-critical", "alertname", "WebErrors"), List.of("firing", "firing"));
        expected.put(group("/db-pager", "alertname", "DbBackupFailed", "cluster", "c3"), List.of("firing"));
        expected.put(new Notification.GroupRef("/db-all", withSuite(backup)), List.of("firing"));
        expected.put(group("/batch", "alertname", "BatchFailed"), List.of("firing", "firing"));
        awaitNotified(expected);
        assertSameNotifications();

        // The resolved DbDown fires again: its groups were deleted after their resolved
        // notification, new ones notify it (and it inhibits the c1 warning again, which needs no
        // notification). An alert sent without endsAt resolves by itself after resolve_timeout.
        Instant again = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        String refired = alerts("notify", List.of(dbDownC1), again.plusMillis(500), again.plus(Duration.ofHours(1)));
        String heartbeat = alerts("notify", List.of(labels("alertname", TIMES_OUT, "severity", "none")), again, null);
        for (AlertmanagerClient am : both()) {
            am.postAlerts(refired);
            am.postAlerts(heartbeat);
        }
        expected.put(group("/db-pager", "alertname", "DbDown", "cluster", "c1"), List.of("firing", "resolved", "firing"));
        expected.put(new Notification.GroupRef("/db-all", withSuite(dbDownC1)), List.of("firing", "resolved", "firing"));
        expected.put(group("/fallback", "alertname", TIMES_OUT), List.of("firing", "resolved"));
        awaitNotified(expected);
        assertSameNotifications();
        for (WebhookReceiver hooks : List.of(pharosHooks, referenceHooks)) {
            Notification timedOut = Notification.received(hooks, n -> n.anyAlertHas("alertname", TIMES_OUT)).get(1);
            assertThat(Instant.parse(timedOut.body().get("alerts").get(0).get("endsAt").asString()))
                    .as("resolved at receipt + resolve_timeout").isBetween(again.plus(RESOLVE_TIMEOUT),
                            again.plus(RESOLVE_TIMEOUT).plus(DEADLINE));
        }

        for (WebhookReceiver hooks : List.of(pharosHooks, referenceHooks)) {
            List<Notification> sent = Notification.received(hooks, n -> n.anyAlertHas("suite", "notify"));
            assertThat(sent).as("still inhibited (c4, api1, canary warning), time-muted and born resolved alerts"
                    + " are notified nowhere")
                    .noneMatch(n -> n.anyAlertHas("instance", "db4") || n.path().equals("/muted")
                            || n.anyAlertHas("severity", "warning") && n.anyAlertHas("instance", "canary1")
                            || n.anyAlertHas("instance", "api1") || n.anyAlertHas("alertname", "BornResolved"));
            Notification orphans = sent.stream().filter(n -> n.path().equals("/fallback")).findFirst().orElseThrow();
            assertThat(orphans.body().get("alerts").size()).as("max_alerts").isEqualTo(1);
            assertThat(orphans.body().get("truncatedAlerts").asLong()).isEqualTo(2);
            Notification mixed = sent.stream()
                    .filter(n -> n.path().equals("/frontend-critical") && n.body().get("alerts").size() == 2)
                    .reduce((a, b) -> b).orElseThrow();
            assertThat(mixed.body().get("alerts").get(0).get("status").asString()).isEqualTo("resolved");
            assertThat(Instant.parse(mixed.body().get("alerts").get(0).get("endsAt").asString())).isEqualTo(end);
        }
        Map<String, Map<String, String>> silenceNames = new HashMap<>();
        backupSilence.forEach((system, id) -> silenceNames.put(system, Map.of(id, "backup")));
        assertSameAlertsAndGroups("notify", silenceNames);


        // A reload rebuilds every group from the stored alerts (resolved ones too) and flushes
        // at once those older than group_wait: the notification log keeps all of them from
        // notifying again. A new alert's notification, a group_wait later, marks the end.
        // Alertmanager 0.25 may also notify inhibited alerts here: its new inhibitor has not yet
        // seen their sources when the rebuilt groups flush (prometheus/alertmanager#3407, #4064,
        // fixed upstream later). Pharos rebuilds the inhibitor's view first and does not.
        Instant afterReload = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        String marker = alerts("notify", List.of(labels("alertname", "AfterReload")), afterReload.plusMillis(500),
                afterReload.plus(Duration.ofHours(1)));
        for (AlertmanagerClient am : both()) {
            assertThat(am.send("POST", "/-/reload")).as("%s reload", am).startsWith("200");
            am.postAlerts(marker);
        }
        expected.put(group("/fallback", "alertname", "AfterReload"), List.of("firing"));
        Map<String, List<String>> want = byString(expected);
        await().atMost(DEADLINE).pollInterval(Duration.ofMillis(100)).untilAsserted(() ->
                assertThat(statuses(pharosHooks)).as("pharos after reload").isEqualTo(want));
        String markerGroup = group("/fallback", "alertname", "AfterReload").toString();
        await().atMost(DEADLINE).pollInterval(Duration.ofMillis(100)).until(() ->
                statuses(referenceHooks).containsKey(markerGroup));
        assertThat(bodiesByGroup(pharosHooks).get(markerGroup)).isEqualTo(bodiesByGroup(referenceHooks).get(markerGroup));
        Map<String, List<Notification>> referenceByGroup = new TreeMap<>();
        for (Notification n : Notification.received(referenceHooks, n -> n.anyAlertHas("suite", "notify"))) {
            referenceByGroup.computeIfAbsent(n.group().toString(), k -> new ArrayList<>()).add(n);
        }
        Set<String> inhibited = inhibitedFingerprints();
        referenceByGroup.forEach((key, sent) -> {
            int expectedCount = Math.min(want.getOrDefault(key, List.of()).size(), sent.size());
            for (Notification extra : sent.subList(expectedCount, sent.size())) {
                assertThat(extra.body().get("alerts").findValuesAsString("fingerprint"))
                        .as("Alertmanager's extra notification of %s", key).allMatch(inhibited::contains);
            }
        });
    }

    /** The alerts of the notification test that are still inhibited at its end, by fingerprint. */
    private Set<String> inhibitedFingerprints() throws Exception {
        Set<String> out = new java.util.HashSet<>();
        for (JsonNode a : both().get(0).get("/api/v2/alerts?inhibited=true&active=false&silenced=false&"
                + AlertmanagerClient.param("filter", "suite=\"notify\""))) {
            out.add(a.get("fingerprint").asString());
        }
        return out;
    }

    @Test
    void apiShowsSameAlertsAndGroupsInSameStates() throws Exception {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        Map<String, Map<String, String>> silenceNames = new HashMap<>();
        for (AlertmanagerClient am : both()) {
            Map<String, String> names = new HashMap<>();
            names.put(am.createSilence(silence(now, Duration.ofHours(2), "by name",
                    matcher("alertname", "ApiSilenced", false, true), matcher("suite", "api", false, true))), "S1");
            names.put(am.createSilence(silence(now, Duration.ofHours(1), "two instances, not x1",
                    matcher("instance", "x4|x5", true, true), matcher("instance", "x1", false, false))), "S2");
            silenceNames.put(am.name(), names);
        }
        List<Map<String, String>> alerts = List.of(
                labels("alertname", "ApiDown", "team", "db", "severity", "critical", "cluster", "b1", "instance", "x1"),
                labels("alertname", "ApiDown", "team", "db", "severity", "warning", "cluster", "b1", "instance", "x2"),
                labels("alertname", "ApiSilenced", "team", "db", "severity", "page", "cluster", "b2"),
                labels("alertname", "ApiDown", "team", "db", "severity", "warning", "cluster", "b2", "instance", "x4"),
                labels("alertname", "ApiDown", "team", "db", "severity", "critical", "cluster", "b2", "instance", "x5"),
                labels("alertname", "ApiLatency", "service", "api", "severity", "warning", "instance", "y1"),
                labels("alertname", "ApiCritical", "service", "web", "severity", "critical", "instance", "y2",
                        "job", "nginx"));
        ArrayNode posted = (ArrayNode) JSON.readTree(alerts("api", alerts, now, now.plus(Duration.ofHours(1))));
        // One alert without endsAt: both systems time it out after resolve_timeout.
        ObjectNode timeout = posted.addObject();
        timeout.set("labels", JSON.valueToTree(labels("alertname", "ApiOther", "severity", "info", "suite", "api")));
        timeout.put("startsAt", now.toString());
        timeout.put("generatorURL", "http://prometheus.test:9090/graph?g0.expr=up");
        // One without startsAt (it starts when received), with an empty label and annotation.
        ObjectNode noStart = posted.addObject();
        noStart.set("labels", JSON.valueToTree(labels("alertname", "ApiNoStart", "empty", "", "suite", "api")));
        noStart.set("annotations", JSON.valueToTree(labels("summary", "no start", "blank", "")));
        noStart.put("endsAt", now.plus(Duration.ofHours(1)).toString());
        for (AlertmanagerClient am : both()) {
            am.postAlerts(JSON.writeValueAsString(posted));
        }
        // The same alert again, starting later and ending sooner: the store merges the two, the
        // earliest start and the latest explicit end win.
        String again = alerts("api", List.of(alerts.get(0)), now.plusSeconds(10), now.plus(Duration.ofMinutes(30)));
        for (AlertmanagerClient am : both()) {
            am.postAlerts(again);
        }

        assertSameAlertsAndGroups("api", silenceNames);
        String suite = AlertmanagerClient.param("filter", "suite=\"api\"");
        JsonNode all = both().get(1).get("/api/v2/alerts?" + suite);
        assertThat(all.size()).as("every posted alert is listed").isEqualTo(posted.size());

        Map<String, String> silences = new TreeMap<>();
        for (AlertmanagerClient am : both()) {
            silences.put(am.name(), normaliseSilences(am.get("/api/v2/silences"), silenceNames.get(am.name()), now));
        }
        assertThat(silences.get("pharos")).as("GET /api/v2/silences").isEqualTo(silences.get("alertmanager"));
    }

    /** Past repeat_interval, a group with nothing new is notified again, the same by both. */
    @Test
    void unchangedGroupIsNotifiedAgainAfterRepeatInterval() throws Exception {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        String alert = alerts("repeat", List.of(labels("alertname", "Repeated", "kind", "repeat")), now,
                now.plus(Duration.ofHours(1)));
        for (AlertmanagerClient am : both()) {
            am.postAlerts(alert);
        }
        Map<String, List<String>> firstTwo = new TreeMap<>();
        for (WebhookReceiver hooks : List.of(pharosHooks, referenceHooks)) {
            List<Notification> sent = await().atMost(DEADLINE).pollInterval(Duration.ofMillis(100))
                    .until(() -> Notification.received(hooks, n -> n.path().equals("/repeat")), l -> l.size() >= 2);
            firstTwo.put(hooks == pharosHooks ? "pharos" : "alertmanager",
                    List.of(sent.get(0).normalised(), sent.get(1).normalised()));
        }
        assertThat(firstTwo.get("pharos")).isEqualTo(firstTwo.get("alertmanager"));
        assertThat(firstTwo.get("pharos").get(1)).as("the repeat is the same message").isEqualTo(firstTwo.get("pharos").get(0));
    }

    /**
     * Bad alerts get the same status and error from both. Two differences are legitimate: the
     * JSON parser's own words after "because", and label and annotation names outside Prometheus
     * 2's legacy charset, which Pharos accepts (any UTF-8 name, as Prometheus 3 may send them)
     * and Alertmanager 0.25 rejects.
     */
    @Test
    void invalidAlertsAreRejectedAlike() throws Exception {
        List<String> bodies = List.of(
                "[{\"labels\": {}}]",
                "[{\"labels\": {\"a\": \"\"}}]",
                "[{\"labels\": {\"alertname\": \"Bad\"}, \"startsAt\": \"2024-01-02T00:00:00Z\","
                        + " \"endsAt\": \"2024-01-01T00:00:00Z\"}]",
                "[{\"labels\": {}}, {\"labels\": {\"alertname\": \"Bad\"}, \"startsAt\": \"2024-01-02T00:00:00Z\","
                        + " \"endsAt\": \"2024-01-01T00:00:00Z\"}]",
                "[{\"annotations\": {\"a\": \"b\"}}]",
                "{\"labels\": {\"a\": \"b\"}}",
                "not json",
                "[{\"labels\": {\"a\": 1}}]",
                "[{\"labels\": {\"a\": \"b\"}, \"startsAt\": \"yesterday\"}]",
                "[]");
        Map<String, String> pharos = new TreeMap<>();
        Map<String, String> reference = new TreeMap<>();
        for (String body : bodies) {
            pharos.put(body, withoutParserWords(both().get(0).postRaw("/api/v2/alerts", body)));
            reference.put(body, withoutParserWords(both().get(1).postRaw("/api/v2/alerts", body)));
        }
        assertSame("answers to invalid alerts", pharos, reference);

        for (String utf8Names : List.of("[{\"labels\": {\"0bad\": \"x\", \"suite\": \"utf8\"}}]",
                "[{\"labels\": {\"bad-name\": \"x\", \"suite\": \"utf8\"}}]",
                "[{\"labels\": {\"alertname\": \"Utf8\", \"suite\": \"utf8\"}, \"annotations\": {\"0bad\": \"x\"}}]")) {
            assertThat(both().get(0).postRaw("/api/v2/alerts", utf8Names)).as(utf8Names).isEqualTo("200 ");
            assertThat(both().get(1).postRaw("/api/v2/alerts", utf8Names)).as(utf8Names).startsWith("400 \"invalid ");
        }
    }

    /**
     * Bad silences, unknown IDs and bad filters get the same status and error from both, but for
     * the JSON parser's and the regex engine's own words (Java's and Go's differ); a silence with
     * an empty comment is accepted by both.
     */
    @Test
    void invalidSilencesAndUnknownIdsAreRejectedAlike() throws Exception {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        Map<String, Object> ok = matcher("alertname", "X", false, true);
        List<String> bodies = List.of(
                silence(now, Duration.ofHours(1), "no matchers"),
                silence(now, Duration.ofHours(-1), "ends before it starts", ok),
                silence(now.minus(Duration.ofHours(2)), Duration.ofHours(1), "ended already", ok),
                silence(now, Duration.ofHours(1), "bad regex", matcher("job", "(", true, true)),
                silence(now, Duration.ofHours(1), "matches everything", matcher("job", ".*", true, true)),
                silence(now, Duration.ofHours(1), "matches the empty string", matcher("job", "", false, true)),
                silence(now, Duration.ofHours(1), "", ok),
                silence(now, Duration.ofHours(1), "bad name", matcher("", "x", false, true)),
                "{\"id\": \"6d5a8b7e-0000-4000-8000-000000000000\", \"matchers\": [{\"name\": \"a\", \"value\": \"b\","
                        + " \"isRegex\": false}], \"startsAt\": \"" + now + "\", \"endsAt\": \""
                        + now.plus(Duration.ofHours(1)) + "\", \"createdBy\": \"t\", \"comment\": \"unknown id\"}",
                "{\"matchers\": [{\"name\": \"a\", \"value\": \"b\"}], \"createdBy\": \"t\", \"comment\": \"no times\"}",
                "not json");
        Map<String, String> pharos = new TreeMap<>();
        Map<String, String> reference = new TreeMap<>();
        for (String body : bodies) {
            pharos.put(body, withoutEngineWords(both().get(0).postRaw("/api/v2/silences", body)));
            reference.put(body, withoutEngineWords(both().get(1).postRaw("/api/v2/silences", body)));
        }
        String unknown = "/api/v2/silence/6d5a8b7e-0000-4000-8000-000000000000";
        for (String request : List.of("GET " + unknown, "DELETE " + unknown, "GET /api/v2/silence/not-a-uuid",
                "GET /api/v2/silences?" + AlertmanagerClient.param("filter", "a=~("))) {
            String[] methodAndPath = request.split(" ", 2);
            pharos.put(request, withoutEngineWords(both().get(0).send(methodAndPath[0], methodAndPath[1])));
            reference.put(request, withoutEngineWords(both().get(1).send(methodAndPath[0], methodAndPath[1])));
        }
        assertSame("answers to invalid silences", pharos, reference);
    }

    /**
     * Updating a silence by ID: a new comment or end keeps the ID of a pending silence, new
     * matchers expire it and make a new one, and so does moving the start of an active one. Each
     * system's silences then read the same, their IDs named by role. (The first silence is
     * pending so that its start is exactly the one sent: an active one starts when received,
     * to the nanosecond, which no update can repeat.)
     */
    @Test
    void silenceUpdatesKeepOrReplaceTheIdAlike() throws Exception {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        Instant soon = now.plus(Duration.ofMinutes(1));
        Map<String, String> outcome = new TreeMap<>();
        for (AlertmanagerClient am : both()) {
            Map<String, Object> team = matcher("team", "update-x", false, true);
            String original = am.createSilence(silence(soon, Duration.ofHours(1), "original", team));
            String commented = am.createSilence(withId(original, silence(soon, Duration.ofHours(1), "new comment", team)));
            String extended = am.createSilence(withId(original, silence(soon, Duration.ofHours(3), "longer", team)));
            String rematched = am.createSilence(withId(original, silence(soon, Duration.ofHours(3), "other team",
                    matcher("team", "update-y", false, true))));
            String active = am.createSilence(silence(now, Duration.ofHours(1), "active", team));
            String moved = am.createSilence(withId(active, silence(soon, Duration.ofHours(1), "moved", team)));
            Map<String, String> roles = new LinkedHashMap<>();
            roles.put(original, "original");
            roles.putIfAbsent(commented, "commented");
            roles.putIfAbsent(extended, "extended");
            roles.putIfAbsent(rematched, "rematched");
            roles.putIfAbsent(active, "active");
            roles.putIfAbsent(moved, "moved");
            List<String> silences = new ArrayList<>();
            for (Map.Entry<String, String> e : roles.entrySet()) {
                ObjectNode sil = (ObjectNode) am.get("/api/v2/silence/" + e.getKey()).deepCopy();
                sil.put("id", e.getValue());
                sil.remove("updatedAt");
                // An expired silence ends, and an active one starts, when each system took it.
                for (String time : List.of("startsAt", "endsAt")) {
                    Instant t = Instant.parse(sil.get(time).asString());
                    if (!t.isBefore(now) && t.isBefore(now.plus(DEADLINE))) {
                        sil.put(time, "when received");
                    }
                }
                silences.add(Canonical.of(sil));
            }
            outcome.put(am.name(), "ids " + List.of(roles.get(commented), roles.get(extended), roles.get(rematched),
                    roles.get(moved)) + "\n" + String.join("\n", silences));
        }
        assertThat(outcome.get("pharos")).isEqualTo(outcome.get("alertmanager"));
    }

    private static String withId(String id, String silenceJson) {
        ObjectNode s = (ObjectNode) JSON.readTree(silenceJson);
        s.put("id", id);
        return JSON.writeValueAsString(s);
    }

    /**
     * An answer without the words of the JSON parser or of the regex engine, which are each
     * system's own, and with the random silence ID of a success left out.
     */
    private static String withoutEngineWords(String answer) {
        String out = withoutParserWords(answer).replaceFirst("\"silenceID\":\"[0-9a-f-]{36}\"", "\"silenceID\":\"<id>\"");
        int regex = out.indexOf("regular expression");
        if (regex < 0) {
            regex = out.indexOf("regexp");
        }
        return regex < 0 ? out : out.substring(0, out.indexOf(' ')) + " <regex engine's error>";
    }

    /** go-swagger's "parsing alerts body ... because" with the parser's own words left out. */
    private static String withoutParserWords(String answer) {
        return answer.replaceFirst("failed, because .*\"}$", "failed, because <parser's words>\"}");
    }

    @Test
    void receiversAndStatusAnswerAlike() throws Exception {
        Map<String, JsonNode> receivers = new TreeMap<>();
        Map<String, String> statusShapes = new TreeMap<>();
        Map<String, JsonNode> statuses = new TreeMap<>();
        for (AlertmanagerClient am : both()) {
            receivers.put(am.name(), am.get("/api/v2/receivers"));
            JsonNode status = am.get("/api/v2/status");
            statuses.put(am.name(), status);
            statusShapes.put(am.name(), shape(status));
        }
        assertThat(receivers.get("pharos")).as("GET /api/v2/receivers").isEqualTo(receivers.get("alertmanager"));
        assertThat(statusShapes.get("pharos")).as("fields and types of GET /api/v2/status")
                .isEqualTo(statusShapes.get("alertmanager"));
        for (String field : List.of("cluster")) {
            assertThat(statuses.get("pharos").get(field)).as(field).isEqualTo(statuses.get("alertmanager").get(field));
        }

        // The config in the status shows webhook URLs as 0.25 does, so amtool 0.25's routing
        // commands, which read that config back, answer the same against both.
        String pharosConfig = statuses.get("pharos").get("config").get("original").asString();
        String referenceConfig = statuses.get("alertmanager").get("config").get("original").asString();
        assertThat(pharosConfig).contains("url: " + pharosHooks.url("/fallback"));
        assertThat(referenceConfig).contains("url: " + referenceHooks.url("/fallback"));
        Optional<Path> found = Amtool.find();
        if (found.isPresent()) {
            Path amtool = found.get();
            for (List<String> command : List.of(List.of("config", "routes", "test", "team=db", "severity=critical"),
                    List.of("config", "routes", "test", "--verify.receivers=db-pager,db-all", "team=db", "severity=critical"),
                    List.of("config", "routes"))) {
                assertThat(run(amtool, "http://127.0.0.1:" + port, command)).as("amtool " + command)
                        .startsWith("exit 0").isEqualTo(run(amtool, reference.url(), command));
            }
        }
    }

    /** What {@code amtool COMMAND} prints against one alertmanager, with its exit code. */
    private static String run(Path amtool, String url, List<String> command) throws IOException, InterruptedException {
        List<String> args = new ArrayList<>(List.of("--alertmanager.url=" + url));
        args.addAll(command);
        Amtool.Result r = Amtool.run(amtool, args);
        // amtool warns on stderr that Pharos's version is not its own: expected, and not compared.
        String stderr = r.stderr().replaceAll("(?m)^Warning: amtool version .* are different\\.\n", "");
        return "exit " + r.exitCode() + "\n" + r.stdout() + stderr;
    }

    /** The fields of a JSON value and their types, not their values: {@code {a:string,b:[{c:number}]}}. */
    private static String shape(JsonNode n) {
        if (n.isObject()) {
            Map<String, String> fields = new TreeMap<>();
            for (Map.Entry<String, JsonNode> e : n.properties()) {
                fields.put(e.getKey(), shape(e.getValue()));
            }
            return fields.toString();
        }
        if (n.isArray()) {
            java.util.Set<String> kinds = new java.util.TreeSet<>();
            n.forEach(e -> kinds.add(shape(e)));
            return kinds.toString();
        }
        return n.getNodeType().toString().toLowerCase(java.util.Locale.ROOT);
    }

    /**
     * Polls (both systems apply posted alerts asynchronously to their groups) until Pharos's and
     * Alertmanager's {@code GET /api/v2/alerts} and {@code /api/v2/alerts/groups} agree, for the
     * alerts of one suite, under each combination of state filters, a receiver and a label filter.
     */
    private void assertSameAlertsAndGroups(String suiteName, Map<String, Map<String, String>> silenceNames) {
        String suite = AlertmanagerClient.param("filter", "suite=\"" + suiteName + "\"");
        List<String> queries = List.of("", "&silenced=false", "&inhibited=false", "&active=false",
                "&silenced=false&inhibited=false", "&active=false&silenced=false", "&active=false&inhibited=false",
                "&" + AlertmanagerClient.param("receiver", "db-.*"),
                "&" + AlertmanagerClient.param("filter", "severity=~\"warning|page\""),
                // A regex's "." does not match a newline in Alertmanager (Go), unlike in Prometheus 3.
                "&" + AlertmanagerClient.param("filter", "note=~\"a.*newline\""),
                "&" + AlertmanagerClient.param("filter", "note=~\"(?s:a.*newline)\""));
        for (String q : queries) {
            for (String path : List.of("/api/v2/alerts", "/api/v2/alerts/groups")) {
                String pathAndQuery = path + "?" + suite + q;
                await().atMost(DEADLINE).pollInterval(Duration.ofMillis(100)).untilAsserted(() -> {
                    Map<String, String> answers = new TreeMap<>();
                    for (AlertmanagerClient am : both()) {
                        answers.put(am.name(), normaliseApi(am.get(pathAndQuery), silenceNames.get(am.name())));
                    }
                    assertThat(answers.get("pharos")).as("GET %s", pathAndQuery).isEqualTo(answers.get("alertmanager"));
                });
            }
        }
    }

    /**
     * Waits until both systems notified exactly these groups with these statuses, in this order;
     * on timeout, fails with what each sent for the groups not as expected.
     */
    private void awaitNotified(Map<Notification.GroupRef, List<String>> expected) {
        Map<String, List<String>> want = byString(expected);
        try {
            await().atMost(DEADLINE).pollInterval(Duration.ofMillis(100)).until(() ->
                    statuses(pharosHooks).equals(want) && statuses(referenceHooks).equals(want));
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            Map<String, List<String>> pharos = statuses(pharosHooks);
            Map<String, List<String>> reference = statuses(referenceHooks);
            java.util.Set<String> keys = new java.util.TreeSet<>(want.keySet());
            keys.addAll(pharos.keySet());
            keys.addAll(reference.keySet());
            StringBuilder sb = new StringBuilder("notifications not as expected:");
            Map<String, List<String>> pharosBodies = bodiesByGroup(pharosHooks);
            Map<String, List<String>> referenceBodies = bodiesByGroup(referenceHooks);
            for (String k : keys) {
                if (!(java.util.Objects.equals(want.get(k), pharos.get(k))
                        && java.util.Objects.equals(want.get(k), reference.get(k)))) {
                    sb.append("\n").append(k).append("\n  expected:     ").append(want.get(k))
                            .append("\n  pharos:       ").append(pharosBodies.get(k))
                            .append("\n  alertmanager: ").append(referenceBodies.get(k));
                }
            }
            String log = AlertmanagerDifferentialTest.reference.log();
            sb.append("\nAlertmanager's log, last lines:\n").append(log.substring(Math.max(0, log.length() - 3000)));
            throw new AssertionError(sb.toString(), e);
        }
    }

    private static Map<String, List<String>> statuses(WebhookReceiver hooks) {
        Map<String, List<String>> out = new TreeMap<>();
        for (Notification n : Notification.received(hooks, n -> n.anyAlertHas("suite", "notify"))) {
            out.computeIfAbsent(n.group().toString(), k -> new ArrayList<>()).add(n.status());
        }
        return out;
    }

    private static Map<String, List<String>> byString(Map<Notification.GroupRef, List<String>> m) {
        Map<String, List<String>> out = new TreeMap<>();
        m.forEach((k, v) -> out.put(k.toString(), v));
        return out;
    }

    /** Per group, the notifications in the order sent, with only the external URL taken out. */
    private static void assertSameNotifications() {
        assertSame("webhook notifications per group", bodiesByGroup(pharosHooks), bodiesByGroup(referenceHooks));
        for (Notification n : Notification.received(pharosHooks, x -> true)) {
            assertThat(n.body().get("externalURL").asString()).isEqualTo(PHAROS_EXTERNAL_URL);
        }
        for (Notification n : Notification.received(referenceHooks, x -> true)) {
            assertThat(n.body().get("externalURL").asString()).isEqualTo(reference.url());
        }
    }

    /** Fails listing only the keys whose values differ (the whole maps are too long to read). */
    static void assertSame(String what, Map<String, ?> pharos, Map<String, ?> reference) {
        List<String> differences = new ArrayList<>();
        java.util.SortedSet<String> keys = new java.util.TreeSet<>(pharos.keySet());
        keys.addAll(reference.keySet());
        for (String k : keys) {
            Object p = pharos.get(k);
            Object r = reference.get(k);
            if (!java.util.Objects.equals(p, r)) {
                differences.add(k + "\n  pharos:       " + p + "\n  alertmanager: " + r);
            }
        }
        assertThat(differences).as(what + " differ").isEmpty();
    }

    private static Map<String, List<String>> bodiesByGroup(WebhookReceiver hooks) {
        Map<String, List<String>> out = new TreeMap<>();
        for (Notification n : Notification.received(hooks, n -> n.anyAlertHas("suite", "notify"))) {
            // The alert that timed out ends when each system received it, plus resolve_timeout.
            out.computeIfAbsent(n.group().toString(), k -> new ArrayList<>()).add(n.normalised(TIMES_OUT));
        }
        return out;
    }

    /**
     * An API answer without what legitimately differs: when each system received the alert
     * ({@code updatedAt}, and {@code endsAt} where it is that plus resolve_timeout), and the
     * silence IDs each system drew (named S1, S2 as the test created them).
     */
    private static String normaliseApi(JsonNode answer, Map<String, String> silenceNames) {
        JsonNode copy = answer.deepCopy();
        for (JsonNode item : copy) {
            if (item.has("alerts")) {
                for (JsonNode a : item.get("alerts")) {
                    normaliseAlert((ObjectNode) a, silenceNames);
                }
            } else {
                normaliseAlert((ObjectNode) item, silenceNames);
            }
        }
        return String.join("\n", Canonical.each(copy));
    }

    /**
     * This test's silences (the others left out), their IDs named, without their update time,
     * and their start, which each system moves to when it received the silence (asked to start
     * a moment before that).
     */
    private static String normaliseSilences(JsonNode answer, Map<String, String> silenceNames, Instant asked) {
        List<String> out = new ArrayList<>();
        for (JsonNode s : answer) {
            String name = silenceNames.get(s.get("id").asString());
            if (name == null) {
                continue;
            }
            ObjectNode copy = (ObjectNode) s.deepCopy();
            copy.put("id", name);
            copy.remove("updatedAt");
            Instant started = Instant.parse(copy.remove("startsAt").asString());
            assertThat(started).as("start of %s", name).isBetween(asked, asked.plus(DEADLINE));
            out.add(Canonical.of(copy));
        }
        return String.join("\n", out);
    }

    private static void normaliseAlert(ObjectNode a, Map<String, String> silenceNames) {
        Instant updated = Instant.parse(a.get("updatedAt").asString());
        a.remove("updatedAt");
        if (Instant.parse(a.get("startsAt").asString()).equals(updated)) {
            a.put("startsAt", "updatedAt");
        }
        if (Instant.parse(a.get("endsAt").asString()).equals(updated.plus(RESOLVE_TIMEOUT))) {
            a.put("endsAt", "updatedAt + resolve_timeout");
        }
        ObjectNode status = (ObjectNode) a.get("status");
        // Pharos serves status.mutedBy as Alertmanager does since 0.27: the time intervals that
        // mute the alert's group, which then makes it suppressed. 0.25 has no such field and shows
        // such an alert active (unless silenced or inhibited). Only the time-muted routes have it.
        JsonNode mutedBy = status.remove("mutedBy");
        if (mutedBy != null && !mutedBy.isEmpty()) {
            assertThat(a.get("receivers").findValuesAsString("name")).as("mutedBy of %s", a).containsOnly("muted");
            if (status.get("silencedBy").isEmpty() && status.get("inhibitedBy").isEmpty()) {
                assertThat(status.get("state").asString()).isEqualTo("suppressed");
                status.put("state", "active");
            }
        }
        ArrayNode silenced = status.putArray("silencedBy-names");
        for (JsonNode id : status.get("silencedBy")) {
            silenced.add(silenceNames.getOrDefault(id.asString(), "unknown silence " + id.asString()));
        }
        status.remove("silencedBy");
    }

    private static Notification.GroupRef group(String path, String... labels) {
        return new Notification.GroupRef(path, labels(labels));
    }

    private static Map<String, String> withSuite(Map<String, String> labels) {
        Map<String, String> out = new TreeMap<>(labels);
        out.put("suite", "notify");
        return out;
    }

    private static Map<String, String> labels(String... kv) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return m;
    }

    /**
     * API v2 alerts with the given labels plus {@code suite} (which keeps each test's alerts
     * apart), a summary shared by all alerts of a name and a description of their own.
     */
    private static String alerts(String suite, List<Map<String, String>> labelSets, Instant startsAt, Instant endsAt) {
        ArrayNode out = JSON.createArrayNode();
        for (Map<String, String> labels : labelSets) {
            Map<String, String> l = new TreeMap<>(labels);
            l.put("suite", suite);
            ObjectNode a = out.addObject();
            a.set("labels", JSON.valueToTree(l));
            a.set("annotations", JSON.valueToTree(Map.of("summary", l.get("alertname") + " is firing",
                    "description", "on " + l.getOrDefault("instance", "every instance"))));
            a.put("startsAt", startsAt.toString());
            if (endsAt != null) {
                a.put("endsAt", endsAt.toString());
            }
            a.put("generatorURL", "http://prometheus.test:9090/graph?g0.expr=" + l.get("alertname"));
        }
        return JSON.writeValueAsString(out);
    }

    private static Map<String, Object> matcher(String name, String value, boolean regex, boolean equal) {
        return Map.of("name", name, "value", value, "isRegex", regex, "isEqual", equal);
    }

    @SafeVarargs
    /**
     * A silence from now for {@code length}. Silences listed together should differ in length:
     * Alertmanager orders active silences by end only, ties come in random order.
     */
    private static String silence(Instant now, Duration length, String comment, Map<String, Object>... matchers) {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("matchers", List.of(matchers));
        s.put("startsAt", now.toString());
        s.put("endsAt", now.plus(length).toString());
        s.put("createdBy", "differential-test");
        s.put("comment", comment);
        return JSON.writeValueAsString(s);
    }
}
