package io.pharos.collector.discovery;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.EndpointAddress;
import io.fabric8.kubernetes.api.model.EndpointPort;
import io.fabric8.kubernetes.api.model.EndpointSubset;
import io.fabric8.kubernetes.api.model.Endpoints;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeAddress;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectReference;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.discovery.v1.Endpoint;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.FilterWatchListDeletable;
import io.fabric8.kubernetes.client.dsl.Informable;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.pharos.model.config.KubernetesSdConfig;
import io.pharos.model.labels.Labels;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
 * labels. Roles: node, pod, service, endpoints, endpointslice; the last two are enriched with
 * the labels of their service and of the pods they point at. Changes are coalesced: a burst of
 * events gives one report.
 */
public final class KubernetesDiscoverer implements Discoverer {
    private static final Logger log = LoggerFactory.getLogger(KubernetesDiscoverer.class);
    private static final String P = "__meta_kubernetes_";

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
        scheduleRefresh();
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

    @SuppressWarnings("unchecked")
    private <T> List<T> all(Class<T> type) {
        List<T> out = new ArrayList<>();
        for (SharedIndexInformer<? extends HasMetadata> i : informers) {
            for (Object o : i.getStore().list()) {
                if (type.isInstance(o)) {
                    out.add((T) o);
                }
            }
        }
        return out;
    }

    synchronized List<TargetGroup> groups() {
        List<TargetGroup> out = new ArrayList<>();
        switch (config.role()) {
            case "node" -> all(Node.class).forEach(n -> out.add(node(n)));
            case "pod" -> all(Pod.class).forEach(p -> out.add(pod(p)));
            case "service" -> all(Service.class).forEach(s -> out.add(service(s)));
            case "endpoints" -> {
                Map<String, Service> services = byKey(all(Service.class));
                Map<String, Pod> pods = byKey(all(Pod.class));
                all(Endpoints.class).forEach(e -> out.add(endpoints(e, services, pods)));
            }
            case "endpointslice" -> {
                Map<String, Service> services = byKey(all(Service.class));
                Map<String, Pod> pods = byKey(all(Pod.class));
                all(EndpointSlice.class).forEach(e -> out.add(endpointSlice(e, services, pods)));
            }
            default -> {
            }
        }
        return out;
    }

    private static <T extends HasMetadata> Map<String, T> byKey(List<T> objects) {
        Map<String, T> m = new HashMap<>();
        for (T o : objects) {
            m.put(o.getMetadata().getNamespace() + "/" + o.getMetadata().getName(), o);
        }
        return m;
    }

    // ---- roles ----

    static TargetGroup node(Node n) {
        Labels.Builder g = Labels.builder();
        ObjectMeta m = n.getMetadata();
        g.set(P + "node_name", m.getName());
        if (n.getSpec() != null && n.getSpec().getProviderID() != null) {
            g.set(P + "node_provider_id", n.getSpec().getProviderID());
        }
        objectLabels(g, "node", m);
        String address = null;
        Map<String, String> byType = new HashMap<>();
        if (n.getStatus() != null && n.getStatus().getAddresses() != null) {
            for (NodeAddress a : n.getStatus().getAddresses()) {
                byType.putIfAbsent(a.getType(), a.getAddress());
                g.set(P + "node_address_" + sanitize(a.getType()), byType.get(a.getType()));
            }
        }
        for (String type : List.of("InternalIP", "InternalDNS", "ExternalIP", "ExternalDNS", "LegacyHostIP", "Hostname")) {
            if (byType.containsKey(type)) {
                address = byType.get(type);
                break;
            }
        }
        List<Labels> targets = new ArrayList<>();
        if (address != null) {
            int port = 10250;
            if (n.getStatus().getDaemonEndpoints() != null && n.getStatus().getDaemonEndpoints().getKubeletEndpoint() != null
                    && n.getStatus().getDaemonEndpoints().getKubeletEndpoint().getPort() != null) {
                port = n.getStatus().getDaemonEndpoints().getKubeletEndpoint().getPort();
            }
            targets.add(Labels.of("__address__", DnsDiscoverer.hostPort(address, port), "instance", m.getName()));
        }
        return new TargetGroup("node/" + m.getName(), targets, g.build());
    }

