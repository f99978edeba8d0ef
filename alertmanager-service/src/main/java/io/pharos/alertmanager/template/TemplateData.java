package io.pharos.alertmanager.template;

import io.pharos.alertmanager.notify.NotificationData;
import io.pharos.model.template.GoObject;
import io.pharos.model.template.GoTime;
import io.pharos.model.template.KV;
import io.pharos.model.template.TemplateException;
import io.pharos.model.template.Values;
import java.time.Instant;
import java.util.AbstractList;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What a notification template sees as dot: Alertmanager's {@code template.Data} with
 * {@code .Receiver}, {@code .Status}, {@code .Alerts} (with {@code .Firing} and {@code .Resolved}),
 * {@code .GroupLabels}, {@code .CommonLabels}, {@code .CommonAnnotations}, {@code .ExternalURL}.
 */
public final class TemplateData implements GoObject {
    private final String receiver;
    private final String status;
    private final Alerts alerts;
    private final KV groupLabels;
    private final KV commonLabels;
    private final KV commonAnnotations;
    private final KV routeLabels;
    private final String externalUrl;
    private final String notificationReason;

    public TemplateData(String receiver, String status, List<Alert> alerts, Map<String, String> groupLabels,
            Map<String, String> commonLabels, Map<String, String> commonAnnotations, String externalUrl) {
        this.receiver = receiver;
        this.status = status;
        this.alerts = new Alerts(alerts);
        this.groupLabels = new KV(groupLabels);
        this.commonLabels = new KV(commonLabels);
        this.commonAnnotations = new KV(commonAnnotations);
        this.routeLabels = new KV(Map.of());
        this.externalUrl = externalUrl;
        this.notificationReason = "";
    }

    /** The template data of a notification. */
    public static TemplateData of(NotificationData d) {
        List<Alert> alerts = new ArrayList<>(d.alerts().size());
        for (NotificationData.AlertData a : d.alerts()) {
            alerts.add(new Alert(a.status(), new KV(a.labels()), new KV(a.annotations()), GoTime.of(a.startsAt()),
                    GoTime.of(a.endsAt()), a.generatorURL(), a.fingerprint()));
        }
        return new TemplateData(d.receiver(), d.status(), alerts, d.groupLabels(), d.commonLabels(),
                d.commonAnnotations(), d.externalURL());
    }

    public String receiver() {
        return receiver;
    }

    public String status() {
        return status;
    }

    public Alerts alerts() {
        return alerts;
    }

    public KV groupLabels() {
        return groupLabels;
    }

    public KV commonLabels() {
        return commonLabels;
    }

    public KV commonAnnotations() {
        return commonAnnotations;
    }

    public String externalUrl() {
        return externalUrl;
    }

    @Override
    public Object member(String name) {
        return switch (name) {
            case "Receiver" -> receiver;
            case "Status" -> status;
            case "Alerts" -> alerts;
            case "GroupLabels" -> groupLabels;
            case "CommonLabels" -> commonLabels;
            case "CommonAnnotations" -> commonAnnotations;
            case "RouteLabels" -> routeLabels;
            case "ExternalURL" -> externalUrl;
            case "NotificationReason" -> notificationReason;
            default -> NONE;
        };
    }

    @Override
    public String goType() {
        return "*template.Data";
    }

    /** One alert of the notification: {@code .Status}, {@code .Labels}, {@code .StartsAt}, ... */
    public record Alert(String status, KV labels, KV annotations, GoTime startsAt, GoTime endsAt, String generatorURL,
            String fingerprint) implements GoObject {
        @Override
        public Object member(String name) {
            return switch (name) {
                case "Status" -> status;
                case "Labels" -> labels;
                case "Annotations" -> annotations;
                case "StartsAt" -> startsAt;
                case "EndsAt" -> endsAt;
                case "GeneratorURL" -> generatorURL;
                case "Fingerprint" -> fingerprint;
                default -> NONE;
            };
        }

        @Override
        public List<Map.Entry<String, Object>> jsonFields() {
            return List.of(Map.entry("status", status), Map.entry("labels", labels), Map.entry("annotations", annotations),
                    Map.entry("startsAt", startsAt), Map.entry("endsAt", endsAt), Map.entry("generatorURL", generatorURL),
                    Map.entry("fingerprint", fingerprint));
        }

        @Override
        public String goType() {
            return "template.Alert";
        }

        @Override
        public String toString() {
            return "{" + status + " " + Values.format(labels.map()) + " " + Values.format(annotations.map()) + " "
                    + startsAt + " " + endsAt + " " + generatorURL + " " + fingerprint + "}";
        }
    }

    /** The alerts of a notification, with {@code .Firing} and {@code .Resolved}. */
    public static final class Alerts extends AbstractList<Alert> implements GoObject {
        private final List<Alert> list;

        Alerts(List<Alert> list) {
            this.list = List.copyOf(list);
        }

        @Override
        public Alert get(int index) {
            return list.get(index);
        }

        @Override
        public int size() {
            return list.size();
        }

        public Alerts firing() {
            return new Alerts(list.stream().filter(a -> a.status().equals("firing")).toList());
        }

        public Alerts resolved() {
            return new Alerts(list.stream().filter(a -> a.status().equals("resolved")).toList());
        }

        @Override
        public Object member(String name) {
            return switch (name) {
                case "Firing" -> GoObject.niladic(name, this::firing);
                case "Resolved" -> GoObject.niladic(name, this::resolved);
                default -> NONE;
            };
        }

        @Override
        public String goType() {
            return "template.Alerts";
        }
    }

}
