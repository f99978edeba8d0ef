package io.pharos.query.rules;

import static org.assertj.core.api.Assertions.assertThat;

import io.pharos.model.labels.Labels;
import io.pharos.query.notifier.Annotations;
import io.pharos.query.notifier.PostableAlert;
import io.pharos.query.promql.parser.PromqlParser;
import io.pharos.query.promql.value.Sample;
import io.pharos.query.promql.value.Vector;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class AlertingRuleTest {
    private static final Labels SERIES = Labels.of("__name__", "up", "job", "x");

    private static AlertingRule rule(Duration hold, Duration keep) {
        return new AlertingRule("Down", PromqlParser.parseExpr("up == 0"), hold, keep, Labels.of("severity", "page"),
                Annotations.of("summary", "down"));
    }

    private static Vector firing(long t) {
        return new Vector(List.of(new Sample(SERIES, t, 0)));
    }

    private static final Vector EMPTY = new Vector(List.of());

    @Test
    void alertIsPendingUntilForHasPassedThenFires() {
        AlertingRule r = rule(Duration.ofMinutes(1), Duration.ZERO);
        r.apply(firing(0), 0);
        assertThat(r.alerts().get(0).state()).isEqualTo(Alert.State.PENDING);
        r.apply(firing(30_000), 30_000);
        assertThat(r.alerts().get(0).state()).isEqualTo(Alert.State.PENDING);
        r.apply(firing(60_000), 60_000);
        assertThat(r.alerts().get(0).state()).isEqualTo(Alert.State.FIRING);
        assertThat(r.alerts().get(0).labels()).isEqualTo(Labels.of("alertname", "Down", "job", "x", "severity", "page"));
    }

    @Test
    void pendingAlertThatDisappearsIsForgotten() {
        AlertingRule r = rule(Duration.ofMinutes(1), Duration.ZERO);
        r.apply(firing(0), 0);
        r.apply(EMPTY, 15_000);
        assertThat(r.alerts()).isEmpty();
    }

    @Test
    void firingAlertResolvesAndItsResolutionIsSentOnce() {
        AlertingRule r = rule(Duration.ZERO, Duration.ZERO);
        r.apply(firing(0), 0);
        List<PostableAlert> first = r.toSend(0, Duration.ofMinutes(1), Duration.ofSeconds(15), "g");
        assertThat(first).hasSize(1);
        assertThat(first.get(0).endsAt().toEpochMilli()).isEqualTo(4 * 60_000);
        assertThat(r.toSend(15_000, Duration.ofMinutes(1), Duration.ofSeconds(15), "g")).isEmpty();
        r.apply(EMPTY, 30_000);
        List<PostableAlert> resolved = r.toSend(30_000, Duration.ofMinutes(1), Duration.ofSeconds(15), "g");
        assertThat(resolved).hasSize(1);
        assertThat(resolved.get(0).endsAt().toEpochMilli()).isEqualTo(30_000);
        assertThat(r.toSend(45_000, Duration.ofMinutes(1), Duration.ofSeconds(15), "g")).isEmpty();
    }

    @Test
    void firingAlertIsResentAfterTheResendDelay() {
        AlertingRule r = rule(Duration.ZERO, Duration.ZERO);
        r.apply(firing(0), 0);
        r.toSend(0, Duration.ofMinutes(1), Duration.ofSeconds(15), "g");
        r.apply(firing(60_000), 60_000);
        assertThat(r.toSend(60_000, Duration.ofMinutes(1), Duration.ofSeconds(15), "g")).isEmpty();
        r.apply(firing(75_000), 75_000);
        assertThat(r.toSend(75_000, Duration.ofMinutes(1), Duration.ofSeconds(15), "g")).hasSize(1);
    }

    @Test
    void keepFiringForHoldsAnAlertAfterItsConditionClears() {
        AlertingRule r = rule(Duration.ZERO, Duration.ofSeconds(30));
        r.apply(firing(0), 0);
        r.apply(EMPTY, 15_000);
        assertThat(r.alerts().get(0).state()).isEqualTo(Alert.State.FIRING);
        r.apply(EMPTY, 45_000);
        assertThat(r.alerts().get(0).state()).isEqualTo(Alert.State.INACTIVE);
    }
}
