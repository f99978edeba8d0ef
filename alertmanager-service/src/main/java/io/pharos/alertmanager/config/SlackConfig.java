package io.pharos.alertmanager.config;

import java.time.Duration;
import java.util.List;

/**
 * One entry of {@code slack_configs:}. Text fields are templates; unset ones hold Alertmanager's
 * defaults ({@code {{ template "slack.default.title" . }}} and so on). With an app token the
 * message goes to {@code app_url} ({@code chat.postMessage}) with the token as Bearer
 * authorization in {@link #httpConfig()}; otherwise to the incoming webhook {@code api_url}.
 *
 * @param apiUrl the URL to post to, or null when {@code apiUrlFile} holds it
 */
public record SlackConfig(
        boolean sendResolved,
        HttpClientConfig httpConfig,
        String apiUrl,
        String apiUrlFile,
        String channel,
        String username,
        String color,
        String title,
        String titleLink,
        String pretext,
        String text,
        String messageText,
        List<Field> fields,
        boolean shortFields,
        String footer,
        String fallback,
        String callbackId,
        String iconEmoji,
        String iconUrl,
        String imageUrl,
        String thumbUrl,
        boolean linkNames,
        List<String> mrkdwnIn,
        List<Action> actions,
        Duration timeout) {

    public SlackConfig {
        fields = List.copyOf(fields);
        mrkdwnIn = List.copyOf(mrkdwnIn);
        actions = List.copyOf(actions);
    }

    /** An attachment field; {@code shortField} null means {@code short_fields}. */
    public record Field(String title, String value, Boolean shortField) {
    }

    /** A button; {@code confirm} may be null. */
    public record Action(String type, String text, String url, String style, String name, String value, Confirm confirm) {
    }

    /** The confirmation dialog of an action. */
    public record Confirm(String text, String title, String okText, String dismissText) {
    }
}
