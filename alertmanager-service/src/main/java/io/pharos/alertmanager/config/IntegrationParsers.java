package io.pharos.alertmanager.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Reads the integrations of a receiver with Alertmanager's fields, defaults, global fallbacks
 * and checks: {@code slack_configs}, {@code pagerduty_configs} and {@code email_configs} in full;
 * the integrations not implemented yet only for what makes a config invalid (a missing key with
 * no global default, an unknown field where Alertmanager rejects it).
 */
final class IntegrationParsers {
    static final Set<String> IMPLEMENTED = Set.of("webhook_configs", "slack_configs", "pagerduty_configs", "email_configs");

    static final String DEFAULT_SLACK_APP_URL = "https://slack.com/api/chat.postMessage";
    static final String DEFAULT_PAGERDUTY_URL = "https://events.pagerduty.com/v2/enqueue";

    private static final Set<String> SLACK = Set.of(
            "send_resolved", "http_config", "api_url", "api_url_file", "app_token", "app_token_file", "app_url",
            "channel", "username", "color", "title", "title_link", "pretext", "text", "message_text", "fields",
            "short_fields", "footer", "fallback", "callback_id", "icon_emoji", "icon_url", "image_url", "thumb_url",
            "link_names", "mrkdwn_in", "actions", "update_message", "timeout");

    private static final Set<String> PAGERDUTY = Set.of(
            "send_resolved", "http_config", "service_key", "service_key_file", "routing_key", "routing_key_file", "url",
            "client", "client_url", "description", "details", "images", "links", "source", "severity", "class",
            "component", "group", "timeout");

    private static final Set<String> EMAIL = Set.of(
            "send_resolved", "to", "from", "hello", "smarthost", "auth_username", "auth_password", "auth_password_file",
            "auth_secret", "auth_secret_file", "auth_identity", "headers", "html", "text", "require_tls", "tls_config",
            "force_implicit_tls", "threading");

    private static final Set<String> OPSGENIE = Set.of(
            "send_resolved", "http_config", "api_key", "api_key_file", "api_url", "message", "description", "source",
            "details", "entity", "responders", "actions", "tags", "note", "priority", "update_alerts", "visible_to");

    private IntegrationParsers() {
    }

    private static String global(GlobalConfig g, String key) {
        Object v = g.settings().get(key);
        return v instanceof String s && !s.isEmpty() ? s : null;
    }

    private static String str(YamlNode n, Map<String, YamlNode> e, String key, String dflt) throws ConfigException {
        String s = n.get(e, key).asString();
        return s == null ? dflt : s;
    }

    private static String nonEmpty(String s) {
        return s == null || s.isEmpty() ? null : s;
    }

    private static String resolve(Path baseDir, String file) {
        if (file == null || file.isEmpty()) {
            return null;
        }
        return baseDir == null || Path.of(file).isAbsolute() ? file : baseDir.resolve(file).toString();
    }

    // ---- Slack ----------------------------------------------------------------------------------

