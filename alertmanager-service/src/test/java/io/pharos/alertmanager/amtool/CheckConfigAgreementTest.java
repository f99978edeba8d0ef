package io.pharos.alertmanager.amtool;

import static org.assertj.core.api.Assertions.assertThat;

import io.pharos.alertmanager.config.ConfigException;
import io.pharos.alertmanager.config.ConfigLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code amtool check-config} (Alertmanager 0.25) and this service's loader agree on which
 * configs are valid: the upstream fixtures and configs written here for the features 0.25 has.
 * Fixtures that use fields added to Alertmanager after 0.25 are rejected by that amtool with an
 * unknown-field error; they are counted apart, and must be exactly those.
 */
class CheckConfigAgreementTest {
    /** Config fields newer than amtool 0.25, which it reports as "field X not found". */
    private static final Set<String> NEWER_FIELDS = Set.of(
            "mattermost_webhook_url", "mattermost_webhook_url_file", "mattermost_configs", "rocketchat_token",
            "rocketchat_token_file", "rocketchat_token_id", "rocketchat_token_id_file", "rocketchat_configs",
            "slack_app_token", "slack_app_token_file", "app_token", "app_url", "update_message", "smtp_auth_secret_file",
            "auth_secret_file", "telegram_bot_token", "telegram_bot_token_file", "bot_token_file", "wechat_api_secret_file",
            "api_secret_file");
    private static final Pattern UNKNOWN_FIELD = Pattern.compile("field (\\S+) not found in type");

    private static Path amtool;
    private final ConfigLoader loader = new ConfigLoader();

    @BeforeAll
    static void findAmtool() {
        amtool = Amtool.find().orElse(null);
        Assumptions.assumeTrue(amtool != null, "amtool not installed (apt-get install -y prometheus-alertmanager)");
    }

    private record Verdict(boolean amtoolOk, boolean oursOk, String amtoolOutput, String ourError) {
    }

    private Verdict check(Path file) throws Exception {
        Amtool.Result r = Amtool.run(amtool, List.of("check-config", file.toString()));
        String ourError = null;
        try {
            loader.load(file);
        } catch (ConfigException e) {
            ourError = e.getMessage();
        }
        return new Verdict(r.exitCode() == 0, ourError == null, r.stdout() + r.stderr(), ourError);
    }

    /** amtool failed only because the file uses fields (or a global default) newer than 0.25. */
    private static boolean tooNewForAmtool(String output) {
        if (output.contains("missing bot_token on telegram_config")) {
            return true; // 0.25 has neither bot_token_file nor a global telegram token
        }
        Matcher m = UNKNOWN_FIELD.matcher(output);
        boolean any = false;
        while (m.find()) {
            any = true;
            if (!NEWER_FIELDS.contains(m.group(1))) {
                return false;
            }
        }
        return any;
    }

    @Test
    void upstreamFixtures() throws Exception {
        String shared = System.getProperty("pharos.shared.dir");
        Assumptions.assumeTrue(shared != null, "pharos.shared.dir not set");
        Path dir = Path.of(shared, "conformance", "alertmanager");
        Assumptions.assumeTrue(Files.isDirectory(dir), "no fixtures at " + dir);
        List<Path> files = new ArrayList<>();
        for (String sub : List.of("config", "cli")) {
            try (Stream<Path> s = Files.list(dir.resolve(sub))) {
                s.filter(p -> p.toString().endsWith(".yml")).sorted().forEach(files::add);
            }
        }
        int agree = 0;
        List<String> newer = new ArrayList<>();
        List<String> disagree = new ArrayList<>();
        for (Path f : files) {
            Verdict v = check(f);
            if (v.amtoolOk() == v.oursOk()) {
                agree++;
            } else if (!v.amtoolOk() && tooNewForAmtool(v.amtoolOutput())) {
                newer.add(f.getFileName().toString());
            } else {
                disagree.add(f.getFileName() + ": amtool " + (v.amtoolOk() ? "accepts" : "rejects") + ", Pharos "
                        + (v.oursOk() ? "accepts" : "rejects: " + v.ourError()));
            }
        }
        System.out.printf("check-config on %d fixtures: %d agree, %d use fields newer than amtool 0.25 %s%n",
                files.size(), agree, newer.size(), newer);
        assertThat(disagree).isEmpty();
        assertThat(agree).isGreaterThanOrEqualTo(20);
    }

