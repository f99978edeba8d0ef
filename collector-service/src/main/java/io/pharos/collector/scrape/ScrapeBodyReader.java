package io.pharos.collector.scrape;

import io.pharos.model.labels.Labels;
import io.pharos.model.sample.SeriesSamples;
import io.pharos.model.textparse.ExpositionParser;
import io.pharos.model.textparse.PromTextParser;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Reads a scrape body into the series Pharos stores from it: the target's labels attached
 * as Prometheus attaches them ({@code honor_labels}: conflicting scraped labels are kept, or
 * renamed to {@code exported_<name>}), the scrape's time unless {@code honor_timestamps}
 * keeps an explicit one, and a repeated series dropped as Prometheus drops duplicates.
 */
public final class ScrapeBodyReader {
    private ScrapeBodyReader() {
    }

    /** Thrown when a body has more samples than the target's {@code sample_limit}. */
    public static final class SampleLimitExceededException extends Exception {
        SampleLimitExceededException(long limit) {
            super("sample limit exceeded (" + limit + ")");
        }
    }

    public static List<SeriesSamples> read(byte[] body, ScrapeTarget target, long scrapeTime)
            throws SampleLimitExceededException {
        ExpositionParser parser = new PromTextParser(body);
        List<SeriesSamples> out = new ArrayList<>();
        Set<Labels> seen = new HashSet<>();
        Labels.Builder builder = Labels.builder();
        ExpositionParser.Entry e;
        while ((e = parser.next()) != null) {
            if (e != ExpositionParser.Entry.SERIES) {
                continue;
            }
            builder.reset();
            parser.labels(builder);
            applyTargetLabels(builder, target);
            Labels labels = builder.build();
            if (!seen.add(labels)) {
                continue; // duplicate series in one scrape: Prometheus keeps the first
            }
            if (target.sampleLimit() > 0 && out.size() >= target.sampleLimit()) {
                throw new SampleLimitExceededException(target.sampleLimit());
            }
            long t = target.honorTimestamps() && parser.hasTimestamp() ? parser.timestamp() : scrapeTime;
            out.add(SeriesSamples.single(labels, t, parser.value()));
        }
        return out;
    }

    static void applyTargetLabels(Labels.Builder builder, ScrapeTarget target) {
        Labels tl = target.labels();
        for (int i = 0; i < tl.size(); i++) {
            String name = tl.name(i);
            String existing = builder.get(name);
            if (target.honorLabels()) {
                if (existing.isEmpty()) {
                    builder.set(name, tl.value(i));
                }
            } else {
                if (!existing.isEmpty()) {
                    builder.set(exportedName(builder, name), existing);
                }
                builder.set(name, tl.value(i));
            }
        }
    }

    /** {@code exported_<name>}, with more prefixes while that name is taken too. */
    private static String exportedName(Labels.Builder builder, String name) {
        String candidate = "exported_" + name;
        while (!builder.get(candidate).isEmpty()) {
            candidate = "exported_" + candidate;
        }
        return candidate;
    }
}
