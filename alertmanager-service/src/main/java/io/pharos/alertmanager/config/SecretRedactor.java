package io.pharos.alertmanager.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.representer.Representer;

/**
 * The config text with secrets replaced by {@code <secret>}, as Alertmanager 0.25 shows its config
 * in {@code GET /api/v2/status}: passwords, tokens, API keys, and the URLs that are secrets in its
 * config (Slack's, chat webhooks'). A {@code webhook_configs} URL is shown, as 0.25 shows it:
 * amtool 0.25 reads this config back for {@code amtool config routes}, and cannot parse
 * {@code <secret>} where it expects a plain URL.
 */
final class SecretRedactor {
    static final String SECRET = "<secret>";

    /** Secret wherever they appear. */
    private static final Set<String> SECRET_KEYS = Set.of(
            "smtp_auth_password", "smtp_auth_secret", "slack_api_url", "slack_app_token", "opsgenie_api_key",
            "wechat_api_secret", "victorops_api_key", "telegram_bot_token", "rocketchat_token",
            "rocketchat_token_id", "mattermost_webhook_url", "auth_password", "auth_secret", "api_key",
            "api_secret", "routing_key", "service_key", "token", "token_id", "user_key", "bot_token", "app_token",
            "password", "credentials", "bearer_token", "client_secret", "secret_key", "webhook_url");

    /** Secret only inside these integration lists. */
    private static final Map<String, Set<String>> SECRET_IN = Map.of(
            "slack_configs", Set.of("api_url"));

    private SecretRedactor() {
    }

    static String redact(String text) {
        Object doc;
        try {
            doc = new Yaml(new SafeConstructor(new LoaderOptions())).load(text);
        } catch (RuntimeException e) {
            return "";
        }
        Object clean = walk(doc, Set.of());
        DumperOptions options = new DumperOptions();
        options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        options.setIndent(2);
        options.setIndicatorIndent(0);
        options.setSplitLines(false);
        return new Yaml(new SafeConstructor(new LoaderOptions()), new Representer(options), options).dump(clean);
    }

    private static Object walk(Object node, Set<String> extraSecrets) {
        if (node instanceof Map<?, ?> map) {
            Map<Object, Object> out = new LinkedHashMap<>();
            for (Map.Entry<?, ?> e : map.entrySet()) {
                String key = String.valueOf(e.getKey());
                Object v = e.getValue();
                if (v != null && !(v instanceof Map) && !(v instanceof List)
                        && (SECRET_KEYS.contains(key) || extraSecrets.contains(key))) {
                    out.put(e.getKey(), SECRET);
                } else {
                    out.put(e.getKey(), walk(v, SECRET_IN.getOrDefault(key, Set.of())));
                }
            }
            return out;
        }
        if (node instanceof List<?> list) {
            List<Object> out = new ArrayList<>(list.size());
            for (Object o : list) {
                out.add(walk(o, extraSecrets));
            }
            return out;
        }
        return node;
    }
}
