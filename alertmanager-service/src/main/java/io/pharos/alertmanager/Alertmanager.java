package io.pharos.alertmanager;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.pharos.alertmanager.alert.Alert;
import io.pharos.alertmanager.alert.AlertState;
import io.pharos.alertmanager.alert.AlertStatus;
import io.pharos.alertmanager.alert.AlertStore;
import io.pharos.alertmanager.config.AlertmanagerConfig;
import io.pharos.alertmanager.config.EmailConfig;
import io.pharos.alertmanager.config.HttpClientConfig;
import io.pharos.alertmanager.config.PagerdutyConfig;
import io.pharos.alertmanager.config.ReceiverConfig;
import io.pharos.alertmanager.config.SlackConfig;
import io.pharos.alertmanager.config.TimeIntervalConfig;
import io.pharos.alertmanager.config.WebhookConfig;
import io.pharos.alertmanager.dispatch.Dispatcher;
import io.pharos.alertmanager.dispatch.Route;
import io.pharos.alertmanager.inhibit.Inhibitor;
import io.pharos.alertmanager.notify.Backoff;
import io.pharos.alertmanager.notify.HttpDelivery;
import io.pharos.alertmanager.notify.GroupMutes;
import io.pharos.alertmanager.notify.Integration;
import io.pharos.alertmanager.notify.NotificationLog;
import io.pharos.alertmanager.notify.NotificationMetrics;
import io.pharos.alertmanager.notify.MuteStage;
import io.pharos.alertmanager.notify.NotificationPipeline;
import io.pharos.alertmanager.notify.Stage;
import io.pharos.alertmanager.notify.TimeMuteStage;
import io.pharos.alertmanager.notify.email.EmailNotifier;
import io.pharos.alertmanager.notify.pagerduty.PagerdutyNotifier;
import io.pharos.alertmanager.notify.slack.SlackNotifier;
import io.pharos.alertmanager.notify.webhook.WebhookNotifier;
import io.pharos.alertmanager.silence.SilenceState;
import io.pharos.alertmanager.silence.Silences;
import io.pharos.alertmanager.timeinterval.Intervener;
import io.pharos.alertmanager.template.Templates;
import io.pharos.alertmanager.timeinterval.TimeInterval;
import io.pharos.model.template.TemplateException;
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
 * The running alertmanager in plain Java: the alert store, silences and notification log, which
 * live as long as the process, and the route tree, inhibitor, integrations and dispatcher of the
 * current config, which {@link #apply(AlertmanagerConfig)} replaces on every reload.
 */
public final class Alertmanager implements AutoCloseable {
    /** How often resolved alerts leave the store and expired entries leave the notification log. */
    public static final Duration GC_INTERVAL = Duration.ofMinutes(15);

    private static final Logger LOG = LoggerFactory.getLogger(Alertmanager.class);

    private final AlertStore store;
    private final NotificationLog log;
    private final Silences silences;
    private final GroupMutes groupMutes = new GroupMutes();
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
    private volatile Inhibitor inhibitor;

    /**
     * @param timers runs group timers and maintenance (short tasks)
     * @param notifyExecutor runs flushes and integrations (blocking I/O)
     * @param externalUrl the URL this service is reached at, put into notifications
     */
    public Alertmanager(AlertStore store, NotificationLog log, MeterRegistry registry, ScheduledExecutorService timers,
            Executor notifyExecutor, Clock clock, String externalUrl, Backoff backoff) {
        this(store, log, Silences.inMemory(clock), registry, timers, notifyExecutor, clock, externalUrl, backoff);
    }

    /**
     * @param timers runs group timers and maintenance (short tasks)
     * @param notifyExecutor runs flushes and integrations (blocking I/O)
     * @param externalUrl the URL this service is reached at, put into notifications
     */
    public Alertmanager(AlertStore store, NotificationLog log, Silences silences, MeterRegistry registry,
            ScheduledExecutorService timers, Executor notifyExecutor, Clock clock, String externalUrl, Backoff backoff) {
        this.store = store;
        this.log = log;
        this.silences = silences;
        this.notificationMetrics = new NotificationMetrics(registry);
        this.timers = timers;
        this.notifyExecutor = notifyExecutor;
        this.clock = clock;
        this.externalUrl = externalUrl;
        this.backoff = backoff;
        this.startedAt = clock.instant();
        this.followingClient = httpClient(HttpClient.Redirect.NORMAL);
        this.nonFollowingClient = httpClient(HttpClient.Redirect.NEVER);
        for (String integration : List.of("email", "pagerduty", "slack", "webhook")) {
            notificationMetrics.initialize(integration);
        }
        for (AlertState s : AlertState.values()) {
            Gauge.builder("alertmanager.alerts", this, am -> am.countAlerts(s))
                    .description("How many alerts by state.")
                    .tag("state", s.apiName())
                    .register(registry);
        }
        for (SilenceState s : SilenceState.values()) {
            Gauge.builder("alertmanager.silences", silences, sil -> sil.count(List.of(s)))
                    .description("How many silences by state.")
                    .tag("state", s.apiName())
                    .register(registry);
        }
        Gauge.builder("alertmanager.silences.snapshot.size", silences, Silences::storedBytes)
                .description("Size of the stored silences in bytes.")
                .baseUnit("bytes")
                .register(registry);
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
            silences.gc();
            Inhibitor ih = inhibitor;
            if (ih != null) {
                ih.gc();
            }
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
        Inhibitor ih = new Inhibitor(next.inhibitRules(), clock);
        Intervener intervener = new Intervener(intervals(next));
        List<Stage> muteStages = List.of(
                new MuteStage(ih::mutes, "inhibition", notificationMetrics),
                TimeMuteStage.active(intervener, groupMutes, notificationMetrics),
                TimeMuteStage.mute(intervener, groupMutes, notificationMetrics),
                new MuteStage(labels -> !silences.activeMatching(labels).isEmpty(), "silence", notificationMetrics));
        Templates templates;
        try {
            templates = Templates.fromGlobs(next.templates(), null, clock);
        } catch (TemplateException e) {
            throw new IllegalArgumentException("failed to parse templates: " + e.getMessage(), e);
        }
        NotificationPipeline pipeline = new NotificationPipeline(muteStages, integrations(next, templates), log,
                notificationMetrics, backoff, notifyExecutor);
        Dispatcher d = new Dispatcher(route, pipeline, timers, notifyExecutor, clock, aggregationGroups::set);
        Dispatcher old = dispatcher;
        Inhibitor oldInhibitor = inhibitor;
        if (old != null) {
            old.stop();
        }
        if (oldInhibitor != null) {
            oldInhibitor.close();
        }
        groupMutes.clear();
        config = next;
        ih.start(store);
        inhibitor = ih;
        dispatcher = d;
        d.start(store);
        LOG.info("Completed loading of configuration: {} receivers, {} routes", next.receivers().size(), count(route));
    }

    private static Map<String, List<TimeInterval>> intervals(AlertmanagerConfig cfg) {
        Map<String, List<TimeInterval>> out = new LinkedHashMap<>();
        for (TimeIntervalConfig ti : cfg.timeIntervals()) {
            out.put(ti.name(), ti.timeIntervals());
        }
        return out;
    }

    private static int count(Route r) {
        int[] n = {0};
        r.walk(x -> n[0]++);
        return n[0];
    }

    private Map<String, List<Integration>> integrations(AlertmanagerConfig cfg, Templates templates) {
        Map<String, List<Integration>> out = new LinkedHashMap<>();
        String userAgent = "Pharos-Alertmanager/" + BuildInfo.VERSION;
        for (ReceiverConfig r : cfg.receivers()) {
            List<Integration> list = new ArrayList<>();
            for (int i = 0; i < r.webhookConfigs().size(); i++) {
                WebhookConfig w = r.webhookConfigs().get(i);
                WebhookNotifier notifier = new WebhookNotifier(w, externalUrl, client(w.httpConfig()), json, userAgent);
                list.add(new Integration(r.name(), "webhook", i, notifier, w.sendResolved()));
            }
            for (int i = 0; i < r.slackConfigs().size(); i++) {
                SlackConfig c = r.slackConfigs().get(i);
                SlackNotifier notifier = new SlackNotifier(c, templates, externalUrl,
                        new HttpDelivery(client(c.httpConfig()), userAgent), json);
                list.add(new Integration(r.name(), "slack", i, notifier, c.sendResolved()));
            }
            for (int i = 0; i < r.pagerdutyConfigs().size(); i++) {
                PagerdutyConfig c = r.pagerdutyConfigs().get(i);
                PagerdutyNotifier notifier = new PagerdutyNotifier(c, templates, externalUrl,
                        new HttpDelivery(client(c.httpConfig()), userAgent), json);
                list.add(new Integration(r.name(), "pagerduty", i, notifier, c.sendResolved()));
            }
            for (int i = 0; i < r.emailConfigs().size(); i++) {
                EmailConfig c = r.emailConfigs().get(i);
                list.add(new Integration(r.name(), "email", i, new EmailNotifier(c, templates, externalUrl, clock),
                        c.sendResolved()));
            }
            r.otherIntegrations().keySet().forEach(kind -> LOG.warn(
                    "receiver {}: {} are not supported yet; they are accepted but send nothing", r.name(), kind));
            out.put(r.name(), List.copyOf(list));
        }
        return out;
    }

    private HttpClient client(HttpClientConfig http) {
        return http == null || http.followRedirects() ? followingClient : nonFollowingClient;
    }

    /**
     * Stops the dispatcher and the periodic clean-ups; executors belong to the caller. (Silences
     * and the notification log need no final write: every change was written through.)
     */
    @Override
    public synchronized void close() {
        maintenance.forEach(f -> f.cancel(false));
        if (dispatcher != null) {
            dispatcher.stop();
        }
        if (inhibitor != null) {
            inhibitor.close();
        }
    }

    /** Receives alerts: stores (merging) them and lets the dispatcher group them. */
    public List<Alert> put(List<Alert> alerts) {
        return store.put(alerts);
    }

    /** Whether, and by what, an alert is muted now: the active silences and inhibitions that match it. */
    public AlertStatus status(Alert alert) {
        List<String> silencedBy = silences.activeMatching(alert.labels());
        Inhibitor ih = inhibitor;
        List<String> inhibitedBy = ih == null ? List.of() : ih.inhibitedBy(alert.labels()).map(List::of).orElse(List.of());
        return AlertStatus.of(silencedBy, inhibitedBy);
    }

    /** The state an alert is in now: suppressed when silenced or inhibited, else active. */
    public AlertState state(Alert alert) {
        return status(alert).state();
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

    public Silences silences() {
        return silences;
    }

    /** The time intervals that mute each aggregation group now, by group key. */
    public GroupMutes groupMutes() {
        return groupMutes;
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
