package io.pharos.query.api;

import io.pharos.query.rules.Alert;
import io.pharos.query.rules.AlertingRule;
import io.pharos.query.rules.RecordingRule;
import io.pharos.query.rules.Rule;
import io.pharos.query.rules.RuleGroup;
import io.pharos.query.rules.RuleManager;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import org.springframework.http.ResponseEntity;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/** {@code /api/v1/rules} and {@code /api/v1/alerts} in Prometheus's JSON. */
@RestController
class RulesController {
    private final RuleManager rules;

    RulesController(RuleManager rules) {
        this.rules = rules;
    }

    @GetMapping("/api/v1/rules")
    Mono<ResponseEntity<String>> rules(ServerWebExchange exchange) {
        return ApiSupport.params(exchange).flatMap(p -> ApiSupport.run(() -> {
            // Case-insensitive, and refused in Prometheus's words.
            String type = p.getFirst("type") == null ? "" : p.getFirst("type").toLowerCase(Locale.ROOT);
            if (!type.isEmpty() && !type.equals("alert") && !type.equals("record")) {
                throw new ApiError(ApiError.Type.BAD_DATA, "invalid parameter \"type\": not supported value "
                        + io.pharos.model.template.GoFmt.quote(type));
            }
            boolean excludeAlerts = "true".equalsIgnoreCase(p.getFirst("exclude_alerts"));
            StringBuilder sb = new StringBuilder("{\"groups\":[");
            boolean firstGroup = true;
            for (RuleGroup g : sorted(rules.groups())) {
                if (!selected(p, "rule_group[]", g.name()) || !selected(p, "file[]", g.file())) {
                    continue;
                }
                StringBuilder rulesJson = new StringBuilder();
                boolean firstRule = true;
                for (Rule r : g.rules()) {
                    boolean alerting = r instanceof AlertingRule;
                    if (type != null && !type.isEmpty() && alerting != type.equals("alert")) {
                        continue;
                    }
                    if (!selected(p, "rule_name[]", r.name())) {
                        continue;
                    }
                    if (!firstRule) {
                        rulesJson.append(',');
                    }
                    firstRule = false;
                    rule(rulesJson, r, excludeAlerts);
                }
                // Prometheus leaves out groups that filters emptied, but keeps empty groups otherwise.
                if (firstRule && !g.rules().isEmpty()) {
                    continue;
                }
                if (!firstGroup) {
                    sb.append(',');
                }
                firstGroup = false;
                sb.append("{\"name\":");
                PromJson.string(sb, g.name());
                sb.append(",\"file\":");
                PromJson.string(sb, g.file());
                sb.append(",\"rules\":[").append(rulesJson).append("],\"interval\":")
                        .append(seconds(g.interval().toMillis()))
                        .append(",\"limit\":").append(g.limit())
                        .append(",\"evaluationTime\":").append(g.state().health().evaluationSeconds())
                        .append(",\"lastEvaluation\":\"").append(PromJson.rfc3339(g.state().health().lastEvaluation()))
                        .append("\"}");
            }
            return ApiResponses.successData(sb.append("]}").toString(), List.of());
        }));
    }

    @GetMapping("/api/v1/alerts")
    Mono<ResponseEntity<String>> alerts() {
        return ApiSupport.run(() -> {
            StringBuilder sb = new StringBuilder("{\"alerts\":[");
            boolean first = true;
            for (RuleGroup g : sorted(rules.groups())) {
                for (Rule r : g.rules()) {
                    if (!(r instanceof AlertingRule ar)) {
                        continue;
                    }
                    for (Alert a : ar.alerts()) {
                        if (a.state() == Alert.State.INACTIVE) {
                            continue;
                        }
                        if (!first) {
                            sb.append(',');
                        }
                        first = false;
                        alert(sb, a);
                    }
                }
            }
            return ApiResponses.successData(sb.append("]}").toString(), List.of());
        });
    }

