package io.pharos.query.promql.value;

import io.pharos.model.labels.Labels;

/** One element of an instant vector. */
public record Sample(Labels labels, long timestamp, double value) {
}
