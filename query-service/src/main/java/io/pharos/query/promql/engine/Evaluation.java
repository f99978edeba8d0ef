package io.pharos.query.promql.engine;

import io.pharos.model.labels.Matcher;
import io.pharos.query.storage.Series;
import io.pharos.query.storage.SeriesSource;
import java.util.ArrayList;
import java.util.List;

/**
 * The context of one query: its time steps, its deadline, how many samples it has loaded, and
 * the warnings it gathered. Not shared between queries.
 */
final class Evaluation {
    final long start;
    final long end;
    final long step;
    final int stepCount;
    final EngineOptions options;
    private final SeriesSource source;
    private final long deadlineNanos;
    private long samplesLoaded;
    final List<String> warnings = new ArrayList<>();

    Evaluation(SeriesSource source, EngineOptions options, long start, long end, long step) {
        this.source = source;
        this.options = options;
        this.start = start;
        this.end = end;
        this.step = step;
        this.stepCount = step == 0 ? 1 : (int) ((end - start) / step) + 1;
        this.deadlineNanos = System.nanoTime() + options.timeout().toNanos();
    }

    long time(int stepIndex) {
        return start + stepIndex * step;
    }

    List<Series> select(List<Matcher> matchers, long mint, long maxt) {
        checkDeadline();
        SeriesSource.SelectResult r = source.select(matchers, mint, maxt);
        warnings.addAll(r.warnings());
        for (Series s : r.series()) {
            samplesLoaded += s.size();
        }
        if (samplesLoaded > options.maxSamples()) {
            throw QueryException.execution("query processing would load too many samples into memory in query execution");
        }
        return r.series();
    }

    void checkDeadline() {
        if (System.nanoTime() > deadlineNanos) {
            throw new QueryException(QueryException.Kind.TIMEOUT, "query timed out in expression evaluation");
        }
    }
}
