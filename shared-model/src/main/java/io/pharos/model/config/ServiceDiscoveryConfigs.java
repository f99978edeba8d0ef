package io.pharos.model.config;

import java.util.List;

/** The dynamic discovery mechanisms of a scrape config, beside its {@code static_configs}. */
public record ServiceDiscoveryConfigs(
        List<FileSdConfig> fileSdConfigs, List<DnsSdConfig> dnsSdConfigs, List<KubernetesSdConfig> kubernetesSdConfigs) {

    public static final ServiceDiscoveryConfigs NONE = new ServiceDiscoveryConfigs(List.of(), List.of(), List.of());

    public ServiceDiscoveryConfigs {
        fileSdConfigs = List.copyOf(fileSdConfigs);
        dnsSdConfigs = List.copyOf(dnsSdConfigs);
        kubernetesSdConfigs = List.copyOf(kubernetesSdConfigs);
    }

    public boolean isEmpty() {
        return fileSdConfigs.isEmpty() && dnsSdConfigs.isEmpty() && kubernetesSdConfigs.isEmpty();
    }
}