    @Test
    void configsForFeaturesAmtoolKnows(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("good.tmpl"), "{{ define \"x\" }}{{ .CommonLabels.alertname | toUpper }}{{ end }}");
        Files.writeString(dir.resolve("bad.tmpl"), "{{ define \"y\" }}{{ if .Status }}{{ end }");
        String base = """
                route:
                  receiver: r
                  routes:
                    - receiver: r
                      matchers: [team="db"]
                      %s
                receivers:
                  - name: r
                    %s
                %s
                """;
        List<String[]> cases = List.of(
                new String[] {"", "", ""},
                new String[] {"mute_time_intervals: [nights]", "", """
                        time_intervals:
                          - name: nights
                            time_intervals:
                              - times: [{start_time: '00:00', end_time: '06:00'}]
                                weekdays: ['monday:friday']
                                days_of_month: ['1:5', '-3:-1']
                                months: ['january:march']
                                years: ['2024:2030']
                                location: Europe/Berlin
                        """},
                new String[] {"active_time_intervals: [nope]", "", ""},
                new String[] {"", "", """
                        time_intervals:
                          - name: bad
                            time_intervals: [{weekdays: ['friday:monday']}]
                        """},
                new String[] {"", "", """
                        time_intervals:
                          - name: bad
                            time_intervals: [{days_of_month: ['-1:5']}]
                        """},
                new String[] {"", "", """
                        time_intervals:
                          - name: bad
                            time_intervals: [{times: [{start_time: '10:00', end_time: '09:00'}]}]
                        """},
                new String[] {"", "", """
                        inhibit_rules:
                          - source_matchers: [severity="critical"]
                            target_matchers: ['severity=~"warning|info"']
                            equal: [alertname]
                        """},
                new String[] {"", "", """
                        inhibit_rules:
                          - source_matchers: ['severity=~"("']
                        """},
                new String[] {"matchers: [team=]", "", ""},
                new String[] {"group_wait: soon", "", ""},
                new String[] {"receiver: missing", "", ""},
                new String[] {"", "slack_configs: [{api_url: 'http://127.0.0.1/x', channel: '#a', fields: [{title: t, value: v}]}]", ""},
                new String[] {"", "slack_configs: [{channel: '#a'}]", ""},
                new String[] {"", "slack_configs: [{api_url: 'http://127.0.0.1/x', actions: [{type: button}]}]", ""},
                new String[] {"", "pagerduty_configs: [{routing_key: abc, severity: critical, details: {a: b}}]", ""},
                new String[] {"", "pagerduty_configs: [{client: x}]", ""},
                new String[] {"", "email_configs: [{to: a@b.c, smarthost: 'localhost:25', from: x@y.z}]", ""},
                new String[] {"", "email_configs: [{to: a@b.c, from: x@y.z}]", ""},
                new String[] {"", "email_configs: [{smarthost: 'localhost:25', from: x@y.z}]", ""},
                new String[] {"", "webhook_configs: [{url: 'http://127.0.0.1:5001/', max_alerts: 5}]", ""},
                new String[] {"", "webhook_configs: [{url: 'ftp://x'}]", ""},
                new String[] {"", "", "templates: ['" + dir.resolve("good.tmpl") + "']"},
                new String[] {"", "", "templates: ['" + dir.resolve("bad.tmpl") + "']"},
                new String[] {"", "", "unknown_top_level: 1"});
        List<String> disagree = new ArrayList<>();
        for (int i = 0; i < cases.size(); i++) {
            String[] c = cases.get(i);
            Path f = dir.resolve("case" + i + ".yml");
            Files.writeString(f, base.formatted(c[0], c[1], c[2]));
            Verdict v = check(f);
            if (v.amtoolOk() != v.oursOk()) {
                disagree.add("case " + i + " " + String.join(" | ", c).strip() + ": amtool " + v.amtoolOutput().strip()
                        + " / Pharos " + v.ourError());
            }
        }
        assertThat(disagree).isEmpty();
    }
}
