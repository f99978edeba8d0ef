package io.pharos.query.promql.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.pharos.query.promql.parser.PromqlParser;
import io.pharos.query.promql.testing.MemorySeriesSource;
import io.pharos.query.promql.value.Vector;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ReloadableEngineTest {
    private static double pointsInAMinuteSubquery(ReloadableEngine engine) {
        Vector v = (Vector) engine.get().instant(PromqlParser.parseExpr("count_over_time(vector(1)[1m:])"), 600_000).value();
        return v.samples().get(0).value();
    }

    @Test
    void aReloadedEvaluationIntervalBecomesTheStepOfSubqueriesWithoutOne() {
        Engine initial = new Engine(new MemorySeriesSource(), EngineOptions.DEFAULT);
        ReloadableEngine engine = new ReloadableEngine(initial);
        engine.setDefaultSubqueryStep(Duration.ofMinutes(1));
        assertThat(engine.get()).isSameAs(initial); // the same interval: the same engine
        assertThat(pointsInAMinuteSubquery(engine)).isEqualTo(1);

        engine.setDefaultSubqueryStep(Duration.ofSeconds(15));
        assertThat(pointsInAMinuteSubquery(engine)).isEqualTo(4);
        assertThat(engine.get().options().maxSamples()).isEqualTo(EngineOptions.DEFAULT.maxSamples());
        assertThat(engine.get().source()).isSameAs(initial.source());
    }
}
