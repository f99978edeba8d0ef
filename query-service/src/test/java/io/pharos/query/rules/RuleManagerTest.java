package io.pharos.query.rules;

import static org.assertj.core.api.Assertions.assertThat;

import io.pharos.model.labels.Labels;
import io.pharos.query.notifier.Annotations;
import io.pharos.model.sample.SamplePublisher;
import io.pharos.model.sample.SeriesSamples;
import io.pharos.model.sample.StaleMarker;
import io.pharos.query.notifier.AlertNotifier;
import io.pharos.query.notifier.PostableAlert;
import io.pharos.query.promql.parser.PromqlParser;
import io.pharos.query.promql.value.Sample;
import io.pharos.query.promql.value.Vector;
import io.pharos.query.storage.Series;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Drives group evaluation directly, with the query answered by the test and samples kept in a list. */
class RuleManagerTest {
    private static final Labels UP = Labels.of("__name__", "up", "job", "x", "instance", "a");
    private final AtomicReference<Vector> answer = new AtomicReference<>(new Vector(List.of()));
    private final List<Series> history = new ArrayList<>();
    private final List<SeriesSamples> written = new ArrayList<>();
    private final SamplePublisher publisher = s -> {
        written.addAll(s);
        return CompletableFuture.completedFuture(null);
    };
    /** What the rules handed to the notifier, in order. */
    private final List<PostableAlert> sent = new ArrayList<>();
    private final AlertNotifier notifier = sent::addAll;
    private final RuleManager manager = new RuleManager(Executors.newSingleThreadScheduledExecutor(),
            (expr, t) -> answer.get(), (sel, t) -> history, notifier, publisher, Clock.systemUTC(), "http://pharos");

    @AfterEach
    void close() {
        manager.close();
    }

    private static RuleGroup group(Rule... rules) {
        return new RuleGroup("g", "rules.yml", Duration.ofSeconds(15), 0, Duration.ZERO, List.of(rules));
    }

    private List<SeriesSamples> named(String name) {
        return written.stream().filter(s -> s.labels().metricName().equals(name)).toList();
    }

    @Test
    void alertingRuleWritesAlertsSeriesAndEndsThemWithStalenessMarkers() {
        AlertingRule rule = new AlertingRule("Down", PromqlParser.parseExpr("up == 0"), Duration.ofMinutes(1),
                Duration.ZERO, Labels.of("severity", "page"), Annotations.EMPTY);
        RuleGroup g = group(rule);
        answer.set(new Vector(List.of(new Sample(UP, 0, 0))));
        manager.evaluateAt(g, 60_000);
        assertThat(named("ALERTS")).singleElement().satisfies(s -> {
            assertThat(s.labels().get("alertstate")).isEqualTo("pending");
            assertThat(s.labels().get("alertname")).isEqualTo("Down");
            assertThat(s.labels().get("severity")).isEqualTo("page");
        });
        assertThat(named("ALERTS_FOR_STATE").get(0).values()).containsExactly(60.0);
        assertThat(rule.health().health()).isEqualTo("ok");

        written.clear();
        answer.set(new Vector(List.of()));
        manager.evaluateAt(g, 75_000);
        assertThat(written).isNotEmpty().allMatch(s -> StaleMarker.is(s.values()[0]));
    }

    @Test
    void recordingRuleWritesItsSeries() {
        RecordingRule rule = new RecordingRule("job:up:count", PromqlParser.parseExpr("up"), Labels.of("team", "a"));
        answer.set(new Vector(List.of(new Sample(UP, 0, 1))));
        manager.evaluateAt(group(rule), 30_000);
        assertThat(named("job:up:count")).singleElement().satisfies(s -> {
            assertThat(s.labels().get("team")).isEqualTo("a");
            assertThat(s.timestamps()).containsExactly(30_000);
        });
    }

    @Test
    void failingQueryMarksTheRuleUnhealthy() {
        RecordingRule rule = new RecordingRule("r", PromqlParser.parseExpr("up"), Labels.EMPTY);
        RuleManager failing = new RuleManager(Executors.newSingleThreadScheduledExecutor(), (expr, t) -> {
            throw new IllegalStateException("storage down");
        }, (sel, t) -> history, notifier, publisher, Clock.systemUTC(), "http://pharos");
        failing.evaluateAt(group(rule), 30_000);
        assertThat(rule.health().health()).isEqualTo("err");
        assertThat(rule.health().lastError()).isEqualTo("storage down");
        failing.close();
    }

