package io.pharos.collector.discovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.EndpointsBuilder;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.pharos.model.config.HttpClientConfig;
import io.pharos.model.config.KubernetesSdConfig;
import io.pharos.model.labels.Labels;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Kubernetes discovery against fabric8's Kubernetes mock server (CRUD mode, with watches). */
@EnableKubernetesMockClient(crud = true)
class KubernetesDiscovererTest {
    KubernetesMockServer server;
    KubernetesClient client;
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    private final AtomicReference<List<TargetGroup>> latest = new AtomicReference<>(List.of());
    private KubernetesDiscoverer discoverer;

    @BeforeEach
    void objects() {
        client.pods().inNamespace("shop").resource(new PodBuilder()
                .withNewMetadata().withName("web-1").withNamespace("shop").withUid("u1")
                .addToLabels("app", "web").addToLabels("app.kubernetes.io/part-of", "shop")
                .addToAnnotations("prometheus.io/scrape", "true")
                .addNewOwnerReference().withKind("ReplicaSet").withName("web-abc").withController(true)
                .withApiVersion("apps/v1").withUid("rs").endOwnerReference().endMetadata()
                .withNewSpec().withNodeName("node-a")
                .addNewContainer().withName("app").withImage("shop:1")
                .addNewPort().withName("http").withContainerPort(8080).withProtocol("TCP").endPort().endContainer()
                .addNewContainer().withName("sidecar").withImage("side:1").endContainer()
                .endSpec()
                .withNewStatus().withPodIP("10.1.0.5").withHostIP("192.168.0.10").withPhase("Running")
                .addNewCondition().withType("Ready").withStatus("True").endCondition()
                .addNewContainerStatus().withName("app").withContainerID("containerd://abc").endContainerStatus()
                .endStatus().build()).create();
        client.services().inNamespace("shop").resource(new ServiceBuilder()
                .withNewMetadata().withName("web").withNamespace("shop").addToLabels("tier", "front").endMetadata()
                .withNewSpec().withType("ClusterIP").withClusterIP("10.96.0.10")
                .addNewPort().withName("http").withPort(80).withProtocol("TCP").endPort().endSpec().build()).create();
        client.endpoints().inNamespace("shop").resource(new EndpointsBuilder()
                .withNewMetadata().withName("web").withNamespace("shop").endMetadata()
                .addNewSubset().addNewAddress().withIp("10.1.0.5").withNodeName("node-a")
                .withNewTargetRef().withKind("Pod").withName("web-1").withNamespace("shop").endTargetRef().endAddress()
                .addNewNotReadyAddress().withIp("10.1.0.6").endNotReadyAddress()
                .addNewPort().withName("http").withPort(8080).withProtocol("TCP").endPort().endSubset().build()).create();
        client.discovery().v1().endpointSlices().inNamespace("shop").resource(new EndpointSliceBuilder()
                .withNewMetadata().withName("web-x1").withNamespace("shop").addToLabels("kubernetes.io/service-name", "web")
                .endMetadata().withAddressType("IPv4")
                .addNewEndpoint().withAddresses("10.1.0.5").withNewConditions().withReady(true).withServing(true)
                .withTerminating(false).endConditions().withNodeName("node-a").withZone("z1")
                .withNewTargetRef().withKind("Pod").withName("web-1").withNamespace("shop").endTargetRef().endEndpoint()
                .addNewPort().withName("http").withPort(8080).withProtocol("TCP").endPort().build()).create();
        client.nodes().resource(new NodeBuilder().withNewMetadata().withName("node-a").addToLabels("zone", "z1").endMetadata()
                .withNewSpec().withProviderID("aws:///i-1").endSpec()
                .withNewStatus().addNewAddress().withType("Hostname").withAddress("node-a").endAddress()
                .addNewAddress().withType("InternalIP").withAddress("192.168.0.10").endAddress()
                .withNewDaemonEndpoints().withNewKubeletEndpoint().withPort(10250).endKubeletEndpoint().endDaemonEndpoints()
                .endStatus().build()).create();
    }

    @AfterEach
    void stop() {
        if (discoverer != null) {
            discoverer.close();
        }
        scheduler.shutdownNow();
    }

    private List<TargetGroup> discover(String role, List<String> namespaces, List<KubernetesSdConfig.Selector> selectors) {
        return discover(role, namespaces, selectors, KubernetesSdConfig.AttachMetadata.NONE);
    }

