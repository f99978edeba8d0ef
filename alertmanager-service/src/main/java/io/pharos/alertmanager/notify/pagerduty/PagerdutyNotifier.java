package io.pharos.alertmanager.notify.pagerduty;

import io.pharos.alertmanager.alert.Alert;
import io.pharos.alertmanager.config.PagerdutyConfig;
import io.pharos.alertmanager.notify.HttpDelivery;
import io.pharos.alertmanager.notify.NotificationContext;
import io.pharos.alertmanager.notify.NotificationData;
import io.pharos.alertmanager.notify.NotificationException;
import io.pharos.alertmanager.notify.FailureReason;
import io.pharos.alertmanager.notify.Notifier;
import io.pharos.alertmanager.notify.TemplateRenderer;
import io.pharos.alertmanager.template.TemplateData;
import io.pharos.alertmanager.template.Templates;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Sends PagerDuty events as Alertmanager does: Events API v2 ({@code routing_key}) with
 * {@code trigger} while any alert fires and {@code resolve} once all are resolved, de-duplicated
 * by the SHA-256 of the group key; or the v1 API ({@code service_key}) with {@code incident_key}.
 * Rendered {@code details} go to {@code payload.custom_details} (v2) or {@code details} (v1);
 * an event over 512 kB has them replaced by a note.
 */
public final class PagerdutyNotifier implements Notifier {
    /** The v1 endpoint, used unless the receiver sets its own {@code url}. */
    public static final String V1_URL = "https://events.pagerduty.com/generic/2010-04-15/create_event.json";
    static final int MAX_EVENT_BYTES = 512_000;
    static final int MAX_SUMMARY_RUNES = 1024;

    private final PagerdutyConfig config;
    private final Templates templates;
    private final String externalUrl;
    private final HttpDelivery http;
    private final JsonMapper json;

    public PagerdutyNotifier(PagerdutyConfig config, Templates templates, String externalUrl, HttpDelivery http,
            JsonMapper json) {
        this.config = config;
        this.templates = templates;
        this.externalUrl = externalUrl;
        this.http = http;
        this.json = json;
    }

