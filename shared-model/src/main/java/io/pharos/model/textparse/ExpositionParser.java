package io.pharos.model.textparse;

import io.pharos.model.labels.Labels;

/**
 * A streaming reader of a scrape body: {@link #next()} advances to the next entry, whose parts
 * are then read through the accessors without building an object per line.
 */
public interface ExpositionParser {

    enum Entry { SERIES, HELP, TYPE, UNIT, COMMENT }

    /** The next entry, or null at the end of the body. */
    Entry next();

    /** For SERIES: the metric name; for HELP, TYPE and UNIT: the family name. */
    String metricName();

    /** For SERIES: writes the series' labels (including {@code __name__}) into the builder. */
    void labels(Labels.Builder into);

    /** For SERIES: the value. */
    double value();

    /** For SERIES: whether the line had an explicit timestamp. */
    boolean hasTimestamp();

    /** For SERIES with a timestamp: milliseconds since the epoch. */
    long timestamp();

    /** For TYPE: the declared type. */
    MetricType type();

    /** For HELP: the unescaped text; for UNIT: the unit. */
    String text();

    /** The 1-based line number of the current entry. */
    int line();

    /** For SERIES: whether the line carried an exemplar (OpenMetrics only). */
    default boolean hasExemplar() {
        return false;
    }

    /** For SERIES with an exemplar: writes the exemplar's labels into the builder. */
    default void exemplarLabels(Labels.Builder into) {
    }

    /** For SERIES with an exemplar: its value. */
    default double exemplarValue() {
        return Double.NaN;
    }

    /** For SERIES with an exemplar: whether it had a timestamp. */
    default boolean exemplarHasTimestamp() {
        return false;
    }

    /** For SERIES with an exemplar timestamp: milliseconds since the epoch. */
    default long exemplarTimestamp() {
        return 0;
    }
}