    private static List<RuleGroup> sorted(List<RuleGroup> groups) {
        return groups.stream().sorted(Comparator.comparing(RuleGroup::file).thenComparing(RuleGroup::name)).toList();
    }

    private static boolean selected(MultiValueMap<String, String> p, String param, String value) {
        List<String> wanted = p.get(param);
        return wanted == null || wanted.isEmpty() || wanted.contains(value);
    }

    private static void rule(StringBuilder sb, Rule r, boolean excludeAlerts) {
        if (r instanceof AlertingRule ar) {
            sb.append("{\"state\":\"").append(state(ar)).append("\",\"name\":");
            PromJson.string(sb, ar.name());
            sb.append(",\"query\":");
            PromJson.string(sb, ar.expr().toString());
            sb.append(",\"duration\":").append(seconds(ar.holdDuration().toMillis()));
            sb.append(",\"keepFiringFor\":").append(seconds(ar.keepFiringFor().toMillis()));
            sb.append(",\"labels\":");
            PromJson.labels(sb, ar.labels());
            sb.append(",\"annotations\":");
            ar.annotations().appendJson(sb);
            if (!excludeAlerts) {
                sb.append(",\"alerts\":[");
                boolean first = true;
                for (Alert a : ar.alerts()) {
                    if (a.state() == Alert.State.INACTIVE) {
                        continue;
                    }
                    if (!first) {
                        sb.append(',');
                    }
                    first = false;
                    alert(sb, a);
                }
                sb.append(']');
            }
            health(sb, r);
            sb.append(",\"type\":\"alerting\"}");
        } else {
            RecordingRule rr = (RecordingRule) r;
            sb.append("{\"name\":");
            PromJson.string(sb, rr.name());
            sb.append(",\"query\":");
            PromJson.string(sb, rr.expr().toString());
            // Prometheus leaves out a recording rule's labels when it has none (an alerting rule's never).
            if (!rr.labels().isEmpty()) {
                sb.append(",\"labels\":");
                PromJson.labels(sb, rr.labels());
            }
            health(sb, r);
            sb.append(",\"type\":\"recording\"}");
        }
    }

    private static void health(StringBuilder sb, Rule r) {
        sb.append(",\"health\":\"").append(r.health().health()).append('"');
        // Left out while healthy, as Prometheus does.
        if (!r.health().lastError().isEmpty()) {
            sb.append(",\"lastError\":");
            PromJson.string(sb, r.health().lastError());
        }
        sb.append(",\"evaluationTime\":").append(r.health().evaluationSeconds());
        sb.append(",\"lastEvaluation\":\"").append(PromJson.rfc3339(r.health().lastEvaluation())).append('"');
    }

    /** The rule's state: firing if any alert fires, else pending if any is pending, else inactive. */
    private static String state(AlertingRule ar) {
        Alert.State max = Alert.State.INACTIVE;
        for (Alert a : ar.alerts()) {
            if (a.state() == Alert.State.FIRING) {
                return "firing";
            }
            if (a.state() == Alert.State.PENDING) {
                max = Alert.State.PENDING;
            }
        }
        return max.name().toLowerCase(Locale.ROOT);
    }

    private static void alert(StringBuilder sb, Alert a) {
        sb.append("{\"labels\":");
        PromJson.labels(sb, a.labels());
        sb.append(",\"annotations\":");
        a.annotations().appendJson(sb);
        sb.append(",\"state\":\"").append(a.state().name().toLowerCase(Locale.ROOT)).append('"');
        sb.append(",\"activeAt\":\"").append(PromJson.rfc3339(Instant.ofEpochMilli(a.activeAt()))).append('"');
        sb.append(",\"value\":\"").append(PromJson.formatExponent(a.value())).append("\"}");
    }

    private static String seconds(long millis) {
        return millis % 1000 == 0 ? Long.toString(millis / 1000) : Double.toString(millis / 1000.0);
    }
}
