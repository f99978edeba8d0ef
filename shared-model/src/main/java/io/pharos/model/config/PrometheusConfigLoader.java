package io.pharos.model.config;

import io.pharos.model.labels.Labels;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads {@code prometheus.yml} with Prometheus's field names, defaults and validation. Every
 * field Prometheus knows is accepted; those Pharos does not act on yet are reported in
 * {@link PrometheusConfig#ignoredFields()} rather than failing a file that works with Prometheus.
 */
public final class PrometheusConfigLoader {
    private static final Set<String> TOP = Set.of("global", "scrape_configs", "rule_files", "alerting",
            "remote_write", "remote_read", "storage", "tracing", "scrape_config_files", "runtime", "otlp");
    private static final Set<String> GLOBAL = Set.of("scrape_interval", "scrape_timeout", "evaluation_interval",
            "external_labels", "query_log_file", "scrape_failure_log_file", "body_size_limit", "sample_limit",
            "target_limit", "label_limit", "label_name_length_limit", "label_value_length_limit",
            "keep_dropped_targets", "metric_name_validation_scheme", "scrape_protocols", "rule_query_offset",
            "always_scrape_classic_histograms", "convert_classic_histograms_to_nhcb", "metric_name_escaping_scheme",
            "scrape_native_histograms", "extra_scrape_metrics");
    private static final Set<String> GLOBAL_SUPPORTED =
            Set.of("scrape_interval", "scrape_timeout", "evaluation_interval", "external_labels");
    private static final Set<String> SCRAPE = Set.of("job_name", "scrape_interval", "scrape_timeout",
            "metrics_path", "scheme", "params", "honor_labels", "honor_timestamps", "track_timestamps_staleness",
            "sample_limit", "static_configs", "file_sd_configs", "kubernetes_sd_configs", "dns_sd_configs",
            "relabel_configs", "metric_relabel_configs", "basic_auth", "authorization", "bearer_token",
            "bearer_token_file", "tls_config", "proxy_url", "no_proxy", "proxy_from_environment",
            "proxy_connect_header", "follow_redirects", "enable_http2", "enable_compression", "body_size_limit",
            "target_limit", "label_limit", "label_name_length_limit", "label_value_length_limit",
            "keep_dropped_targets", "scrape_protocols", "scrape_classic_histograms", "native_histogram_bucket_limit",
            "native_histogram_min_bucket_factor", "oauth2", "http_headers", "fallback_scrape_protocol",
            "always_scrape_classic_histograms", "convert_classic_histograms_to_nhcb", "metric_name_validation_scheme",
            "metric_name_escaping_scheme", "scrape_failure_log_file", "scrape_native_histograms",
            "consul_sd_configs", "ec2_sd_configs", "gce_sd_configs", "azure_sd_configs", "http_sd_configs",
            "extra_scrape_metrics");
    private static final Set<String> SCRAPE_SUPPORTED = Set.of("job_name", "scrape_interval", "scrape_timeout",
            "metrics_path", "scheme", "params", "honor_labels", "honor_timestamps", "sample_limit", "static_configs");
    private static final Set<String> STATIC = Set.of("targets", "labels");
    private static final Set<String> ALERTING = Set.of("alertmanagers", "alert_relabel_configs");
    private static final Set<String> ALERTMANAGER = Set.of("scheme", "path_prefix", "timeout", "api_version",
            "static_configs", "file_sd_configs", "kubernetes_sd_configs", "dns_sd_configs", "relabel_configs",
            "alert_relabel_configs", "basic_auth", "authorization", "bearer_token", "bearer_token_file", "tls_config",
            "follow_redirects", "enable_http2", "proxy_url", "oauth2", "http_headers");
    private static final Pattern LABEL_NAME = Pattern.compile("^[a-zA-Z_][a-zA-Z0-9_]*$");

    private PrometheusConfigLoader() {
    }

    /**
     * Loads from a file path, or from a {@code classpath:} resource (the bundled defaults).
     */
    public static PrometheusConfig load(String location) {
        if (location.startsWith("classpath:")) {
            String resource = location.substring("classpath:".length());
            return parse(resource, ClasspathText.read(resource), Path.of("").toAbsolutePath());
        }
        return load(Path.of(location));
    }

    public static PrometheusConfig load(Path file) {
        String text;
        try {
            text = java.nio.file.Files.readString(file);
        } catch (java.io.IOException e) {
            throw new ConfigException("cannot read " + file + ": " + e.getMessage(), e);
        }
        return parse(file.toString(), text, file.toAbsolutePath().getParent());
    }

    public static PrometheusConfig parse(String fileName, String yaml, Path baseDir) {
        return parse(YamlNode.parse(fileName, yaml), baseDir, fileName, yaml);
    }

    private static PrometheusConfig parse(YamlNode root, Path baseDir, String source, String text) {
        List<String> ignored = new ArrayList<>();
        Map<String, YamlNode> top = root.fields(TOP);
        top.keySet().stream().filter(k -> !Set.of("global", "scrape_configs", "rule_files", "alerting").contains(k))
                .forEach(ignored::add);
        GlobalConfig global = global(top.get("global"), ignored);
        List<ScrapeConfig> scrapes = new ArrayList<>();
        Set<String> jobs = new HashSet<>();
        if (top.containsKey("scrape_configs")) {
            for (YamlNode n : top.get("scrape_configs").list()) {
                ScrapeConfig sc = scrapeConfig(n, global, ignored);
                if (!jobs.add(sc.jobName())) {
                    throw n.error("found multiple scrape configs with job name \"" + sc.jobName() + "\"");
                }
                scrapes.add(sc);
            }
        }
        List<String> ruleFiles = top.containsKey("rule_files") ? top.get("rule_files").stringList() : List.of();
        AlertingConfig alerting = top.containsKey("alerting") ? alerting(top.get("alerting"), ignored) : AlertingConfig.NONE;
        return new PrometheusConfig(global, scrapes, ruleFiles, alerting, baseDir, source, ignored, text);
    }

    private static GlobalConfig global(YamlNode node, List<String> ignored) {
        GlobalConfig d = GlobalConfig.DEFAULT;
        if (node == null) {
            return d;
        }
        Map<String, YamlNode> f = node.fields(GLOBAL);
        f.forEach((k, v) -> {
            if (!GLOBAL_SUPPORTED.contains(k)) {
                ignored.add("global." + k);
            }
        });
        Duration interval = f.containsKey("scrape_interval") ? positive(f.get("scrape_interval")) : d.scrapeInterval();
        Duration timeout = f.containsKey("scrape_timeout") ? positive(f.get("scrape_timeout")) : d.scrapeTimeout();
        if (timeout.compareTo(interval) > 0) {
            if (f.containsKey("scrape_timeout")) {
                throw f.get("scrape_timeout").error("global scrape timeout greater than scrape interval");
            }
            timeout = interval; // as Prometheus: the default timeout shrinks to a shorter interval
        }
        Duration eval = f.containsKey("evaluation_interval") ? positive(f.get("evaluation_interval")) : d.evaluationInterval();
        Labels ext = f.containsKey("external_labels") ? labels(f.get("external_labels")) : Labels.EMPTY;
        return new GlobalConfig(interval, timeout, eval, ext);
    }

    private static ScrapeConfig scrapeConfig(YamlNode node, GlobalConfig global, List<String> ignored) {
        Map<String, YamlNode> f = node.fields(SCRAPE);
        f.forEach((k, v) -> {
            if (!SCRAPE_SUPPORTED.contains(k)) {
                ignored.add(v.path());
            }
        });
        if (!f.containsKey("job_name") || f.get("job_name").string().isEmpty()) {
            throw node.error("job_name is empty");
        }
        String job = f.get("job_name").string();
        Duration interval = f.containsKey("scrape_interval") ? positive(f.get("scrape_interval")) : global.scrapeInterval();
        Duration timeout;
        if (f.containsKey("scrape_timeout")) {
            timeout = positive(f.get("scrape_timeout"));
        } else {
            timeout = global.scrapeTimeout().compareTo(interval) > 0 ? interval : global.scrapeTimeout();
        }
        if (timeout.compareTo(interval) > 0) {
            throw node.error("scrape timeout greater than scrape interval for scrape config with job name \"" + job + "\"");
        }
        String path = f.containsKey("metrics_path") ? f.get("metrics_path").string() : "/metrics";
        String scheme = f.containsKey("scheme") ? f.get("scheme").string() : "http";
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw f.get("scheme").error("URL scheme must be 'http' or 'https'");
        }
        Map<String, List<String>> params = new LinkedHashMap<>();
        if (f.containsKey("params")) {
            f.get("params").fields(null).forEach((k, v) -> params.put(k, v.stringList()));
        }
        boolean honorLabels = f.containsKey("honor_labels") && f.get("honor_labels").bool();
        boolean honorTimestamps = !f.containsKey("honor_timestamps") || f.get("honor_timestamps").bool();
        long sampleLimit = f.containsKey("sample_limit") ? f.get("sample_limit").longValue() : 0;
        List<StaticConfig> statics = f.containsKey("static_configs") ? staticConfigs(f.get("static_configs")) : List.of();
        return new ScrapeConfig(job, interval, timeout, path, scheme, params, honorLabels, honorTimestamps,
                sampleLimit, statics);
    }

    static List<StaticConfig> staticConfigs(YamlNode node) {
        List<StaticConfig> out = new ArrayList<>();
        for (YamlNode n : node.list()) {
            Map<String, YamlNode> f = n.fields(STATIC);
            List<String> targets = f.containsKey("targets") ? f.get("targets").stringList() : List.of();
            for (int i = 0; i < targets.size(); i++) {
                String t = targets.get(i);
                if (t.contains("/") || t.isBlank()) {
                    throw f.get("targets").error("\"" + t + "\" is not a valid hostname:port");
                }
            }
            Map<String, String> labels = f.containsKey("labels") ? labels(f.get("labels")).toMap() : Map.of();
            out.add(new StaticConfig(targets, labels));
        }
        return out;
    }

    private static AlertingConfig alerting(YamlNode node, List<String> ignored) {
        Map<String, YamlNode> f = node.fields(ALERTING);
        if (f.containsKey("alert_relabel_configs")) {
            ignored.add("alerting.alert_relabel_configs");
        }
        List<AlertingConfig.Alertmanager> ams = new ArrayList<>();
        if (f.containsKey("alertmanagers")) {
            for (YamlNode n : f.get("alertmanagers").list()) {
                Map<String, YamlNode> a = n.fields(ALERTMANAGER);
                a.forEach((k, v) -> {
                    if (!Set.of("scheme", "path_prefix", "timeout", "api_version", "static_configs").contains(k)) {
                        ignored.add(v.path());
                    }
                });
                String scheme = a.containsKey("scheme") ? a.get("scheme").string() : "http";
                String prefix = a.containsKey("path_prefix") ? a.get("path_prefix").string() : "/";
                Duration timeout = a.containsKey("timeout") ? positive(a.get("timeout")) : Duration.ofSeconds(10);
                String api = a.containsKey("api_version") ? a.get("api_version").string() : "v2";
                if (!api.equals("v2")) {
                    throw a.get("api_version").error("expected Alertmanager api version to be one of [v2] but got " + api);
                }
                List<StaticConfig> statics = a.containsKey("static_configs") ? staticConfigs(a.get("static_configs")) : List.of();
                ams.add(new AlertingConfig.Alertmanager(scheme, prefix, timeout, api, statics));
            }
        }
        return new AlertingConfig(ams);
    }

    private static Labels labels(YamlNode node) {
        Map<String, String> map = node.stringMap();
        for (String name : map.keySet()) {
            if (!LABEL_NAME.matcher(name).matches()) {
                throw node.error("\"" + name + "\" is not a valid label name");
            }
        }
        return Labels.fromMap(map);
    }

    private static Duration positive(YamlNode node) {
        Duration d = node.duration();
        if (d.isZero() || d.isNegative()) {
            throw node.error("duration must be greater than 0");
        }
        return d;
    }
}
