package io.pharos.query.rules;

import io.pharos.model.labels.Labels;
import io.pharos.model.sample.SamplePublisher;
import io.pharos.query.notifier.AlertNotifier;
import io.pharos.query.promql.value.Vector;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs rule groups on their intervals. Each group's evaluations happen at times aligned to a
 * phase derived from its identity, as in Prometheus, so they are stable across restarts.
 */
public final class RuleManager implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(RuleManager.class);
    static final Duration RESEND_DELAY = Duration.ofMinutes(1);

    private final ScheduledExecutorService scheduler;
    private final QueryFunction query;
    private final AlertNotifier notifier;
    private final SamplePublisher publisher;
    private final Clock clock;
    private final String externalUrl;
    private final Map<String, Running> running = new HashMap<>();

    private record Running(RuleGroup group, ScheduledFuture<?> schedule) {
    }

    public RuleManager(ScheduledExecutorService scheduler, QueryFunction query, AlertNotifier notifier,
            SamplePublisher publisher, Clock clock, String externalUrl) {
        this.scheduler = scheduler;
        this.query = query;
        this.notifier = notifier;
        this.publisher = publisher;
        this.clock = clock;
        this.externalUrl = externalUrl;
    }

    /** Replaces the running groups; a group with the same file and name keeps its alerts' state. */
    public synchronized void apply(List<RuleGroup> groups) {
        Map<String, Running> next = new HashMap<>();
        for (RuleGroup g : groups) {
            Running old = running.remove(g.key());
            if (old != null) {
                old.schedule().cancel(false);
                g = carryOverState(old.group(), g);
            }
            next.put(g.key(), start(g));
        }
        running.values().forEach(r -> r.schedule().cancel(false));
        running.clear();
        running.putAll(next);
    }

    /** Alerting rules that are unchanged keep their active alerts over a reload, as in Prometheus. */
    private static RuleGroup carryOverState(RuleGroup old, RuleGroup fresh) {
        List<Rule> rules = new ArrayList<>();
        for (Rule r : fresh.rules()) {
            Rule kept = r;
            if (r instanceof AlertingRule ar) {
                for (Rule o : old.rules()) {
                    if (o instanceof AlertingRule oa && oa.name().equals(ar.name()) && oa.expr().toString().equals(ar.expr().toString())
                            && oa.labels().equals(ar.labels()) && oa.annotations().equals(ar.annotations())
                            && oa.holdDuration().equals(ar.holdDuration()) && oa.keepFiringFor().equals(ar.keepFiringFor())) {
                        kept = oa;
                        break;
                    }
                }
            }
            rules.add(kept);
        }
        return new RuleGroup(fresh.name(), fresh.file(), fresh.interval(), fresh.limit(), fresh.queryOffset(), rules);
    }

    public synchronized List<RuleGroup> groups() {
        List<RuleGroup> out = new ArrayList<>();
        running.values().forEach(r -> out.add(r.group()));
        return out;
    }

    private Running start(RuleGroup g) {
        long interval = g.interval().toMillis();
        long delay = Math.floorMod(phase(g) - clock.millis(), interval);
        ScheduledFuture<?> f = scheduler.scheduleAtFixedRate(() -> evaluate(g), delay, interval, TimeUnit.MILLISECONDS);
        return new Running(g, f);
    }

    /** One evaluation of a group at the current interval-aligned time. */
    void evaluate(RuleGroup g) {
        long now = clock.millis();
        evaluateAt(g, now - Math.floorMod(now - phase(g), g.interval().toMillis()));
    }

    /** Where in its interval a group evaluates, from a hash of its identity. */
    private static long phase(RuleGroup g) {
        return Long.remainderUnsigned(Labels.of("group", g.key()).hash(), g.interval().toMillis());
    }

    public void evaluateAt(RuleGroup g, long ts) {
        long queryTime = ts - g.queryOffset().toMillis();
        for (Rule rule : g.rules()) {
            try {
                Vector result = query.query(rule.expr(), queryTime);
                if (g.limit() > 0 && result.samples().size() > g.limit()) {
                    throw new RuleEvaluationException("exceeded limit of " + g.limit() + " with "
                            + result.samples().size() + " series");
                }
                if (rule instanceof AlertingRule ar) {
                    ar.apply(result, ts);
                    notifier.send(ar.toSend(ts, RESEND_DELAY, g.interval(), generatorUrl(ar)));
                } else if (rule instanceof RecordingRule rr) {
                    // Waiting for the acknowledgement keeps the group's order meaningful: a later
                    // rule of the group reads what this one wrote.
                    publisher.publish(rr.record(result, ts)).get(30, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (Exception e) {
                log.warn("evaluating rule {} of group {} failed: {}", rule.name(), g.name(), e.getMessage());
            }
        }
    }

    private String generatorUrl(AlertingRule rule) {
        return externalUrl + "/graph?g0.expr="
                + java.net.URLEncoder.encode(rule.expr().toString(), java.nio.charset.StandardCharsets.UTF_8)
                + "&g0.tab=1";
    }

    @Override
    public synchronized void close() {
        running.values().forEach(r -> r.schedule().cancel(false));
        running.clear();
    }
}
