package io.pharos.collector.discovery;

import io.fabric8.kubernetes.api.model.Endpoints;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.FilterWatchListDeletable;
import io.fabric8.kubernetes.client.dsl.Informable;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.pharos.model.config.KubernetesSdConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code kubernetes_sd_configs}: watches the Kubernetes API (fabric8 informers) for the role's
 * objects and reports one target group per object with Prometheus's {@code __meta_kubernetes_*}
 * labels (built by {@link KubernetesTargets}). Roles: node, pod, service, endpoints,
 * endpointslice; the last two are enriched with the labels of their service and of the pods they
 * point at, and {@code attach_metadata} adds node, namespace and owner metadata. Changes are
 * coalesced: a burst of events gives one report.
 */
public final class KubernetesDiscoverer implements Discoverer {
    private static final Logger log = LoggerFactory.getLogger(KubernetesDiscoverer.class);

    private final KubernetesSdConfig config;
    private final Function<KubernetesSdConfig, KubernetesClient> clients;
    private final ScheduledExecutorService scheduler;
    private final List<SharedIndexInformer<? extends HasMetadata>> informers = new ArrayList<>();
    private final AtomicBoolean refreshPending = new AtomicBoolean();
    private KubernetesClient client;
    private volatile Consumer<List<TargetGroup>> updates;

    public KubernetesDiscoverer(KubernetesSdConfig config, Function<KubernetesSdConfig, KubernetesClient> clients,
            ScheduledExecutorService scheduler) {
        this.config = config;
        this.clients = clients;
        this.scheduler = scheduler;
    }

    @Override
    public synchronized void start(Consumer<List<TargetGroup>> updates) {
        this.updates = updates;
        client = clients.apply(config);
        List<String> namespaces = new ArrayList<>(config.namespaces());
        if (config.ownNamespace()) {
            namespaces.add(client.getNamespace());
        }
        switch (config.role()) {
            case "node" -> watch(selected(client.nodes(), "node"));
            case "pod" -> namespaced(namespaces, "pod", ns -> ns == null ? client.pods().inAnyNamespace() : client.pods().inNamespace(ns));
            case "service" -> namespaced(namespaces, "service",
                    ns -> ns == null ? client.services().inAnyNamespace() : client.services().inNamespace(ns));
            case "endpoints", "endpointslice" -> {
                if (config.role().equals("endpoints")) {
                    namespaced(namespaces, "endpoints",
                            ns -> ns == null ? client.endpoints().inAnyNamespace() : client.endpoints().inNamespace(ns));
                } else {
                    namespaced(namespaces, "endpointslice", ns -> ns == null
                            ? client.discovery().v1().endpointSlices().inAnyNamespace()
                            : client.discovery().v1().endpointSlices().inNamespace(ns));
                }
                namespaced(namespaces, "service",
                        ns -> ns == null ? client.services().inAnyNamespace() : client.services().inNamespace(ns));
                namespaced(namespaces, "pod", ns -> ns == null ? client.pods().inAnyNamespace() : client.pods().inNamespace(ns));
            }
            default -> throw new IllegalArgumentException("unsupported kubernetes_sd role " + config.role());
        }
        watchAttachedMetadata(namespaces);
        scheduleRefresh();
    }

    /** The informers {@code attach_metadata} needs: nodes, namespaces, and a pod's owners. */
    private void watchAttachedMetadata(List<String> namespaces) {
        KubernetesSdConfig.AttachMetadata attach = config.attachMetadata();
        boolean podTargets = switch (config.role()) {
            case "pod", "endpoints", "endpointslice" -> true;
            default -> false;
        };
        if (attach.node() && podTargets) {
            watch(selected(client.nodes(), "node"));
        }
        if (attach.namespace() && !config.role().equals("node")) {
            watch(client.namespaces());
        }
        if (attach.deployment() && podTargets) {
            namespaced(namespaces, "replicaset", ns -> ns == null
                    ? client.apps().replicaSets().inAnyNamespace() : client.apps().replicaSets().inNamespace(ns));
        }
        if (attach.cronJob() && podTargets) {
            namespaced(namespaces, "job", ns -> ns == null
                    ? client.batch().v1().jobs().inAnyNamespace() : client.batch().v1().jobs().inNamespace(ns));
        }
    }

    private <T extends HasMetadata, L> void namespaced(List<String> namespaces, String role,
            Function<String, FilterWatchListDeletable<T, L, ?>> ops) {
        if (namespaces.isEmpty()) {
            watch(selected(ops.apply(null), role));
        } else {
            for (String ns : namespaces) {
                watch(selected(ops.apply(ns), role));
            }
        }
    }