    @Test
    void pendingStateIsRestoredFromAlertsForStateAfterARestart() {
        AlertingRule rule = new AlertingRule("Down", PromqlParser.parseExpr("up == 0"), Duration.ofMinutes(30),
                Duration.ZERO, Labels.EMPTY, Annotations.EMPTY);
        Labels alert = Labels.of("alertname", "Down", "job", "x", "instance", "a");
        // Before the restart: pending since t=0, last recorded at t=300s (5 of 30 minutes spent).
        history.add(new Series(alert.toBuilder().set("__name__", "ALERTS_FOR_STATE").build(),
                new long[] {300_000}, new double[] {0}));
        answer.set(new Vector(List.of(new Sample(UP, 0, 0))));
        manager.evaluateAt(group(rule), 900_000);
        // The 10 minutes of outage do not count: activeAt moves forward by them.
        assertThat(rule.alerts().get(0).activeAt()).isEqualTo(600_000);
        assertThat(rule.alerts().get(0).state()).isEqualTo(Alert.State.PENDING);
    }

    @Test
    void alertAboutToFireAfterARestartGetsTheGracePeriod() {
        AlertingRule rule = new AlertingRule("Down", PromqlParser.parseExpr("up == 0"), Duration.ofMinutes(10),
                Duration.ZERO, Labels.EMPTY, Annotations.EMPTY);
        Labels alert = Labels.of("alertname", "Down", "job", "x", "instance", "a");
        history.add(new Series(alert.toBuilder().set("__name__", "ALERTS_FOR_STATE").build(),
                new long[] {300_000}, new double[] {0}));
        answer.set(new Vector(List.of(new Sample(UP, 0, 0))));
        manager.evaluateAt(group(rule), 900_000);
        // Five minutes were left, less than the 10 minute grace period: it fires 10 minutes from now.
        assertThat(rule.alerts().get(0).activeAt()).isEqualTo(900_000 + 600_000 - 600_000);
    }

    @Test
    void firingAlertIsHandedToTheNotifierWithGeneratorUrlAndThenItsResolution() {
        AlertingRule rule = new AlertingRule("Down", PromqlParser.parseExpr("up == 0"), Duration.ZERO,
                Duration.ZERO, Labels.of("severity", "page"), Annotations.EMPTY);
        RuleGroup g = group(rule);
        answer.set(new Vector(List.of(new Sample(UP, 0, 0))));
        manager.evaluateAt(g, 60_000);
        manager.evaluateAt(g, 75_000); // within the resend delay: nothing new to send
        answer.set(new Vector(List.of()));
        manager.evaluateAt(g, 90_000);
        assertThat(sent).hasSize(2);
        assertThat(sent.get(0).labels()).isEqualTo(Labels.of("alertname", "Down", "job", "x", "instance", "a",
                "severity", "page"));
        assertThat(sent.get(0).startsAt().toEpochMilli()).isEqualTo(60_000);
        assertThat(sent.get(0).endsAt().toEpochMilli()).isEqualTo(60_000 + 4 * 60_000);
        assertThat(sent.get(0).generatorUrl()).isEqualTo("http://pharos/graph?g0.expr=up+%3D%3D+0&g0.tab=1");
        assertThat(sent.get(1).labels()).isEqualTo(sent.get(0).labels());
        assertThat(sent.get(1).endsAt().toEpochMilli()).isEqualTo(90_000);
    }

    @Test
    void alertingRuleOverItsGroupLimitFailsWithTheAlertCountAndForgetsItsAlerts() {
        AlertingRule rule = new AlertingRule("Down", PromqlParser.parseExpr("up == 0"), Duration.ZERO,
                Duration.ZERO, Labels.EMPTY, Annotations.EMPTY);
        RuleGroup limited = new RuleGroup("g", "rules.yml", Duration.ofSeconds(15), 1, Duration.ZERO, List.of(rule));
        answer.set(new Vector(List.of(new Sample(UP, 0, 0))));
        manager.evaluateAt(limited, 15_000);
        assertThat(rule.health().health()).isEqualTo("ok");
        assertThat(sent).hasSize(1);
        answer.set(new Vector(List.of(new Sample(UP, 0, 0),
                new Sample(Labels.of("__name__", "up", "job", "x", "instance", "b"), 0, 0))));
        manager.evaluateAt(limited, 30_000);
        assertThat(rule.health().health()).isEqualTo("err");
        assertThat(rule.health().lastError()).isEqualTo("exceeded limit of 1 with 2 alerts");
        assertThat(rule.alerts()).isEmpty();
        assertThat(sent).hasSize(1); // nothing sent, not even a resolution
    }