    private List<TargetGroup> discover(String role, List<String> namespaces, List<KubernetesSdConfig.Selector> selectors,
            KubernetesSdConfig.AttachMetadata attach) {
        KubernetesSdConfig cfg = new KubernetesSdConfig(role, "", "", namespaces, false, selectors, attach, HttpClientConfig.DEFAULT);
        discoverer = new KubernetesDiscoverer(cfg, c -> server.createClient(), scheduler);
        discoverer.start(latest::set);
        await().atMost(Duration.ofSeconds(10)).until(() -> !latest.get().isEmpty());
        return latest.get();
    }

    private static Labels merged(TargetGroup g, int i) {
        Labels.Builder b = g.labels().toBuilder();
        g.targets().get(i).forEach(b::set);
        return b.build();
    }

    @Test
    void podRoleGivesOneTargetPerContainerPortAndOneForAPortlessContainer() {
        TargetGroup g = discover("pod", List.of(), List.of()).get(0);
        assertThat(g.source()).isEqualTo("pod/shop/web-1");
        assertThat(g.targets()).extracting(t -> t.get("__address__")).containsExactly("10.1.0.5:8080", "10.1.0.5");
        Labels app = merged(g, 0);
        assertThat(app.get("__meta_kubernetes_namespace")).isEqualTo("shop");
        assertThat(app.get("__meta_kubernetes_pod_name")).isEqualTo("web-1");
        assertThat(app.get("__meta_kubernetes_pod_label_app")).isEqualTo("web");
        assertThat(app.get("__meta_kubernetes_pod_label_app_kubernetes_io_part_of")).isEqualTo("shop");
        assertThat(app.get("__meta_kubernetes_pod_labelpresent_app")).isEqualTo("true");
        assertThat(app.get("__meta_kubernetes_pod_annotation_prometheus_io_scrape")).isEqualTo("true");
        assertThat(app.get("__meta_kubernetes_pod_ip")).isEqualTo("10.1.0.5");
        assertThat(app.get("__meta_kubernetes_pod_ready")).isEqualTo("true");
        assertThat(app.get("__meta_kubernetes_pod_phase")).isEqualTo("Running");
        assertThat(app.get("__meta_kubernetes_pod_node_name")).isEqualTo("node-a");
        assertThat(app.get("__meta_kubernetes_pod_host_ip")).isEqualTo("192.168.0.10");
        assertThat(app.get("__meta_kubernetes_pod_controller_kind")).isEqualTo("ReplicaSet");
        assertThat(app.get("__meta_kubernetes_pod_container_name")).isEqualTo("app");
        assertThat(app.get("__meta_kubernetes_pod_container_port_name")).isEqualTo("http");
        assertThat(app.get("__meta_kubernetes_pod_container_port_number")).isEqualTo("8080");
        assertThat(app.get("__meta_kubernetes_pod_container_port_protocol")).isEqualTo("TCP");
        assertThat(app.get("__meta_kubernetes_pod_container_id")).isEqualTo("containerd://abc");
        assertThat(app.get("__meta_kubernetes_pod_container_init")).isEqualTo("false");
        assertThat(merged(g, 1).get("__meta_kubernetes_pod_container_name")).isEqualTo("sidecar");
    }

    @Test
    void newPodsAreReportedAsTheyAppear() {
        discover("pod", List.of("shop"), List.of());
        client.pods().inNamespace("shop").resource(new PodBuilder().withNewMetadata().withName("web-2").withNamespace("shop")
                .endMetadata().withNewSpec().addNewContainer().withName("app").addNewPort().withContainerPort(9000).endPort()
                .endContainer().endSpec().withNewStatus().withPodIP("10.1.0.7").endStatus().build()).create();
        await().atMost(Duration.ofSeconds(10)).until(() -> latest.get().size() == 2);
        client.pods().inNamespace("shop").withName("web-2").delete();
        await().atMost(Duration.ofSeconds(10)).until(() -> latest.get().size() == 1);
    }

    @Test
    void labelSelectorsFilterObjects() {
        client.pods().inNamespace("shop").resource(new PodBuilder().withNewMetadata().withName("db-1").withNamespace("shop")
                .addToLabels("app", "db").endMetadata().withNewStatus().withPodIP("10.1.0.9").endStatus().build()).create();
        List<TargetGroup> groups = discover("pod", List.of(), List.of(new KubernetesSdConfig.Selector("pod", "app=db", "")));
        assertThat(groups).extracting(TargetGroup::source).containsExactly("pod/shop/db-1");
    }

