package io.pharos.alertmanager.config;

import io.pharos.alertmanager.matcher.MatcherParser;
import io.pharos.alertmanager.matcher.Matchers;
import io.pharos.alertmanager.timeinterval.TimeInterval;
import io.pharos.alertmanager.timeinterval.TimeIntervalSyntax;
import io.pharos.model.labels.Matcher;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.Node;

/**
 * Reads alertmanager.yml with Alertmanager's field names, defaults and checks. Decoding is
 * strict (an unknown field is an error, as {@code amtool check-config} reports it), and every
 * error names the field: {@code route.routes[0].group_wait: not a valid duration string: "5x" (line 7)}.
 */
public final class ConfigLoader {
    /** The config bundled on the classpath, used when no file is given. */
    public static final String DEFAULT_LOCATION = "classpath:default-alertmanager.yml";

    private static final String CLASSPATH = "classpath:";

    private static final Pattern LABEL_NAME = Pattern.compile("^[a-zA-Z_][a-zA-Z0-9_]*$");

    private static final Set<String> TOP_LEVEL = Set.of(
            "global", "route", "inhibit_rules", "receivers", "templates", "mute_time_intervals",
            "time_intervals", "tracing", "event_recorder");

    private static final Set<String> GLOBAL = Set.of(
            "resolve_timeout", "http_config", "smtp_from", "smtp_hello", "smtp_smarthost",
            "smtp_auth_username", "smtp_auth_password", "smtp_auth_password_file", "smtp_auth_secret",
            "smtp_auth_secret_file", "smtp_auth_identity", "smtp_require_tls", "smtp_tls_config",
            "smtp_force_implicit_tls", "slack_api_url", "slack_api_url_file", "slack_app_token",
            "slack_app_token_file", "slack_app_url", "pagerduty_url", "opsgenie_api_url", "opsgenie_api_key",
            "opsgenie_api_key_file", "wechat_api_url", "wechat_api_secret", "wechat_api_secret_file",
            "wechat_api_corp_id", "victorops_api_url", "victorops_api_key", "victorops_api_key_file",
            "telegram_api_url", "telegram_bot_token", "telegram_bot_token_file", "webex_api_url",
            "rocketchat_api_url", "rocketchat_token", "rocketchat_token_file", "rocketchat_token_id",
            "rocketchat_token_id_file", "mattermost_webhook_url", "mattermost_webhook_url_file", "jira_api_url");

    /** Global settings that may be given inline or from a file, but not both. */
    private static final List<String[]> GLOBAL_EXCLUSIVE = List.of(
            new String[] {"slack_app_token", "slack_app_token_file"},
            new String[] {"slack_api_url", "slack_api_url_file"},
            new String[] {"opsgenie_api_key", "opsgenie_api_key_file"},
            new String[] {"victorops_api_key", "victorops_api_key_file"},
            new String[] {"telegram_bot_token", "telegram_bot_token_file"},
            new String[] {"smtp_auth_password", "smtp_auth_password_file"},
            new String[] {"rocketchat_token", "rocketchat_token_file"},
            new String[] {"rocketchat_token_id", "rocketchat_token_id_file"},
            new String[] {"smtp_auth_secret", "smtp_auth_secret_file"},
            new String[] {"wechat_api_secret", "wechat_api_secret_file"},
            new String[] {"mattermost_webhook_url", "mattermost_webhook_url_file"});

    private static final String DEFAULT_SLACK_APP_URL = "https://slack.com/api/chat.postMessage";

    private static final Set<String> ROUTE = Set.of(
            "receiver", "group_by", "match", "match_re", "matchers", "mute_time_intervals",
            "active_time_intervals", "continue", "routes", "group_wait", "group_interval", "repeat_interval");

    private static final Set<String> RECEIVER_INTEGRATIONS = Set.of(
            "discord_configs", "email_configs", "incidentio_configs", "pagerduty_configs", "slack_configs",
            "webhook_configs", "opsgenie_configs", "wechat_configs", "pushover_configs", "victorops_configs",
            "sns_configs", "telegram_configs", "webex_configs", "msteams_configs", "msteamsv2_configs",
            "jira_configs", "rocketchat_configs", "mattermost_configs");

