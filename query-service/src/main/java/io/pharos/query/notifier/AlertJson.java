package io.pharos.query.notifier;

import io.pharos.query.api.PromJson;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.List;

/** The JSON array body of {@code POST /api/v2/alerts}. */
final class AlertJson {
    private AlertJson() {
    }

    static String encode(List<PostableAlert> alerts) {
        StringBuilder sb = new StringBuilder(256 * alerts.size());
        sb.append('[');
        for (int i = 0; i < alerts.size(); i++) {
            PostableAlert a = alerts.get(i);
            if (i > 0) {
                sb.append(',');
            }
            sb.append("{\"labels\":");
            PromJson.labels(sb, a.labels());
            sb.append(",\"annotations\":");
            a.annotations().appendJson(sb);
            sb.append(",\"startsAt\":");
            time(sb, a.startsAt());
            sb.append(",\"endsAt\":");
            time(sb, a.endsAt());
            sb.append(",\"generatorURL\":");
            PromJson.string(sb, a.generatorUrl());
            sb.append('}');
        }
        return sb.append(']').toString();
    }

    private static void time(StringBuilder sb, Instant t) {
        sb.append('"').append(DateTimeFormatter.ISO_INSTANT.format(t)).append('"');
    }
}
