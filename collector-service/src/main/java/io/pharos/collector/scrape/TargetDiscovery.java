package io.pharos.collector.scrape;

import io.pharos.model.config.ScrapeConfig;
import io.pharos.model.config.StaticConfig;
import io.pharos.model.labels.Labels;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Turns a scrape config's static targets into {@link ScrapeTarget}s, as Prometheus labels them. */
public final class TargetDiscovery {
    private TargetDiscovery() {
    }

    public static List<ScrapeTarget> targets(ScrapeConfig config) {
        List<ScrapeTarget> out = new ArrayList<>();
        for (StaticConfig sc : config.staticConfigs()) {
            for (String address : sc.targets()) {
                Labels.Builder b = Labels.builder();
                sc.labels().forEach(b::set);
                b.set("job", config.jobName());
                if (!sc.labels().containsKey("instance")) {
                    b.set("instance", address);
                }
                out.add(new ScrapeTarget(url(config, address), b.build(), config.scrapeInterval(),
                        config.scrapeTimeout(), config.honorLabels(), config.honorTimestamps(), config.sampleLimit()));
            }
        }
        return out;
    }

    private static URI url(ScrapeConfig config, String address) {
        StringBuilder sb = new StringBuilder(config.scheme()).append("://").append(address).append(config.metricsPath());
        char sep = config.metricsPath().contains("?") ? '&' : '?';
        for (Map.Entry<String, List<String>> p : config.params().entrySet()) {
            for (String v : p.getValue()) {
                sb.append(sep).append(URLEncoder.encode(p.getKey(), StandardCharsets.UTF_8)).append('=')
                        .append(URLEncoder.encode(v, StandardCharsets.UTF_8));
                sep = '&';
            }
        }
        return URI.create(sb.toString());
    }
}
