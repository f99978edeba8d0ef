package io.pharos.alertmanager;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.pharos.alertmanager.alert.Alert;
import io.pharos.alertmanager.alert.AlertState;
import io.pharos.alertmanager.alert.AlertStore;
import io.pharos.alertmanager.config.AlertmanagerConfig;
import io.pharos.alertmanager.config.HttpClientConfig;
import io.pharos.alertmanager.config.ReceiverConfig;
import io.pharos.alertmanager.config.WebhookConfig;
import io.pharos.alertmanager.dispatch.Dispatcher;
import io.pharos.alertmanager.dispatch.Route;
import io.pharos.alertmanager.notify.Backoff;
import io.pharos.alertmanager.notify.Integration;
import io.pharos.alertmanager.notify.NotificationLog;
import io.pharos.alertmanager.notify.NotificationMetrics;
import io.pharos.alertmanager.notify.NotificationPipeline;
import io.pharos.alertmanager.notify.webhook.WebhookNotifier;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

/**
 * The running alertmanager in plain Java: the alert store and notification log, which live as
 * long as the process, and the route tree, integrations and dispatcher of the current config,
 * which {@link #apply(AlertmanagerConfig)} replaces on every reload.
 */
public final class Alertmanager implements AutoCloseable {
    /** How often resolved alerts leave the store and expired entries leave the notification log. */
    public static final Duration GC_INTERVAL = Duration.ofMinutes(15);

    private static final Logger LOG = LoggerFactory.getLogger(Alertmanager.class);

    private final AlertStore store;
    private final NotificationLog log;
    private final NotificationMetrics notificationMetrics;
    private final ScheduledExecutorService timers;
    private final Executor notifyExecutor;
    private final Clock clock;
    private final String externalUrl;
    private final Backoff backoff;
    private final Instant startedAt;
    private final JsonMapper json = JsonMapper.builder().build();
    private final HttpClient followingClient;
    private final HttpClient nonFollowingClient;
    private final AtomicInteger aggregationGroups = new AtomicInteger();
    private final List<ScheduledFuture<?>> maintenance = new ArrayList<>();

    private volatile AlertmanagerConfig config;
    private volatile Dispatcher dispatcher;

    /**
     * @param timers runs group timers and maintenance (short tasks)
     * @param notifyExecutor runs flushes and integrations (blocking I/O)
     * @param externalUrl the URL this service is reached at, put into notifications
     */
    public Alertmanager(AlertStore store, NotificationLog log, MeterRegistry registry, ScheduledExecutorService timers,
            Executor notifyExecutor, Clock clock, String externalUrl, Backoff backoff) {
        this.store = store;
        this.log = log;
        this.notificationMetrics = new NotificationMetrics(registry);
        this.timers = timers;
        this.notifyExecutor = notifyExecutor;
        this.clock = clock;
        this.externalUrl = externalUrl;
        this.backoff = backoff;
        this.startedAt = clock.instant();
        this.followingClient = httpClient(HttpClient.Redirect.NORMAL);
        this.nonFollowingClient = httpClient(HttpClient.Redirect.NEVER);
        notificationMetrics.initialize("webhook");
        for (AlertState s : AlertState.values()) {
            Gauge.builder("alertmanager.alerts", this, am -> am.countAlerts(s))
                    .description("How many alerts by state.")
                    .tag("state", s.apiName())
                    .register(registry);
        }
        Gauge.builder("alertmanager.dispatcher.aggregation.groups", aggregationGroups, AtomicInteger::get)
                .description("Number of active aggregation groups")
                .register(registry);
    }

    private static HttpClient httpClient(HttpClient.Redirect redirect) {
        return HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10))
                .followRedirects(redirect)
                .build();
    }

    /** Starts the periodic clean-ups; call once. */
    public void start() {
        long gc = GC_INTERVAL.toMillis();
        maintenance.add(timers.scheduleWithFixedDelay(this::gc, gc, gc, TimeUnit.MILLISECONDS));
    }

    void gc() {
        try {
            store.gc();
            log.gc();
        } catch (RuntimeException e) {
            LOG.warn("garbage collection failed", e);
        }
    }

    /**
     * Makes {@code next} the running config: builds its routes and integrations, starts a
     * dispatcher for them and stops the previous one. Throws (leaving the old config running)
     * when the integrations cannot be built.
     */
    public synchronized void apply(AlertmanagerConfig next) {
        Route route = Route.tree(next.route());
        NotificationPipeline pipeline = new NotificationPipeline(integrations(next), log, notificationMetrics, backoff,
                notifyExecutor);
        Dispatcher d = new Dispatcher(route, pipeline, timers, notifyExecutor, clock, aggregationGroups::set);
        Dispatcher old = dispatcher;
        if (old != null) {
            old.stop();
        }
        config = next;
        dispatcher = d;
        d.start(store);
        LOG.info("Completed loading of configuration: {} receivers, {} routes", next.receivers().size(), count(route));
    }

    private static int count(Route r) {
        int[] n = {0};
        r.walk(x -> n[0]++);
        return n[0];
    }

    private Map<String, List<Integration>> integrations(AlertmanagerConfig cfg) {
        Map<String, List<Integration>> out = new LinkedHashMap<>();
        for (ReceiverConfig r : cfg.receivers()) {
            List<Integration> list = new ArrayList<>();
            for (int i = 0; i < r.webhookConfigs().size(); i++) {
                WebhookConfig w = r.webhookConfigs().get(i);
                HttpClientConfig http = w.httpConfig();
                HttpClient client = http == null || http.followRedirects() ? followingClient : nonFollowingClient;
                WebhookNotifier notifier = new WebhookNotifier(w, externalUrl, client, json,
                        "Pharos-Alertmanager/" + BuildInfo.VERSION);
                list.add(new Integration(r.name(), "webhook", i, notifier, w.sendResolved()));
            }
            r.otherIntegrations().keySet().forEach(kind -> LOG.warn(
                    "receiver {}: {} are not supported yet; they are accepted but send nothing", r.name(), kind));
            out.put(r.name(), List.copyOf(list));
        }
        return out;
    }

    /** Stops the dispatcher and the periodic clean-ups; executors belong to the caller. */
    @Override
    public synchronized void close() {
        maintenance.forEach(f -> f.cancel(false));
        if (dispatcher != null) {
            dispatcher.stop();
        }
    }

    /** Receives alerts: stores (merging) them and lets the dispatcher group them. */
    public List<Alert> put(List<Alert> alerts) {
        return store.put(alerts);
    }

    /** The state an alert is in now. Nothing mutes alerts yet, so every alert is active. */
    public AlertState state(Alert alert) {
        return AlertState.ACTIVE;
    }

    private double countAlerts(AlertState state) {
        Instant now = clock.instant();
        int n = 0;
        for (Alert a : store.list()) {
            if (!a.resolvedAt(now) && state(a) == state) {
                n++;
            }
        }
        return n;
    }

    public AlertmanagerConfig config() {
        return config;
    }

    public Route route() {
        return dispatcher.route();
    }

    public Dispatcher dispatcher() {
        return dispatcher;
    }

    public AlertStore store() {
        return store;
    }

    public NotificationLog notificationLog() {
        return log;
    }

    public Clock clock() {
        return clock;
    }

    public Instant startedAt() {
        return startedAt;
    }

    public String externalUrl() {
        return externalUrl;
    }
}