    static SlackConfig slack(YamlNode node, GlobalConfig g, Path baseDir) throws ConfigException {
        Map<String, YamlNode> e = node.strictEntries(SLACK, "slack_config");
        String apiUrl = nonEmpty(str(node, e, "api_url", null));
        String apiUrlFile = resolve(baseDir, str(node, e, "api_url_file", null));
        String appToken = nonEmpty(str(node, e, "app_token", null));
        String appTokenFile = resolve(baseDir, str(node, e, "app_token_file", null));
        if (apiUrl != null && apiUrlFile != null) {
            throw node.error("at most one of api_url & api_url_file must be configured");
        }
        if (appToken != null && appTokenFile != null) {
            throw node.error("at most one of app_token & app_token_file must be configured");
        }
        if ((apiUrl != null || apiUrlFile != null) && (appToken != null || appTokenFile != null)) {
            throw node.error("at most one of api_url/api_url_file & app_token/app_token_file must be configured");
        }
        boolean updateMessage = node.get(e, "update_message").asBool(false);
        if (updateMessage && !DEFAULT_SLACK_APP_URL.equals(apiUrl)) {
            throw node.error("update_message can only be used with bot tokens. api_url must be set to " + DEFAULT_SLACK_APP_URL);
        }
        HttpClientConfig http = ConfigLoader.httpConfig(node.get(e, "http_config"), baseDir, null);
        String appUrl = str(node, e, "app_url", null);
        if (appUrl == null) {
            appUrl = global(g, "slack_app_url") != null ? global(g, "slack_app_url") : DEFAULT_SLACK_APP_URL;
        }
        if (appToken == null && appTokenFile == null && (http == null || http.authorization() == null) && apiUrl == null) {
            appToken = global(g, "slack_app_token");
            appTokenFile = global(g, "slack_app_token_file");
        }
        if (apiUrl == null && apiUrlFile == null) {
            apiUrl = global(g, "slack_api_url");
            apiUrlFile = global(g, "slack_api_url_file");
        }
        if (apiUrl == null && apiUrlFile == null && appToken == null && appTokenFile == null) {
            throw node.error("no Slack API URL nor App token set either inline or in a file");
        }
        if (http == null) {
            http = g.httpConfig();
        }
        if (appToken != null || appTokenFile != null) {
            if (http.authorization() != null) {
                throw node.error("http authorization can't be set when using Slack App tokens");
            }
            http = new HttpClientConfig(http.basicAuth(), new HttpClientConfig.Authorization("Bearer", appToken, appTokenFile),
                    http.followRedirects(), http.settings());
            apiUrl = appUrl;
            apiUrlFile = null;
        }
        List<SlackConfig.Field> fields = new ArrayList<>();
        for (YamlNode f : node.get(e, "fields").asList()) {
            Map<String, YamlNode> fe = f.strictEntries(Set.of("title", "value", "short"), "slack field");
            String title = str(f, fe, "title", "");
            String value = str(f, fe, "value", "");
            if (title.isEmpty()) {
                throw f.error("missing title in Slack field configuration");
            }
            if (value.isEmpty()) {
                throw f.error("missing value in Slack field configuration");
            }
            YamlNode sh = f.get(fe, "short");
            fields.add(new SlackConfig.Field(title, value, sh.isNull() ? null : sh.asBool(false)));
        }
        List<SlackConfig.Action> actions = new ArrayList<>();
        for (YamlNode a : node.get(e, "actions").asList()) {
            Map<String, YamlNode> ae = a.strictEntries(Set.of("type", "text", "url", "style", "name", "value", "confirm"),
                    "slack action");
            String type = str(a, ae, "type", "");
            String text = str(a, ae, "text", "");
            String url = str(a, ae, "url", "");
            String name = str(a, ae, "name", "");
            if (type.isEmpty()) {
                throw a.error("missing type in Slack action configuration");
            }
            if (text.isEmpty()) {
                throw a.error("missing text in Slack action configuration");
            }
            SlackConfig.Confirm confirm = null;
            YamlNode c = a.get(ae, "confirm");
            if (!c.isNull()) {
                Map<String, YamlNode> ce = c.strictEntries(Set.of("text", "title", "ok_text", "dismiss_text"), "slack confirm");
                if (str(c, ce, "text", "").isEmpty()) {
                    throw c.error("missing text in Slack confirmation configuration");
                }
                confirm = new SlackConfig.Confirm(str(c, ce, "text", ""), str(c, ce, "title", ""), str(c, ce, "ok_text", ""),
                        str(c, ce, "dismiss_text", ""));
            }
            String value = str(a, ae, "value", "");
            if (!url.isEmpty()) {
                name = "";
                value = "";
                confirm = null;
            } else if (name.isEmpty()) {
                throw a.error("missing name or url in Slack action configuration");
            }
            actions.add(new SlackConfig.Action(type, text, url, str(a, ae, "style", ""), name, value, confirm));
        }
        List<String> mrkdwnIn = node.get(e, "mrkdwn_in").asStringList();
        Duration timeout = node.get(e, "timeout").asGoDuration();
        return new SlackConfig(
                node.get(e, "send_resolved").asBool(false), http, apiUrl, apiUrlFile,
                str(node, e, "channel", ""),
                str(node, e, "username", "{{ template \"slack.default.username\" . }}"),
                str(node, e, "color", "{{ template \"slack.default.color\" . }}"),
                str(node, e, "title", "{{ template \"slack.default.title\" . }}"),
                str(node, e, "title_link", "{{ template \"slack.default.titlelink\" . }}"),
                str(node, e, "pretext", "{{ template \"slack.default.pretext\" . }}"),
                str(node, e, "text", "{{ template \"slack.default.text\" . }}"),
                str(node, e, "message_text", ""),
                fields, node.get(e, "short_fields").asBool(false),
                str(node, e, "footer", "{{ template \"slack.default.footer\" . }}"),
                str(node, e, "fallback", "{{ template \"slack.default.fallback\" . }}"),
                str(node, e, "callback_id", "{{ template \"slack.default.callbackid\" . }}"),
                str(node, e, "icon_emoji", "{{ template \"slack.default.iconemoji\" . }}"),
                str(node, e, "icon_url", "{{ template \"slack.default.iconurl\" . }}"),
                str(node, e, "image_url", ""),
                str(node, e, "thumb_url", ""),
                node.get(e, "link_names").asBool(false),
                mrkdwnIn == null ? List.of() : mrkdwnIn,
                actions,
                timeout == null ? Duration.ZERO : timeout);
    }