    @Test
    void serviceRoleAddressesTheServiceDnsName() {
        TargetGroup g = discover("service", List.of(), List.of()).get(0);
        Labels t = merged(g, 0);
        assertThat(t.get("__address__")).isEqualTo("web.shop.svc:80");
        assertThat(t.get("__meta_kubernetes_service_name")).isEqualTo("web");
        assertThat(t.get("__meta_kubernetes_service_port_name")).isEqualTo("http");
        assertThat(t.get("__meta_kubernetes_service_port_number")).isEqualTo("80");
        assertThat(t.get("__meta_kubernetes_service_cluster_ip")).isEqualTo("10.96.0.10");
        assertThat(t.get("__meta_kubernetes_service_type")).isEqualTo("ClusterIP");
        assertThat(t.get("__meta_kubernetes_service_label_tier")).isEqualTo("front");
    }

    @Test
    void endpointsRoleIncludesServiceAndPodLabels() {
        discover("endpoints", List.of(), List.of());
        await().atMost(Duration.ofSeconds(10)).until(() -> latest.get().stream().anyMatch(g -> g.source().startsWith("endpoints/")
                && g.labels().has("__meta_kubernetes_service_name") && merged(g, 0).has("__meta_kubernetes_pod_name")));
        TargetGroup g = latest.get().stream().filter(x -> x.source().equals("endpoints/shop/web")).findFirst().orElseThrow();
        Labels ready = merged(g, 0);
        assertThat(ready.get("__address__")).isEqualTo("10.1.0.5:8080");
        assertThat(ready.get("__meta_kubernetes_endpoints_name")).isEqualTo("web");
        assertThat(ready.get("__meta_kubernetes_endpoint_ready")).isEqualTo("true");
        assertThat(ready.get("__meta_kubernetes_endpoint_port_name")).isEqualTo("http");
        assertThat(ready.get("__meta_kubernetes_endpoint_address_target_kind")).isEqualTo("Pod");
        assertThat(ready.get("__meta_kubernetes_endpoint_address_target_name")).isEqualTo("web-1");
        assertThat(ready.get("__meta_kubernetes_endpoint_node_name")).isEqualTo("node-a");
        assertThat(ready.get("__meta_kubernetes_service_label_tier")).isEqualTo("front");
        assertThat(ready.get("__meta_kubernetes_pod_container_name")).isEqualTo("app");
        assertThat(merged(g, 1).get("__meta_kubernetes_endpoint_ready")).isEqualTo("false");
    }

    @Test
    void endpointSliceRoleHasConditionsAndZone() {
        discover("endpointslice", List.of(), List.of());
        await().atMost(Duration.ofSeconds(10)).until(() -> latest.get().stream()
                .anyMatch(g -> g.source().startsWith("endpointslice/") && g.labels().has("__meta_kubernetes_service_name")));
        TargetGroup g = latest.get().stream().filter(x -> x.source().equals("endpointslice/shop/web-x1")).findFirst().orElseThrow();
        Labels t = merged(g, 0);
        assertThat(t.get("__address__")).isEqualTo("10.1.0.5:8080");
        assertThat(t.get("__meta_kubernetes_endpointslice_name")).isEqualTo("web-x1");
        assertThat(t.get("__meta_kubernetes_endpointslice_address_type")).isEqualTo("IPv4");
        assertThat(t.get("__meta_kubernetes_endpointslice_endpoint_conditions_ready")).isEqualTo("true");
        assertThat(t.get("__meta_kubernetes_endpointslice_endpoint_zone")).isEqualTo("z1");
        assertThat(t.get("__meta_kubernetes_endpointslice_port_name")).isEqualTo("http");
        assertThat(t.get("__meta_kubernetes_endpointslice_address_target_name")).isEqualTo("web-1");
    }

    @Test
    void nodeRoleUsesTheInternalIpAndKubeletPort() {
        TargetGroup g = discover("node", List.of(), List.of()).get(0);
        Labels t = merged(g, 0);
        assertThat(t.get("__address__")).isEqualTo("192.168.0.10:10250");
        assertThat(t.get("instance")).isEqualTo("node-a");
        assertThat(t.get("__meta_kubernetes_node_name")).isEqualTo("node-a");
        assertThat(t.get("__meta_kubernetes_node_label_zone")).isEqualTo("z1");
        assertThat(t.get("__meta_kubernetes_node_provider_id")).isEqualTo("aws:///i-1");
        assertThat(t.get("__meta_kubernetes_node_address_InternalIP")).isEqualTo("192.168.0.10");
        assertThat(t.get("__meta_kubernetes_node_address_Hostname")).isEqualTo("node-a");
    }

    private TargetGroup awaitGroup(String source, java.util.function.Predicate<TargetGroup> ready) {
        await().atMost(Duration.ofSeconds(10)).until(() -> latest.get().stream()
                .anyMatch(g -> g.source().equals(source) && ready.test(g)));
        return latest.get().stream().filter(g -> g.source().equals(source)).findFirst().orElseThrow();
    }

