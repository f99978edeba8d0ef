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
        boolean attachNodeMetadata,
        HttpClientConfig http) {

    public KubernetesSdConfig {
        namespaces = List.copyOf(namespaces);
        selectors = List.copyOf(selectors);
    }

    /** A {@code selectors} entry: label and field selectors for one role. */
    public record Selector(String role, String label, String field) {
    }
}
