package io.pharos.alertmanager.api;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.pharos.alertmanager.Alertmanager;
import io.pharos.alertmanager.alert.Alert;
import io.pharos.alertmanager.alert.AlertStatus;
import io.pharos.alertmanager.alert.LabelSets;
import io.pharos.alertmanager.dispatch.AggregationGroup;
import io.pharos.model.labels.Labels;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/v2/alerts/groups}: the dispatcher's aggregation groups with their alerts, as
 * the Alertmanager UI and {@code amtool alert query} read them. An alert in several groups lists
 * the receivers of all of them; groups left without alerts by the filters are not shown.
 */
@RestController
public class AlertGroupsController {
    private final Alertmanager alertmanager;

    public AlertGroupsController(Alertmanager alertmanager) {
        this.alertmanager = alertmanager;
    }

    /** API v2's alertGroup. */
    @JsonPropertyOrder({"alerts", "labels", "receiver"})
    public record AlertGroup(List<GettableAlert> alerts, Map<String, String> labels, GettableAlert.ReceiverReference receiver) {
    }

    @GetMapping("/api/v2/alerts/groups")
    public ResponseEntity<Object> get(
            @RequestParam(name = "active", defaultValue = "true") boolean active,
            @RequestParam(name = "silenced", defaultValue = "true") boolean silenced,
            @RequestParam(name = "inhibited", defaultValue = "true") boolean inhibited,
            @RequestParam(name = "filter", required = false) List<String> filter,
            @RequestParam(name = "receiver", required = false) String receiver) {
        AlertFilter f;
        try {
            f = AlertFilter.of(filter, receiver, active, silenced, inhibited, true);
        } catch (IllegalArgumentException e) {
            return ApiError.message(HttpStatus.BAD_REQUEST, e.getMessage());
        }
        Instant now = alertmanager.clock().instant();
        record Selected(AggregationGroup group, List<Alert> alerts) {
        }
        List<Selected> selected = new ArrayList<>();
        Map<Long, List<String>> receivers = new HashMap<>();
        Map<Long, AlertStatus> statuses = new HashMap<>();
        for (AggregationGroup g : alertmanager.dispatcher().groups()) {
            if (!f.receiverMatches(g.receiver())) {
                continue;
            }
            List<Alert> kept = new ArrayList<>();
            for (Alert a : g.alerts()) {
                AlertStatus status = statuses.computeIfAbsent(a.fingerprint(), fp -> alertmanager.status(a));
                if (f.test(a, status, now)) {
                    kept.add(a);
                    receivers.computeIfAbsent(a.fingerprint(), fp -> new ArrayList<>()).add(g.receiver());
                }
            }
            if (!kept.isEmpty()) {
                selected.add(new Selected(g, kept));
            }
        }
        selected.sort(Comparator.comparing((Selected s) -> s.group().labels(), LabelSets.BEFORE)
                .thenComparing(s -> s.group().receiver()));
        receivers.values().forEach(l -> l.sort(null));
        List<AlertGroup> out = new ArrayList<>(selected.size());
        for (Selected s : selected) {
            List<String> mutedBy = alertmanager.groupMutes().mutedBy(s.group().groupKey());
            List<GettableAlert> alerts = new ArrayList<>(s.alerts().size());
            for (Alert a : s.alerts()) {
                alerts.add(AlertsController.gettable(a, receivers.get(a.fingerprint()), statuses.get(a.fingerprint()), mutedBy));
            }
            out.add(new AlertGroup(alerts, labels(s.group().labels()), new GettableAlert.ReceiverReference(s.group().receiver())));
        }
        return ResponseEntity.ok(out);
    }

    private static Map<String, String> labels(Labels l) {
        return new TreeMap<>(l.toMap());
    }
}
