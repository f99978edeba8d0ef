package io.pharos.collector.discovery;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.EndpointAddress;
import io.fabric8.kubernetes.api.model.EndpointPort;
import io.fabric8.kubernetes.api.model.EndpointSubset;
import io.fabric8.kubernetes.api.model.Endpoints;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeAddress;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectReference;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.discovery.v1.Endpoint;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.pharos.model.config.KubernetesSdConfig;
import io.pharos.model.labels.Labels;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * Builds the target groups of one Kubernetes discovery role from a snapshot of the objects the
 * informers hold, with the {@code __meta_kubernetes_*} labels Prometheus gives them. Plain code over
 * the API model, so a unit test can drive it with objects it builds itself.
 */
final class KubernetesTargets {
    private static final String P = "__meta_kubernetes_";

    /** The objects the role's targets are built from, keyed by {@code namespace/name} (nodes and namespaces by name). */
    record Snapshot(Map<String, Service> services, Map<String, Pod> pods, Map<String, Node> nodes,
            Map<String, Namespace> namespaces, Map<String, ReplicaSet> replicaSets, Map<String, Job> jobs) {

        static Snapshot of(List<? extends HasMetadata> objects) {
            Map<String, Service> services = new HashMap<>();
            Map<String, Pod> pods = new HashMap<>();
            Map<String, Node> nodes = new HashMap<>();
            Map<String, Namespace> namespaces = new HashMap<>();
            Map<String, ReplicaSet> replicaSets = new HashMap<>();
            Map<String, Job> jobs = new HashMap<>();
            for (HasMetadata o : objects) {
                String key = o.getMetadata().getNamespace() + "/" + o.getMetadata().getName();
                // Java 17: no pattern switch yet.
                if (o instanceof Service s) {
                    services.put(key, s);
                } else if (o instanceof Pod p) {
                    pods.put(key, p);
                } else if (o instanceof Node n) {
                    nodes.put(n.getMetadata().getName(), n);
                } else if (o instanceof Namespace ns) {
                    namespaces.put(ns.getMetadata().getName(), ns);
                } else if (o instanceof ReplicaSet rs) {
                    replicaSets.put(key, rs);
                } else if (o instanceof Job j) {
                    jobs.put(key, j);
                }
            }
            return new Snapshot(services, pods, nodes, namespaces, replicaSets, jobs);
        }
    }

    private final KubernetesSdConfig config;
    private final Snapshot objects;

    KubernetesTargets(KubernetesSdConfig config, Snapshot objects) {
        this.config = config;
        this.objects = objects;
    }

    // ---- node ----