    private void addPodWithMetricsAndInitPorts() {
        client.pods().inNamespace("shop").resource(new PodBuilder()
                .withNewMetadata().withName("api-1").withNamespace("shop").endMetadata()
                .withNewSpec().withNodeName("node-a")
                .addNewContainer().withName("api").withImage("api:2")
                .addNewPort().withName("http").withContainerPort(8080).withProtocol("TCP").endPort()
                .addNewPort().withName("metrics").withContainerPort(9102).withProtocol("TCP").endPort().endContainer()
                .addNewInitContainer().withName("migrate").withImage("migrate:1")
                .addNewPort().withName("debug").withContainerPort(7000).withProtocol("UDP").endPort().endInitContainer()
                .endSpec()
                .withNewStatus().withPodIP("10.1.0.8").withPhase("Running").endStatus().build()).create();
        client.endpoints().inNamespace("shop").resource(new EndpointsBuilder()
                .withNewMetadata().withName("api").withNamespace("shop").endMetadata()
                .addNewSubset().addNewAddress().withIp("10.1.0.8")
                .withNewTargetRef().withKind("Pod").withName("api-1").withNamespace("shop").endTargetRef().endAddress()
                .addNewPort().withName("web").withPort(8080).withProtocol("TCP").endPort().endSubset().build()).create();
    }

    @Test
    void endpointsRoleAddsATargetForEveryContainerPortNoEndpointLists() {
        addPodWithMetricsAndInitPorts();
        discover("endpoints", List.of(), List.of());
        TargetGroup g = awaitGroup("endpoints/shop/api", x -> x.targets().size() == 3);
        assertThat(g.targets()).extracting(t -> t.get("__address__"))
                .containsExactlyInAnyOrder("10.1.0.8:8080", "10.1.0.8:9102", "10.1.0.8:7000");
        Labels web = g.targets().stream().filter(t -> t.get("__address__").endsWith(":8080")).findFirst().orElseThrow();
        assertThat(web.get("__meta_kubernetes_endpoint_port_name")).isEqualTo("web");
        assertThat(web.get("__meta_kubernetes_pod_container_port_name")).isEqualTo("http");
        assertThat(web.get("__meta_kubernetes_pod_container_init")).isEqualTo("false");
        // A port no endpoint lists: pod and container labels, but none of the endpoint's.
        Labels metrics = g.targets().stream().filter(t -> t.get("__address__").endsWith(":9102")).findFirst().orElseThrow();
        assertThat(metrics.get("__meta_kubernetes_pod_name")).isEqualTo("api-1");
        assertThat(metrics.get("__meta_kubernetes_pod_container_name")).isEqualTo("api");
        assertThat(metrics.get("__meta_kubernetes_pod_container_port_name")).isEqualTo("metrics");
        assertThat(metrics.get("__meta_kubernetes_pod_container_port_number")).isEqualTo("9102");
        assertThat(metrics.has("__meta_kubernetes_endpoint_port_name")).isFalse();
        assertThat(metrics.has("__meta_kubernetes_endpoint_ready")).isFalse();
        Labels init = g.targets().stream().filter(t -> t.get("__address__").endsWith(":7000")).findFirst().orElseThrow();
        assertThat(init.get("__meta_kubernetes_pod_container_init")).isEqualTo("true");
        assertThat(init.get("__meta_kubernetes_pod_container_port_protocol")).isEqualTo("UDP");
    }

    @Test
    void endpointSliceRoleAlsoAddsUncoveredContainerPorts() {
        addPodWithMetricsAndInitPorts();
        client.discovery().v1().endpointSlices().inNamespace("shop").resource(new EndpointSliceBuilder()
                .withNewMetadata().withName("api-x1").withNamespace("shop").addToLabels("kubernetes.io/service-name", "api")
                .endMetadata().withAddressType("IPv4")
                .addNewEndpoint().withAddresses("10.1.0.8")
                .withNewTargetRef().withKind("Pod").withName("api-1").withNamespace("shop").endTargetRef().endEndpoint()
                .addNewPort().withName("web").withPort(8080).withProtocol("TCP").endPort().build()).create();
        discover("endpointslice", List.of(), List.of());
        TargetGroup g = awaitGroup("endpointslice/shop/api-x1", x -> x.targets().size() == 3);
        assertThat(g.targets()).extracting(t -> t.get("__address__"))
                .containsExactlyInAnyOrder("10.1.0.8:8080", "10.1.0.8:9102", "10.1.0.8:7000");
    }

