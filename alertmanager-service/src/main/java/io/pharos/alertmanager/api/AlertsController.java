package io.pharos.alertmanager.api;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.pharos.alertmanager.Alertmanager;
import io.pharos.alertmanager.alert.Alert;
import io.pharos.alertmanager.alert.AlertState;
import io.pharos.alertmanager.alert.AlertStatus;
import io.pharos.alertmanager.alert.Rfc3339;
import io.pharos.alertmanager.dispatch.Route;
import io.pharos.model.labels.Labels;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.json.JsonMapper;

/** {@code POST /api/v2/alerts} (what Prometheus sends) and {@code GET /api/v2/alerts}. */
@RestController
public class AlertsController {
    private static final Logger LOG = LoggerFactory.getLogger(AlertsController.class);

    private final Alertmanager alertmanager;
    private final JsonMapper json = JsonMapper.builder().build();
    private final Counter firing;
    private final Counter resolved;
    private final Counter invalid;

    public AlertsController(Alertmanager alertmanager, MeterRegistry registry) {
        this.alertmanager = alertmanager;
        this.firing = received(registry, "firing");
        this.resolved = received(registry, "resolved");
        this.invalid = Counter.builder("alertmanager.alerts.invalid")
                .description("The total number of received alerts that were invalid.")
                .tag("version", "v2")
                .register(registry);
    }

    private static Counter received(MeterRegistry registry, String status) {
        return Counter.builder("alertmanager.alerts.received")
                .description("The total number of received alerts.")
                .tag("version", "v2")
                .tag("status", status)
                .register(registry);
    }

    @PostMapping("/api/v2/alerts")
    public ResponseEntity<Object> post(@RequestBody(required = false) byte[] body) {
        List<PostableAlert> posted;
        try {
            posted = PostableAlert.parseAll(body, json);
        } catch (PostableAlert.MissingException e) {
            return ApiError.unprocessable(602, e.getMessage());
        } catch (PostableAlert.MalformedException e) {
            return ApiError.badRequest("parsing alerts body from \"\" failed, because " + e.getMessage());
        }
        Instant now = alertmanager.clock().instant();
        Duration resolveTimeout = alertmanager.config().global().resolveTimeout();
        List<Alert> valid = new ArrayList<>(posted.size());
        List<String> errors = new ArrayList<>();
        for (PostableAlert p : posted) {
            Instant startsAt = p.startsAt();
            Instant endsAt = p.endsAt();
            boolean timeout = false;
            if (startsAt == null) {
                startsAt = endsAt == null ? now : endsAt;
            }
            if (endsAt == null) {
                timeout = true;
                endsAt = now.plus(resolveTimeout);
            }
            if (endsAt.isAfter(now)) {
                firing.increment();
            } else {
                resolved.increment();
            }
            String error = validate(p, startsAt, endsAt);
            if (error != null) {
                errors.add(error);
                invalid.increment();
                continue;
            }
            // Labels with empty values are dropped (an empty label is no label), annotations are
            // kept as sent, empty ones too, as Alertmanager keeps them.
            valid.add(new Alert(Labels.fromMap(p.labels()), new TreeMap<>(p.annotations()), startsAt, endsAt,
                    p.generatorURL(), now, timeout));
        }
        alertmanager.put(valid);
        if (!errors.isEmpty()) {
            LOG.error("Failed to validate alerts: {}", String.join("; ", errors));
            // Alertmanager joins the errors of a batch with "; ".
            return ApiError.message(HttpStatus.BAD_REQUEST, String.join("; ", errors));
        }
        return ResponseEntity.ok().build();
    }

    /** Alertmanager's checks, with its wording; null when the alert is valid. */
    static String validate(PostableAlert p, Instant startsAt, Instant endsAt) {
        if (endsAt.isBefore(startsAt)) {
            return "start time must be before end time";
        }
        if (p.labels().values().stream().allMatch(String::isEmpty)) {
            return "at least one label pair required";
        }
        String bad = invalidPair(p.labels());
        if (bad != null) {
            return "invalid label set: " + bad;
        }
        bad = invalidPair(p.annotations());
        if (bad != null) {
            return "invalid annotations: " + bad;
        }
        return null;
    }

    private static String invalidPair(Map<String, String> m) {
        for (Map.Entry<String, String> e : m.entrySet()) {
            if (e.getKey().isEmpty() || !validUtf8(e.getKey())) {
                return "invalid name \"" + e.getKey() + "\"";
            }
            if (!validUtf8(e.getValue())) {
                return "invalid value \"" + e.getValue() + "\"";
            }
        }
        return null;
    }

    private static boolean validUtf8(String s) {
        try {
            StandardCharsets.UTF_8.newEncoder().encode(java.nio.CharBuffer.wrap(s));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }

    @GetMapping("/api/v2/alerts")
    public ResponseEntity<Object> get(
            @RequestParam(name = "active", defaultValue = "true") boolean active,
            @RequestParam(name = "silenced", defaultValue = "true") boolean silenced,
            @RequestParam(name = "inhibited", defaultValue = "true") boolean inhibited,
            @RequestParam(name = "unprocessed", defaultValue = "true") boolean unprocessed,
            @RequestParam(name = "filter", required = false) List<String> filter,
            @RequestParam(name = "receiver", required = false) String receiver) {
        AlertFilter f;
        try {
            f = AlertFilter.of(filter, receiver, active, silenced, inhibited, unprocessed);
        } catch (IllegalArgumentException e) {
            return ApiError.message(HttpStatus.BAD_REQUEST, e.getMessage());
        }
        Route route = alertmanager.route();
        Instant now = alertmanager.clock().instant();
        List<GettableAlert> out = new ArrayList<>();
        for (Alert a : alertmanager.store().list()) {
            List<String> receivers = route.receivers(a.labels());
            if (!f.receiverMatches(receivers)) {
                continue;
            }
            AlertStatus status = alertmanager.status(a);
            if (!f.test(a, status, now)) {
                continue;
            }
            out.add(gettable(a, receivers, status, List.of()));
        }
        out.sort(Comparator.comparing(GettableAlert::fingerprint));
        return ResponseEntity.ok(out);
    }

    static GettableAlert gettable(Alert a, List<String> receivers, AlertStatus status, List<String> mutedBy) {
        String state = mutedBy.isEmpty() ? status.state().apiName() : AlertState.SUPPRESSED.apiName();
        return new GettableAlert(
                a.annotations(),
                Rfc3339.millis(a.endsAt()),
                a.fingerprintHex(),
                receivers.stream().map(GettableAlert.ReceiverReference::new).toList(),
                Rfc3339.millis(a.startsAt()),
                new GettableAlert.Status(status.inhibitedBy(), mutedBy, status.silencedBy(), state),
                Rfc3339.millis(a.updatedAt()),
                a.generatorURL(),
                new TreeMap<>(a.labels().toMap()));
    }
}
