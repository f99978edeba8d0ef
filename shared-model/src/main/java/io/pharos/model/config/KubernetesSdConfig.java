package io.pharos.model.config;

import java.util.List;

/**
 * One {@code kubernetes_sd_configs} entry. An empty {@code apiServer} means in-cluster (or the
 * {@code kubeconfig_file}); no namespace names means all namespaces.
 */
public record KubernetesSdConfig(
        String role,
        String apiServer,
        String kubeconfigFile,
        List<String> namespaces,
        boolean ownNamespace,
        List<Selector> selectors,
        AttachMetadata attachMetadata,
        HttpClientConfig http) {

    public KubernetesSdConfig {
        namespaces = List.copyOf(namespaces);
        selectors = List.copyOf(selectors);
    }

    /**
     * {@code attach_metadata}: which related objects' metadata the targets also carry (node and
     * namespace labels; the deployment, job and cronjob above a pod).
     */
    public record AttachMetadata(boolean node, boolean namespace, boolean deployment, boolean job, boolean cronJob) {
        public static final AttachMetadata NONE = new AttachMetadata(false, false, false, false, false);
    }

    /** A {@code selectors} entry: label and field selectors for one role. */
    public record Selector(String role, String label, String field) {
    }
}
