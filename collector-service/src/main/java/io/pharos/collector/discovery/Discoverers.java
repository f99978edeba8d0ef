package io.pharos.collector.discovery;

import io.pharos.model.config.DnsSdConfig;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.pharos.model.config.FileSdConfig;
import io.pharos.model.config.KubernetesSdConfig;
import io.pharos.model.config.ScrapeConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Function;

/** The discoverers of a scrape config: its static targets, then one per file, DNS and Kubernetes entry. */
public final class Discoverers implements Function<ScrapeConfig, List<Discoverer>> {
    private final ScheduledExecutorService scheduler;
    private final Function<KubernetesSdConfig, KubernetesClient> kubernetes;

    public Discoverers(ScheduledExecutorService scheduler) {
        this(scheduler, new KubernetesClients());
    }

    public Discoverers(ScheduledExecutorService scheduler, Function<KubernetesSdConfig, KubernetesClient> kubernetes) {
        this.scheduler = scheduler;
        this.kubernetes = kubernetes;
    }

    @Override
    public List<Discoverer> apply(ScrapeConfig config) {
        List<Discoverer> out = new ArrayList<>();
        out.add(new StaticDiscoverer(config.staticConfigs()));
        for (FileSdConfig f : config.serviceDiscovery().fileSdConfigs()) {
            out.add(new FileDiscoverer(f, scheduler));
        }
        for (DnsSdConfig d : config.serviceDiscovery().dnsSdConfigs()) {
            out.add(new DnsDiscoverer(d, scheduler));
        }
        for (KubernetesSdConfig k : config.serviceDiscovery().kubernetesSdConfigs()) {
            out.add(new KubernetesDiscoverer(k, kubernetes, scheduler));
        }
        return out;
    }
}
