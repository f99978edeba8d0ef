package io.pharos.query.promql.engine;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The engine the HTTP API and the rules evaluate with. Its one setting that comes from
 * {@code prometheus.yml}, the step of subqueries that give none ({@code evaluation_interval}),
 * follows a reload, as in Prometheus; a query keeps the engine it started with.
 */
public final class ReloadableEngine {
    private final AtomicReference<Engine> current;

    public ReloadableEngine(Engine initial) {
        this.current = new AtomicReference<>(initial);
    }

    public Engine get() {
        return current.get();
    }

    /** Applies a (re)loaded {@code global.evaluation_interval}. */
    public void setDefaultSubqueryStep(Duration step) {
        current.updateAndGet(e -> e.options().defaultSubqueryStep().equals(step)
                ? e : new Engine(e.source(), e.options().withDefaultSubqueryStep(step)));
    }
}