    // ---- PagerDuty ------------------------------------------------------------------------------

    static PagerdutyConfig pagerduty(YamlNode node, GlobalConfig g, Path baseDir) throws ConfigException {
        if (node.isNull()) {
            throw node.error("missing pagerduty config");
        }
        Map<String, YamlNode> e = node.strictEntries(PAGERDUTY, "pagerduty_config");
        String routingKey = nonEmpty(str(node, e, "routing_key", null));
        String routingKeyFile = resolve(baseDir, str(node, e, "routing_key_file", null));
        String serviceKey = nonEmpty(str(node, e, "service_key", null));
        String serviceKeyFile = resolve(baseDir, str(node, e, "service_key_file", null));
        if (routingKey == null && serviceKey == null && routingKeyFile == null && serviceKeyFile == null) {
            throw node.error("missing service or routing key in PagerDuty config");
        }
        if (routingKey != null && routingKeyFile != null) {
            throw node.error("at most one of routing_key & routing_key_file must be configured");
        }
        if (serviceKey != null && serviceKeyFile != null) {
            throw node.error("at most one of service_key & service_key_file must be configured");
        }
        String client = str(node, e, "client", "{{ template \"pagerduty.default.client\" . }}");
        Map<String, Object> details = new LinkedHashMap<>();
        Object raw = node.get(e, "details").raw();
        if (raw instanceof Map<?, ?> m) {
            m.forEach((k, v) -> details.put(String.valueOf(k), v == null ? "" : v));
        } else if (raw != null) {
            throw node.get(e, "details").error("expected a mapping");
        }
        details.putIfAbsent("firing", "{{ template \"pagerduty.default.instances\" .Alerts.Firing }}");
        details.putIfAbsent("resolved", "{{ template \"pagerduty.default.instances\" .Alerts.Resolved }}");
        details.putIfAbsent("num_firing", "{{ .Alerts.Firing | len }}");
        details.putIfAbsent("num_resolved", "{{ .Alerts.Resolved | len }}");
        List<PagerdutyConfig.Image> images = new ArrayList<>();
        for (YamlNode i : node.get(e, "images").asList()) {
            Map<String, YamlNode> ie = i.strictEntries(Set.of("src", "alt", "href"), "pagerduty image");
            images.add(new PagerdutyConfig.Image(str(i, ie, "src", ""), str(i, ie, "alt", ""), str(i, ie, "href", "")));
        }
        List<PagerdutyConfig.Link> links = new ArrayList<>();
        for (YamlNode l : node.get(e, "links").asList()) {
            Map<String, YamlNode> le = l.strictEntries(Set.of("href", "text"), "pagerduty link");
            links.add(new PagerdutyConfig.Link(str(l, le, "href", ""), str(l, le, "text", "")));
        }
        String url = nonEmpty(str(node, e, "url", null));
        boolean urlSet = url != null;
        if (url == null) {
            url = global(g, "pagerduty_url") != null ? global(g, "pagerduty_url") : DEFAULT_PAGERDUTY_URL;
        }
        String source = str(node, e, "source", "");
        Duration timeout = node.get(e, "timeout").asGoDuration();
        return new PagerdutyConfig(
                node.get(e, "send_resolved").asBool(true),
                ConfigLoader.httpConfig(node.get(e, "http_config"), baseDir, g.httpConfig()),
                serviceKey, serviceKeyFile, routingKey, routingKeyFile, url, urlSet,
                client,
                str(node, e, "client_url", "{{ template \"pagerduty.default.clientURL\" . }}"),
                str(node, e, "description", "{{ template \"pagerduty.default.description\" .}}"),
                details, images, links,
                source.isEmpty() ? client : source,
                str(node, e, "severity", ""),
                str(node, e, "class", ""),
                str(node, e, "component", ""),
                str(node, e, "group", ""),
                timeout == null ? Duration.ZERO : timeout);
    }

