package io.pharos.alertmanager.notify.slack;

import io.pharos.alertmanager.alert.Alert;
import io.pharos.alertmanager.config.SlackConfig;
import io.pharos.alertmanager.notify.FailureReason;
import io.pharos.alertmanager.notify.HttpDelivery;
import io.pharos.alertmanager.notify.NotificationContext;
import io.pharos.alertmanager.notify.NotificationData;
import io.pharos.alertmanager.notify.NotificationException;
import io.pharos.alertmanager.notify.Notifier;
import io.pharos.alertmanager.notify.TemplateRenderer;
import io.pharos.alertmanager.template.TemplateData;
import io.pharos.alertmanager.template.Templates;
import java.util.List;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Posts one Slack message per notification: to an incoming webhook ({@code api_url}), or to
 * {@code chat.postMessage} with an app token. The message has one attachment with the rendered
 * title, text, color, fields and actions, as Alertmanager sends it. Slack answers webhooks with
 * the text {@code ok} and the Web API with JSON {@code {"ok": true}}; anything else is a failure.
 */
public final class SlackNotifier implements Notifier {
    static final int MAX_TITLE_RUNES = 1024;
    private static final List<String> DEFAULT_MRKDWN_IN = List.of("fallback", "pretext", "text");

    private final SlackConfig config;
    private final Templates templates;
    private final String externalUrl;
    private final HttpDelivery http;
    private final JsonMapper json;

    public SlackNotifier(SlackConfig config, Templates templates, String externalUrl, HttpDelivery http, JsonMapper json) {
        this.config = config;
        this.templates = templates;
        this.externalUrl = externalUrl;
        this.http = http;
        this.json = json;
    }

    @Override
    public void notify(NotificationContext ctx, List<Alert> alerts) throws NotificationException {
        TemplateRenderer t = new TemplateRenderer(templates, TemplateData.of(NotificationData.of(ctx, alerts, externalUrl)));
        byte[] body = json.writeValueAsBytes(message(t));
        t.check("Slack message");
        String url = config.apiUrl() != null ? config.apiUrl() : HttpDelivery.readSecret(config.apiUrlFile(), "api_url_file");
        String channel = t.text(config.channel());
        HttpDelivery.Answer a = http.postJson(url, body, config.httpConfig(), config.timeout(), ctx);
        String prefix = "channel \"" + channel + "\": ";
        HttpDelivery.check(a, List.of(), HttpDelivery.bodyDetails(a), prefix);
        if (a.contentType().startsWith("application/json")) {
            JsonNode r;
            try {
                r = json.readTree(a.body());
            } catch (JacksonException e) {
                throw new NotificationException(prefix + "could not unmarshal JSON response \"" + a.body() + "\"", true,
                        FailureReason.OTHER);
            }
            if (!r.path("ok").asBoolean(false)) {
                throw new NotificationException(prefix + "error response from Slack: " + r.path("error").asString(""), false,
                        FailureReason.CLIENT_ERROR);
            }
        } else if (!a.body().equals("ok")) {
            throw new NotificationException(prefix + "received an error response from Slack: " + a.body(), false,
                    FailureReason.CLIENT_ERROR);
        }
    }

    /** The request body, Slack's message with one attachment; empty optional fields are left out. */
    ObjectNode message(TemplateRenderer t) {
        ObjectNode req = json.createObjectNode();
        putIfNotEmpty(req, "channel", t.text(config.channel()));
        putIfNotEmpty(req, "username", t.text(config.username()));
        putIfNotEmpty(req, "icon_emoji", t.text(config.iconEmoji()));
        putIfNotEmpty(req, "icon_url", t.text(config.iconUrl()));
        if (config.linkNames()) {
            req.put("link_names", true);
        }
        putIfNotEmpty(req, "text", t.text(config.messageText()));
        ArrayNode attachments = req.putArray("attachments");
        ObjectNode att = attachments.addObject();
        putIfNotEmpty(att, "title", HttpDelivery.truncateRunes(t.text(config.title()), MAX_TITLE_RUNES));
        putIfNotEmpty(att, "title_link", t.text(config.titleLink()));
        putIfNotEmpty(att, "pretext", t.text(config.pretext()));
        att.put("text", t.text(config.text()));
        att.put("fallback", t.text(config.fallback()));
        att.put("callback_id", t.text(config.callbackId()));
        if (!config.fields().isEmpty()) {
            ArrayNode fields = att.putArray("fields");
            for (SlackConfig.Field f : config.fields()) {
                ObjectNode o = fields.addObject();
                putIfNotEmpty(o, "title", t.text(f.title()));
                putIfNotEmpty(o, "value", t.text(f.value()));
                o.put("short", f.shortField() != null ? f.shortField() : config.shortFields());
            }
        }
        if (!config.actions().isEmpty()) {
            ArrayNode actions = att.putArray("actions");
            for (SlackConfig.Action a : config.actions()) {
                ObjectNode o = actions.addObject();
                putIfNotEmpty(o, "type", t.text(a.type()));
                putIfNotEmpty(o, "text", t.text(a.text()));
                putIfNotEmpty(o, "url", t.text(a.url()));
                putIfNotEmpty(o, "style", t.text(a.style()));
                putIfNotEmpty(o, "name", t.text(a.name()));
                putIfNotEmpty(o, "value", t.text(a.value()));
                if (a.confirm() != null) {
                    ObjectNode c = o.putObject("confirm");
                    putIfNotEmpty(c, "text", t.text(a.confirm().text()));
                    putIfNotEmpty(c, "title", t.text(a.confirm().title()));
                    putIfNotEmpty(c, "ok_text", t.text(a.confirm().okText()));
                    putIfNotEmpty(c, "dismiss_text", t.text(a.confirm().dismissText()));
                }
            }
        }
        putIfNotEmpty(att, "image_url", t.text(config.imageUrl()));
        putIfNotEmpty(att, "thumb_url", t.text(config.thumbUrl()));
        att.put("footer", t.text(config.footer()));
        putIfNotEmpty(att, "color", t.text(config.color()));
        ArrayNode mrkdwn = att.putArray("mrkdwn_in");
        (config.mrkdwnIn().isEmpty() ? DEFAULT_MRKDWN_IN : config.mrkdwnIn()).forEach(mrkdwn::add);
        return req;
    }

    private static void putIfNotEmpty(ObjectNode o, String field, String value) {
        if (value != null && !value.isEmpty()) {
            o.put(field, value);
        }
    }
}
