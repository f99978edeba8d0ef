package io.pharos.alertmanager.inhibit;

import static org.assertj.core.api.Assertions.assertThat;

import io.pharos.alertmanager.alert.Alert;
import io.pharos.alertmanager.alert.AlertStore;
import io.pharos.alertmanager.config.AlertmanagerConfig;
import io.pharos.alertmanager.config.ConfigLoader;
import io.pharos.alertmanager.testing.MutableClock;
import io.pharos.model.labels.Labels;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class InhibitorTest {
    private static final Instant T0 = Instant.parse("2024-05-01T10:00:00Z");
    private final MutableClock clock = new MutableClock(T0);
    private final AlertStore store = new AlertStore(clock);

    private Inhibitor inhibitor(String rules) throws Exception {
        AlertmanagerConfig c = new ConfigLoader().parse("""
                route: {receiver: r}
                receivers: [{name: r}]
                inhibit_rules:
                """ + rules);
        Inhibitor i = new Inhibitor(c.inhibitRules(), clock);
        i.start(store);
        return i;
    }

    private Alert fire(String... labels) {
        Alert a = new Alert(Labels.of(labels), Map.of(), clock.instant(), clock.instant().plusSeconds(300), "",
                clock.instant(), false);
        return store.put(List.of(a)).get(0);
    }

    private void resolve(Alert a) {
        store.put(List.of(new Alert(a.labels(), Map.of(), a.startsAt(), clock.instant(), "", clock.instant(), false)));
    }

    @Test
    void criticalInhibitsWarningOfTheSameAlertnameOnly() throws Exception {
        Inhibitor i = inhibitor("""
                  - source_matchers: [severity="critical"]
                    target_matchers: [severity="warning"]
                    equal: [alertname, cluster]
                """);
        Alert critical = fire("alertname", "Disk", "severity", "critical", "cluster", "eu");
        assertThat(i.inhibitedBy(Labels.of("alertname", "Disk", "severity", "warning", "cluster", "eu")))
                .contains(critical.fingerprintHex());
        assertThat(i.inhibitedBy(Labels.of("alertname", "Disk", "severity", "warning", "cluster", "us"))).isEmpty();
        assertThat(i.inhibitedBy(Labels.of("alertname", "Cpu", "severity", "warning", "cluster", "eu"))).isEmpty();
        assertThat(i.inhibitedBy(critical.labels())).as("the source itself is not a target").isEmpty();
    }

    @Test
    void equalTreatsAnAbsentLabelAsEmptyOnBothSides() throws Exception {
        Inhibitor i = inhibitor("""
                  - source_match: {severity: critical}
                    target_match_re: {severity: "warning|info"}
                    equal: [zone]
                """);
        fire("alertname", "A", "severity", "critical");
        assertThat(i.mutes(Labels.of("alertname", "B", "severity", "info"))).isTrue();
        assertThat(i.mutes(Labels.of("alertname", "B", "severity", "info", "zone", "z1"))).isFalse();
    }

    @Test
    void resolvedSourceNoLongerInhibits() throws Exception {
        Inhibitor i = inhibitor("""
                  - source_matchers: [alertname="NodeDown"]
                    target_matchers: [alertname!="NodeDown"]
                    equal: [instance]
                """);
        Alert down = fire("alertname", "NodeDown", "instance", "n1");
        Labels target = Labels.of("alertname", "HighLatency", "instance", "n1");
        assertThat(i.mutes(target)).isTrue();
        clock.advance(Duration.ofSeconds(10));
        resolve(down);
        assertThat(i.mutes(target)).isFalse();
        i.gc();
        assertThat(i.mutes(target)).isFalse();
    }

    @Test
    void alertsMatchingBothSidesDoNotInhibitEachOther() throws Exception {
        Inhibitor i = inhibitor("""
                  - source_matchers: [team="ops"]
                    target_matchers: [team="ops"]
                    equal: [cluster]
                """);
        Alert a = fire("alertname", "A", "team", "ops", "cluster", "c");
        Alert b = fire("alertname", "B", "team", "ops", "cluster", "c");
        assertThat(i.mutes(a.labels())).isFalse();
        assertThat(i.mutes(b.labels())).isFalse();
    }

    @Test
    void alertsStoredBeforeTheInhibitorStartsAreSources() throws Exception {
        fire("alertname", "Src", "severity", "critical");
        Inhibitor i = inhibitor("""
                  - source_matchers: [severity=critical]
                    target_matchers: [severity=warning]
                """);
        assertThat(i.mutes(Labels.of("alertname", "T", "severity", "warning"))).isTrue();
        i.close();
    }
}