    static TargetGroup pod(Pod p) {
        ObjectMeta m = p.getMetadata();
        Labels.Builder g = Labels.builder();
        podLabels(g, p);
        List<Labels> targets = new ArrayList<>();
        String ip = p.getStatus() == null ? null : p.getStatus().getPodIP();
        if (ip != null && !ip.isEmpty() && p.getSpec() != null) {
            addContainers(targets, p, p.getSpec().getContainers(), false, ip);
            if (p.getSpec().getInitContainers() != null) {
                addContainers(targets, p, p.getSpec().getInitContainers(), true, ip);
            }
        }
        return new TargetGroup("pod/" + m.getNamespace() + "/" + m.getName(), targets, g.build());
    }

    private static void addContainers(List<Labels> targets, Pod p, List<Container> containers, boolean init, String ip) {
        if (containers == null) {
            return;
        }
        for (Container c : containers) {
            if (c.getPorts() == null || c.getPorts().isEmpty()) {
                Labels.Builder t = Labels.builder().set("__address__", ip);
                containerLabels(t, p, c, init);
                targets.add(t.build());
                continue;
            }
            for (ContainerPort port : c.getPorts()) {
                Labels.Builder t = Labels.builder().set("__address__", DnsDiscoverer.hostPort(ip, port.getContainerPort()));
                containerLabels(t, p, c, init);
                portLabels(t, port);
                targets.add(t.build());
            }
        }
    }

    private static void containerLabels(Labels.Builder t, Pod p, Container c, boolean init) {
        t.set(P + "pod_container_name", c.getName());
        t.set(P + "pod_container_image", c.getImage());
        t.set(P + "pod_container_init", Boolean.toString(init));
        t.set(P + "pod_container_id", containerId(p, c.getName(), init));
    }

    private static void portLabels(Labels.Builder t, ContainerPort port) {
        t.set(P + "pod_container_port_name", port.getName());
        t.set(P + "pod_container_port_number", Integer.toString(port.getContainerPort()));
        t.set(P + "pod_container_port_protocol", port.getProtocol() == null ? "TCP" : port.getProtocol());
    }

    private static String containerId(Pod p, String name, boolean init) {
        if (p.getStatus() == null) {
            return "";
        }
        List<ContainerStatus> statuses = init ? p.getStatus().getInitContainerStatuses() : p.getStatus().getContainerStatuses();
        if (statuses != null) {
            for (ContainerStatus s : statuses) {
                if (name.equals(s.getName()) && s.getContainerID() != null) {
                    return s.getContainerID();
                }
            }
        }
        return "";
    }

    private static void podLabels(Labels.Builder g, Pod p) {
        ObjectMeta m = p.getMetadata();
        g.set(P + "namespace", m.getNamespace());
        g.set(P + "pod_name", m.getName());
        objectLabels(g, "pod", m);
        g.set(P + "pod_uid", m.getUid());
        if (p.getStatus() != null) {
            g.set(P + "pod_ip", p.getStatus().getPodIP());
            g.set(P + "pod_host_ip", p.getStatus().getHostIP());
            g.set(P + "pod_phase", p.getStatus().getPhase());
            g.set(P + "pod_ready", podReady(p));
        } else {
            g.set(P + "pod_ready", "unknown");
        }
        if (p.getSpec() != null) {
            g.set(P + "pod_node_name", p.getSpec().getNodeName());
        }
        if (m.getOwnerReferences() != null) {
            for (OwnerReference o : m.getOwnerReferences()) {
                if (Boolean.TRUE.equals(o.getController())) {
                    g.set(P + "pod_controller_kind", o.getKind());
                    g.set(P + "pod_controller_name", o.getName());
                    break;
                }
            }
        }
    }

    private static String podReady(Pod p) {
        if (p.getStatus().getConditions() != null) {
            for (PodCondition c : p.getStatus().getConditions()) {
                if ("Ready".equals(c.getType())) {
                    return "True".equalsIgnoreCase(c.getStatus()) ? "true" : "False".equalsIgnoreCase(c.getStatus()) ? "false" : "unknown";
                }
            }
        }
        return "unknown";
    }