    private static final Set<String> WEBHOOK = Set.of(
            "send_resolved", "http_config", "url", "url_file", "max_alerts", "timeout", "payload");

    private static final Set<String> HTTP_CONFIG = Set.of(
            "basic_auth", "authorization", "oauth2", "bearer_token", "bearer_token_file", "proxy_url",
            "no_proxy", "proxy_from_environment", "proxy_connect_header", "tls_config", "follow_redirects",
            "enable_http2", "http_headers");

    private static final Set<String> INHIBIT_RULE = Set.of(
            "name", "source_match", "source_match_re", "source_matchers", "target_match", "target_match_re",
            "target_matchers", "equal");

    /** Reads and checks a config file; relative credential files resolve against its directory. */
    public AlertmanagerConfig load(Path file) throws ConfigException {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ConfigException("cannot read config file " + file + ": " + e.getMessage(), e);
        }
        Path dir = file.toAbsolutePath().getParent();
        return parse(text, dir);
    }

    /**
     * Reads and checks the config at {@code location}: a file path, or a {@code classpath:}
     * resource such as the bundled {@link #DEFAULT_LOCATION}.
     */
    public AlertmanagerConfig load(String location) throws ConfigException {
        if (!location.startsWith(CLASSPATH)) {
            return load(Path.of(location.startsWith("file:") ? location.substring("file:".length()) : location));
        }
        String resource = location.substring(CLASSPATH.length());
        resource = resource.startsWith("/") ? resource.substring(1) : resource;
        try (InputStream in = ConfigLoader.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new ConfigException("cannot read config " + location + ": no such resource on the classpath");
            }
            return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), null);
        } catch (IOException e) {
            throw new ConfigException("cannot read config " + location + ": " + e.getMessage(), e);
        }
    }

    /** The bundled default: one route to a receiver named "default" without integrations. */
    public AlertmanagerConfig loadDefault() throws ConfigException {
        return load(DEFAULT_LOCATION);
    }

    public AlertmanagerConfig parse(String text) throws ConfigException {
        return parse(text, null);
    }

    private AlertmanagerConfig parse(String text, Path baseDir) throws ConfigException {
        Node node;
        try {
            LoaderOptions options = new LoaderOptions();
            options.setAllowDuplicateKeys(true); // reported with the field's path by YamlNode
            node = new Yaml(options).compose(new StringReader(text));
        } catch (MarkedYAMLException e) {
            throw new ConfigException("invalid YAML: " + e.getProblem() + " (line " + (e.getProblemMark().getLine() + 1) + ")", e);
        } catch (YAMLException e) {
            throw new ConfigException("invalid YAML: " + e.getMessage(), e);
        }
        if (node == null) {
            throw new ConfigException("no route provided in config");
        }
        YamlNode root = YamlNode.root(node);
        if (!root.isMapping()) {
            throw root.error("the config must be a YAML mapping");
        }
        Map<String, YamlNode> top = root.strictEntries(TOP_LEVEL, "the config");

        GlobalConfig global = global(root.get(top, "global"), baseDir);
        List<ReceiverConfig> receivers = receivers(root.get(top, "receivers"), global, baseDir);

        YamlNode routeNode = root.get(top, "route");
        if (routeNode.isNull()) {
            throw new ConfigException("no route provided in config");
        }
        RouteConfig route = route(routeNode);
        if (route.continueMatching()) {
            throw routeNode.error("cannot have continue in root route");
        }
        if (route.receiver() == null || route.receiver().isEmpty()) {
            throw routeNode.error("root route must specify a default receiver");
        }
        if (!route.matchers().isEmpty()) {
            throw routeNode.error("root route must not have any matchers");
        }
        if (!route.muteTimeIntervals().isEmpty()) {
            throw routeNode.error("root route must not have any mute time intervals");
        }
        if (!route.activeTimeIntervals().isEmpty()) {
            throw routeNode.error("root route must not have any active time intervals");
        }
        Set<String> receiverNames = new HashSet<>();
        receivers.forEach(r -> receiverNames.add(r.name()));
        checkReceivers(route, "route", receiverNames);

        List<TimeIntervalConfig> intervals = new ArrayList<>();
        Set<String> intervalNames = new HashSet<>();
        timeIntervals(root.get(top, "mute_time_intervals"), "mute time interval", intervals, intervalNames);
        timeIntervals(root.get(top, "time_intervals"), "time interval", intervals, intervalNames);
        checkTimeIntervals(route, "route", intervalNames);

        List<InhibitRule> inhibitRules = new ArrayList<>();
        for (YamlNode n : root.get(top, "inhibit_rules").asList()) {
            inhibitRules.add(inhibitRule(n));
        }
        List<String> templates = root.get(top, "templates").asStringList();
        if (templates == null) {
            templates = List.of();
        } else if (baseDir != null) {
            templates = templates.stream().map(t -> t.isEmpty() || Path.of(t).isAbsolute() ? t : baseDir.resolve(t).toString()).toList();
        }
        try {
            io.pharos.alertmanager.template.Templates.fromGlobs(templates, null, java.time.Clock.systemUTC());
        } catch (io.pharos.model.template.TemplateException e) {
            throw new ConfigException("templates: " + e.getMessage(), e);
        }
        return new AlertmanagerConfig(global, route, receivers, inhibitRules, intervals, templates, text,
                SecretRedactor.redact(text));
    }

    private GlobalConfig global(YamlNode node, Path baseDir) throws ConfigException {
        Map<String, YamlNode> e = node.strictEntries(GLOBAL, "global");
        for (String[] pair : GLOBAL_EXCLUSIVE) {
            if (set(node.get(e, pair[0])) && set(node.get(e, pair[1]))) {
                throw node.error("at most one of " + pair[0] + " & " + pair[1] + " must be configured");
            }
        }
        boolean slackToken = set(node.get(e, "slack_app_token")) || set(node.get(e, "slack_app_token_file"));
        boolean slackUrl = set(node.get(e, "slack_api_url")) || set(node.get(e, "slack_api_url_file"));
        if (slackToken && slackUrl) {
            String appUrl = node.get(e, "slack_app_url").asString(DEFAULT_SLACK_APP_URL);
            if (!appUrl.equals(node.get(e, "slack_api_url").asString())) {
                throw node.error("at most one of slack_app_token/slack_app_token_file & slack_api_url/slack_api_url_file must be configured");
            }
        }
        Duration resolveTimeout = node.get(e, "resolve_timeout").asDuration();
        if (resolveTimeout == null) {
            resolveTimeout = GlobalConfig.DEFAULT_RESOLVE_TIMEOUT;
        }
        HttpClientConfig http = httpConfig(node.get(e, "http_config"), baseDir, HttpClientConfig.DEFAULT);
        Map<String, Object> settings = new LinkedHashMap<>();
        for (Map.Entry<String, YamlNode> en : e.entrySet()) {
            Object raw = en.getValue().raw();
            if (raw != null) {
                settings.put(en.getKey(), raw);
            }
        }
        return new GlobalConfig(resolveTimeout, http, settings);
    }

    private static boolean set(YamlNode n) throws ConfigException {
        if (n.isNull()) {
            return false;
        }
        if (!n.isMapping()) {
            String s = n.asString();
            return s != null && !s.isEmpty();
        }
        return true;
    }

    static HttpClientConfig httpConfig(YamlNode node, Path baseDir, HttpClientConfig dflt) throws ConfigException {
        if (node.isNull()) {
            return dflt;
        }
        Map<String, YamlNode> e = node.strictEntries(HTTP_CONFIG, "http_config");
        HttpClientConfig.BasicAuth basic = null;
        YamlNode b = node.get(e, "basic_auth");
        if (!b.isNull()) {
            Map<String, YamlNode> be = b.strictEntries(Set.of("username", "username_file", "password", "password_file"), "basic_auth");
            String password = b.get(be, "password").asString();
            String passwordFile = resolve(baseDir, b.get(be, "password_file").asString());
            if (password != null && passwordFile != null) {
                throw b.error("at most one of basic_auth password & password_file must be configured");
            }
            basic = new HttpClientConfig.BasicAuth(b.get(be, "username").asString(""), password, passwordFile);
        }
        HttpClientConfig.Authorization auth = null;
        YamlNode a = node.get(e, "authorization");
        if (!a.isNull()) {
            Map<String, YamlNode> ae = a.strictEntries(Set.of("type", "credentials", "credentials_file"), "authorization");
            String type = a.get(ae, "type").asString("Bearer");
            if (type.equalsIgnoreCase("basic")) {
                throw a.get(ae, "type").error("authorization type cannot be set to \"basic\", use \"basic_auth\" instead");
            }
            String credentials = a.get(ae, "credentials").asString();
            String credentialsFile = resolve(baseDir, a.get(ae, "credentials_file").asString());
            if (credentials != null && credentialsFile != null) {
                throw a.error("at most one of authorization credentials & credentials_file must be configured");
            }
            auth = new HttpClientConfig.Authorization(type, credentials, credentialsFile);
        }
        String bearer = node.get(e, "bearer_token").asString();
        String bearerFile = resolve(baseDir, node.get(e, "bearer_token_file").asString());
        if (bearer != null || bearerFile != null) {
            if (auth != null) {
                throw node.error("at most one of bearer_token, bearer_token_file & authorization must be configured");
            }
            if (bearer != null && bearerFile != null) {
                throw node.error("at most one of bearer_token & bearer_token_file must be configured");
            }
            auth = new HttpClientConfig.Authorization("Bearer", bearer, bearerFile);
        }
        if (basic != null && auth != null) {
            throw node.error("at most one of basic_auth, oauth2, bearer_token & bearer_token_file must be configured");
        }
        boolean follow = node.get(e, "follow_redirects").asBool(true);
        @SuppressWarnings("unchecked")
        Map<String, Object> raw = (Map<String, Object>) node.raw();
        return new HttpClientConfig(basic, auth, follow, raw);
    }

    private static String resolve(Path baseDir, String file) {
        if (file == null || file.isEmpty()) {
            return null;
        }
        if (baseDir == null || Path.of(file).isAbsolute()) {
            return file;
        }
        return baseDir.resolve(file).toString();
    }

    private List<ReceiverConfig> receivers(YamlNode node, GlobalConfig global, Path baseDir) throws ConfigException {
        List<ReceiverConfig> out = new ArrayList<>();
        Set<String> names = new HashSet<>();
        Set<String> allowed = new HashSet<>(RECEIVER_INTEGRATIONS);
        allowed.add("name");
        allowed.add("labels");
        for (YamlNode r : node.asList()) {
            Map<String, YamlNode> e = r.strictEntries(allowed, "receiver");
            String name = r.get(e, "name").asString("");
            if (name.isEmpty()) {
                throw r.error("missing name in receiver");
            }
            if (!names.add(name)) {
                throw r.get(e, "name").error("notification config name \"" + name + "\" is not unique");
            }
            List<WebhookConfig> webhooks = new ArrayList<>();
            for (YamlNode w : r.get(e, "webhook_configs").asList()) {
                webhooks.add(webhook(w, global, baseDir));
            }
            List<SlackConfig> slacks = new ArrayList<>();
            for (YamlNode n : r.get(e, "slack_configs").asList()) {
                slacks.add(IntegrationParsers.slack(n, global, baseDir));
            }
            List<PagerdutyConfig> pagerduties = new ArrayList<>();
            for (YamlNode n : r.get(e, "pagerduty_configs").asList()) {
                pagerduties.add(IntegrationParsers.pagerduty(n, global, baseDir));
            }
            List<EmailConfig> emails = new ArrayList<>();
            for (YamlNode n : r.get(e, "email_configs").asList()) {
                emails.add(IntegrationParsers.email(n, global, baseDir));
            }
            Map<String, List<Object>> others = new LinkedHashMap<>();
            for (Map.Entry<String, YamlNode> en : e.entrySet()) {
                String key = en.getKey();
                if (!RECEIVER_INTEGRATIONS.contains(key) || IntegrationParsers.IMPLEMENTED.contains(key)) {
                    continue;
                }
                IntegrationParsers.checkOther(key, en.getValue(), global);
                List<Object> configs = new ArrayList<>();
                for (YamlNode c : en.getValue().asList()) {
                    if (!c.isNull() && !c.isMapping()) {
                        throw c.error("expected a mapping, got a scalar");
                    }
                    configs.add(c.raw());
                }
                if (!configs.isEmpty()) {
                    others.put(key, List.copyOf(configs));
                }
            }
            out.add(new ReceiverConfig(name, webhooks, slacks, pagerduties, emails, others));
        }
        return out;
    }

    private WebhookConfig webhook(YamlNode node, GlobalConfig global, Path baseDir) throws ConfigException {
        if (node.isNull()) {
            throw node.error("missing webhook config");
        }
        Map<String, YamlNode> e = node.strictEntries(WEBHOOK, "webhook_config");
        String url = node.get(e, "url").asString();
        String urlFile = node.get(e, "url_file").asString();
        url = url == null || url.isEmpty() ? null : url;
        urlFile = urlFile == null || urlFile.isEmpty() ? null : urlFile;
        if (url == null && urlFile == null) {
            throw node.error("one of url or url_file must be configured");
        }
        if (url != null && urlFile != null) {
            throw node.error("at most one of url & url_file must be configured");
        }
        if (url != null && !url.contains("{{")) {
            checkUrl(node.get(e, "url"), url);
        }
        long maxAlerts = node.get(e, "max_alerts").asLong(0);
        if (maxAlerts < 0) {
            throw node.get(e, "max_alerts").error("max_alerts must not be negative");
        }
        Duration timeout = node.get(e, "timeout").asGoDuration();
        boolean sendResolved = node.get(e, "send_resolved").asBool(true);
        HttpClientConfig http = httpConfig(node.get(e, "http_config"), baseDir, global.httpConfig());
        return new WebhookConfig(url, urlFile, sendResolved, maxAlerts, timeout == null ? Duration.ZERO : timeout, http);
    }

    private static void checkUrl(YamlNode node, String url) throws ConfigException {
        URI u;
        try {
            u = new URI(url);
        } catch (URISyntaxException e) {
            throw node.error("invalid URL: " + e.getMessage());
        }
        if (!"http".equals(u.getScheme()) && !"https".equals(u.getScheme())) {
            throw node.error("invalid URL: unsupported scheme \"" + (u.getScheme() == null ? "" : u.getScheme()) + "\" for URL");
        }
        if (u.getHost() == null || u.getHost().isEmpty()) {
            throw node.error("invalid URL: missing host for URL");
        }
    }

    private RouteConfig route(YamlNode node) throws ConfigException {
        Map<String, YamlNode> e = node.strictEntries(ROUTE, "route");
        String receiver = node.get(e, "receiver").asString();

        List<String> groupByRaw = node.get(e, "group_by").asStringList();
        List<String> groupBy = null;
        boolean groupByAll = false;
        if (groupByRaw != null) {
            groupBy = new ArrayList<>();
            Set<String> seen = new HashSet<>();
            for (String l : groupByRaw) {
                if (l.equals("...")) {
                    groupByAll = true;
                    continue;
                }
                if (l.isEmpty()) {
                    throw node.get(e, "group_by").error("invalid label name \"\" in group_by list");
                }
                if (!seen.add(l)) {
                    throw node.get(e, "group_by").error("duplicated label \"" + l + "\" in group_by");
                }
                groupBy.add(l);
            }
            if (groupByAll && !groupBy.isEmpty()) {
                throw node.get(e, "group_by").error("cannot have wildcard group_by (`...`) and other labels at the same time");
            }
            if (groupByAll) {
                groupBy = null;
            }
        }

        List<Matcher> matchers = new ArrayList<>();
        YamlNode match = node.get(e, "match");
        for (Map.Entry<String, YamlNode> en : match.asMapOfScalars().entrySet()) {
            checkLabelName(en.getValue(), en.getKey());
            matchers.add(Matcher.equal(en.getKey(), en.getValue().asString("")));
        }
        YamlNode matchRe = node.get(e, "match_re");
        for (Map.Entry<String, YamlNode> en : matchRe.asMapOfScalars().entrySet()) {
            matchers.add(regexMatcher(en.getValue(), en.getKey()));
        }
        YamlNode lines = node.get(e, "matchers");
        for (YamlNode line : lines.asList()) {
            matchers.addAll(parseMatchers(line));
        }

        Duration groupWait = node.get(e, "group_wait").asDuration();
        Duration groupInterval = node.get(e, "group_interval").asDuration();
        Duration repeatInterval = node.get(e, "repeat_interval").asDuration();
        if (groupInterval != null && groupInterval.isZero()) {
            throw node.get(e, "group_interval").error("group_interval cannot be zero");
        }
        if (repeatInterval != null && repeatInterval.isZero()) {
            throw node.get(e, "repeat_interval").error("repeat_interval cannot be zero");
        }
        List<RouteConfig> children = new ArrayList<>();
        for (YamlNode child : node.get(e, "routes").asList()) {
            children.add(route(child));
        }
        List<String> mute = node.get(e, "mute_time_intervals").asStringList();
        List<String> active = node.get(e, "active_time_intervals").asStringList();
        return new RouteConfig(
                receiver == null || receiver.isEmpty() ? null : receiver,
                groupBy,
                groupByAll,
                groupWait,
                groupInterval,
                repeatInterval,
                Matchers.sorted(matchers),
                node.get(e, "continue").asBool(false),
                children,
                mute == null ? List.of() : mute,
                active == null ? List.of() : active);
    }

    private static void checkLabelName(YamlNode at, String name) throws ConfigException {
        if (!LABEL_NAME.matcher(name).matches()) {
            throw at.error("invalid label name \"" + name + "\"");
        }
    }

    private static Matcher regexMatcher(YamlNode value, String name) throws ConfigException {
        checkLabelName(value, name);
        if (value.isNull()) {
            throw value.error("invalid regexp value for \"" + name + "\"");
        }
        try {
            // Alertmanager keeps the old syntax's regex in its anchored form: it shows in the
            // route key, hence in group keys (and so in PagerDuty dedup keys and the nflog).
            return Matchers.of(Matcher.Type.RE, name, "^(?:" + value.asString() + ")$");
        } catch (PatternSyntaxException ex) {
            throw value.error("invalid regular expression for \"" + name + "\": " + ex.getDescription());
        }
    }

    private static List<Matcher> parseMatchers(YamlNode line) throws ConfigException {
        String text = line.asString();
        if (text == null) {
            throw line.error("empty matcher");
        }
        try {
            return MatcherParser.parseAll(text);
        } catch (IllegalArgumentException ex) {
            throw line.error(ex.getMessage());
        }
    }

    private InhibitRule inhibitRule(YamlNode node) throws ConfigException {
        Map<String, YamlNode> e = node.strictEntries(INHIBIT_RULE, "inhibit rule");
        List<Matcher> source = new ArrayList<>();
        List<Matcher> target = new ArrayList<>();
        for (String side : List.of("source", "target")) {
            List<Matcher> into = side.equals("source") ? source : target;
            for (Map.Entry<String, YamlNode> en : node.get(e, side + "_match").asMapOfScalars().entrySet()) {
                checkLabelName(en.getValue(), en.getKey());
                into.add(Matcher.equal(en.getKey(), en.getValue().asString("")));
            }
            for (Map.Entry<String, YamlNode> en : node.get(e, side + "_match_re").asMapOfScalars().entrySet()) {
                into.add(regexMatcher(en.getValue(), en.getKey()));
            }
            for (YamlNode line : node.get(e, side + "_matchers").asList()) {
                into.addAll(parseMatchers(line));
            }
        }
        List<String> equal = node.get(e, "equal").asStringList();
        if (equal != null) {
            for (String l : equal) {
                if (l.isEmpty()) {
                    throw node.get(e, "equal").error("invalid label name \"\" in equal list");
                }
            }
        }
        return new InhibitRule(node.get(e, "name").asString(""), Matchers.sorted(source), Matchers.sorted(target),
                equal == null ? List.of() : equal);
    }

    private void timeIntervals(YamlNode node, String what, List<TimeIntervalConfig> into, Set<String> names)
            throws ConfigException {
        for (YamlNode n : node.asList()) {
            Map<String, YamlNode> e = n.strictEntries(Set.of("name", "time_intervals"), what);
            String name = n.get(e, "name").asString("");
            if (name.isEmpty()) {
                throw n.error("missing name in " + what);
            }
            if (!names.add(name)) {
                throw n.get(e, "name").error(what + " \"" + name + "\" is not unique");
            }
            List<TimeInterval> list = new ArrayList<>();
            for (YamlNode ti : n.get(e, "time_intervals").asList()) {
                list.add(timeInterval(ti));
            }
            into.add(new TimeIntervalConfig(name, list));
        }
    }

    private static final Set<String> TIME_INTERVAL = Set.of(
            "times", "weekdays", "days_of_month", "months", "years", "location");

    private static TimeInterval timeInterval(YamlNode node) throws ConfigException {
        Map<String, YamlNode> e = node.strictEntries(TIME_INTERVAL, "time interval");
        List<TimeInterval.TimeRange> times = null;
        YamlNode timesNode = node.get(e, "times");
        if (!timesNode.isNull()) {
            times = new ArrayList<>();
            for (YamlNode t : timesNode.asList()) {
                Map<String, YamlNode> te = t.strictEntries(Set.of("start_time", "end_time"), "time range");
                try {
                    times.add(TimeIntervalSyntax.times(t.get(te, "start_time").asString(), t.get(te, "end_time").asString()));
                } catch (IllegalArgumentException ex) {
                    throw t.error(ex.getMessage());
                }
            }
        }
        ZoneId location = null;
        String loc = node.get(e, "location").asString();
        if (loc != null) {
            try {
                location = TimeIntervalSyntax.location(loc);
            } catch (IllegalArgumentException ex) {
                throw node.get(e, "location").error(ex.getMessage());
            }
        }
        return new TimeInterval(times,
                ranges(node.get(e, "weekdays"), TimeIntervalSyntax::weekdays),
                ranges(node.get(e, "days_of_month"), TimeIntervalSyntax::daysOfMonth),
                ranges(node.get(e, "months"), TimeIntervalSyntax::months),
                ranges(node.get(e, "years"), TimeIntervalSyntax::years),
                location);
    }

    private static List<TimeInterval.Range> ranges(YamlNode node, java.util.function.Function<String, TimeInterval.Range> parse)
            throws ConfigException {
        List<String> items = node.asStringList();
        if (items == null) {
            return null;
        }
        List<TimeInterval.Range> out = new ArrayList<>();
        for (String item : items) {
            try {
                out.add(parse.apply(item));
            } catch (IllegalArgumentException ex) {
                throw node.error(ex.getMessage());
            }
        }
        return out;
    }

    private static void checkReceivers(RouteConfig r, String path, Set<String> receivers) throws ConfigException {
        for (int i = 0; i < r.routes().size(); i++) {
            checkReceivers(r.routes().get(i), path + ".routes[" + i + "]", receivers);
        }
        if (r.receiver() != null && !receivers.contains(r.receiver())) {
            throw new ConfigException(path + ".receiver: undefined receiver \"" + r.receiver() + "\" used in route");
        }
    }

    private static void checkTimeIntervals(RouteConfig r, String path, Set<String> names) throws ConfigException {
        for (int i = 0; i < r.routes().size(); i++) {
            checkTimeIntervals(r.routes().get(i), path + ".routes[" + i + "]", names);
        }
        for (String ti : r.activeTimeIntervals()) {
            if (!names.contains(ti)) {
                throw new ConfigException(path + ".active_time_intervals: undefined time interval \"" + ti + "\" used in route");
            }
        }
        for (String ti : r.muteTimeIntervals()) {
            if (!names.contains(ti)) {
                throw new ConfigException(path + ".mute_time_intervals: undefined time interval \"" + ti + "\" used in route");
            }
        }
    }
}
