package io.pharos.collector.scrape;

import io.pharos.model.relabel.Relabeler;
import io.pharos.model.config.RelabelConfig;
import io.pharos.model.config.ScrapeLimits;
import io.pharos.model.labels.Labels;
import io.pharos.model.sample.SeriesSamples;
import io.pharos.model.textparse.ExpositionFormat;
import io.pharos.model.textparse.ExpositionParseException;
import io.pharos.model.textparse.ExpositionParser;
import io.pharos.model.textparse.MetricType;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Reads a scrape body into the series Pharos stores from it, in Prometheus's order: the
 * target's labels attached ({@code honor_labels}: conflicting scraped labels are kept, or
 * renamed to {@code exported_<name>}), then {@code metric_relabel_configs}, then the label
 * limits; the scrape's time unless {@code honor_timestamps} keeps an explicit one; a repeated
 * series dropped as Prometheus drops duplicates. A limit exceeded or a malformed body fails
 * the whole scrape: nothing of it is kept.
 */
public final class ScrapeBodyReader {
    private ScrapeBodyReader() {
    }

    /** Reads a body in the Prometheus text format (for callers that know the format). */
    public static List<SeriesSamples> read(byte[] body, ScrapeTarget target, long scrapeTime) throws ScrapeException {
        return read(ScrapeResponse.of(body, "text/plain; version=0.0.4"), target, scrapeTime).series();
    }

    public static ScrapeBatch read(ScrapeResponse response, ScrapeTarget target, long scrapeTime) throws ScrapeException {
        ExpositionFormat format = formatOf(response.contentType(), target);
        ExpositionParser parser = format.parser(response.body(), response.length());
        List<RelabelConfig> metricRelabel = target.config().metricRelabelConfigs();
        ScrapeLimits limits = target.config().limits();
        long sampleLimit = target.sampleLimit();
        List<SeriesSamples> out = new ArrayList<>();
        Map<String, Meta> metadata = new LinkedHashMap<>();
        Set<Labels> seen = new HashSet<>();
        Labels.Builder builder = Labels.builder();
        int total = 0;
        String limitError = null;
        try {
            ExpositionParser.Entry e;
            while ((e = parser.next()) != null) {
                switch (e) {
                    case TYPE -> metadata(metadata, parser.metricName()).type = typeName(parser.type());
                    case HELP -> metadata(metadata, parser.metricName()).help = parser.text();
                    case UNIT -> metadata(metadata, parser.metricName()).unit = parser.text();
                    case SERIES -> {
                        total++;
                        if (limitError != null) {
                            continue; // keep counting, as Prometheus reports the full total
                        }
                        builder.reset();
                        parser.labels(builder);
                        applyTargetLabels(builder, target);
                        Labels labels = builder.build();
                        if (!metricRelabel.isEmpty()) {
                            labels = Relabeler.process(labels, metricRelabel);
                            if (labels == null) {
                                continue;
                            }
                        }
                        if (labels.metricName().isEmpty()) {
                            throw new ScrapeException("missing metric name (__name__ label)", null, total, out.size());
                        }
                        String err = checkLabelLimits(labels, limits);
                        if (err != null) {
                            throw new ScrapeException(err, null, total, out.size());
                        }
                        if (!seen.add(labels)) {
                            continue; // duplicate series in one scrape: Prometheus keeps the first
                        }
                        if (sampleLimit > 0 && out.size() >= sampleLimit) {
                            limitError = "sample limit exceeded";
                            continue;
                        }
                        long t = target.honorTimestamps() && parser.hasTimestamp() ? parser.timestamp() : scrapeTime;
                        out.add(SeriesSamples.single(labels, t, parser.value()));
                    }
                    default -> {
                    }
                }
            }
        } catch (ExpositionParseException ex) {
            throw new ScrapeException(ex.getMessage(), ex, total, out.size());
        }
        if (limitError != null) {
            throw new ScrapeException(limitError, null, total, out.size() + 1);
        }
        Map<String, MetricMetadata> meta = new HashMap<>();
        metadata.forEach((name, m) -> meta.put(name, new MetricMetadata(name, m.type, m.help, m.unit)));
        return new ScrapeBatch(out, total, meta);
    }

