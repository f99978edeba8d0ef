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
    private static final Set<String> GLOBAL_SUPPORTED = Set.of("scrape_interval", "scrape_timeout",
            "evaluation_interval", "external_labels", "body_size_limit", "sample_limit", "target_limit", "label_limit",
            "label_name_length_limit", "label_value_length_limit", "keep_dropped_targets", "scrape_protocols",
            "metric_name_validation_scheme");
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
            "metrics_path", "scheme", "params", "honor_labels", "honor_timestamps", "sample_limit", "static_configs",
            "relabel_configs", "metric_relabel_configs", "basic_auth", "authorization", "bearer_token",
            "bearer_token_file", "tls_config", "follow_redirects", "enable_http2", "enable_compression",
            "body_size_limit", "target_limit", "label_limit", "label_name_length_limit", "label_value_length_limit",
            "keep_dropped_targets", "scrape_protocols", "fallback_scrape_protocol", "file_sd_configs",
            "dns_sd_configs", "kubernetes_sd_configs", "metric_name_validation_scheme");
    private static final Set<String> STATIC = Set.of("targets", "labels");
    private static final Set<String> RELABEL = Set.of("source_labels", "separator", "regex", "modulus",
            "target_label", "replacement", "action");
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
        ScrapeDefaults defaults = ScrapeDefaults.of(top.get("global"));
        List<ScrapeConfig> scrapes = new ArrayList<>();
        Set<String> jobs = new HashSet<>();
        if (top.containsKey("scrape_configs")) {
            for (YamlNode n : top.get("scrape_configs").list()) {
                ScrapeConfig sc = scrapeConfig(n, global, defaults, baseDir, ignored);
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

    private static ScrapeConfig scrapeConfig(YamlNode node, GlobalConfig global, ScrapeDefaults defaults,
            Path baseDir, List<String> ignored) {
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
        long sampleLimit = orDefault(f, "sample_limit", defaults.sampleLimit());
        List<StaticConfig> statics = f.containsKey("static_configs") ? staticConfigs(f.get("static_configs")) : List.of();
        ScrapeLimits limits = new ScrapeLimits(
                f.containsKey("body_size_limit") ? bytes(f.get("body_size_limit")) : defaults.limits().bodySizeLimit(),
                orDefault(f, "target_limit", defaults.limits().targetLimit()),
                orDefault(f, "label_limit", defaults.limits().labelLimit()),
                orDefault(f, "label_name_length_limit", defaults.limits().labelNameLengthLimit()),
                orDefault(f, "label_value_length_limit", defaults.limits().labelValueLengthLimit()),
                orDefault(f, "keep_dropped_targets", defaults.limits().keepDroppedTargets()));
        if (limits.bodySizeLimit() == 0 && f.containsKey("body_size_limit")) {
            limits = new ScrapeLimits(defaults.limits().bodySizeLimit(), limits.targetLimit(), limits.labelLimit(),
                    limits.labelNameLengthLimit(), limits.labelValueLengthLimit(), limits.keepDroppedTargets());
        }
        HttpClientConfig http = HttpConfigReader.read(f, baseDir);
        boolean compression = !f.containsKey("enable_compression") || f.get("enable_compression").bool();
        List<String> protocols = f.containsKey("scrape_protocols")
                ? scrapeProtocols(f.get("scrape_protocols")) : defaults.scrapeProtocols();
        String fallback = "";
        if (f.containsKey("fallback_scrape_protocol")) {
            fallback = f.get("fallback_scrape_protocol").string();
            if (!fallback.isEmpty() && !SCRAPE_PROTOCOLS.contains(fallback)) {
                throw f.get("fallback_scrape_protocol").error("unknown scrape protocol " + fallback
                        + ", supported: " + SCRAPE_PROTOCOLS);
            }
        }
        if (f.containsKey("metric_name_validation_scheme")) {
            String v = f.get("metric_name_validation_scheme").string();
            if (!v.isEmpty() && !v.equals("legacy")) {
                throw f.get("metric_name_validation_scheme").error("only the legacy metric name validation scheme is supported, got " + v);
            }
        }
        List<RelabelConfig> relabel = f.containsKey("relabel_configs") ? relabelConfigs(f.get("relabel_configs")) : List.of();
        List<RelabelConfig> metricRelabel = f.containsKey("metric_relabel_configs")
                ? relabelConfigs(f.get("metric_relabel_configs")) : List.of();
        ServiceDiscoveryConfigs sd = new ServiceDiscoveryConfigs(
                f.containsKey("file_sd_configs") ? DiscoveryConfigReader.fileSd(f.get("file_sd_configs"), baseDir) : List.of(),
                f.containsKey("dns_sd_configs") ? DiscoveryConfigReader.dnsSd(f.get("dns_sd_configs")) : List.of(),
                f.containsKey("kubernetes_sd_configs")
                        ? DiscoveryConfigReader.kubernetesSd(f.get("kubernetes_sd_configs"), baseDir) : List.of());
        return new ScrapeConfig(job, interval, timeout, path, scheme, params, honorLabels, honorTimestamps,
                sampleLimit, statics, limits, http, compression, protocols, fallback, relabel, metricRelabel, sd);
    }

    /** Prometheus's scrape protocol names; PrometheusProto is not read by Pharos. */
    static final List<String> SCRAPE_PROTOCOLS =
            List.of("OpenMetricsText1.0.0", "OpenMetricsText0.0.1", "PrometheusText1.0.0", "PrometheusText0.0.4");

    private static List<String> scrapeProtocols(YamlNode node) {
        List<String> out = new ArrayList<>();
        for (YamlNode n : node.list()) {
            String p = n.string();
            if (p.equals("PrometheusProto")) {
                throw n.error("scrape protocol PrometheusProto is not supported by Pharos; use " + SCRAPE_PROTOCOLS);
            }
            if (!SCRAPE_PROTOCOLS.contains(p)) {
                throw n.error("unknown scrape protocol " + p + ", supported: " + SCRAPE_PROTOCOLS);
            }
            if (out.contains(p)) {
                throw n.error("duplicated protocol in scrape_protocols, got " + out + " and " + p);
            }
            out.add(p);
        }
        if (out.isEmpty()) {
            throw node.error("scrape_protocols cannot be empty");
        }
        return out;
    }

    /** Reads a {@code relabel_configs} list with Prometheus's defaults and validation. */
    public static List<RelabelConfig> relabelConfigs(YamlNode node) {
        List<RelabelConfig> out = new ArrayList<>();
        for (YamlNode n : node.list()) {
            Map<String, YamlNode> r = n.fields(RELABEL);
            List<String> sources = r.containsKey("source_labels") ? r.get("source_labels").stringList() : List.of();
            for (String s : sources) {
                if (!LABEL_NAME.matcher(s).matches()) {
                    throw r.get("source_labels").error("\"" + s + "\" is not a valid label name");
                }
            }
            String separator = r.containsKey("separator") ? r.get("separator").string() : RelabelConfig.DEFAULT_SEPARATOR;
            String regex = r.containsKey("regex") ? r.get("regex").string() : RelabelConfig.DEFAULT_REGEX;
            long modulus = 0;
            if (r.containsKey("modulus")) {
                try {
                    modulus = Long.parseUnsignedLong(r.get("modulus").string());
                } catch (NumberFormatException e) {
                    throw r.get("modulus").error("expected an unsigned integer, got \"" + r.get("modulus").string() + "\"");
                }
            }
            String target = r.containsKey("target_label") ? r.get("target_label").string() : "";
            String replacement = r.containsKey("replacement") ? r.get("replacement").string() : RelabelConfig.DEFAULT_REPLACEMENT;
            RelabelAction action = RelabelAction.REPLACE;
            if (r.containsKey("action")) {
                String token = r.get("action").string().toLowerCase(java.util.Locale.ROOT);
                action = RelabelAction.fromToken(token);
                if (action == null) {
                    throw r.get("action").error("unknown relabel action \"" + r.get("action").string() + "\"");
                }
            }
            try {
                out.add(RelabelConfig.of(sources, separator, regex, modulus, target, replacement, action));
            } catch (IllegalArgumentException e) {
                YamlNode at = r.containsKey("regex") && e.getMessage().startsWith("error parsing regexp") ? r.get("regex") : n;
                throw at.error(e.getMessage());
            }
        }
        return out;
    }

    private static long orDefault(Map<String, YamlNode> f, String key, long global) {
        if (!f.containsKey(key)) {
            return global;
        }
        long v = f.get(key).longValue();
        if (v < 0) {
            throw f.get(key).error("must not be negative");
        }
        return v == 0 ? global : v;
    }

    private static final Pattern BYTES = Pattern.compile("^(\\d+)\\s*([KMGTPE]i?B|B)?$");

    /** A size as Prometheus writes it ({@code 10MB}, {@code 512KiB}: both base 2), 0 for none. */
    static long bytes(YamlNode node) {
        String v = node.string().trim();
        java.util.regex.Matcher m = BYTES.matcher(v);
        if (!m.matches()) {
            throw node.error("invalid size \"" + v + "\"");
        }
        long n = Long.parseLong(m.group(1));
        String unit = m.group(2) == null ? "B" : m.group(2);
        int shift = switch (unit.charAt(0)) {
            case 'K' -> 10;
            case 'M' -> 20;
            case 'G' -> 30;
            case 'T' -> 40;
            case 'P' -> 50;
            case 'E' -> 60;
            default -> 0;
        };
        return n << shift;
    }

    /** The scrape defaults of the {@code global} section. */
    record ScrapeDefaults(long sampleLimit, ScrapeLimits limits, List<String> scrapeProtocols) {
        static ScrapeDefaults of(YamlNode globalNode) {
            if (globalNode == null) {
                return new ScrapeDefaults(0, ScrapeLimits.NONE, ScrapeConfig.DEFAULT_SCRAPE_PROTOCOLS);
            }
            Map<String, YamlNode> g = globalNode.fields(GLOBAL);
            ScrapeLimits limits = new ScrapeLimits(
                    g.containsKey("body_size_limit") ? bytes(g.get("body_size_limit")) : 0,
                    orDefault(g, "target_limit", 0), orDefault(g, "label_limit", 0),
                    orDefault(g, "label_name_length_limit", 0), orDefault(g, "label_value_length_limit", 0),
                    orDefault(g, "keep_dropped_targets", 0));
            List<String> protocols = g.containsKey("scrape_protocols")
                    ? PrometheusConfigLoader.scrapeProtocols(g.get("scrape_protocols")) : ScrapeConfig.DEFAULT_SCRAPE_PROTOCOLS;
            return new ScrapeDefaults(orDefault(g, "sample_limit", 0), limits, protocols);
        }
    }

    /**
     * Reads one scrape config given on its own (the run-time jobs API sends JSON, which is
     * YAML too), validated exactly as in the file, with the file's {@code global} defaults.
     *
     * @param source names the input in error messages, e.g. {@code scrape_config "job"}
     */
    public static ScrapeConfig scrapeConfig(String source, String jsonOrYaml, PrometheusConfig file) {
        YamlNode node = YamlNode.parse(source, JsonText.tabsToSpaces(jsonOrYaml));
        if (node.isNull()) {
            throw new ConfigException(source + ": empty scrape config");
        }
        YamlNode globalNode = null;
        if (file != null && file.text() != null && !file.text().isBlank()) {
            YamlNode root = YamlNode.parse(file.source(), file.text());
            globalNode = root.fields(TOP).get("global");
        }
        GlobalConfig global = file == null ? GlobalConfig.DEFAULT : file.global();
        List<String> ignored = new ArrayList<>();
        Path baseDir = file == null ? Path.of("").toAbsolutePath() : file.baseDir();
        return scrapeConfig(node, global, ScrapeDefaults.of(globalNode), baseDir, ignored);
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
        List<RelabelConfig> alertRelabel = f.containsKey("alert_relabel_configs")
                ? relabelConfigs(f.get("alert_relabel_configs")) : List.of();
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
        return new AlertingConfig(ams, alertRelabel);
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