    // ---- e-mail ---------------------------------------------------------------------------------

    static EmailConfig email(YamlNode node, GlobalConfig g, Path baseDir) throws ConfigException {
        if (node.isNull()) {
            throw node.error("missing email config");
        }
        Map<String, YamlNode> e = node.strictEntries(EMAIL, "email_config");
        String to = str(node, e, "to", "");
        if (to.isEmpty()) {
            throw node.error("missing to address in email config");
        }
        Map<String, String> headers = new LinkedHashMap<>();
        for (Map.Entry<String, YamlNode> h : node.get(e, "headers").asMapOfScalars().entrySet()) {
            String canonical = canonicalHeader(h.getKey());
            if (headers.containsKey(canonical)) {
                throw node.get(e, "headers").error("duplicate header \"" + canonical + "\" in email config");
            }
            headers.put(canonical, h.getValue().asString(""));
        }
        String smarthost = nonEmpty(str(node, e, "smarthost", null));
        if (smarthost == null) {
            smarthost = global(g, "smtp_smarthost");
        }
        if (smarthost == null) {
            throw node.error("no global SMTP smarthost set");
        }
        if (!smarthost.matches(".+:[0-9]+")) {
            throw node.error("address " + smarthost + ": missing port in address");
        }
        String from = nonEmpty(str(node, e, "from", null));
        if (from == null) {
            from = global(g, "smtp_from");
        }
        if (from == null) {
            throw node.error("no global SMTP from set");
        }
        String hello = nonEmpty(str(node, e, "hello", null));
        if (hello == null) {
            hello = global(g, "smtp_hello") != null ? global(g, "smtp_hello") : "localhost";
        }
        String password = nonEmpty(str(node, e, "auth_password", null));
        String passwordFile = resolve(baseDir, str(node, e, "auth_password_file", null));
        if (password != null && passwordFile != null) {
            throw node.error("at most one of auth_password & auth_password_file must be configured");
        }
        if (password == null && passwordFile == null) {
            password = global(g, "smtp_auth_password");
            passwordFile = resolve(baseDir, global(g, "smtp_auth_password_file"));
        }
        String secret = nonEmpty(str(node, e, "auth_secret", null));
        String secretFile = resolve(baseDir, str(node, e, "auth_secret_file", null));
        if (secret == null && secretFile == null) {
            secret = global(g, "smtp_auth_secret");
            secretFile = resolve(baseDir, global(g, "smtp_auth_secret_file"));
        }
        String username = nonEmpty(str(node, e, "auth_username", null));
        if (username == null) {
            username = global(g, "smtp_auth_username");
        }
        String identity = nonEmpty(str(node, e, "auth_identity", null));
        if (identity == null) {
            identity = global(g, "smtp_auth_identity");
        }
        YamlNode rt = node.get(e, "require_tls");
        boolean requireTls = rt.isNull() ? !"false".equals(global(g, "smtp_require_tls")) : rt.asBool(true);
        YamlNode fit = node.get(e, "force_implicit_tls");
        Boolean forceImplicit = null;
        if (!fit.isNull()) {
            forceImplicit = fit.asBool(false);
        } else if (global(g, "smtp_force_implicit_tls") != null) {
            forceImplicit = Boolean.valueOf(global(g, "smtp_force_implicit_tls"));
        }
        Object tls = node.get(e, "tls_config").raw();
        if (tls == null) {
            tls = g.settings().get("smtp_tls_config");
        }
        boolean insecure = false;
        String caFile = null;
        String serverName = null;
        if (tls instanceof Map<?, ?> m) {
            insecure = "true".equals(String.valueOf(m.get("insecure_skip_verify")));
            caFile = m.get("ca_file") == null ? null : resolve(baseDir, String.valueOf(m.get("ca_file")));
            serverName = m.get("server_name") == null ? null : String.valueOf(m.get("server_name"));
        }
        return new EmailConfig(
                node.get(e, "send_resolved").asBool(false), to, from, hello, smarthost, username, password, passwordFile,
                secret, secretFile, identity, headers,
                str(node, e, "html", "{{ template \"email.default.html\" . }}"),
                str(node, e, "text", ""),
                requireTls, forceImplicit, insecure, caFile, serverName);
    }

