package io.pharos.collector.api;

import io.pharos.collector.scrape.DroppedTarget;
import io.pharos.collector.scrape.MetricMetadata;
import io.pharos.collector.scrape.ScrapeHealth;
import io.pharos.collector.scrape.ScrapeLoop;
import io.pharos.collector.scrape.ScrapeManager;
import io.pharos.collector.scrape.ScrapePool;
import io.pharos.collector.scrape.ScrapeTarget;
import io.pharos.model.config.PromDuration;
import io.pharos.model.labels.Labels;
import io.pharos.model.labels.Matcher;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** {@code /api/v1/targets} and {@code /api/v1/targets/metadata}, answered as Prometheus answers them. */
@RestController
public class TargetsController {
    private static final DateTimeFormatter RFC3339_NANO =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSSSSS'Z'").withZone(ZoneOffset.UTC);
    private final ScrapeManager manager;

    public TargetsController(ScrapeManager manager) {
        this.manager = manager;
    }

    @GetMapping("/api/v1/targets")
    public ResponseEntity<Map<String, Object>> targets(@RequestParam(name = "state", required = false) String state,
            @RequestParam(name = "scrapePool", required = false) String scrapePool) {
        String s = state == null ? "" : state.toLowerCase(Locale.ROOT);
        boolean showActive = s.isEmpty() || s.equals("any") || s.equals("active");
        boolean showDropped = s.isEmpty() || s.equals("any") || s.equals("dropped");
        List<ScrapePool> pools = new ArrayList<>(manager.pools());
        pools.sort(Comparator.comparing(p -> p.config().jobName()));
        List<Map<String, Object>> active = new ArrayList<>();
        List<Map<String, Object>> dropped = new ArrayList<>();
        Map<String, Integer> droppedCounts = new TreeMap<>();
        for (ScrapePool pool : pools) {
            String name = pool.config().jobName();
            droppedCounts.put(name, pool.droppedTargetCount());
            if (scrapePool != null && !scrapePool.isEmpty() && !scrapePool.equals(name)) {
                continue;
            }
            if (showActive) {
                List<ScrapeLoop> loops = new ArrayList<>(pool.loops());
                loops.sort(Comparator.comparing(l -> l.target().url().toString()));
                for (ScrapeLoop l : loops) {
                    active.add(activeTarget(l));
                }
            }
            if (showDropped) {
                for (DroppedTarget d : pool.droppedTargets()) {
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("discoveredLabels", d.discoveredLabels().toMap());
                    m.put("scrapePool", d.scrapePool());
                    dropped.add(m);
                }
            }
        }
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("activeTargets", active);
        data.put("droppedTargets", dropped);
        data.put("droppedTargetCounts", droppedCounts);
        return ApiResponse.success(data);
    }

    static Map<String, Object> activeTarget(ScrapeLoop loop) {
        ScrapeTarget t = loop.target();
        ScrapeHealth h = loop.health();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("discoveredLabels", t.discoveredLabels().toMap());
        m.put("labels", t.labels().toMap());
        m.put("scrapePool", t.scrapePool());
        m.put("scrapeUrl", t.url().toString());
        m.put("globalUrl", globalUrl(t.url()));
        m.put("lastError", h.lastError() == null ? "" : h.lastError());
        m.put("lastScrape", h.lastScrape() == null ? "0001-01-01T00:00:00Z" : RFC3339_NANO.format(h.lastScrape()));
        m.put("lastScrapeDuration", h.lastDuration().toNanos() / 1e9);
        m.put("health", h.state().name().toLowerCase(Locale.ROOT));
        m.put("scrapeInterval", PromDuration.format(t.interval()));
        m.put("scrapeTimeout", PromDuration.format(t.timeout()));
        return m;
    }

    /** The URL as seen from elsewhere: a loopback host is replaced by this machine's name, as Prometheus does. */
    static String globalUrl(URI url) {
        String host = url.getHost();
        if (host != null && (host.equals("localhost") || host.startsWith("127.") || host.equals("[::1]") || host.equals("::1"))) {
            try {
                String name = InetAddress.getLocalHost().getHostName();
                return url.toString().replaceFirst("//" + java.util.regex.Pattern.quote(host), "//" + name);
            } catch (UnknownHostException e) {
                return url.toString();
            }
        }
        return url.toString();
    }

    @GetMapping("/api/v1/targets/metadata")
    public ResponseEntity<Map<String, Object>> metadata(
            @RequestParam(name = "match_target", required = false) String matchTarget,
            @RequestParam(name = "metric", required = false) String metric,
            @RequestParam(name = "limit", required = false) String limitParam) {
        int limit = -1;
        if (limitParam != null && !limitParam.isEmpty()) {
            try {
                limit = Integer.parseInt(limitParam);
            } catch (NumberFormatException e) {
                return ApiResponse.error(HttpStatus.BAD_REQUEST, "bad_data", "limit must be a number");
            }
        }
        List<Matcher> matchers = null;
        if (matchTarget != null && !matchTarget.isEmpty()) {
            try {
                matchers = TargetSelector.parse(matchTarget);
            } catch (IllegalArgumentException e) {
                return ApiResponse.error(HttpStatus.BAD_REQUEST, "bad_data",
                        "invalid parameter \"match_target\": " + e.getMessage());
            }
        }
        List<Map<String, Object>> res = new ArrayList<>();
        List<ScrapeLoop> loops = new ArrayList<>(manager.loops());
        loops.sort(Comparator.comparing((ScrapeLoop l) -> l.target().scrapePool()).thenComparing(l -> l.target().url().toString()));
        for (ScrapeLoop l : loops) {
            if (limit >= 0 && res.size() >= limit) {
                break;
            }
            Labels labels = l.target().labels();
            if (matchers != null && !matchers.stream().allMatch(m -> m.matches(labels.get(m.name())))) {
                continue;
            }
            Map<String, MetricMetadata> md = l.metadata();
            if (metric == null || metric.isEmpty()) {
                for (MetricMetadata m : new TreeMap<>(md).values()) {
                    res.add(entry(labels, m, true));
                }
            } else if (md.containsKey(metric)) {
                res.add(entry(labels, md.get(metric), false));
            }
        }
        return ApiResponse.success(res);
    }

    private static Map<String, Object> entry(Labels target, MetricMetadata m, boolean withMetric) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("target", target.toMap());
        if (withMetric) {
            e.put("metric", m.metric());
        }
        e.put("type", m.type());
        e.put("help", m.help());
        e.put("unit", m.unit());
        return e;
    }
}