    /** The operation with the {@code selectors} of this role applied. */
    private <T extends HasMetadata, L> Informable<T> selected(FilterWatchListDeletable<T, L, ?> ops, String role) {
        FilterWatchListDeletable<T, L, ?> op = ops;
        for (KubernetesSdConfig.Selector s : config.selectors()) {
            if (!s.role().equals(role)) {
                continue;
            }
            for (String term : splitTerms(s.label())) {
                op = labelTerm(op, term);
            }
            for (String term : splitTerms(s.field())) {
                int ne = term.indexOf("!=");
                if (ne > 0) {
                    op = op.withoutField(term.substring(0, ne).trim(), term.substring(ne + 2).trim());
                } else {
                    String[] kv = term.split("==?", 2);
                    op = op.withField(kv[0].trim(), kv.length > 1 ? kv[1].trim() : "");
                }
            }
        }
        return op;
    }

    private static <T, L> FilterWatchListDeletable<T, L, ?> labelTerm(FilterWatchListDeletable<T, L, ?> op, String term) {
        String t = term.trim();
        if (t.contains(" notin ")) {
            String[] kv = t.split(" notin ", 2);
            return op.withLabelNotIn(kv[0].trim(), setValues(kv[1]));
        }
        if (t.contains(" in ")) {
            String[] kv = t.split(" in ", 2);
            return op.withLabelIn(kv[0].trim(), setValues(kv[1]));
        }
        if (t.startsWith("!")) {
            return op.withoutLabel(t.substring(1).trim());
        }
        int ne = t.indexOf("!=");
        if (ne > 0) {
            return op.withoutLabel(t.substring(0, ne).trim(), t.substring(ne + 2).trim());
        }
        int eq = t.indexOf('=');
        if (eq > 0) {
            String v = t.substring(t.startsWith("==", eq) ? eq + 2 : eq + 1).trim();
            return op.withLabel(t.substring(0, eq).trim(), v);
        }
        return op.withLabel(t);
    }

    private static String[] setValues(String s) {
        String inner = s.trim();
        if (inner.startsWith("(") && inner.endsWith(")")) {
            inner = inner.substring(1, inner.length() - 1);
        }
        return java.util.Arrays.stream(inner.split(",")).map(String::trim).filter(v -> !v.isEmpty()).toArray(String[]::new);
    }

    /** Splits a selector at the commas outside parentheses. */
    static List<String> splitTerms(String selector) {
        List<String> out = new ArrayList<>();
        if (selector == null || selector.isBlank()) {
            return out;
        }
        int depth = 0;
        int start = 0;
        for (int i = 0; i < selector.length(); i++) {
            char c = selector.charAt(i);
            if (c == '(') {
                depth++;
            } else if (c == ')') {
                depth--;
            } else if (c == ',' && depth == 0) {
                out.add(selector.substring(start, i));
                start = i + 1;
            }
        }
        out.add(selector.substring(start));
        return out;
    }

    private <T extends HasMetadata> void watch(Informable<T> op) {
        SharedIndexInformer<T> informer = op.inform(new ResourceEventHandler<T>() {
            @Override
            public void onAdd(T obj) {
                scheduleRefresh();
            }

            @Override
            public void onUpdate(T oldObj, T newObj) {
                scheduleRefresh();
            }

            @Override
            public void onDelete(T obj, boolean deletedFinalStateUnknown) {
                scheduleRefresh();
            }
        }, 0);
        informers.add(informer);
    }

    private void scheduleRefresh() {
        if (refreshPending.compareAndSet(false, true)) {
            scheduler.schedule(() -> {
                refreshPending.set(false);
                refresh();
            }, 100, TimeUnit.MILLISECONDS);
        }
    }

    private void refresh() {
        Consumer<List<TargetGroup>> u = updates;
        if (u == null) {
            return;
        }
        try {
            u.accept(groups());
        } catch (RuntimeException e) {
            log.error("kubernetes_sd ({}): building targets failed", config.role(), e);
        }
    }

    synchronized List<TargetGroup> groups() {
        List<HasMetadata> objects = new ArrayList<>();
        for (SharedIndexInformer<? extends HasMetadata> i : informers) {
            objects.addAll(i.getStore().list());
        }
        KubernetesTargets targets = new KubernetesTargets(config, KubernetesTargets.Snapshot.of(objects));
        List<TargetGroup> out = new ArrayList<>();
        switch (config.role()) {
            case "node" -> all(objects, Node.class).forEach(n -> out.add(targets.node(n)));
            case "pod" -> all(objects, Pod.class).forEach(p -> out.add(targets.pod(p)));
            case "service" -> all(objects, Service.class).forEach(sv -> out.add(targets.service(sv)));
            case "endpoints" -> all(objects, Endpoints.class).forEach(e -> out.add(targets.endpoints(e)));
            case "endpointslice" -> all(objects, EndpointSlice.class).forEach(e -> out.add(targets.endpointSlice(e)));
            default -> {
            }
        }
        return out;
    }

    private static <T> List<T> all(List<HasMetadata> objects, Class<T> type) {
        return objects.stream().filter(type::isInstance).map(type::cast).toList();
    }

    @Override
    public synchronized void close() {
        updates = null;
        informers.forEach(SharedIndexInformer::close);
        informers.clear();
        if (client != null) {
            client.close();
            client = null;
        }
    }
}
