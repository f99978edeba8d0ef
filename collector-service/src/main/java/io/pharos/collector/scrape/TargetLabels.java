package io.pharos.collector.scrape;

import io.pharos.model.relabel.LabelSet;
import io.pharos.model.relabel.Relabeler;
import io.pharos.model.config.PromDuration;
import io.pharos.model.config.ScrapeConfig;
import io.pharos.model.labels.Labels;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Turns a discovered target into a {@link ScrapeTarget} as Prometheus does: the group's labels
 * under the target's own, the config's {@code job}, {@code __scheme__}, {@code __metrics_path__},
 * {@code __scrape_interval__}, {@code __scrape_timeout__} and {@code __param_*} where unset, then
 * {@code relabel_configs}; {@code __meta_*} labels are removed, {@code instance} defaults to
 * {@code __address__}, and the URL, interval and timeout are read back from the labels.
 */
public final class TargetLabels {
    public static final String ADDRESS = "__address__";
    public static final String SCHEME = "__scheme__";
    public static final String METRICS_PATH = "__metrics_path__";
    public static final String SCRAPE_INTERVAL = "__scrape_interval__";
    public static final String SCRAPE_TIMEOUT = "__scrape_timeout__";
    public static final String PARAM_PREFIX = "__param_";
    public static final String META_PREFIX = "__meta_";
    public static final String RESERVED_PREFIX = "__";

    private TargetLabels() {
    }

    /**
     * What became of one discovered target: a target to scrape, or dropped by relabeling
     * ({@code target} null, {@code error} empty), or invalid ({@code error} says why).
     */
    public record Result(ScrapeTarget target, Labels discoveredLabels, String error) {
        public boolean dropped() {
            return target == null;
        }
    }

    public static Result populate(ScrapeConfig cfg, Labels targetLabels, Labels groupLabels) {
        LabelSet lb = new LabelSet();
        groupLabels.forEach(lb::set);
        targetLabels.forEach(lb::set);
        setIfEmpty(lb, "job", cfg.jobName());
        setIfEmpty(lb, SCRAPE_INTERVAL, PromDuration.format(cfg.scrapeInterval()));
        setIfEmpty(lb, SCRAPE_TIMEOUT, PromDuration.format(cfg.scrapeTimeout()));
        setIfEmpty(lb, METRICS_PATH, cfg.metricsPath());
        setIfEmpty(lb, SCHEME, cfg.scheme());
        for (Map.Entry<String, List<String>> p : cfg.params().entrySet()) {
            if (!p.getValue().isEmpty()) {
                setIfEmpty(lb, PARAM_PREFIX + p.getKey(), p.getValue().get(0));
            }
        }
        Labels discovered = lb.toLabels();
        if (!Relabeler.process(lb, cfg.relabelConfigs())) {
            return new Result(null, discovered, "");
        }
        String addr = lb.get(ADDRESS);
        if (addr.isEmpty()) {
            return new Result(null, discovered, "no address");
        }
        if (addr.contains("/")) {
            return new Result(null, discovered, "\"" + addr + "\" is not a valid hostname");
        }
        Duration interval;
        Duration timeout;
        try {
            interval = PromDuration.parse(lb.get(SCRAPE_INTERVAL));
        } catch (IllegalArgumentException e) {
            return new Result(null, discovered, "error parsing scrape interval: " + e.getMessage());
        }
        if (interval.isZero()) {
            return new Result(null, discovered, "scrape interval cannot be 0");
        }
        try {
            timeout = PromDuration.parse(lb.get(SCRAPE_TIMEOUT));
        } catch (IllegalArgumentException e) {
            return new Result(null, discovered, "error parsing scrape timeout: " + e.getMessage());
        }
        if (timeout.isZero()) {
            return new Result(null, discovered, "scrape timeout cannot be 0");
        }
        if (timeout.compareTo(interval) > 0) {
            return new Result(null, discovered, "scrape timeout cannot be greater than scrape interval (\""
                    + lb.get(SCRAPE_TIMEOUT) + "\" > \"" + lb.get(SCRAPE_INTERVAL) + "\")");
        }
        for (String name : lb.namesSnapshot()) {
            if (name.startsWith(META_PREFIX)) {
                lb.delete(name);
            }
        }
        setIfEmpty(lb, "instance", addr);
        Labels all = lb.toLabels();
        URI url;
        try {
            url = url(cfg, all);
        } catch (IllegalArgumentException e) {
            return new Result(null, discovered, e.getMessage());
        }
        Labels.Builder pub = Labels.builder();
        all.forEach((n, v) -> {
            if (!n.startsWith(RESERVED_PREFIX)) {
                pub.set(n, v);
            }
        });
        ScrapeTarget t = new ScrapeTarget(url, pub.build(), interval, timeout, cfg.honorLabels(), cfg.honorTimestamps(),
                cfg.sampleLimit(), cfg, discovered);
        return new Result(t, discovered, "");
    }

    private static void setIfEmpty(LabelSet lb, String name, String value) {
        if (lb.get(name).isEmpty()) {
            lb.set(name, value);
        }
    }

    /** scheme://address/path?params, the params of the config overridden by {@code __param_*} labels, sorted by name. */
    static URI url(ScrapeConfig cfg, Labels labels) {
        Map<String, List<String>> params = new TreeMap<>();
        cfg.params().forEach((k, v) -> params.put(k, new ArrayList<>(v)));
        labels.forEach((n, v) -> {
            if (n.startsWith(PARAM_PREFIX)) {
                String key = n.substring(PARAM_PREFIX.length());
                List<String> vs = params.computeIfAbsent(key, k -> new ArrayList<>());
                if (vs.isEmpty()) {
                    vs.add(v);
                } else {
                    vs.set(0, v);
                }
            }
        });
        StringBuilder sb = new StringBuilder();
        sb.append(labels.get(SCHEME)).append("://").append(labels.get(ADDRESS));
        String path = labels.get(METRICS_PATH);
        if (!path.isEmpty() && !path.startsWith("/")) {
            sb.append('/');
        }
        sb.append(escapePath(path));
        char sep = '?';
        for (Map.Entry<String, List<String>> p : params.entrySet()) {
            for (String v : p.getValue()) {
                sb.append(sep).append(queryEscape(p.getKey())).append('=').append(queryEscape(v));
                sep = '&';
            }
        }
        try {
            return new URI(sb.toString());
        } catch (java.net.URISyntaxException e) {
            throw new IllegalArgumentException("invalid scrape URL " + sb + ": " + e.getMessage());
        }
    }

    /** Go's url.QueryEscape: unreserved characters kept, space as '+', the rest %XX. */
    static String queryEscape(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_'
                    || c == '.' || c == '~') {
                sb.append((char) c);
            } else if (c == ' ') {
                sb.append('+');
            } else {
                sb.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 15, 16)));
            }
        }
        return sb.toString();
    }

    private static String escapePath(String path) {
        StringBuilder sb = new StringBuilder(path.length());
        for (byte b : path.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if (c > 0x20 && c < 0x7f && c != '?' && c != '#' && c != '%' && c != '"' && c != '<' && c != '>'
                    && c != '\\' && c != '^' && c != '`' && c != '{' && c != '|' && c != '}') {
                sb.append((char) c);
            } else {
                sb.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 15, 16)));
            }
        }
        return sb.toString();
    }
}