    TargetGroup node(Node n) {
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

    // ---- pod ----

    TargetGroup pod(Pod p) {
        ObjectMeta m = p.getMetadata();
        String source = "pod/" + m.getNamespace() + "/" + m.getName();
        String ip = p.getStatus() == null ? null : p.getStatus().getPodIP();
        String nodeName = p.getSpec() == null ? null : p.getSpec().getNodeName();
        // With attach_metadata.node, a pod on a node the node selectors filtered out is not a target.
        if (ip == null || ip.isEmpty() || p.getSpec() == null
                || (config.attachMetadata().node() && (nodeName == null || !objects.nodes().containsKey(nodeName)))) {
            return new TargetGroup(source, List.of(), Labels.EMPTY);
        }
        Labels.Builder g = Labels.builder();
        podLabels(g, p);
        nodeLabels(g, nodeName);
        namespaceLabels(g, m.getNamespace());
        List<Labels> targets = new ArrayList<>();
        forEachContainer(p, (c, init) -> {
            String id = containerId(p, c.getName(), init);
            if (c.getPorts() == null || c.getPorts().isEmpty()) {
                Labels.Builder t = Labels.builder().set("__address__", ip);
                containerLabels(t, c, init).set(P + "pod_container_id", id);
                targets.add(t.build());
                return;
            }
            for (ContainerPort port : c.getPorts()) {
                Labels.Builder t = Labels.builder().set("__address__", DnsDiscoverer.hostPort(ip, port.getContainerPort()));
                containerLabels(t, c, init).set(P + "pod_container_id", id);
                portLabels(t, port, port.getProtocol());
                targets.add(t.build());
            }
        });
        return new TargetGroup(source, targets, g.build());
    }

    /** The pod's containers, then its init containers, each with whether it is an init container. */
    private static void forEachContainer(Pod p, BiConsumer<Container, Boolean> action) {
        if (p.getSpec() == null) {
            return;
        }
        if (p.getSpec().getContainers() != null) {
            p.getSpec().getContainers().forEach(c -> action.accept(c, false));
        }
        if (p.getSpec().getInitContainers() != null) {
            p.getSpec().getInitContainers().forEach(c -> action.accept(c, true));
        }
    }

    private static Labels.Builder containerLabels(Labels.Builder t, Container c, boolean init) {
        return t.set(P + "pod_container_name", c.getName())
                .set(P + "pod_container_image", c.getImage())
                .set(P + "pod_container_init", Boolean.toString(init));
    }

    private static void portLabels(Labels.Builder t, ContainerPort port, String protocol) {
        t.set(P + "pod_container_port_name", port.getName());
        t.set(P + "pod_container_port_number", Integer.toString(port.getContainerPort()));
        t.set(P + "pod_container_port_protocol", protocol == null ? "TCP" : protocol);
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

    private void podLabels(Labels.Builder g, Pod p) {
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
        OwnerReference controller = controllerOf(m);
        if (controller != null) {
            g.set(P + "pod_controller_kind", controller.getKind());
            g.set(P + "pod_controller_name", controller.getName());
            ownerLabels(g, m.getNamespace(), controller);
        }
    }

    /** attach_metadata deployment, job and cronjob: the owners above the pod's controller. */
    private void ownerLabels(Labels.Builder g, String namespace, OwnerReference controller) {
        KubernetesSdConfig.AttachMetadata attach = config.attachMetadata();
        switch (controller.getKind()) {
            case "ReplicaSet" -> {
                ReplicaSet rs = objects.replicaSets().get(namespace + "/" + controller.getName());
                OwnerReference owner = rs == null ? null : controllerOf(rs.getMetadata());
                if (attach.deployment() && owner != null && "Deployment".equals(owner.getKind())) {
                    g.set(P + "pod_deployment_name", owner.getName());
                }
            }
            case "Job" -> {
                if (attach.job()) {
                    g.set(P + "pod_job_name", controller.getName());
                }
                Job job = objects.jobs().get(namespace + "/" + controller.getName());
                OwnerReference owner = job == null ? null : controllerOf(job.getMetadata());
                if (attach.cronJob() && owner != null && "CronJob".equals(owner.getKind())) {
                    g.set(P + "pod_cronjob_name", owner.getName());
                }
            }
            default -> {
            }
        }
    }

    private static OwnerReference controllerOf(ObjectMeta m) {
        if (m.getOwnerReferences() != null) {
            for (OwnerReference o : m.getOwnerReferences()) {
                if (Boolean.TRUE.equals(o.getController())) {
                    return o;
                }
            }
        }
        return null;
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

    // ---- service ----

    TargetGroup service(Service s) {
        ObjectMeta m = s.getMetadata();
        Labels.Builder g = Labels.builder();
        serviceLabels(g, s);
        namespaceLabels(g, m.getNamespace());
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

    // ---- endpoints and endpointslice ----

    /**
     * The pods an endpoints object points at, with the ports it lists for each: every container
     * port that no endpoint covers becomes a target of its own, as in Prometheus.
     */
    private final class SeenPods {
        private final Map<String, Pod> pods = new LinkedHashMap<>();
        private final Map<String, Set<Integer>> ports = new HashMap<>();

        void add(Pod pod, int port) {
            String key = pod.getMetadata().getNamespace() + "/" + pod.getMetadata().getName();
            pods.putIfAbsent(key, pod);
            ports.computeIfAbsent(key, k -> new java.util.HashSet<>()).add(port);
        }

        void addUncoveredPorts(List<Labels> targets) {
            pods.forEach((key, pod) -> {
                String ip = pod.getStatus() == null ? null : pod.getStatus().getPodIP();
                if (ip == null || ip.isEmpty()) {
                    return;
                }
                Set<Integer> covered = ports.get(key);
                forEachContainer(pod, (c, init) -> {
                    if (c.getPorts() == null) {
                        return;
                    }
                    for (ContainerPort cp : c.getPorts()) {
                        if (cp.getContainerPort() == null || covered.contains(cp.getContainerPort())) {
                            continue;
                        }
                        Labels.Builder t = Labels.builder().set("__address__", DnsDiscoverer.hostPort(ip, cp.getContainerPort()));
                        podLabels(t, pod);
                        containerLabels(t, c, init);
                        portLabels(t, cp, cp.getProtocol());
                        targets.add(t.build());
                    }
                });
            });
        }
    }

    TargetGroup endpoints(Endpoints e) {
        ObjectMeta m = e.getMetadata();
        Labels.Builder g = Labels.builder();
        g.set(P + "namespace", m.getNamespace());
        g.set(P + "endpoints_name", m.getName());
        objectLabels(g, "endpoints", m);
        namespaceLabels(g, m.getNamespace());
        Service svc = objects.services().get(m.getNamespace() + "/" + m.getName());
        if (svc != null) {
            serviceLabels(g, svc);
        }
        List<Labels> targets = new ArrayList<>();
        SeenPods seen = new SeenPods();
        if (e.getSubsets() != null) {
            for (EndpointSubset sub : e.getSubsets()) {
                List<EndpointPort> ports = sub.getPorts() == null ? List.of() : sub.getPorts();
                for (EndpointPort port : ports) {
                    addEndpointTargets(targets, seen, sub.getAddresses(), port, true, m.getNamespace());
                    addEndpointTargets(targets, seen, sub.getNotReadyAddresses(), port, false, m.getNamespace());
                }
            }
        }
        seen.addUncoveredPorts(targets);
        return new TargetGroup("endpoints/" + m.getNamespace() + "/" + m.getName(), targets, g.build());
    }

    private void addEndpointTargets(List<Labels> targets, SeenPods seen, List<EndpointAddress> addresses,
            EndpointPort port, boolean ready, String namespace) {
        if (addresses == null) {
            return;
        }
        String protocol = port.getProtocol() == null ? "TCP" : port.getProtocol();
        for (EndpointAddress a : addresses) {
            Labels.Builder t = Labels.builder()
                    .set("__address__", DnsDiscoverer.hostPort(a.getIp(), port.getPort()))
                    .set(P + "endpoint_port_name", port.getName())
                    .set(P + "endpoint_port_protocol", protocol)
                    .set(P + "endpoint_ready", Boolean.toString(ready))
                    .set(P + "endpoint_hostname", a.getHostname())
                    .set(P + "endpoint_node_name", a.getNodeName());
            ObjectReference ref = a.getTargetRef();
            nodeLabels(t, a.getNodeName() != null ? a.getNodeName()
                    : ref != null && "Node".equals(ref.getKind()) ? ref.getName() : null);
            podTarget(t, seen, "endpoint_address_target", ref, namespace, port.getPort(), protocol);
            targets.add(t.build());
        }
    }

    TargetGroup endpointSlice(EndpointSlice e) {
        ObjectMeta m = e.getMetadata();
        Labels.Builder g = Labels.builder();
        g.set(P + "namespace", m.getNamespace());
        g.set(P + "endpointslice_name", m.getName());
        g.set(P + "endpointslice_address_type", e.getAddressType());
        objectLabels(g, "endpointslice", m);
        namespaceLabels(g, m.getNamespace());
        String svcName = m.getLabels() == null ? null : m.getLabels().get("kubernetes.io/service-name");
        Service svc = svcName == null ? null : objects.services().get(m.getNamespace() + "/" + svcName);
        if (svc != null) {
            serviceLabels(g, svc);
        }
        List<Labels> targets = new ArrayList<>();
        SeenPods seen = new SeenPods();
        if (e.getEndpoints() != null && e.getPorts() != null) {
            for (io.fabric8.kubernetes.api.model.discovery.v1.EndpointPort port : e.getPorts()) {
                int portNumber = port.getPort() == null ? 0 : port.getPort();
                String protocol = port.getProtocol() == null ? "TCP" : port.getProtocol();
                for (Endpoint ep : e.getEndpoints()) {
                    for (String addr : ep.getAddresses()) {
                        Labels.Builder t = Labels.builder()
                                .set("__address__", DnsDiscoverer.hostPort(addr, portNumber))
                                .set(P + "endpointslice_port", port.getPort() == null ? "" : Integer.toString(port.getPort()))
                                .set(P + "endpointslice_port_name", port.getName())
                                .set(P + "endpointslice_port_protocol", protocol)
                                .set(P + "endpointslice_port_app_protocol", port.getAppProtocol())
                                .set(P + "endpointslice_endpoint_hostname", ep.getHostname())
                                .set(P + "endpointslice_endpoint_node_name", ep.getNodeName())
                                .set(P + "endpointslice_endpoint_zone", ep.getZone());
                        if (ep.getConditions() != null) {
                            conditionLabel(t, "ready", ep.getConditions().getReady());
                            conditionLabel(t, "serving", ep.getConditions().getServing());
                            conditionLabel(t, "terminating", ep.getConditions().getTerminating());
                        }
                        if (ep.getDeprecatedTopology() != null) {
                            ep.getDeprecatedTopology().forEach((k, v) -> {
                                t.set(P + "endpointslice_endpoint_topology_" + sanitize(k), v);
                                t.set(P + "endpointslice_endpoint_topology_present_" + sanitize(k), "true");
                            });
                        }
                        ObjectReference ref = ep.getTargetRef();
                        nodeLabels(t, ref != null && "Node".equals(ref.getKind()) ? ref.getName() : ep.getNodeName());
                        podTarget(t, seen, "endpointslice_address_target", ref, m.getNamespace(), portNumber, protocol);
                        targets.add(t.build());
                    }
                }
            }
        }
        seen.addUncoveredPorts(targets);
        return new TargetGroup("endpointslice/" + m.getNamespace() + "/" + m.getName(), targets, g.build());
    }

    private static void conditionLabel(Labels.Builder t, String name, Boolean value) {
        if (value != null) {
            t.set(P + "endpointslice_endpoint_conditions_" + name, value.toString());
        }
    }

    /**
     * The target reference's kind and name; for a pod also its labels and the container (init
     * containers included) whose port is the endpoint's, and the pod is remembered as seen.
     */
    private void podTarget(Labels.Builder t, SeenPods seen, String prefix, ObjectReference ref, String namespace,
            int port, String protocol) {
        if (ref == null) {
            return;
        }
        t.set(P + prefix + "_kind", ref.getKind());
        t.set(P + prefix + "_name", ref.getName());
        if (!"Pod".equals(ref.getKind())) {
            return;
        }
        Pod pod = objects.pods().get((ref.getNamespace() == null ? namespace : ref.getNamespace()) + "/" + ref.getName());
        if (pod == null) {
            return;
        }
        seen.add(pod, port);
        podLabels(t, pod);
        boolean[] matched = {false};
        forEachContainer(pod, (c, init) -> {
            if (matched[0] || c.getPorts() == null) {
                return;
            }
            for (ContainerPort cp : c.getPorts()) {
                if (cp.getContainerPort() != null && cp.getContainerPort() == port) {
                    containerLabels(t, c, init);
                    portLabels(t, cp, protocol);
                    matched[0] = true;
                    return;
                }
            }
        });
    }

    // ---- attached metadata and object labels ----

    /** attach_metadata.node: the node's name, labels and annotations, when the node is known. */
    private void nodeLabels(Labels.Builder t, String nodeName) {
        if (!config.attachMetadata().node() || nodeName == null) {
            return;
        }
        Node node = objects.nodes().get(nodeName);
        if (node != null) {
            t.set(P + "node_name", node.getMetadata().getName());
            objectLabels(t, "node", node.getMetadata());
        }
    }

    /** attach_metadata.namespace: the namespace's labels and annotations (its name is already there). */
    private void namespaceLabels(Labels.Builder g, String namespace) {
        if (!config.attachMetadata().namespace()) {
            return;
        }
        Namespace ns = objects.namespaces().get(namespace);
        if (ns != null) {
            objectLabels(g, "namespace", ns.getMetadata());
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
}
