package io.pharos.alertmanager.config;

import java.util.List;
import java.util.Map;

/**
 * A receiver: a name and its integrations. Webhooks, Slack, PagerDuty and e-mail are
 * implemented; the other integration types ({@code opsgenie_configs}, {@code telegram_configs},
 * ...) are checked, accepted and kept as given in {@link #otherIntegrations()}, keyed by their
 * YAML field name.
 */
public record ReceiverConfig(
        String name,
        List<WebhookConfig> webhookConfigs,
        List<SlackConfig> slackConfigs,
        List<PagerdutyConfig> pagerdutyConfigs,
        List<EmailConfig> emailConfigs,
        Map<String, List<Object>> otherIntegrations) {

    public ReceiverConfig {
        webhookConfigs = List.copyOf(webhookConfigs);
        slackConfigs = List.copyOf(slackConfigs);
        pagerdutyConfigs = List.copyOf(pagerdutyConfigs);
        emailConfigs = List.copyOf(emailConfigs);
        otherIntegrations = Map.copyOf(otherIntegrations);
    }

    public ReceiverConfig(String name, List<WebhookConfig> webhookConfigs, Map<String, List<Object>> otherIntegrations) {
        this(name, webhookConfigs, List.of(), List.of(), List.of(), otherIntegrations);
    }

    public static ReceiverConfig named(String name) {
        return new ReceiverConfig(name, List.of(), Map.of());
    }
}
