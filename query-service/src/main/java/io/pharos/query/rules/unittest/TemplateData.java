package io.pharos.query.rules.unittest;

import io.pharos.model.labels.Labels;

/**
 * What an alert template sees, as Prometheus's {@code AlertTemplateData}: {@code $labels} (the
 * sample's labels, metric name included), {@code $value} (its value), {@code $externalLabels},
 * {@code $externalURL}, and the evaluation time (for functions such as {@code query}).
 */
public record TemplateData(Labels labels, double value, Labels externalLabels, String externalUrl, long timestampMillis) {
}