    @Test
    void attachMetadataAddsNodeAndNamespaceLabelsAndDropsPodsOnUnknownNodes() {
        client.namespaces().resource(new io.fabric8.kubernetes.api.model.NamespaceBuilder()
                .withNewMetadata().withName("shop").addToLabels("team", "checkout")
                .addToAnnotations("owner", "ops@example.com").endMetadata().build()).create();
        client.pods().inNamespace("shop").resource(new PodBuilder()
                .withNewMetadata().withName("lost-1").withNamespace("shop").endMetadata()
                .withNewSpec().withNodeName("node-gone").addNewContainer().withName("c").endContainer().endSpec()
                .withNewStatus().withPodIP("10.1.0.99").endStatus().build()).create();
        discover("pod", List.of(), List.of(), new KubernetesSdConfig.AttachMetadata(true, true, false, false, false));
        TargetGroup web = awaitGroup("pod/shop/web-1", g -> g.labels().has("__meta_kubernetes_node_label_zone")
                && g.labels().has("__meta_kubernetes_namespace_label_team"));
        Labels t = merged(web, 0);
        assertThat(t.get("__meta_kubernetes_node_name")).isEqualTo("node-a");
        assertThat(t.get("__meta_kubernetes_node_label_zone")).isEqualTo("z1");
        assertThat(t.get("__meta_kubernetes_node_labelpresent_zone")).isEqualTo("true");
        assertThat(t.get("__meta_kubernetes_namespace_label_team")).isEqualTo("checkout");
        assertThat(t.get("__meta_kubernetes_namespace_annotation_owner")).isEqualTo("ops@example.com");
        // Its node is not known (filtered out, or gone): like Prometheus, no targets for it.
        TargetGroup lost = awaitGroup("pod/shop/lost-1", g -> true);
        assertThat(lost.targets()).isEmpty();
    }

    @Test
    void attachMetadataNodeLabelsEndpointTargetsByTheirNode() {
        discover("endpoints", List.of(), List.of(), new KubernetesSdConfig.AttachMetadata(true, false, false, false, false));
        TargetGroup g = awaitGroup("endpoints/shop/web", x -> !x.targets().isEmpty()
                && x.targets().get(0).has("__meta_kubernetes_node_label_zone"));
        Labels ready = merged(g, 0);
        assertThat(ready.get("__meta_kubernetes_node_name")).isEqualTo("node-a");
        assertThat(ready.get("__meta_kubernetes_node_label_zone")).isEqualTo("z1");
        // The not-ready address names no node: no node labels.
        assertThat(merged(g, 1).has("__meta_kubernetes_node_name")).isFalse();
    }

    @Test
    void attachMetadataDeploymentAndJobNameThePodsOwners() {
        client.apps().replicaSets().inNamespace("shop").resource(new io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder()
                .withNewMetadata().withName("web-abc").withNamespace("shop")
                .addNewOwnerReference().withKind("Deployment").withName("web").withController(true)
                .withApiVersion("apps/v1").withUid("d").endOwnerReference().endMetadata().build()).create();
        client.pods().inNamespace("shop").resource(new PodBuilder()
                .withNewMetadata().withName("report-1").withNamespace("shop")
                .addNewOwnerReference().withKind("Job").withName("report-29").withController(true)
                .withApiVersion("batch/v1").withUid("j").endOwnerReference().endMetadata()
                .withNewSpec().addNewContainer().withName("r").endContainer().endSpec()
                .withNewStatus().withPodIP("10.1.0.30").endStatus().build()).create();
        client.batch().v1().jobs().inNamespace("shop").resource(new io.fabric8.kubernetes.api.model.batch.v1.JobBuilder()
                .withNewMetadata().withName("report-29").withNamespace("shop")
                .addNewOwnerReference().withKind("CronJob").withName("report").withController(true)
                .withApiVersion("batch/v1").withUid("cj").endOwnerReference().endMetadata().build()).create();
        discover("pod", List.of(), List.of(), new KubernetesSdConfig.AttachMetadata(false, false, true, true, true));
        TargetGroup web = awaitGroup("pod/shop/web-1", g -> g.labels().has("__meta_kubernetes_pod_deployment_name"));
        assertThat(web.labels().get("__meta_kubernetes_pod_deployment_name")).isEqualTo("web");
        TargetGroup report = awaitGroup("pod/shop/report-1", g -> g.labels().has("__meta_kubernetes_pod_cronjob_name"));
        assertThat(report.labels().get("__meta_kubernetes_pod_job_name")).isEqualTo("report-29");
        assertThat(report.labels().get("__meta_kubernetes_pod_cronjob_name")).isEqualTo("report");
    }
}
