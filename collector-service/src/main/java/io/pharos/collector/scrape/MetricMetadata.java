package io.pharos.collector.scrape;

/** What a target declared for a metric family: type, help and unit, as {@code /api/v1/targets/metadata} lists it. */
public record MetricMetadata(String metric, String type, String help, String unit) {
}