    /** Go's {@code textproto.CanonicalMIMEHeaderKey}: {@code content-type} becomes {@code Content-Type}. */
    static String canonicalHeader(String h) {
        StringBuilder sb = new StringBuilder(h.length());
        boolean upper = true;
        for (char c : h.toCharArray()) {
            if (c == ' ' || c > 127) {
                return h;
            }
            sb.append(upper ? Character.toUpperCase(c) : Character.toLowerCase(c));
            upper = c == '-';
        }
        return sb.toString();
    }

    // ---- integrations not implemented: checks only -----------------------------------------------

    static void checkOther(String kind, YamlNode list, GlobalConfig g) throws ConfigException {
        for (YamlNode c : list.asList()) {
            if (c.isNull()) {
                if (kind.equals("wechat_configs") || kind.equals("opsgenie_configs")) {
                    // treated as an empty config
                } else {
                    throw c.error("missing " + kind.replace("_configs", "") + " config");
                }
            }
            Map<String, YamlNode> e = c.entries();
            switch (kind) {
                case "opsgenie_configs" -> {
                    c.strictEntries(OPSGENIE, "opsgenie config");
                    if (!has(c, e, "api_key") && !has(c, e, "api_key_file") && global(g, "opsgenie_api_key") == null
                            && global(g, "opsgenie_api_key_file") == null) {
                        throw c.error("no global OpsGenie API Key set either inline or in a file");
                    }
                }
                case "mattermost_configs" -> {
                    if (!has(c, e, "webhook_url") && !has(c, e, "webhook_url_file")
                            && global(g, "mattermost_webhook_url") == null && global(g, "mattermost_webhook_url_file") == null) {
                        throw c.error("missing webhook_url or webhook_url_file on mattermost_config");
                    }
                }
                case "rocketchat_configs" -> {
                    if (!has(c, e, "token") && !has(c, e, "token_file") && global(g, "rocketchat_token") == null
                            && global(g, "rocketchat_token_file") == null) {
                        throw c.error("no global Rocketchat Token set either inline or in a file");
                    }
                    if (!has(c, e, "token_id") && !has(c, e, "token_id_file") && global(g, "rocketchat_token_id") == null
                            && global(g, "rocketchat_token_id_file") == null) {
                        throw c.error("no global Rocketchat Token ID set either inline or in a file");
                    }
                }
                case "sns_configs" -> {
                    if (!has(c, e, "target_arn") && !has(c, e, "topic_arn") && !has(c, e, "phone_number")) {
                        throw c.error("must provide either a Target ARN, Topic ARN, or Phone Number for SNS config");
                    }
                }
                case "telegram_configs" -> {
                    if (!has(c, e, "bot_token") && !has(c, e, "bot_token_file") && global(g, "telegram_bot_token") == null
                            && global(g, "telegram_bot_token_file") == null) {
                        throw c.error("missing bot_token or bot_token_file on telegram_config");
                    }
                }
                case "victorops_configs" -> {
                    if (!has(c, e, "api_key") && !has(c, e, "api_key_file") && global(g, "victorops_api_key") == null
                            && global(g, "victorops_api_key_file") == null) {
                        throw c.error("no global VictorOps API Key set");
                    }
                }
                case "wechat_configs" -> {
                    if (!has(c, e, "api_secret") && !has(c, e, "api_secret_file") && global(g, "wechat_api_secret") == null
                            && global(g, "wechat_api_secret_file") == null) {
                        throw c.error("no global Wechat Api Secret set either inline or in a file");
                    }
                }
                default -> {
                }
            }
        }
    }

    private static boolean has(YamlNode n, Map<String, YamlNode> e, String key) throws ConfigException {
        YamlNode v = n.get(e, key);
        if (v.isNull()) {
            return false;
        }
        if (v.isMapping()) {
            return true;
        }
        try {
            return !v.asString().isEmpty();
        } catch (ConfigException notAScalar) {
            return true;
        }
    }

    static String lower(String s) {
        return s.toLowerCase(Locale.ROOT);
    }
}
