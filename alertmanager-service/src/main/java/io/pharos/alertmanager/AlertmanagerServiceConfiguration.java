package io.pharos.alertmanager;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.pharos.alertmanager.alert.AlertStore;
import io.pharos.alertmanager.config.ConfigCoordinator;
import io.pharos.alertmanager.config.ConfigException;
import io.pharos.alertmanager.config.ConfigLoader;
import io.pharos.alertmanager.config.ConfigMetrics;
import io.pharos.alertmanager.notify.Backoff;
import io.pharos.alertmanager.notify.PersistentNotificationLog;
import io.pharos.alertmanager.silence.Silences;
import io.pharos.alertmanager.storage.StateStore;
import java.nio.file.Path;
import java.util.List;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Wires the plain-Java alertmanager into Spring. Only types of this service are beans, so that
 * the service can run as a child context next to the others without ambiguous injection.
 */
@Configuration(proxyBeanMethods = false)
public class AlertmanagerServiceConfiguration {
    private static final Logger LOG = LoggerFactory.getLogger(AlertmanagerServiceConfiguration.class);

    /** The threads of the service: one for timers, a growing pool for deliveries. */
    public static final class ServiceExecutors implements AutoCloseable {
        final ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor(daemon("alertmanager-timer"));
        final ExecutorService notify = Executors.newCachedThreadPool(daemon("alertmanager-notify"));

        @Override
        public void close() {
            timers.shutdownNow();
            notify.shutdownNow();
        }

        private static ThreadFactory daemon(String prefix) {
            AtomicInteger n = new AtomicInteger();
            return r -> {
                Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
                t.setDaemon(true);
                return t;
            };
        }
    }

    @Bean
    ServiceExecutors alertmanagerExecutors() {
        return new ServiceExecutors();
    }

    /**
     * Silences and the notification log, in {@code <storage path>/state}. The JSON snapshots that
     * versions before it kept next to it are imported into a new store once.
     */
    @Bean
    StateStore alertmanagerStateStore(
            @Value("${pharos.alertmanager.storage-path:./data/alertmanager}") String storagePath) {
        Path storage = Path.of(storagePath);
        return StateStore.open(storage.resolve("state"), List.of(Silences.TABLE, PersistentNotificationLog.TABLE),
                List.of(Silences.legacySnapshot(storage.resolve("silences.json")),
                        PersistentNotificationLog.legacySnapshot(storage.resolve("nflog.json"))));
    }

    @Bean
    ConfigCoordinator alertmanagerConfigCoordinator(@Value("${pharos.alertmanager.config-file:}") String configFile) {
        return new ConfigCoordinator(new ConfigLoader(), configFile);
    }

    @Bean
    Alertmanager alertmanager(ConfigCoordinator coordinator, ServiceExecutors executors, StateStore state,
            ObjectProvider<MeterRegistry> registries,
            @Value("${pharos.alertmanager.external-url:http://localhost:9093}") String externalUrl,
            @Value("${pharos.alertmanager.data-retention:120h}") String retention) throws ConfigException {
        MeterRegistry registry = registries.getIfAvailable(SimpleMeterRegistry::new);
        Clock clock = Clock.systemUTC();
        Silences silences = new Silences(clock, parseRetention(retention), state.table(Silences.TABLE));
        PersistentNotificationLog nflog = new PersistentNotificationLog(clock, state.table(PersistentNotificationLog.TABLE));
        int s = silences.load();
        int n = nflog.load();
        LOG.info("Loaded {} silences and {} notification log entries from {}", s, n, state.path().toAbsolutePath());
        Alertmanager am = new Alertmanager(new AlertStore(clock), nflog, silences, registry,
                executors.timers, executors.notify, clock, stripTrailingSlash(externalUrl), Backoff.DEFAULT);
        coordinator.addReloadListener(new ConfigMetrics(registry, clock));
        coordinator.subscribe(am::apply);
        coordinator.reload();
        am.start();
        return am;
    }

    /** Reloads the config on SIGHUP, as Alertmanager does (where the JVM lets us handle signals). */
    @Bean
    ReloadSignal alertmanagerReloadSignal(ConfigCoordinator coordinator,
            @Value("${pharos.alertmanager.reload-on-sighup:true}") boolean enabled) {
        ReloadSignal signal = new ReloadSignal(coordinator);
        if (enabled) {
            signal.install();
        }
        return signal;
    }

    private static Duration parseRetention(String s) {
        try {
            return io.pharos.alertmanager.config.Durations.parse(s);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("pharos.alertmanager.data-retention: " + e.getMessage(), e);
        }
    }

    private static String stripTrailingSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
