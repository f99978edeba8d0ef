package io.pharos.collector.scrape;

import io.pharos.model.labels.Labels;

/** A discovered target that relabeling dropped, as the targets API lists it. */
public record DroppedTarget(Labels discoveredLabels, String scrapePool) {
}