    /** Alertmanager's group key hash: hex SHA-256 of the key. */
    static String keyHash(String groupKey) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(groupKey.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void notify(NotificationContext ctx, List<Alert> alerts) throws NotificationException {
        NotificationData d = NotificationData.of(ctx, alerts, externalUrl);
        TemplateRenderer t = new TemplateRenderer(templates, TemplateData.of(d));
        String eventType = d.status().equals("resolved") ? "resolve" : "trigger";
        ObjectNode details = json.createObjectNode();
        for (Map.Entry<String, Object> e : config.details().entrySet()) {
            details.set(e.getKey(), render(e.getValue(), t));
        }
        t.check("PagerDuty details");
        ObjectNode msg = config.v1() ? v1(ctx, eventType, details, t) : v2(ctx, eventType, details, t);
        byte[] body = encode(msg);
        String url = config.v1() ? (config.urlSet() ? config.url() : V1_URL) : config.url();
        HttpDelivery.Answer a = http.postJson(url, body, config.httpConfig(), config.timeout(), ctx);
        HttpDelivery.check(a, config.v1() ? List.of(403) : List.of(429), errorDetails(a), "");
    }

    private ObjectNode v1(NotificationContext ctx, String eventType, ObjectNode details, TemplateRenderer t)
            throws NotificationException {
        String description = HttpDelivery.truncateRunes(t.text(config.description()), MAX_SUMMARY_RUNES);
        String key = config.serviceKey() != null ? config.serviceKey()
                : HttpDelivery.readSecret(config.serviceKeyFile(), "service_key_file");
        ObjectNode msg = json.createObjectNode();
        msg.put("service_key", t.text(key));
        msg.put("incident_key", keyHash(ctx.groupKey()));
        msg.put("event_type", eventType);
        putIfNotEmpty(msg, "description", description);
        msg.put("event_action", "");
        msg.putNull("payload");
        if (eventType.equals("trigger")) {
            putIfNotEmpty(msg, "client", t.text(config.client()));
            putIfNotEmpty(msg, "client_url", t.text(config.clientUrl()));
        }
        if (!details.isEmpty()) {
            msg.set("details", details);
        }
        t.check("PagerDuty v1 message");
        if (msg.path("service_key").asString("").isEmpty()) {
            throw new NotificationException("service key cannot be empty", false, FailureReason.OTHER);
        }
        return msg;
    }

    private ObjectNode v2(NotificationContext ctx, String eventType, ObjectNode details, TemplateRenderer t)
            throws NotificationException {
        String key = config.routingKey() != null ? config.routingKey()
                : HttpDelivery.readSecret(config.routingKeyFile(), "routing_key_file");
        ObjectNode msg = json.createObjectNode();
        msg.put("routing_key", t.text(key));
        msg.put("dedup_key", keyHash(ctx.groupKey()));
        msg.put("event_action", eventType);
        ObjectNode payload = msg.putObject("payload");
        payload.put("summary", HttpDelivery.truncateRunes(t.text(config.description()), MAX_SUMMARY_RUNES));
        payload.put("source", t.text(config.source()));
        payload.put("severity", t.text(config.severity().isEmpty() ? "error" : config.severity()));
        putIfNotEmpty(payload, "class", t.text(config.className()));
        putIfNotEmpty(payload, "component", t.text(config.component()));
        putIfNotEmpty(payload, "group", t.text(config.group()));
        if (!details.isEmpty()) {
            payload.set("custom_details", details);
        }
        putIfNotEmpty(msg, "client", t.text(config.client()));
        putIfNotEmpty(msg, "client_url", t.text(config.clientUrl()));
        ArrayNode images = json.createArrayNode();
        for (PagerdutyConfig.Image i : config.images()) {
            String src = t.text(i.src());
            if (!src.isEmpty()) {
                images.addObject().put("src", src).put("alt", t.text(i.alt())).put("href", t.text(i.href()));
            }
        }
        if (!images.isEmpty()) {
            msg.set("images", images);
        }
        ArrayNode links = json.createArrayNode();
        for (PagerdutyConfig.Link l : config.links()) {
            String href = t.text(l.href());
            if (!href.isEmpty()) {
                links.addObject().put("href", href).put("text", t.text(l.text()));
            }
        }
        if (!links.isEmpty()) {
            msg.set("links", links);
        }
        t.check("PagerDuty v2 message");
        if (msg.path("routing_key").asString("").isEmpty()) {
            throw new NotificationException("routing key cannot be empty", false, FailureReason.OTHER);
        }
        return msg;
    }

    /** A details value rendered leaf by leaf: strings are templates, maps and lists keep their shape. */
    private JsonNode render(Object v, TemplateRenderer t) {
        if (v instanceof Map<?, ?> m) {
            ObjectNode o = json.createObjectNode();
            m.forEach((k, val) -> o.set(String.valueOf(k), render(val, t)));
            return o;
        }
        if (v instanceof List<?> l) {
            ArrayNode a = json.createArrayNode();
            l.forEach(val -> a.add(render(val, t)));
            return a;
        }
        return json.getNodeFactory().stringNode(t.text(v == null ? "" : String.valueOf(v)));
    }

    private byte[] encode(ObjectNode msg) {
        byte[] b = json.writeValueAsBytes(msg);
        if (b.length <= MAX_EVENT_BYTES) {
            return b;
        }
        ObjectNode note = json.createObjectNode();
        note.put("error", "Custom details have been removed because the original event exceeds the maximum size of 512kB");
        if (config.v1()) {
            msg.set("details", note);
        } else {
            ((ObjectNode) msg.get("payload")).set("custom_details", note);
        }
        return json.writeValueAsBytes(msg);
    }

    /** For a 400, PagerDuty's explanation: {@code message: error1,error2}. */
    private String errorDetails(HttpDelivery.Answer a) {
        if (a.status() != 400) {
            return "";
        }
        try {
            JsonNode r = json.readTree(a.body());
            StringBuilder errors = new StringBuilder();
            for (JsonNode e : r.path("errors")) {
                if (errors.length() > 0) {
                    errors.append(',');
                }
                errors.append(e.asString());
            }
            return r.path("message").asString("") + ": " + errors;
        } catch (JacksonException e) {
            return "";
        }
    }

    private static void putIfNotEmpty(ObjectNode o, String field, String value) {
        if (value != null && !value.isEmpty()) {
            o.put(field, value);
        }
    }
}
