package io.pharos.alertmanager.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.pharos.alertmanager.alert.Alert;
import io.pharos.alertmanager.silence.Silence;
import io.pharos.alertmanager.testing.AlertmanagerHarness;
import io.pharos.model.labels.Matcher;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class AlertGroupsControllerTest {
    private AlertmanagerHarness h;
    private AlertGroupsController groups;
    private AlertsController alerts;

    @BeforeEach
    void setUp() throws Exception {
        h = new AlertmanagerHarness("""
                route:
                  receiver: default
                  group_by: [alertname]
                  routes:
                    - receiver: team
                      matchers: [team="a"]
                      continue: true
                    - receiver: other
                      matchers: [team="a"]
                receivers: [{name: default}, {name: team}, {name: other}]
                inhibit_rules:
                  - source_matchers: [severity="critical"]
                    target_matchers: [severity="warning"]
                    equal: [alertname]
                """);
        groups = new AlertGroupsController(h.am);
        alerts = new AlertsController(h.am, new io.micrometer.core.instrument.simple.SimpleMeterRegistry());
    }

    @AfterEach
    void tearDown() {
        h.close();
    }

    @SuppressWarnings("unchecked")
    private List<AlertGroupsController.AlertGroup> get(boolean active, boolean silenced, boolean inhibited,
            List<String> filter, String receiver) {
        return (List<AlertGroupsController.AlertGroup>) groups.get(active, silenced, inhibited, filter, receiver).getBody();
    }

    @SuppressWarnings("unchecked")
    private List<GettableAlert> list(boolean active, boolean silenced, boolean inhibited) {
        return (List<GettableAlert>) alerts.get(active, silenced, inhibited, true, null, null).getBody();
    }

    @Test
    void groupsAreSortedByLabelsThenReceiverAndShowMuting() throws Exception {
        Alert critical = h.fire("alertname", "X", "severity", "critical");
        Alert warning = h.fire("alertname", "X", "severity", "warning", "team", "a");
        h.fire("alertname", "Y");
        h.fire("alertname", "W", "instance", "i");
        String sid = h.am.silences().set(new Silence("", List.of(Matcher.equal("alertname", "Y")), h.clock.instant(),
                h.clock.instant().plus(Duration.ofHours(1)), null, "me", "c"));

        List<AlertGroupsController.AlertGroup> all = get(true, true, true, null, null);
        assertThat(all).extracting(g -> g.labels().get("alertname") + "/" + g.receiver().name())
                .containsExactly("W/default", "X/default", "X/other", "X/team", "Y/default");
        GettableAlert w = all.get(2).alerts().get(0);
        assertThat(w.fingerprint()).isEqualTo(warning.fingerprintHex());
        assertThat(w.receivers()).extracting(GettableAlert.ReceiverReference::name).containsExactly("other", "team");
        assertThat(w.status().state()).isEqualTo("suppressed");
        assertThat(w.status().inhibitedBy()).containsExactly(critical.fingerprintHex());
        assertThat(all.get(4).alerts().get(0).status().silencedBy()).containsExactly(sid);

        assertThat(get(true, true, true, null, "team")).extracting(g -> g.receiver().name()).containsExactly("team");
        assertThat(get(true, false, false, null, null)).extracting(g -> g.labels().get("alertname") + "/" + g.receiver().name())
                .containsExactly("W/default", "X/default");
        assertThat(get(false, true, true, null, null)).extracting(g -> g.labels().get("alertname") + "/" + g.receiver().name())
                .containsExactly("X/other", "X/team", "Y/default");
        assertThat(get(true, true, true, List.of("severity=~\"crit.*\""), null)).hasSize(1);

        assertThat(list(true, false, true)).extracting(a -> a.labels().get("alertname")).containsExactlyInAnyOrder("X", "X", "W");
        assertThat(list(true, true, false)).extracting(a -> a.labels().get("alertname")).containsExactlyInAnyOrder("X", "Y", "W");
        assertThat(list(false, true, true)).extracting(a -> a.labels().get("alertname")).containsExactlyInAnyOrder("X", "Y");
    }

    @Test
    void badReceiverRegexIsABadRequest() {
        assertThat(groups.get(true, true, true, null, "(").getStatusCode().value()).isEqualTo(400);
        assertThat(groups.get(true, true, true, List.of("a=~\"(\""), null).getStatusCode().value()).isEqualTo(400);
    }
}
