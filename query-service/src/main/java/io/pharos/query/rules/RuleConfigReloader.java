package io.pharos.query.rules;

import io.pharos.model.config.AlertingConfig;
import io.pharos.model.config.PrometheusConfig;
import io.pharos.model.config.PrometheusConfigLoader;
import io.pharos.query.notifier.HttpAlertNotifier;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads {@code prometheus.yml}'s rule files and alerting section. Everything is read and
 * validated before anything is applied, so a bad file leaves the running rules in place.
 */
public final class RuleConfigReloader {
    private static final Logger log = LoggerFactory.getLogger(RuleConfigReloader.class);

    private final String location;
    private final RuleManager rules;
    private final HttpAlertNotifier notifier;
    private final Consumer<PrometheusConfig> onApplied;
    private volatile String currentYaml = "";
    private volatile boolean lastReloadSucceeded;
    private volatile java.time.Instant lastReloadTime = java.time.Instant.EPOCH;

    public RuleConfigReloader(String location, RuleManager rules, HttpAlertNotifier notifier) {
        this(location, rules, notifier, config -> {
        });
    }

    /** {@code onApplied} is given every config that was loaded and applied, for settings outside the rules. */
    public RuleConfigReloader(String location, RuleManager rules, HttpAlertNotifier notifier,
            Consumer<PrometheusConfig> onApplied) {
        this.location = location;
        this.rules = rules;
        this.notifier = notifier;
        this.onApplied = onApplied;
    }

    public String location() {
        return location;
    }

    /** The text of the config file last loaded successfully. */
    public String currentYaml() {
        return currentYaml;
    }

    public boolean lastReloadSucceeded() {
        return lastReloadSucceeded;
    }

    public java.time.Instant lastReloadTime() {
        return lastReloadTime;
    }

    public synchronized void reload() {
        lastReloadSucceeded = false;
        PrometheusConfig config = PrometheusConfigLoader.load(location);
        List<RuleGroup> groups = new ArrayList<>();
        for (Path file : RuleFileLoader.expand(config.ruleFiles(), config.baseDir())) {
            groups.addAll(RuleFileLoader.load(file, config.global().evaluationInterval()));
        }
        List<URI> urls = new ArrayList<>();
        Duration timeout = Duration.ofSeconds(10);
        for (AlertingConfig.Alertmanager am : config.alerting().alertmanagers()) {
            am.alertsUrls().forEach(u -> urls.add(URI.create(u)));
            timeout = am.timeout();
        }
        notifier.configure(urls, timeout, config.global().externalLabels(), config.alerting().alertRelabelConfigs());
        rules.setExternalLabels(config.global().externalLabels());
        rules.apply(groups);
        onApplied.accept(config);
        currentYaml = config.text();
        lastReloadSucceeded = true;
        lastReloadTime = java.time.Instant.now();
        log.info("loaded {}: {} rule groups, {} alertmanagers", config.source(), groups.size(), urls.size());
    }
}