    /** The parser for a Content-Type, else {@code fallback_scrape_protocol}; Prometheus text when none is declared. */
    static ExpositionFormat formatOf(String contentType, ScrapeTarget target) throws ScrapeException {
        ExpositionFormat f = ExpositionFormat.fromContentType(contentType);
        if (f != null) {
            return f;
        }
        String fallback = target.config().fallbackScrapeProtocol();
        if (!fallback.isEmpty()) {
            return ExpositionFormat.fromProtocol(fallback);
        }
        if (contentType == null || contentType.isBlank()) {
            return ExpositionFormat.PROMETHEUS_TEXT;
        }
        throw new ScrapeException("received unsupported Content-Type \"" + contentType
                + "\" and no fallback_scrape_protocol specified for target");
    }

    private static final class Meta {
        String type = "unknown";
        String help = "";
        String unit = "";
    }

    private static Meta metadata(Map<String, Meta> m, String name) {
        return m.computeIfAbsent(name, k -> new Meta());
    }

    private static String typeName(MetricType t) {
        return t == null ? "unknown" : t.name().toLowerCase(Locale.ROOT);
    }

    /** Prometheus's label limit checks, with its messages; null when within the limits. */
    static String checkLabelLimits(Labels labels, ScrapeLimits limits) {
        if (limits.labelLimit() == 0 && limits.labelNameLengthLimit() == 0 && limits.labelValueLengthLimit() == 0) {
            return null;
        }
        String met = trunc(labels.metricName());
        if (limits.labelLimit() > 0 && labels.size() > limits.labelLimit()) {
            return "label_limit exceeded (metric: " + met + ", number of labels: " + labels.size() + ", limit: "
                    + limits.labelLimit() + ")";
        }
        for (int i = 0; i < labels.size(); i++) {
            String name = labels.name(i);
            int nameLen = name.getBytes(StandardCharsets.UTF_8).length;
            if (limits.labelNameLengthLimit() > 0 && nameLen > limits.labelNameLengthLimit()) {
                return "label_name_length_limit exceeded (metric: " + met + ", label name: " + trunc(name)
                        + ", length: " + nameLen + ", limit: " + limits.labelNameLengthLimit() + ")";
            }
            String value = labels.value(i);
            int valueLen = value.getBytes(StandardCharsets.UTF_8).length;
            if (limits.labelValueLengthLimit() > 0 && valueLen > limits.labelValueLengthLimit()) {
                return "label_value_length_limit exceeded (metric: " + met + ", label name: " + trunc(name)
                        + ", value: \"" + trunc(value).replace("\\", "\\\\").replace("\"", "\\\"") + "\", length: "
                        + valueLen + ", limit: " + limits.labelValueLengthLimit() + ")";
            }
        }
        return null;
    }

    private static String trunc(String s) {
        return s.length() <= 50 ? s : s.substring(0, 50);
    }

    /**
     * Attaches the target's labels. Without {@code honor_labels} the target's value wins and a
     * scraped value it displaces is kept as {@code exported_<name>} (more prefixes while that is
     * taken), shortest names first, as Prometheus resolves conflicts.
     */
    static void applyTargetLabels(Labels.Builder builder, ScrapeTarget target) {
        Labels tl = target.labels();
        List<String[]> conflicts = null;
        for (int i = 0; i < tl.size(); i++) {
            String name = tl.name(i);
            String existing = builder.get(name);
            if (target.honorLabels()) {
                if (existing.isEmpty()) {
                    builder.set(name, tl.value(i));
                }
            } else {
                if (!existing.isEmpty()) {
                    if (conflicts == null) {
                        conflicts = new ArrayList<>(2);
                    }
                    conflicts.add(new String[] {name, existing});
                }
                builder.set(name, tl.value(i));
            }
        }
        if (conflicts != null) {
            conflicts.sort((a, b) -> Integer.compare(a[0].length(), b[0].length()));
            for (String[] c : conflicts) {
                String candidate = c[0];
                do {
                    candidate = "exported_" + candidate;
                } while (!builder.get(candidate).isEmpty());
                builder.set(candidate, c[1]);
            }
        }
    }
}
