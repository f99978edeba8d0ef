package io.pharos.standalone.compat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import io.pharos.standalone.PharosStandalone;
import io.pharos.testing.peers.ReferenceAlertmanager;
import io.pharos.testing.peers.ReferencePrometheus;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

/**
 * One rule file and one target, evaluated by a real Prometheus (Debian's 2.42) and by Pharos,
 * each posting to its own recording Alertmanager; Pharos also posts to a real Alertmanager
 * (Debian's 0.25) whose webhook is recorded. The target's exposition goes through three phases:
 * calm (nothing fires), hot (gauges cross thresholds, a counter starts moving, a series appears)
 * and cool (they fall back, the counter stops, the series disappears). Per alert identity the
 * two systems must post the same labels, the same annotations to the character, start times
 * within {@link #START_TOLERANCE}, and the same firing-then-resolved sequence; their
 * {@code /api/v1/alerts} and {@code /api/v1/rules} must agree once times are set aside, and so
 * must the series the rules write. The only differences allowed are asserted where they are
 * normalised: each system's own URL in generator URLs, and where Prometheus 2.42 (the reference
 * here) differs from Prometheus 3.x (Pharos's target): number literals in expressions
 * ({@link #PROMETHEUS_2_NUMBERS}) and the order of the series a many-to-many error names
 * ({@link #duplicatesSorted}). Skipped where Debian's prometheus or prometheus-alertmanager is
 * not installed.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RulesDifferentialTest {
    /**
     * The two scrape the target at different phases of the 1 s interval and evaluate at
     * different phases of the 1 s evaluation interval, so one may see a change up to a scrape
     * plus an evaluation later than the other; half a second more for Pharos's Kafka hop.
     */
    static final Duration START_TOLERANCE = Duration.ofMillis(2500);
    /** How long a firing alert stays valid without re-sending: 4 x max(resend delay 1m, interval 1s). */
    static final Duration VALID_FOR = Duration.ofMinutes(4);
    static final Duration DEADLINE = Duration.ofSeconds(30);
    /**
     * Legitimate difference: Prometheus 2.42 prints a number literal of an expression with Go's
     * {@code %v} ({@code 1e+09}), Prometheus 3.x, which Pharos follows, without an exponent
     * ({@code 1000000000}). It shows in generator URLs and in the rules API's {@code query}.
     */
    static final Map<String, String> PROMETHEUS_2_NUMBERS = Map.of("1e+09", "1000000000", "1e%2B09", "1000000000");

    static final String RULES = """
            groups:
              - name: temperatures
                rules:
                  - record: rd:temperature:max
                    expr: max by (job, instance) (rd_temperature_celsius)
                  - alert: RdHottestRoomHigh
                    expr: rd:temperature:max > 90
                    labels:
                      severity: '{{ if gt $value 90.0 }}critical{{ else }}warning{{ end }}'
                    annotations:
                      summary: 'Hottest room at {{ $value | humanize }}°C in {{ $externalLabels.cluster }}'
                      used: '{{ query "rd_disk_used_ratio" | first | value | humanizePercentage }} of the disk used'
                  - alert: RdRoomHot
                    expr: rd_temperature_celsius > 90
                    keep_firing_for: 3s
                    labels:
                      room_upper: '{{ $labels.room | toUpper }}'
                      team: '{{ $labels.team }}'
                    annotations:
                      description: '{{ range $k, $v := $labels }}{{ $k }}={{ $v }};{{ end }}'
                      formatted: '{{ printf "%.2f|%6.1f|%q|%d" $value $value $labels.room 42 }}'
                      runbook: '{{ $labels.runbook }}'
                      uptime: 'up {{ query "rd_uptime_seconds" | first | value | humanizeDuration }}'
                      broken: '{{ query "rd_absent_metric" | first | value }}'
                  - alert: RdTemplateFunctions
                    expr: rd_temperature_celsius{room="b"} > 90
                    annotations:
                      strings: '{{ $labels.room | title }} {{ "MiXeD" | toLower }} {{ title "hello world" }} {{ reReplaceAll "([0-9]+)[.]([0-9]+)" "$2.$1" $labels.instance }} {{ stripPort $labels.instance }}'
                      branches: '{{ if match "^1[0-9]" $labels.instance }}loopback{{ else if eq 1 2 }}never{{ else }}other{{ end }} {{ $x := 3 }}{{ if and (gt $x 2) (not (eq $x 5)) }}yes{{ end }} {{ with $labels.nothing }}set{{ else }}unset{{ end }}'
                      queries: '{{ with query "sort_desc(rd_temperature_celsius)" }}{{ range . }}{{ .Labels.room }}:{{ .Value }} {{ end }}{{ end }}|{{ range sortByLabel "room" (query "rd_temperature_celsius") }}{{ label "room" . }}={{ value . | printf "%.1f" }};{{ end }}|{{ (query "rd_temperature_celsius" | first).Labels.room }}|{{ strvalue (query "rd_temperature_celsius" | first) }}|{{ len (query "rd_absent_metric") }}'
                      humanized: '{{ humanize 1234567 }} {{ humanize 0.000123 }} {{ humanize1024 1048576 }} {{ humanizeDuration 0.0123 }} {{ humanizeDuration 1e-7 }} {{ humanizePercentage 0.5 }} {{ humanize "NaN" }} {{ $value | humanizeDuration }} {{ 1700000000 | humanizeTimestamp }} {{ toTime 1700000000 }} {{ parseDuration "1m30s" }}'
                      builtins: '{{ len $labels }} {{ index $labels "room" }} {{ "<b>" | html }} {{ "a b&c" | urlquery }} {{ "it''s" | js }} {{ printf "%v %s %5.2e %x %t %d" $value "s" 12345.678 255 true 7 }} {{ args 1 "x" | len }} {{ safeHtml "<i>" }}'
                      printed: '{{ $externalLabels }} {{ $labels }} {{ graphLink "up" }} {{ tableLink "rate(x[5m])" }}'
                      undefined: '{{ template "nope" }}'
              - name: disks
                rules:
                  - alert: RdDiskLow
                    expr: rd_disk_free_bytes < 1e9
                    for: 2s
                    annotations:
                      free: '{{ $value | humanize1024 }}B free on {{ $labels.mount }}'
                      note: ''
                  - record: rd:requests:rate5s
                    expr: rate(rd_requests_total[5s])
                  - alert: RdRequestsFlowing
                    expr: rd:requests:rate5s > 0
                    annotations:
                      summary: 'requests flowing on {{ $labels.instance }}'
              - name: failing
                limit: 1
                rules:
                  - record: rd:temperature:copy
                    expr: rd_temperature_celsius
                  - alert: RdAnyRoom
                    expr: rd_temperature_celsius > 0
                  - record: rd:temperature:bad_match
                    expr: rd_temperature_celsius + on (job) rd_temperature_celsius
            """;

    private enum Phase { CALM, HOT, COOL }

    private volatile Phase phase = Phase.CALM;
    private volatile Instant hotSince;
    private volatile Instant coolSince;
    /** The first phase change that failed: later tests fail at once rather than wait for it again. */
    private Throwable phaseFailure;

    private final JsonMapper json = JsonMapper.builder().build();
    private final HttpClient http = HttpClient.newHttpClient();
    private HttpServer target;
    private RecordingAlertmanager prometheusReceiver;
    private RecordingAlertmanager pharosReceiver;
    private HttpServer webhook;
    private final List<Map<String, Object>> webhookAlerts = new CopyOnWriteArrayList<>();
    private ReferencePrometheus prometheus;
    private ReferenceAlertmanager alertmanager;
    private Path rulesFile;
    private int pharosAlertmanagerPort;
    private PharosStandalone pharos;
    private String pharosUrl;
    private String instance;

    @BeforeAll
    void start(@TempDir Path tmp) throws Exception {
        Assumptions.assumeTrue(ReferencePrometheus.available(), "Debian's prometheus is not installed");
        Assumptions.assumeTrue(ReferenceAlertmanager.available(), "Debian's prometheus-alertmanager is not installed");
        target = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        target.createContext("/metrics", ex -> {
            byte[] body = exposition().getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().add("Content-Type", "text/plain; version=0.0.4");
            ex.sendResponseHeaders(200, body.length);
            ex.getResponseBody().write(body);
            ex.close();
        });
        target.start();
        instance = "127.0.0.1:" + target.getAddress().getPort();
        prometheusReceiver = new RecordingAlertmanager(json);
        pharosReceiver = new RecordingAlertmanager(json);
        webhook = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        webhook.createContext("/hook", ex -> {
            Map<?, ?> message = json.readValue(ex.getRequestBody().readAllBytes(), Map.class);
            for (Object a : (List<?>) message.get("alerts")) {
                webhookAlerts.add(castMap(a));
            }
            ex.sendResponseHeaders(200, -1);
            ex.close();
        });
        webhook.start();

        alertmanager = ReferenceAlertmanager.start("""
                route:
                  receiver: hook
                  group_by: ['alertname']
                  group_wait: 1s
                  group_interval: 1s
                  repeat_interval: 1h
                receivers:
                  - name: hook
                    webhook_configs:
                      - url: http://127.0.0.1:%d/hook
                """.formatted(webhook.getAddress().getPort()), tmp.resolve("alertmanager"));

        Path rules = tmp.resolve("rules.yml");
        rulesFile = rules;
        Files.writeString(rules, RULES);
        Path prometheusDir = tmp.resolve("prometheus");
        Files.createDirectories(prometheusDir);
        prometheus = ReferencePrometheus.start(config(rules, "'127.0.0.1:" + prometheusReceiver.port() + "'"),
                prometheusDir, List.of("--web.enable-lifecycle"));

        Path pharosDir = tmp.resolve("pharos");
        Files.createDirectories(pharosDir);
        pharosAlertmanagerPort = freePort();
        Files.writeString(pharosDir.resolve("prometheus.yml"), config(rules, "'127.0.0.1:" + pharosReceiver.port()
                + "', '127.0.0.1:" + alertmanager.port() + "', '127.0.0.1:" + pharosAlertmanagerPort + "'"));
        int queryPort = freePort();
        pharosUrl = "http://127.0.0.1:" + queryPort;
        pharos = PharosStandalone.start(
                "--config.file=" + pharosDir.resolve("prometheus.yml"),
                "--storage.path=" + pharosDir.resolve("data"),
                "--web.listen-address=127.0.0.1:" + queryPort,
                "--alertmanager.listen-address=127.0.0.1:" + pharosAlertmanagerPort,
                "--collector.listen-address=127.0.0.1:" + freePort(),
                "--storage.listen-address=127.0.0.1:" + freePort(),
                "--pharos.query.external-url=" + pharosUrl);
    }

    /** The same prometheus.yml for both, but for where alerts go. */
    private String config(Path rules, String alertmanagerTargets) {
        return """
                global:
                  scrape_interval: 1s
                  evaluation_interval: 1s
                  external_labels:
                    cluster: rd
                scrape_configs:
                  - job_name: rd
                    static_configs:
                      - targets: ['%s']
                rule_files: ['%s']
                alerting:
                  alert_relabel_configs:
                    - source_labels: [mount]
                      regex: /(.*)
                      target_label: volume
                      replacement: vol-$1
                    - source_labels: [cluster, alertname]
                      separator: /
                      target_label: route
                    - action: labelmap
                      regex: room_(upper)
                      replacement: room_case_$1
                  alertmanagers:
                    - static_configs:
                        - targets: [%s]
                """.formatted(instance, rules, alertmanagerTargets);
    }

    @AfterAll
    void stop() {
        if (pharos != null) {
            pharos.close();
        }
        if (prometheus != null) {
            prometheus.close();
        }
        if (alertmanager != null) {
            alertmanager.close();
        }
        for (HttpServer s : new HttpServer[] {target, webhook}) {
            if (s != null) {
                s.stop(0);
            }
        }
        for (RecordingAlertmanager r : new RecordingAlertmanager[] {prometheusReceiver, pharosReceiver}) {
            if (r != null) {
                r.close();
            }
        }
    }

    /** What the target exposes now; the counter moves (10/s) only while hot. */
    private String exposition() {
        Phase p = phase;
        double requests = 1000;
        if (p == Phase.HOT) {
            requests += 10 * Duration.between(hotSince, Instant.now()).toMillis() / 1000.0;
        } else if (p == Phase.COOL) {
            requests += 10 * Duration.between(hotSince, coolSince).toMillis() / 1000.0;
        }
        StringBuilder sb = new StringBuilder();
        sb.append("# TYPE rd_temperature_celsius gauge\n");
        sb.append("rd_temperature_celsius{room=\"a\",team=\"infra\"} 10\n");
        sb.append("rd_temperature_celsius{room=\"b\"} ").append(p == Phase.HOT ? "95" : "20").append('\n');
        sb.append("# TYPE rd_disk_free_bytes gauge\n");
        sb.append("rd_disk_free_bytes{mount=\"/data\"} ").append(p == Phase.CALM ? "5e9" : "5e8").append('\n');
        if (p == Phase.HOT) {
            sb.append("rd_disk_free_bytes{mount=\"/logs\"} 2e8\n");
        }
        sb.append("# TYPE rd_disk_used_ratio gauge\nrd_disk_used_ratio 0.8734\n");
        sb.append("# TYPE rd_uptime_seconds gauge\nrd_uptime_seconds 93784.5\n");
        sb.append("# TYPE rd_requests_total counter\nrd_requests_total ").append(requests).append('\n');
        return sb.toString();
    }

    /**
     * An alert's labels as posted: the rule's result and template labels, the external label,
     * then what {@code alert_relabel_configs} add (they see the external label).
     */
    private Map<String, String> alertLabels(String... namesAndValues) {
        Map<String, String> m = new TreeMap<>(Map.of("cluster", "rd", "job", "rd", "instance", instance));
        for (int i = 0; i < namesAndValues.length; i += 2) {
            m.put(namesAndValues[i], namesAndValues[i + 1]);
        }
        if (m.containsKey("mount")) {
            m.put("volume", "vol-" + m.get("mount").substring(1));
        }
        m.put("route", "rd/" + m.get("alertname"));
        if (m.containsKey("room_upper")) {
            m.put("room_case_upper", m.get("room_upper"));
        }
        return m;
    }

    private Set<Map<String, String>> firingWhenHot() {
        return Set.of(
                alertLabels("alertname", "RdHottestRoomHigh", "severity", "critical"),
                alertLabels("alertname", "RdRoomHot", "room", "b", "room_upper", "B"),
                alertLabels("alertname", "RdTemplateFunctions", "room", "b"),
                alertLabels("alertname", "RdDiskLow", "mount", "/data"),
                alertLabels("alertname", "RdDiskLow", "mount", "/logs"),
                alertLabels("alertname", "RdRequestsFlowing"));
    }

    private Set<Map<String, String>> resolvedWhenCool() {
        return Set.of(
                alertLabels("alertname", "RdHottestRoomHigh", "severity", "critical"),
                alertLabels("alertname", "RdRoomHot", "room", "b", "room_upper", "B"),
                alertLabels("alertname", "RdTemplateFunctions", "room", "b"),
                alertLabels("alertname", "RdDiskLow", "mount", "/logs"),
                alertLabels("alertname", "RdRequestsFlowing"));
    }

    /**
     * Turns hot once both systems have scraped the calm target and evaluated the rules on it,
     * then waits until both have posted every alert of the hot phase as firing.
     */
    private synchronized void hot() {
        if (phaseFailure != null) {
            throw new IllegalStateException("an earlier phase change failed", phaseFailure);
        }
        if (hotSince != null) {
            return;
        }
        try {
            becomeHot();
        } catch (RuntimeException | Error e) {
            phaseFailure = e;
            throw e;
        }
    }

    private void becomeHot() {
        await().atMost(DEADLINE).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
            for (String url : List.of(prometheus.url(), pharosUrl)) {
                assertThat(query(url, "rd:temperature:max")).as(system(url)).hasSize(1);
                assertThat(query(url, "rd:requests:rate5s")).as(system(url)).hasSize(1);
            }
        });
        hotSince = Instant.now();
        phase = Phase.HOT;
        await().atMost(DEADLINE).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
            assertThat(prometheusReceiver.firingIdentities()).as("Prometheus").containsAll(firingWhenHot());
            assertThat(pharosReceiver.firingIdentities()).as(() -> "Pharos\n" + pharosState()).containsAll(firingWhenHot());
        });
    }

    private String system(String url) {
        return (url.equals(pharosUrl) ? "Pharos at " : "Prometheus at ") + url;
    }

    /** What Pharos holds of the target and its rules, for a failure's message. */
    private String pharosState() {
        try {
            return "rd_temperature_celsius: " + get(pharosUrl + "/api/v1/query?query=rd_temperature_celsius")
                    + "\nrules: " + get(pharosUrl + "/api/v1/rules");
        } catch (IOException | AssertionError e) {
            return e.toString();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return e.toString();
        }
    }

    /** Turns cool after the hot phase, then waits until both have posted every resolution. */
    private synchronized void cool() {
        hot();
        if (coolSince != null) {
            return;
        }
        try {
            becomeCool();
        } catch (RuntimeException | Error e) {
            phaseFailure = e;
            throw e;
        }
    }

    private void becomeCool() {
        coolSince = Instant.now();
        phase = Phase.COOL;
        await().atMost(DEADLINE).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
            assertThat(prometheusReceiver.resolvedIdentities()).as("Prometheus").containsAll(resolvedWhenCool());
            assertThat(pharosReceiver.resolvedIdentities()).as("Pharos").containsAll(resolvedWhenCool());
        });
    }

    @Test
    @Order(1)
    void firingAlertsPostedToAlertmanagerMatchPrometheus() {
        hot();
        assertThat(pharosReceiver.identities()).isEqualTo(prometheusReceiver.identities()).isEqualTo(firingWhenHot());
        for (Map<String, String> id : firingWhenHot()) {
            Notice p = prometheusReceiver.first(id);
            Notice q = pharosReceiver.first(id);
            assertThat(q.annotations()).as("annotations of %s", id).isEqualTo(p.annotations());
            assertThat(Duration.between(p.startsAt(), q.startsAt()).abs()).as("startsAt of %s", id)
                    .isLessThanOrEqualTo(START_TOLERANCE);
            assertThat(Duration.between(q.startsAt(), q.endsAt())).as("validity of %s", id).isEqualTo(VALID_FOR);
            assertThat(Duration.between(p.startsAt(), p.endsAt())).as("validity of %s", id).isEqualTo(VALID_FOR);
            assertThat(q.generatorPath()).as("generatorURL of %s", id).isEqualTo(asPrometheus3(p.generatorPath()));
            assertThat(q.generatorUrl()).startsWith(pharosUrl + "/graph?g0.expr=");
        }
        // The templates rendered as Prometheus renders them, an empty annotation and a run-time error included.
        Map<String, String> roomHot = prometheusReceiver.first(alertLabels("alertname", "RdRoomHot", "room", "b",
                "room_upper", "B")).annotations();
        assertThat(roomHot).containsEntry("runbook", "")
                .containsEntry("formatted", "95.00|  95.0|\"b\"|42")
                .containsEntry("uptime", "up 1d 2h 3m 4s")
                .containsEntry("description", "__name__=rd_temperature_celsius;instance=" + instance + ";job=rd;room=b;");
        assertThat(roomHot.get("broken")).isEqualTo("<error expanding template: error executing template __alert_RdRoomHot: "
                + "template: __alert_RdRoomHot:1:142: executing \"__alert_RdRoomHot\" at <first>: error calling first: "
                + "first() called on vector with no elements>");
        assertThat(prometheusReceiver.first(alertLabels("alertname", "RdHottestRoomHigh", "severity", "critical"))
                .annotations()).containsEntry("summary", "Hottest room at 95°C in rd")
                .containsEntry("used", "87.34% of the disk used");
        assertThat(prometheusReceiver.first(alertLabels("alertname", "RdDiskLow", "mount", "/logs")).annotations())
                .containsEntry("free", "190.7MiB free on /logs").containsEntry("note", "");
        Map<String, String> diskLow = alertLabels("alertname", "RdDiskLow", "mount", "/data");
        assertThat(prometheusReceiver.first(diskLow).generatorPath()).contains("1e%2B09");
        assertThat(pharosReceiver.first(diskLow).generatorPath()).contains("1000000000");
    }

    @Test
    @Order(2)
    void alertsAndRulesApisMatchPrometheusWhileHot() throws IOException, InterruptedException {
        hot();
        assertApisConverge();
        // Failing rules report Prometheus's errors; Pharos names many-to-many duplicates sorted, as 3.x does.
        Map<String, String> prom = lastErrors(prometheus.url());
        Map<String, String> ours = lastErrors(pharosUrl);
        assertThat(ours).containsEntry("RdAnyRoom", "exceeded limit of 1 with 2 alerts")
                .containsEntry("rd:temperature:copy", "exceeded limit of 1 with 2 series")
                .containsEntry("rd:temperature:bad_match", duplicatesSorted(prom.get("rd:temperature:bad_match")));
        assertThat(ours.get("rd:temperature:bad_match")).contains("[{__name__=\"rd_temperature_celsius\", instance=\""
                + instance + "\", job=\"rd\", room=\"a\", team=\"infra\"}, {");
        assertThat(ours).isEqualTo(prom.entrySet().stream().collect(java.util.stream.Collectors.toMap(
                Map.Entry::getKey, e -> duplicatesSorted(e.getValue()))));
        // The type filter (case-insensitive) and its refusal of other values.
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(300)).untilAsserted(() -> {
            for (String params : List.of("?type=alert", "?type=record", "?type=Record")) {
                assertThat(normalisedRules(pharosUrl, params)).as(params).isEqualTo(normalisedRules(prometheus.url(), params));
            }
        });
        HttpResponse<String> promBogus = http.send(HttpRequest.newBuilder(URI.create(prometheus.url()
                + "/api/v1/rules?type=bogus")).build(), HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> ourBogus = http.send(HttpRequest.newBuilder(URI.create(pharosUrl
                + "/api/v1/rules?type=bogus")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(ourBogus.statusCode()).isEqualTo(promBogus.statusCode()).isEqualTo(400);
        assertThat(ourBogus.body()).isEqualTo(promBogus.body());
        // In both, an alert fires at the first evaluation at least its rule's `for` after it became active.
        assertFiredAfterItsHoldDuration(prometheus.url(), prometheusReceiver);
        assertFiredAfterItsHoldDuration(pharosUrl, pharosReceiver);
    }

    private void assertFiredAfterItsHoldDuration(String url, RecordingAlertmanager receiver)
            throws IOException, InterruptedException {
        Map<String, Object> body = castMap(json.readValue(get(url + "/api/v1/alerts"), Map.class));
        for (Map<String, Object> a : castList(castMap(body.get("data")).get("alerts"))) {
            List<String> labels = new ArrayList<>();
            castMap(a.get("labels")).forEach((k, v) -> labels.addAll(List.of(k, (String) v)));
            Map<String, String> id = alertLabels(labels.toArray(String[]::new));
            Duration hold = "RdDiskLow".equals(id.get("alertname")) ? Duration.ofSeconds(2) : Duration.ZERO;
            Duration waited = Duration.between(Instant.parse((String) a.get("activeAt")), receiver.first(id).startsAt());
            // Evaluations are a second apart: the hold, or one interval more after a missed one. (Prometheus's
            // activeAt and startsAt of one evaluation may differ by a fraction of a millisecond.)
            assertThat(waited).as("%s: from active to firing of %s", url, id)
                    .isBetween(hold.minusMillis(5), hold.plusSeconds(1));
        }
    }

    /** Each failing rule's lastError, by rule name. */
    private Map<String, String> lastErrors(String url) throws IOException, InterruptedException {
        Map<String, String> out = new TreeMap<>();
        Map<String, Object> body = castMap(json.readValue(get(url + "/api/v1/rules"), Map.class));
        for (Map<String, Object> g : castList(castMap(body.get("data")).get("groups"))) {
            for (Map<String, Object> r : castList(g.get("rules"))) {
                if (r.get("lastError") instanceof String err && !err.isEmpty()) {
                    out.put((String) r.get("name"), err);
                }
            }
        }
        return out;
    }

    @Test
    @Order(3)
    void realAlertmanagerReceivesPharosAlertsAndCallsItsWebhook() {
        hot();
        await().atMost(DEADLINE).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
            List<Map<String, Object>> inAm = castList(json.readValue(get(alertmanager.url() + "/api/v2/alerts"), List.class));
            for (Map<String, String> id : firingWhenHot()) {
                Notice sent = pharosReceiver.first(id);
                assertThat(inAm).as("%s in Alertmanager's /api/v2/alerts\n%s", id, alertmanager.log()).anySatisfy(a -> {
                    assertThat(a.get("labels")).isEqualTo(id);
                    assertThat(a.get("annotations")).isEqualTo(sent.annotations());
                    assertThat(a.get("generatorURL")).isEqualTo(sent.generatorUrl());
                    assertThat(Instant.parse((String) a.get("startsAt"))).isEqualTo(sent.startsAt());
                    assertThat(castMap(a.get("status")).get("state")).isEqualTo("active");
                });
                assertThat(webhookAlerts).as("%s at the webhook", id).anySatisfy(a -> {
                    assertThat(a.get("status")).isEqualTo("firing");
                    assertThat(a.get("labels")).isEqualTo(id);
                    assertThat(a.get("annotations")).isEqualTo(sent.annotations());
                    assertThat(a.get("generatorURL")).isEqualTo(sent.generatorUrl());
                });
            }
        });
    }

    @Test
    @Order(4)
    void pharosAlertmanagerServiceHoldsTheAlertsAsTheRealOneDoes() {
        hot();
        await().atMost(DEADLINE).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
            List<Map<String, Object>> real = castList(json.readValue(get(alertmanager.url() + "/api/v2/alerts"), List.class));
            List<Map<String, Object>> ours = castList(json.readValue(
                    get("http://127.0.0.1:" + pharosAlertmanagerPort + "/api/v2/alerts"), List.class));
            for (Map<String, String> id : firingWhenHot()) {
                Map<String, Object> r = real.stream().filter(a -> id.equals(a.get("labels"))).findFirst().orElseThrow();
                assertThat(ours).as("%s in Pharos's alertmanager", id).anySatisfy(a -> {
                    assertThat(a.get("labels")).isEqualTo(id);
                    assertThat(a.get("annotations")).isEqualTo(r.get("annotations"));
                    assertThat(a.get("generatorURL")).isEqualTo(r.get("generatorURL"));
                    assertThat(Instant.parse((String) a.get("startsAt"))).isEqualTo(Instant.parse((String) r.get("startsAt")));
                    assertThat(Instant.parse((String) a.get("endsAt"))).isEqualTo(Instant.parse((String) r.get("endsAt")));
                    assertThat(castMap(a.get("status")).get("state")).isEqualTo(castMap(r.get("status")).get("state"));
                });
            }
        });
    }

    @Test
    @Order(5)
    void resolvedNoticesMatchPrometheus() {
        cool();
        assertThat(pharosReceiver.identities()).isEqualTo(prometheusReceiver.identities());
        for (Map<String, String> id : prometheusReceiver.identities()) {
            assertThat(pharosReceiver.states(id)).as("firing/resolved sequence of %s", id)
                    .isEqualTo(prometheusReceiver.states(id))
                    .isEqualTo(resolvedWhenCool().contains(id) ? List.of("firing", "resolved") : List.of("firing"));
        }
        for (Map<String, String> id : resolvedWhenCool()) {
            Notice p = prometheusReceiver.last(id);
            Notice q = pharosReceiver.last(id);
            assertThat(q.annotations()).as("annotations of resolved %s", id).isEqualTo(p.annotations());
            assertThat(Duration.between(p.endsAt(), q.endsAt()).abs()).as("endsAt of resolved %s", id)
                    .isLessThanOrEqualTo(START_TOLERANCE);
            assertThat(Duration.between(p.startsAt(), q.startsAt()).abs()).isLessThanOrEqualTo(START_TOLERANCE);
            assertThat(q.endsAt()).isAfter(coolSince.minus(START_TOLERANCE));
        }
        // keep_firing_for: 3s holds the resolution back in both (less a scrape's latency: a sample
        // is stamped when its scrape starts, which may be a moment before the switch it saw).
        Map<String, String> roomHot = alertLabels("alertname", "RdRoomHot", "room", "b", "room_upper", "B");
        assertThat(Duration.between(coolSince, prometheusReceiver.last(roomHot).endsAt())).isGreaterThan(Duration.ofMillis(2500));
        assertThat(Duration.between(coolSince, pharosReceiver.last(roomHot).endsAt())).isGreaterThan(Duration.ofMillis(2500));
        assertApisConverge();
    }

    @Test
    @Order(6)
    void realAlertmanagerWebhookGetsTheResolution() {
        cool();
        await().atMost(DEADLINE).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
            for (Map<String, String> id : resolvedWhenCool()) {
                Notice resolved = pharosReceiver.last(id);
                assertThat(webhookAlerts).as("resolved %s at the webhook\n%s", id, alertmanager.log()).anySatisfy(a -> {
                    assertThat(a.get("status")).isEqualTo("resolved");
                    assertThat(a.get("labels")).isEqualTo(id);
                    assertThat(Instant.parse((String) a.get("endsAt"))).isEqualTo(resolved.endsAt());
                });
            }
        });
    }

    @Test
    @Order(7)
    void reloadKeepsAlertsOfRulesWithTheSameNameAndLabelsAndEndsRemovedRulesSeries() throws Exception {
        cool();
        Map<String, String> data = alertLabels("alertname", "RdDiskLow", "mount", "/data");
        // Another annotation and hold for RdDiskLow (same name and labels); the recording rule gone.
        String edited = RULES.replace("free: '{{ $value | humanize1024 }}B free on {{ $labels.mount }}'",
                        "free: 'only {{ $value | humanize1024 }}B left on {{ $labels.mount }}'")
                .replace("for: 2s", "for: 3s")
                .replace("      - record: rd:requests:rate5s\n        expr: rate(rd_requests_total[5s])\n", "");
        assertThat(edited).doesNotContain("rd:requests:rate5s\n").contains("for: 3s", "only {{");
        Files.writeString(rulesFile, edited);
        for (String url : List.of(prometheus.url(), pharosUrl)) {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url + "/-/reload"))
                    .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).as(url + " reload: " + r.body()).isEqualTo(200);
        }
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(300)).untilAsserted(() -> {
            for (String url : List.of(prometheus.url(), pharosUrl)) {
                // The removed rule's series ends with a staleness marker rather than lingering for 5 minutes.
                assertThat(query(url, "rd:requests:rate5s")).as(system(url)).isEmpty();
                assertThat(query(url, "ALERTS{alertname=\"RdDiskLow\"}")).as(system(url)).singleElement()
                        .satisfies(a -> assertThat(castMap(a.get("metric"))).containsEntry("alertstate", "firing"));
            }
        });
        // The firing alert carried on (its activeAt, checked by the comparison, is still from the hot
        // phase) with the new annotation, and was not announced again by either.
        assertApisConverge();
        Map<String, Object> body = castMap(json.readValue(get(pharosUrl + "/api/v1/alerts"), Map.class));
        assertThat(castList(castMap(body.get("data")).get("alerts"))).anySatisfy(a -> assertThat(castMap(a.get("annotations")))
                .containsEntry("free", "only 476.8MiB left on /data"));
        assertThat(pharosReceiver.states(data)).isEqualTo(prometheusReceiver.states(data)).isEqualTo(List.of("firing"));
    }

    /** Both APIs agree, once times (and the value of the rate-based alert, which depends on scrape phase) are set aside. */
    private void assertApisConverge() {
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(300)).untilAsserted(() -> {
            Object promAlerts = normalisedAlerts(prometheus.url());
            Object pharosAlerts = normalisedAlerts(pharosUrl);
            assertThat(pharosAlerts).as("/api/v1/alerts").isEqualTo(promAlerts);
            Object promRules = normalisedRules(prometheus.url());
            Object pharosRules = normalisedRules(pharosUrl);
            assertThat(pharosRules).as("/api/v1/rules").isEqualTo(promRules);
            // The series the rules write: the same label sets (values of ALERTS_FOR_STATE are times, of the rate a rate).
            for (String written : List.of("ALERTS", "ALERTS_FOR_STATE", "rd:temperature:max", "rd:requests:rate5s")) {
                assertThat(labelSets(pharosUrl, written)).as(written).isEqualTo(labelSets(prometheus.url(), written));
            }
            assertThat(values(pharosUrl, "ALERTS")).as("ALERTS").isEqualTo(values(prometheus.url(), "ALERTS"));
        });
    }

    private Object normalisedAlerts(String url) throws IOException, InterruptedException {
        Map<String, Object> body = castMap(json.readValue(get(url + "/api/v1/alerts"), Map.class));
        assertThat(body.get("status")).isEqualTo("success");
        return normaliseAlertList(castList(castMap(body.get("data")).get("alerts")));
    }

    private Object normalisedRules(String url) throws IOException, InterruptedException {
        return normalisedRules(url, "");
    }

    private Object normalisedRules(String url, String params) throws IOException, InterruptedException {
        Map<String, Object> body = castMap(json.readValue(get(url + "/api/v1/rules" + params), Map.class));
        assertThat(body.get("status")).isEqualTo("success");
        List<Map<String, Object>> groups = castList(castMap(body.get("data")).get("groups"));
        List<Object> out = new ArrayList<>();
        for (Map<String, Object> g : groups) {
            Map<String, Object> ng = new TreeMap<>(g);
            ng.remove("evaluationTime");
            assertThat(Instant.parse((String) ng.remove("lastEvaluation"))).isAfter(Instant.now().minusSeconds(10));
            List<Object> rules = new ArrayList<>();
            for (Map<String, Object> r : castList(g.get("rules"))) {
                Map<String, Object> nr = new TreeMap<>(r);
                nr.remove("evaluationTime");
                nr.put("query", asPrometheus3((String) nr.get("query")));
                if (nr.get("lastError") instanceof String err) {
                    nr.put("lastError", duplicatesSorted(err));
                }
                assertThat(Instant.parse((String) nr.remove("lastEvaluation"))).isAfter(Instant.now().minusSeconds(10));
                if (nr.containsKey("alerts")) {
                    nr.put("alerts", normaliseAlertList(castList(nr.get("alerts"))));
                }
                rules.add(nr);
            }
            ng.put("rules", rules);
            out.add(ng);
        }
        return out;
    }

    /** Alerts sorted by labels, activeAt checked against the phase change and then dropped. */
    private List<Object> normaliseAlertList(List<Map<String, Object>> alerts) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Map<String, Object> a : alerts) {
            Map<String, Object> na = new TreeMap<>(a);
            Instant activeAt = Instant.parse((String) na.remove("activeAt"));
            // A sample is stamped with its scrape's start, which may be a moment before the switch it already saw.
            assertThat(activeAt).isAfter(hotSince.minusSeconds(1)).isBefore(hotSince.plus(START_TOLERANCE).plus(START_TOLERANCE));
            if ("RdRequestsFlowing".equals(castMap(a.get("labels")).get("alertname"))) {
                na.put("value", "(a rate: depends on the scrape phase)");
            }
            out.add(na);
        }
        out.sort(java.util.Comparator.comparing(a -> new TreeMap<>(castMap(a.get("labels"))).toString()));
        return new ArrayList<>(out);
    }

    /** Prometheus 2.42's text of an expression as Prometheus 3.x prints it: see {@link #PROMETHEUS_2_NUMBERS}. */
    static String asPrometheus3(String prometheus2) {
        String out = prometheus2;
        for (Map.Entry<String, String> e : PROMETHEUS_2_NUMBERS.entrySet()) {
            out = out.replace(e.getKey(), e.getValue());
        }
        return out;
    }

    /**
     * Legitimate difference: Prometheus 2.42 names the two series of a many-to-many error in the
     * order it met them (the later first); Prometheus 3.x, which Pharos follows, sorts them.
     */
    static String duplicatesSorted(String error) {
        int open = error.indexOf(": [{");
        int close = error.indexOf("}];many-to-many");
        if (!error.startsWith("found duplicate series") || open < 0 || close < 0) {
            return error;
        }
        String[] pair = error.substring(open + 3, close + 1).split("(?<=\\}), (?=\\{)");
        java.util.Arrays.sort(pair);
        return error.substring(0, open + 3) + String.join(", ", pair) + error.substring(close + 1);
    }

    /** The label sets of an instant query's result. */
    private Set<Object> labelSets(String base, String promql) throws IOException, InterruptedException {
        Set<Object> out = new java.util.HashSet<>();
        query(base, promql).forEach(r -> out.add(r.get("metric")));
        return out;
    }

    /** An instant query's result as label set to value, without the evaluation time. */
    private Map<Object, Object> values(String base, String promql) throws IOException, InterruptedException {
        Map<Object, Object> out = new java.util.HashMap<>();
        query(base, promql).forEach(r -> out.put(r.get("metric"), ((List<?>) r.get("value")).get(1)));
        return out;
    }

    private List<Map<String, Object>> query(String base, String promql) throws IOException, InterruptedException {
        Map<String, Object> body = castMap(json.readValue(
                get(base + "/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8)), Map.class));
        return castList(castMap(body.get("data")).get("result"));
    }

    private String get(String url) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(url + ": " + r.body()).isEqualTo(200);
        return r.body();
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> castMap(Object o) {
        return (Map<String, Object>) o;
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> castList(Object o) {
        return (List<Map<String, Object>>) o;
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /** One alert as posted to {@code POST /api/v2/alerts}, with when it arrived. */
    record Notice(Instant receivedAt, Map<String, String> labels, Map<String, String> annotations, Instant startsAt,
            Instant endsAt, String generatorUrl) {
        /** Resolved alerts carry the (past) time they resolved; firing ones a validity minutes ahead. */
        boolean resolved() {
            return endsAt.isBefore(receivedAt.plusSeconds(60));
        }

        /** The generator URL without the scheme, host and port, which name each system. */
        String generatorPath() {
            return URI.create(generatorUrl).getRawPath() + "?" + URI.create(generatorUrl).getRawQuery();
        }
    }

    /** An HTTP server answering {@code POST /api/v2/alerts} with 200 and keeping every alert it is sent. */
    static final class RecordingAlertmanager implements AutoCloseable {
        private final HttpServer server;
        private final List<Notice> notices = new CopyOnWriteArrayList<>();

        RecordingAlertmanager(JsonMapper json) throws IOException {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.createContext("/api/v2/alerts", ex -> {
                Instant now = Instant.now();
                List<Map<String, Object>> alerts = castList(json.readValue(ex.getRequestBody().readAllBytes(), List.class));
                for (Map<String, Object> a : alerts) {
                    notices.add(new Notice(now, strings(a.get("labels")), strings(a.get("annotations")),
                            Instant.parse((String) a.get("startsAt")), Instant.parse((String) a.get("endsAt")),
                            (String) a.get("generatorURL")));
                }
                ex.sendResponseHeaders(200, -1);
                ex.close();
            });
            server.start();
        }

        private static Map<String, String> strings(Object o) {
            Map<String, String> m = new TreeMap<>();
            if (o != null) {
                castMap(o).forEach((k, v) -> m.put(k, (String) v));
            }
            return m;
        }

        int port() {
            return server.getAddress().getPort();
        }

        Set<Map<String, String>> identities() {
            return collect(n -> true);
        }

        Set<Map<String, String>> firingIdentities() {
            return collect(n -> !n.resolved());
        }

        Set<Map<String, String>> resolvedIdentities() {
            return collect(Notice::resolved);
        }

        private Set<Map<String, String>> collect(java.util.function.Predicate<Notice> which) {
            Set<Map<String, String>> out = new java.util.HashSet<>();
            notices.stream().filter(which).forEach(n -> out.add(n.labels()));
            return out;
        }

        Notice first(Map<String, String> id) {
            return notices.stream().filter(n -> n.labels().equals(id)).findFirst().orElseThrow();
        }

        Notice last(Map<String, String> id) {
            List<Notice> of = notices.stream().filter(n -> n.labels().equals(id)).toList();
            return of.get(of.size() - 1);
        }

        /**
         * The alert's notices in order, as "firing" or "resolved": each sent once, since the test
         * ends before the one-minute resend delay would send any again.
         */
        List<String> states(Map<String, String> id) {
            List<String> out = new ArrayList<>();
            for (Notice n : notices) {
                if (n.labels().equals(id)) {
                    out.add(n.resolved() ? "resolved" : "firing");
                }
            }
            return out;
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }
}
