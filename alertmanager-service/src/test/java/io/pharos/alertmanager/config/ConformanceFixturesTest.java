package io.pharos.alertmanager.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pharos.alertmanager.dispatch.Route;
import io.pharos.model.labels.Labels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Alertmanager's own config fixtures (shared/conformance/alertmanager), where present. */
class ConformanceFixturesTest {
    private static Path dir;
    private final ConfigLoader loader = new ConfigLoader();

    @BeforeAll
    static void locate() {
        String shared = System.getProperty("pharos.shared.dir");
        Assumptions.assumeTrue(shared != null, "pharos.shared.dir not set");
        dir = Path.of(shared, "conformance", "alertmanager");
        Assumptions.assumeTrue(Files.isDirectory(dir), "no Alertmanager fixtures at " + dir);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "conf.empty-fields.yml", "conf.good.yml", "conf.group-by-all.yml", "conf.http-config.good.yml",
        "conf.mattermost-default-webhook-url.yml", "conf.mattermost-default-webhook-url-file.yml",
        "conf.opsgenie-default-apikey.yml", "conf.opsgenie-default-apikey-file.yml",
        "conf.rocketchat-default-token.yml", "conf.rocketchat-default-token-file.yml",
        "conf.slack-default-api-url-file.yml", "conf.slack-default-app-token.yml",
        "conf.smtp-no-username-or-password.yml", "conf.smtp-password-global-and-local.yml",
        "conf.sns-topic-arn.yml", "conf.telegram-default-bot-token.yml", "conf.telegram-default-bot-token-file.yml",
        "conf.victorops-default-apikey.yml", "conf.victorops-default-apikey-file.yml",
        "conf.wechat-default-api-secret-file.yml"})
    void validFixturesLoad(String name) throws Exception {
        AlertmanagerConfig c = loader.load(dir.resolve("config").resolve(name));
        assertThat(c.route().receiver()).isNotBlank();
    }

    @Test
    void goodConfigHasItsRouteTreeAndReceivers() throws Exception {
        AlertmanagerConfig c = loader.load(dir.resolve("config/conf.good.yml"));
        assertThat(c.receivers()).hasSize(9);
        assertThat(c.inhibitRules()).hasSize(1);
        Route root = Route.tree(c.route());
        assertThat(root.receivers(Labels.of("service", "database", "owner2", "team-X", "owner", "team-Y")))
                .containsExactly("team-X-pager", "team-Y-pager");
        assertThat(root.receivers(Labels.of("service", "foo1", "severity", "critical"))).containsExactly("team-X-pager");
        assertThat(root.options().repeatInterval()).hasHours(3);
    }

    static Stream<Arguments> rejected() {
        return Stream.of(
                Arguments.of("conf.nil-match_re-route.yml", "invalid_label"),
                Arguments.of("conf.nil-source_match_re-inhibition.yml", "invalid_source_label"),
                Arguments.of("conf.nil-target_match_re-inhibition.yml", "invalid_target_label"),
                Arguments.of("conf.mattermost-both-webhook-url-and-file.yml",
                        "at most one of mattermost_webhook_url & mattermost_webhook_url_file must be configured"),
                Arguments.of("conf.mattermost-valid-receiver-both-webhook-url-and-file.yml",
                        "at most one of mattermost_webhook_url & mattermost_webhook_url_file must be configured"),
                Arguments.of("conf.opsgenie-both-file-and-apikey.yml",
                        "at most one of opsgenie_api_key & opsgenie_api_key_file must be configured"),
                Arguments.of("conf.rocketchat-both-token-and-tokenfile.yml",
                        "at most one of rocketchat_token & rocketchat_token_file must be configured"),
                Arguments.of("conf.rocketchat-both-tokenid-and-tokenidfile.yml",
                        "at most one of rocketchat_token_id & rocketchat_token_id_file must be configured"),
                Arguments.of("conf.slack-both-file-and-token.yml",
                        "at most one of slack_app_token & slack_app_token_file must be configured"),
                Arguments.of("conf.slack-both-file-and-url.yml",
                        "at most one of slack_api_url & slack_api_url_file must be configured"),
                Arguments.of("conf.slack-both-url-and-token.yml",
                        "at most one of slack_app_token/slack_app_token_file & slack_api_url/slack_api_url_file must be configured"),
                Arguments.of("conf.smtp-both-password-and-file.yml",
                        "at most one of smtp_auth_password & smtp_auth_password_file must be configured"),
                Arguments.of("conf.telegram-both-bot-token-and-file.yml",
                        "at most one of telegram_bot_token & telegram_bot_token_file must be configured"),
                Arguments.of("conf.telegram-valid-receiver-both-bot-token-and-file.yml",
                        "at most one of telegram_bot_token & telegram_bot_token_file must be configured"),
                Arguments.of("conf.victorops-both-file-and-apikey.yml",
                        "at most one of victorops_api_key & victorops_api_key_file must be configured"),
                Arguments.of("conf.wechat-both-file-and-secret.yml",
                        "at most one of wechat_api_secret & wechat_api_secret_file must be configured"),
                Arguments.of("conf.mattermost-no-webhook-url.yml", "missing webhook_url or webhook_url_file on mattermost_config"),
                Arguments.of("conf.opsgenie-no-apikey.yml", "no global OpsGenie API Key set either inline or in a file"),
                Arguments.of("conf.opsgenie-default-apikey-old-team.yml", "field teams not found"),
                Arguments.of("conf.rocketchat-no-token.yml", "no global Rocketchat Token set either inline or in a file"),
                Arguments.of("conf.slack-no-api-url-or-token.yml", "no Slack API URL nor App token set either inline or in a file"),
                Arguments.of("conf.slack-update-message-and-webhook.yml",
                        "update_message can only be used with bot tokens"),
                Arguments.of("conf.sns-invalid.yml", "must provide either a Target ARN, Topic ARN, or Phone Number for SNS config"),
                Arguments.of("conf.telegram-no-bot-token.yml", "missing bot_token or bot_token_file on telegram_config"),
                Arguments.of("conf.victorops-no-apikey.yml", "no global VictorOps API Key set"),
                Arguments.of("conf.wechat-no-api-secret.yml", "no global Wechat Api Secret set either inline or in a file"));
    }

    /** Every fixture upstream rejects is rejected, with upstream's reason. */
    @ParameterizedTest
    @MethodSource("rejected")
    void invalidFixturesAreRejectedWithAlertmanagersReason(String name, String reason) {
        assertThatThrownBy(() -> loader.load(dir.resolve("config").resolve(name)))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(reason);
    }

    @Test
    void globalDefaultsReachTheReceivers() throws Exception {
        AlertmanagerConfig token = loader.load(dir.resolve("config/conf.slack-default-app-token.yml"));
        java.util.List<SlackConfig> slacks = token.receivers().get(0).slackConfigs();
        assertThat(slacks).extracting(s -> s.httpConfig().authorization() == null ? null : s.httpConfig().authorization().credentials())
                .containsExactly("xoxb-1234-abcdefgh", "xoxb-1234-xxxxxx", "xoxb-1234-abcdefgh", "xoxb-my-bot-token", null);
        assertThat(slacks).extracting(SlackConfig::apiUrl).containsExactly("https://slack.com/api/chat.postMessage",
                "https://slack.com/api/chat.postMessage", "http://api.fakeslack.example/",
                "https://slack.com/api/chat.postMessage",
                "https://hooks.slack.com/services/T00000000/B00000000/XXXXXXXXXXXXXXXXXXXXXXXX");
        AlertmanagerConfig url = loader.load(dir.resolve("config/conf.slack-default-api-url-file.yml"));
        assertThat(url.receivers().stream().flatMap(r -> r.slackConfigs().stream()))
                .allSatisfy(s -> assertThat(s.apiUrl() != null || s.apiUrlFile() != null).isTrue());
        AlertmanagerConfig good = loader.load(dir.resolve("config/conf.good.yml"));
        assertThat(good.receivers().stream().flatMap(r -> r.pagerdutyConfigs().stream()))
                .isNotEmpty()
                .allSatisfy(p -> assertThat(p.url()).startsWith("http"));
        assertThat(good.receivers().stream().flatMap(r -> r.emailConfigs().stream()))
                .isNotEmpty()
                .allSatisfy(m -> assertThat(m.smarthost()).contains(":"));
    }

    @Test
    void amtoolFixtures() throws Exception {
        assertThat(loader.load(dir.resolve("cli/conf.good.yml")).route().receiver()).isEqualTo("default");
        assertThatThrownBy(() -> loader.load(dir.resolve("cli/conf.bad.yml"))).isInstanceOf(ConfigException.class);

        Route routing = Route.tree(loader.load(dir.resolve("cli/conf.routing.yml")).route());
        assertThat(routing.receivers(Labels.of("test", "1"))).containsExactly("test1");
        assertThat(routing.receivers(Labels.of("test", "2"))).containsExactly("test1", "test2");
        assertThat(routing.receivers(Labels.of("test", "volovina"))).containsExactly("default");
        Route reverted = Route.tree(loader.load(dir.resolve("cli/conf.routing-reverted.yml")).route());
        assertThat(reverted.receivers(Labels.of("test", "2"))).containsExactly("test2", "test1");
    }
}