    @Test
    void recordingRuleOverItsGroupLimitFailsWithTheSeriesCount() {
        RecordingRule rule = new RecordingRule("r", PromqlParser.parseExpr("up"), Labels.EMPTY);
        answer.set(new Vector(List.of(new Sample(UP, 0, 1),
                new Sample(Labels.of("__name__", "up", "job", "x", "instance", "b"), 0, 1))));
        manager.evaluateAt(new RuleGroup("g", "rules.yml", Duration.ofSeconds(15), 1, Duration.ZERO, List.of(rule)), 15_000);
        assertThat(rule.health().lastError()).isEqualTo("exceeded limit of 1 with 2 series");
        assertThat(written).isEmpty();
    }

    @Test
    void alertsSeriesKeepARuleLabelWhoseTemplateExpandedToNothingAndRestoreFindsItsAlertByThem() {
        Labels team = Labels.of("team", "{{ $labels.team }}");
        AlertingRule rule = new AlertingRule("Down", PromqlParser.parseExpr("up == 0"), Duration.ofMinutes(30),
                Duration.ZERO, team, Annotations.EMPTY);
        Labels forState = Labels.of("__name__", "ALERTS_FOR_STATE", "alertname", "Down", "job", "x", "instance", "a",
                "team", "{{ $labels.team }}");
        history.add(new Series(forState, new long[] {300_000}, new double[] {0}));
        answer.set(new Vector(List.of(new Sample(UP, 0, 0))));
        manager.evaluateAt(group(rule), 900_000);
        // The alert has no team (its template expanded to nothing), its series have the template text, as in Prometheus.
        assertThat(rule.alerts().get(0).labels()).isEqualTo(Labels.of("alertname", "Down", "job", "x", "instance", "a"));
        assertThat(named("ALERTS")).singleElement().satisfies(s -> assertThat(s.labels().get("team")).isEqualTo("{{ $labels.team }}"));
        assertThat(named("ALERTS_FOR_STATE")).singleElement().satisfies(s -> assertThat(s.labels()).isEqualTo(forState));
        assertThat(rule.alerts().get(0).activeAt()).isEqualTo(600_000);
    }