    static TargetGroup service(Service s) {
        ObjectMeta m = s.getMetadata();
        Labels.Builder g = Labels.builder();
        serviceLabels(g, s);
        List<Labels> targets = new ArrayList<>();
        if (s.getSpec() != null && s.getSpec().getPorts() != null) {
            for (ServicePort port : s.getSpec().getPorts()) {
                targets.add(Labels.builder()
                        .set("__address__", m.getName() + "." + m.getNamespace() + ".svc:" + port.getPort())
                        .set(P + "service_port_name", port.getName())
                        .set(P + "service_port_number", Integer.toString(port.getPort()))
                        .set(P + "service_port_protocol", port.getProtocol() == null ? "TCP" : port.getProtocol())
                        .build());
            }
        }
        return new TargetGroup("svc/" + m.getNamespace() + "/" + m.getName(), targets, g.build());
    }

    private static void serviceLabels(Labels.Builder g, Service s) {
        ObjectMeta m = s.getMetadata();
        g.set(P + "namespace", m.getNamespace());
        g.set(P + "service_name", m.getName());
        objectLabels(g, "service", m);
        if (s.getSpec() != null) {
            String type = s.getSpec().getType() == null ? "ClusterIP" : s.getSpec().getType();
            g.set(P + "service_type", type);
            if (type.equals("ExternalName")) {
                g.set(P + "service_external_name", s.getSpec().getExternalName());
            } else {
                g.set(P + "service_cluster_ip", s.getSpec().getClusterIP());
            }
        }
    }

    TargetGroup endpoints(Endpoints e, Map<String, Service> services, Map<String, Pod> pods) {
        ObjectMeta m = e.getMetadata();
        Labels.Builder g = Labels.builder();
        g.set(P + "namespace", m.getNamespace());
        g.set(P + "endpoints_name", m.getName());
        objectLabels(g, "endpoints", m);
        Service svc = services.get(m.getNamespace() + "/" + m.getName());
        if (svc != null) {
            serviceLabels(g, svc);
        }
        List<Labels> targets = new ArrayList<>();
        if (e.getSubsets() != null) {
            for (EndpointSubset sub : e.getSubsets()) {
                List<EndpointPort> ports = sub.getPorts() == null ? List.of() : sub.getPorts();
                for (EndpointPort port : ports) {
                    addEndpointTargets(targets, sub.getAddresses(), port, true, m.getNamespace(), pods);
                    addEndpointTargets(targets, sub.getNotReadyAddresses(), port, false, m.getNamespace(), pods);
                }
            }
        }
        return new TargetGroup("endpoints/" + m.getNamespace() + "/" + m.getName(), targets, g.build());
    }

    private static void addEndpointTargets(List<Labels> targets, List<EndpointAddress> addresses, EndpointPort port,
            boolean ready, String namespace, Map<String, Pod> pods) {
        if (addresses == null) {
            return;
        }
        for (EndpointAddress a : addresses) {
            Labels.Builder t = Labels.builder()
                    .set("__address__", DnsDiscoverer.hostPort(a.getIp(), port.getPort()))
                    .set(P + "endpoint_port_name", port.getName())
                    .set(P + "endpoint_port_protocol", port.getProtocol() == null ? "TCP" : port.getProtocol())
                    .set(P + "endpoint_ready", Boolean.toString(ready))
                    .set(P + "endpoint_hostname", a.getHostname())
                    .set(P + "endpoint_node_name", a.getNodeName());
            targetRef(t, "endpoint_address_target", a.getTargetRef(), namespace, pods, port.getPort());
            targets.add(t.build());
        }
    }

