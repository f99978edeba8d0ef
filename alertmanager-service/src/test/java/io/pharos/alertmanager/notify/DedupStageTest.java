package io.pharos.alertmanager.notify;

import static org.assertj.core.api.Assertions.assertThat;

import io.pharos.alertmanager.alert.Alert;
import io.pharos.alertmanager.testing.MutableClock;
import io.pharos.model.labels.Labels;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DedupStageTest {
    private static final Instant T = Instant.parse("2024-05-01T10:00:00Z");
    private final MutableClock clock = new MutableClock(T);
    private final MemoryNotificationLog log = new MemoryNotificationLog(clock);

    private static Alert firing(String name) {
        return new Alert(Labels.of("alertname", name), Map.of(), T, null, "", T, false);
    }

    private static Alert resolved(String name) {
        return new Alert(Labels.of("alertname", name), Map.of(), T, T, "", T, false);
    }

    private NotificationContext ctx() {
        return new NotificationContext("r", "{}:{}", Labels.EMPTY, clock.instant(), Duration.ofHours(1),
                Duration.ofSeconds(10), () -> false);
    }

    private NotifyReason reason(boolean sendResolved, List<Alert> alerts) {
        Integration i = new Integration("r", "webhook", 0, (c, a) -> { }, sendResolved);
        DedupStage stage = new DedupStage(i, log);
        return stage.needsUpdate(log.query(NotificationLog.Receiver.of(i), "{}:{}").orElse(null),
                AlertPartition.of(alerts, clock.instant()), ctx());
    }

    private void logged(List<Alert> alerts) {
        Integration i = new Integration("r", "webhook", 0, (c, a) -> { }, true);
        new SetNotifiesStage(i, log).exec(ctx(), alerts);
    }

    @Test
    void firstFiringIsNotifiedButOnlyResolvedIsNot() {
        assertThat(reason(true, List.of(firing("A")))).isEqualTo(NotifyReason.FIRST_NOTIFICATION);
        assertThat(reason(true, List.of(resolved("A")))).isEqualTo(NotifyReason.NONE);
    }

    @Test
    void sameContentWaitsForTheRepeatInterval() {
        logged(List.of(firing("A")));
        clock.advance(Duration.ofMinutes(30));
        assertThat(reason(true, List.of(firing("A")))).isEqualTo(NotifyReason.NONE);
        clock.advance(Duration.ofMinutes(31));
        assertThat(reason(true, List.of(firing("A")))).isEqualTo(NotifyReason.REPEAT_INTERVAL_ELAPSED);
    }

    @Test
    void newFiringAlertsAndResolutionsAreNotified() {
        logged(List.of(firing("A")));
        assertThat(reason(true, List.of(firing("A"), firing("B")))).isEqualTo(NotifyReason.NEW_ALERTS_IN_GROUP);
        assertThat(reason(true, List.of(firing("B"), resolved("A")))).isEqualTo(NotifyReason.NEW_ALERTS_IN_GROUP);
        logged(List.of(firing("A"), firing("B")));
        assertThat(reason(true, List.of(firing("B"), resolved("A")))).isEqualTo(NotifyReason.NEW_RESOLVED_ALERTS);
        assertThat(reason(false, List.of(firing("B"), resolved("A")))).isEqualTo(NotifyReason.NONE);
        assertThat(reason(false, List.of(resolved("A"), resolved("B")))).isEqualTo(NotifyReason.ALL_ALERTS_RESOLVED);
    }

    @Test
    void entriesExpireAfterTwiceTheRepeatInterval() {
        logged(List.of(firing("A")));
        clock.advance(Duration.ofHours(2));
        assertThat(log.gc()).isEqualTo(1);
        assertThat(reason(true, List.of(firing("A")))).isEqualTo(NotifyReason.FIRST_NOTIFICATION);
    }
}