    @Test
    void reloadedRuleKeepsItsPredecessorsAlertsByNameAndLabelsAndRemovedRulesSeriesGoStale() {
        // The scheduler's only thread is held, so no evaluation runs but those the test asks for.
        java.util.concurrent.ScheduledThreadPoolExecutor held = new java.util.concurrent.ScheduledThreadPoolExecutor(1);
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        held.execute(() -> {
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        RuleManager reloading = new RuleManager(held, (expr, t) -> answer.get(), (sel, t) -> history, notifier,
                publisher, Clock.systemUTC(), "http://pharos");
        try {
            answer.set(new Vector(List.of(new Sample(UP, 0, 0))));
            reloading.apply(List.of(group(new AlertingRule("Down", PromqlParser.parseExpr("up == 0"), Duration.ZERO,
                    Duration.ZERO, Labels.of("severity", "page"), Annotations.of("summary", "v1")))));
            reloading.evaluateAt(reloading.groups().get(0), 60_000);
            assertThat(sent).singleElement().satisfies(a -> assertThat(a.annotations().get("summary")).isEqualTo("v1"));

            // Same name and labels, another expression, hold and annotation: the firing alert carries on.
            reloading.apply(List.of(group(new AlertingRule("Down", PromqlParser.parseExpr("up < 1"), Duration.ofMinutes(5),
                    Duration.ZERO, Labels.of("severity", "page"), Annotations.of("summary", "v2")))));
            AlertingRule v2 = (AlertingRule) reloading.groups().get(0).rules().get(0);
            reloading.evaluateAt(reloading.groups().get(0), 75_000);
            assertThat(v2.alerts()).singleElement().satisfies(a -> {
                assertThat(a.state()).isEqualTo(Alert.State.FIRING);
                assertThat(a.activeAt()).isEqualTo(60_000);
                assertThat(a.annotations().get("summary")).isEqualTo("v2");
            });
            assertThat(sent).hasSize(1); // not announced again

            // The alerting rule is gone: its ALERTS and ALERTS_FOR_STATE series end with staleness markers.
            written.clear();
            reloading.apply(List.of(group(new RecordingRule("r", PromqlParser.parseExpr("up"), Labels.EMPTY))));
            reloading.evaluateAt(reloading.groups().get(0), 90_000);
            assertThat(written.stream().filter(w -> StaleMarker.is(w.values()[0])).map(w -> w.labels().metricName()))
                    .containsExactlyInAnyOrder("ALERTS", "ALERTS_FOR_STATE");
        } finally {
            reloading.close();
            held.shutdownNow();
        }
    }

    @Test
    void reloadWaitsForAnEvaluationInFlightAndEndsWhatItWrote() throws InterruptedException {
        java.util.concurrent.CountDownLatch inPublish = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch releasePublish = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.atomic.AtomicBoolean holdFirst = new java.util.concurrent.atomic.AtomicBoolean(true);
        List<SeriesSamples> out = new java.util.concurrent.CopyOnWriteArrayList<>();
        SamplePublisher blocking = s -> {
            out.addAll(s);
            if (holdFirst.getAndSet(false)) {
                inPublish.countDown();
                try {
                    releasePublish.await(10, java.util.concurrent.TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return CompletableFuture.completedFuture(null);
        };
        java.util.concurrent.ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
        RuleManager scheduled = new RuleManager(scheduler, (expr, t) -> answer.get(), (sel, t) -> history, notifier,
                blocking, Clock.systemUTC(), "http://pharos");
        try {
            answer.set(new Vector(List.of(new Sample(UP, 0, 1))));
            scheduled.apply(List.of(new RuleGroup("g", "rules.yml", Duration.ofMillis(100), 0, Duration.ZERO,
                    List.of(new RecordingRule("old", PromqlParser.parseExpr("up"), Labels.EMPTY)))));
            assertThat(inPublish.await(10, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
            // The rule is renamed while its evaluation is still publishing: the reload waits for it.
            Thread reload = new Thread(() -> scheduled.apply(List.of(new RuleGroup("g", "rules.yml", Duration.ofMillis(100),
                    0, Duration.ZERO, List.of(new RecordingRule("renamed", PromqlParser.parseExpr("up"), Labels.EMPTY))))));
            reload.start();
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> reload.getState() == Thread.State.BLOCKED);
            releasePublish.countDown();
            reload.join(10_000);
            assertThat(reload.isAlive()).isFalse();
            // What the old rule wrote in flight ends with a staleness marker at the new group's evaluation.
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(out)
                    .anySatisfy(w -> {
                        assertThat(w.labels().metricName()).isEqualTo("old");
                        assertThat(StaleMarker.is(w.values()[0])).isTrue();
                    }));
        } finally {
            scheduled.close();
            scheduler.shutdownNow();
        }
    }

    @Test
    void aRemovedGroupsSeriesEndWithMarkersAtTheRemovalTimeTwoIntervalsLater() {
        java.util.concurrent.ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
        List<SeriesSamples> out = new java.util.concurrent.CopyOnWriteArrayList<>();
        Clock at = Clock.fixed(java.time.Instant.ofEpochMilli(1_000_000), java.time.ZoneOffset.UTC);
        RuleManager removing = new RuleManager(scheduler, (expr, t) -> answer.get(), (sel, t) -> history, notifier,
                s -> {
                    out.addAll(s);
                    return CompletableFuture.completedFuture(null);
                }, at, "http://pharos");
        try {
            answer.set(new Vector(List.of(new Sample(UP, 0, 1))));
            removing.apply(List.of(new RuleGroup("g", "rules.yml", Duration.ofMillis(100), 0, Duration.ZERO,
                    List.of(new RecordingRule("job:up", PromqlParser.parseExpr("up"), Labels.EMPTY)))));
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10))
                    .until(() -> out.stream().anyMatch(w -> w.labels().metricName().equals("job:up")));

            removing.apply(List.of());
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(out)
                    .anySatisfy(w -> {
                        assertThat(w.labels().metricName()).isEqualTo("job:up");
                        assertThat(StaleMarker.is(w.values()[0])).isTrue();
                        assertThat(w.timestamps()[0]).isEqualTo(1_000_000);
                    }));
        } finally {
            removing.close();
            scheduler.shutdownNow();
        }
    }
}
