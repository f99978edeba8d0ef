package io.pharos.collector.scrape;

import io.pharos.model.sample.SeriesSamples;
import java.util.List;
import java.util.Map;

/**
 * The series read from one scrape body.
 *
 * @param samplesScraped every sample line in the body ({@code scrape_samples_scraped})
 * @param metadata by family name, from the body's HELP, TYPE and UNIT lines
 */
public record ScrapeBatch(List<SeriesSamples> series, int samplesScraped, Map<String, MetricMetadata> metadata) {
}
