package io.pharos.alertmanager.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pharos.model.labels.Matcher;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {
    private final ConfigLoader loader = new ConfigLoader();

    private static final String FULL = """
            global:
              resolve_timeout: 1h30m
              slack_api_url: https://hooks.slack.com/services/T0/B0/XXXX
              smtp_auth_password: hunter2
            templates: ['/etc/alertmanager/*.tmpl']
            route:
              receiver: web
              group_by: [alertname, cluster]
              group_wait: 10s
              group_interval: 1m
              repeat_interval: 2h
              routes:
                - matchers:
                    - severity=~"critical|page"
                    - team!=ops
                  match:
                    env: prod
                  match_re:
                    service: api-.*
                  receiver: pager
                  continue: true
                  mute_time_intervals: [offhours]
            receivers:
              - name: web
                webhook_configs:
                  - url: http://127.0.0.1:5001/hook
                    max_alerts: 10
                    timeout: 1.5s
                    http_config:
                      basic_auth: {username: u, password: p}
                  - url_file: /etc/am/url
                    send_resolved: false
              - name: pager
                pagerduty_configs:
                  - routing_key: secret-key
                slack_configs:
                  - channel: '#alerts'
            inhibit_rules:
              - source_matchers: [severity="critical"]
                target_match: {severity: warning}
                equal: [alertname]
            time_intervals:
              - name: offhours
                time_intervals:
                  - times: [{start_time: '18:00', end_time: '24:00'}]
            """;

    @Test
    void loadsRoutesReceiversAndDefaults() throws Exception {
        AlertmanagerConfig c = loader.parse(FULL);
        assertThat(c.global().resolveTimeout()).isEqualTo(Duration.ofMinutes(90));
        assertThat(c.route().receiver()).isEqualTo("web");
        assertThat(c.route().groupBy()).containsExactly("alertname", "cluster");
        assertThat(c.route().groupWait()).isEqualTo(Duration.ofSeconds(10));
        RouteConfig child = c.route().routes().get(0);
        assertThat(child.continueMatching()).isTrue();
        assertThat(child.groupWait()).as("inherited later, when the tree is built").isNull();
        assertThat(child.matchers()).extracting(Matcher::toString)
                .containsExactly("env=\"prod\"", "service=~\"^(?:api-.*)$\"", "severity=~\"critical|page\"", "team!=\"ops\"");
        assertThat(child.muteTimeIntervals()).containsExactly("offhours");

        ReceiverConfig web = c.receiver("web").orElseThrow();
        assertThat(web.webhookConfigs()).hasSize(2);
        WebhookConfig first = web.webhookConfigs().get(0);
        assertThat(first.url()).isEqualTo("http://127.0.0.1:5001/hook");
        assertThat(first.sendResolved()).as("send_resolved defaults to true").isTrue();
        assertThat(first.maxAlerts()).isEqualTo(10);
        assertThat(first.timeout()).isEqualTo(Duration.ofMillis(1500));
        assertThat(first.httpConfig().basicAuth().username()).isEqualTo("u");
        assertThat(web.webhookConfigs().get(1).urlFile()).isEqualTo("/etc/am/url");
        assertThat(web.webhookConfigs().get(1).sendResolved()).isFalse();

        ReceiverConfig pager = c.receiver("pager").orElseThrow();
        assertThat(pager.otherIntegrations()).isEmpty();
        assertThat(pager.pagerdutyConfigs()).hasSize(1);
        assertThat(pager.slackConfigs()).hasSize(1);
        assertThat(c.inhibitRules()).singleElement().satisfies(r -> {
            assertThat(r.sourceMatchers()).extracting(Matcher::toString).containsExactly("severity=\"critical\"");
            assertThat(r.targetMatchers()).extracting(Matcher::toString).containsExactly("severity=\"warning\"");
            assertThat(r.equal()).containsExactly("alertname");
        });
        assertThat(c.timeIntervals()).extracting(TimeIntervalConfig::name).containsExactly("offhours");
        assertThat(c.templates()).containsExactly("/etc/alertmanager/*.tmpl");
    }

    @Test
    void minimalConfigGetsAlertmanagerDefaults() throws Exception {
        AlertmanagerConfig c = loader.parse("route:\n  receiver: r\nreceivers:\n  - name: r\n");
        assertThat(c.global().resolveTimeout()).isEqualTo(Duration.ofMinutes(5));
        assertThat(c.route().groupBy()).isNull();
        assertThat(c.route().groupWait()).isNull();
        assertThat(c.receivers()).singleElement().satisfies(r -> assertThat(r.webhookConfigs()).isEmpty());
    }

    @Test
    void groupByEllipsisMeansAllLabels() throws Exception {
        AlertmanagerConfig c = loader.parse("route:\n  receiver: r\n  group_by: ['...']\nreceivers: [{name: r}]\n");
        assertThat(c.route().groupByAll()).isTrue();
        assertThat(c.route().groupBy()).isNull();
    }

    @Test
    void redactedTextHidesSecrets() throws Exception {
        String shown = loader.parse(FULL).redacted();
        assertThat(shown).doesNotContain("hunter2", "secret-key", "XXXX", "password: p\n");
        assertThat(shown).contains("<secret>", "resolve_timeout: 1h30m", "receiver: web");
        // A webhook URL is no secret in Alertmanager 0.25, and amtool 0.25 needs it to be a URL.
        assertThat(shown).contains("url: http://127.0.0.1:5001/hook");
    }

    @Test
    void bundledDefaultRoutesEverythingToDefault() throws Exception {
        AlertmanagerConfig c = loader.loadDefault();
        assertThat(c.route().receiver()).isEqualTo("default");
        assertThat(c.receivers()).singleElement().satisfies(r -> {
            assertThat(r.name()).isEqualTo("default");
            assertThat(r.webhookConfigs()).isEmpty();
        });
    }

    @Test
    void classpathLocationsAreRead() throws Exception {
        assertThat(loader.load("classpath:default-alertmanager.yml").route().receiver()).isEqualTo("default");
        assertThatThrownBy(() -> loader.load("classpath:nope.yml")).isInstanceOf(ConfigException.class)
                .hasMessageContaining("classpath:nope.yml");
    }

    @Test
    void relativeCredentialFilesResolveAgainstTheConfigDirectory(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("am.yml");
        Files.writeString(file, """
                route: {receiver: r}
                receivers:
                  - name: r
                    webhook_configs:
                      - url: http://x/
                        http_config:
                          authorization: {credentials_file: token}
                """);
        AlertmanagerConfig c = loader.load(file);
        HttpClientConfig.Authorization auth = c.receivers().get(0).webhookConfigs().get(0).httpConfig().authorization();
        assertThat(auth.type()).isEqualTo("Bearer");
        assertThat(auth.credentialsFile()).isEqualTo(dir.resolve("token").toString());
    }

    private void rejects(String yaml, String... fragments) {
        assertThatThrownBy(() -> loader.parse(yaml)).isInstanceOf(ConfigException.class).message().contains(fragments);
    }

    @Test
    void errorsNameTheField() {
        rejects("route:\n  receiver: r\n  routes:\n    - receiver: r\n      group_wait: 5x\nreceivers: [{name: r}]\n",
                "route.routes[0].group_wait", "not a valid duration string: \"5x\"", "line 5");
        rejects("route:\n  receiver: r\n  group_by: [a]\n  foo: bar\nreceivers: [{name: r}]\n",
                "route.foo", "field foo not found in route");
        rejects("route:\n  receiver: r\n  routes:\n    - receiver: nobody\nreceivers: [{name: r}]\n",
                "route.routes[0].receiver", "undefined receiver \"nobody\" used in route");
        rejects("route: {receiver: r}\nreceivers:\n  - name: r\n  - name: r\n", "receivers[1].name", "not unique");
        rejects("route: {receiver: r}\nreceivers:\n  - name: r\n    webhook_configs:\n      - send_resolved: true\n",
                "receivers[0].webhook_configs[0]", "one of url or url_file must be configured");
        rejects("route: {receiver: r}\nreceivers:\n  - name: r\n    webhook_configs:\n      - url: ftp://x/\n",
                "receivers[0].webhook_configs[0].url", "unsupported scheme \"ftp\"");
        rejects("route: {receiver: r}\nreceivers:\n  - name: r\n    webhook_configs:\n      - {url: 'http://x/', url_file: f}\n",
                "at most one of url & url_file must be configured");
        rejects("route: {receiver: r}\nreceivers:\n  - name: r\n    pager_configs: []\n", "receivers[0].pager_configs");
        rejects("route:\n  receiver: r\n  routes:\n    - matchers: ['foo=\"unterminated']\nreceivers: [{name: r}]\n",
                "route.routes[0].matchers[0]", "unescaped double quote");
        rejects("route:\n  receiver: r\n  routes:\n    - match_re: {a: '(('}\nreceivers: [{name: r}]\n",
                "route.routes[0].match_re.a", "invalid regular expression");
        rejects("global:\n  resolve_timeout: soon\nroute: {receiver: r}\nreceivers: [{name: r}]\n",
                "global.resolve_timeout");
        rejects("route:\n  receiver: r\n  group_by: [a, a]\nreceivers: [{name: r}]\n", "duplicated label \"a\" in group_by");
        rejects("route:\n  receiver: r\n  group_by: ['...', a]\nreceivers: [{name: r}]\n", "cannot have wildcard group_by");
        rejects("route:\n  receiver: r\n  routes:\n    - group_interval: 0s\nreceivers: [{name: r}]\n", "group_interval cannot be zero");
    }

    @Test
    void rootRouteRules() {
        rejects("receivers: [{name: r}]\n", "no route provided in config");
        rejects("route: {group_wait: 1s}\nreceivers: [{name: r}]\n", "root route must specify a default receiver");
        rejects("route: {receiver: r, continue: true}\nreceivers: [{name: r}]\n", "cannot have continue in root route");
        rejects("route: {receiver: r, match: {a: b}}\nreceivers: [{name: r}]\n", "root route must not have any matchers");
        rejects("route:\n  receiver: r\n  routes:\n    - mute_time_intervals: [nope]\nreceivers: [{name: r}]\n",
                "undefined time interval \"nope\" used in route");
        rejects("BAD\n", "must be a YAML mapping");
        rejects("route: [\n", "invalid YAML");
    }
}
