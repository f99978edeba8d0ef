package io.pharos.alertmanager.config;

import java.util.List;
import java.util.Map;

/**
 * A receiver: a name and its integrations. Webhooks are implemented; the other integration
 * types ({@code slack_configs}, {@code pagerduty_configs}, {@code email_configs}, ...) are
 * accepted and kept as given in {@link #otherIntegrations()}, keyed by their YAML field name.
 */
public record ReceiverConfig(
        String name, List<WebhookConfig> webhookConfigs, Map<String, List<Object>> otherIntegrations) {

    public ReceiverConfig {
        webhookConfigs = List.copyOf(webhookConfigs);
        otherIntegrations = Map.copyOf(otherIntegrations);
    }

    public static ReceiverConfig named(String name) {
        return new ReceiverConfig(name, List.of(), Map.of());
    }
}