    TargetGroup endpointSlice(EndpointSlice e, Map<String, Service> services, Map<String, Pod> pods) {
        ObjectMeta m = e.getMetadata();
        Labels.Builder g = Labels.builder();
        g.set(P + "namespace", m.getNamespace());
        g.set(P + "endpointslice_name", m.getName());
        g.set(P + "endpointslice_address_type", e.getAddressType());
        objectLabels(g, "endpointslice", m);
        String svcName = m.getLabels() == null ? null : m.getLabels().get("kubernetes.io/service-name");
        Service svc = svcName == null ? null : services.get(m.getNamespace() + "/" + svcName);
        if (svc != null) {
            serviceLabels(g, svc);
        }
        List<Labels> targets = new ArrayList<>();
        if (e.getEndpoints() != null && e.getPorts() != null) {
            for (io.fabric8.kubernetes.api.model.discovery.v1.EndpointPort port : e.getPorts()) {
                for (Endpoint ep : e.getEndpoints()) {
                    for (String addr : ep.getAddresses()) {
                        Labels.Builder t = Labels.builder()
                                .set("__address__", DnsDiscoverer.hostPort(addr, port.getPort() == null ? 0 : port.getPort()))
                                .set(P + "endpointslice_port", port.getPort() == null ? "" : Integer.toString(port.getPort()))
                                .set(P + "endpointslice_port_name", port.getName())
                                .set(P + "endpointslice_port_protocol", port.getProtocol() == null ? "TCP" : port.getProtocol())
                                .set(P + "endpointslice_port_app_protocol", port.getAppProtocol())
                                .set(P + "endpointslice_endpoint_hostname", ep.getHostname())
                                .set(P + "endpointslice_endpoint_node_name", ep.getNodeName())
                                .set(P + "endpointslice_endpoint_zone", ep.getZone());
                        if (ep.getConditions() != null) {
                            conditionLabel(t, "ready", ep.getConditions().getReady());
                            conditionLabel(t, "serving", ep.getConditions().getServing());
                            conditionLabel(t, "terminating", ep.getConditions().getTerminating());
                        }
                        targetRef(t, "endpointslice_address_target", ep.getTargetRef(), m.getNamespace(), pods,
                                port.getPort() == null ? 0 : port.getPort());
                        targets.add(t.build());
                    }
                }
            }
        }
        return new TargetGroup("endpointslice/" + m.getNamespace() + "/" + m.getName(), targets, g.build());
    }

    private static void conditionLabel(Labels.Builder t, String name, Boolean value) {
        if (value != null) {
            t.set(P + "endpointslice_endpoint_conditions_" + name, value.toString());
        }
    }

    /** The target reference's kind and name; for a pod also its labels and the container serving the port. */
    private static void targetRef(Labels.Builder t, String prefix, ObjectReference ref, String namespace,
            Map<String, Pod> pods, int port) {
        if (ref == null) {
            return;
        }
        t.set(P + prefix + "_kind", ref.getKind());
        t.set(P + prefix + "_name", ref.getName());
        if (!"Pod".equals(ref.getKind())) {
            return;
        }
        Pod pod = pods.get((ref.getNamespace() == null ? namespace : ref.getNamespace()) + "/" + ref.getName());
        if (pod == null) {
            return;
        }
        podLabels(t, pod);
        if (pod.getSpec() != null && pod.getSpec().getContainers() != null) {
            for (Container c : pod.getSpec().getContainers()) {
                if (c.getPorts() == null) {
                    continue;
                }
                for (ContainerPort cp : c.getPorts()) {
                    if (cp.getContainerPort() != null && cp.getContainerPort() == port) {
                        containerLabels(t, pod, c, false);
                        portLabels(t, cp);
                        return;
                    }
                }
            }
        }
    }

    /** {@code <role>_label_<name>}, {@code _labelpresent_}, {@code _annotation_}, {@code _annotationpresent_}. */
    private static void objectLabels(Labels.Builder g, String role, ObjectMeta m) {
        if (m.getLabels() != null) {
            m.getLabels().forEach((k, v) -> {
                g.set(P + role + "_label_" + sanitize(k), v);
                g.set(P + role + "_labelpresent_" + sanitize(k), "true");
            });
        }
        if (m.getAnnotations() != null) {
            m.getAnnotations().forEach((k, v) -> {
                g.set(P + role + "_annotation_" + sanitize(k), v);
                g.set(P + role + "_annotationpresent_" + sanitize(k), "true");
            });
        }
    }

    /** Prometheus's label name sanitizing: every character outside [a-zA-Z0-9_] becomes '_'. */
    static String sanitize(String name) {
        StringBuilder sb = new StringBuilder(name.length());
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            sb.append((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ? c : '_');
        }
        return sb.toString();
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
