package io.pharos.collector.discovery;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.pharos.model.config.HttpClientConfig;
import io.pharos.model.config.KubernetesSdConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Function;

/**
 * The Kubernetes API client of a {@code kubernetes_sd_configs} entry: {@code api_server} with its
 * HTTP options, or {@code kubeconfig_file}, or else the in-cluster service account (as Prometheus).
 */
public final class KubernetesClients implements Function<KubernetesSdConfig, KubernetesClient> {
    @Override
    public KubernetesClient apply(KubernetesSdConfig cfg) {
        Config config;
        try {
            if (!cfg.kubeconfigFile().isEmpty()) {
                config = Config.fromKubeconfig(Files.readString(Path.of(cfg.kubeconfigFile())));
            } else if (!cfg.apiServer().isEmpty()) {
                ConfigBuilder b = new ConfigBuilder(Config.empty()).withMasterUrl(cfg.apiServer());
                HttpClientConfig http = cfg.http();
                if (http.basicAuth() != null) {
                    b.withUsername(http.basicAuth().username());
                    b.withPassword(http.basicAuth().passwordFile().isEmpty() ? http.basicAuth().password()
                            : Files.readString(Path.of(http.basicAuth().passwordFile())).strip());
                }
                if (http.authorization() != null) {
                    b.withOauthToken(http.authorization().credentialsFile().isEmpty() ? http.authorization().credentials()
                            : Files.readString(Path.of(http.authorization().credentialsFile())).strip());
                }
                HttpClientConfig.TlsConfig tls = http.tlsConfig();
                if (tls != null) {
                    b.withTrustCerts(tls.insecureSkipVerify()).withDisableHostnameVerification(tls.insecureSkipVerify());
                    if (!tls.caFile().isEmpty()) {
                        b.withCaCertFile(tls.caFile());
                    } else if (!tls.ca().isEmpty()) {
                        b.withCaCertData(java.util.Base64.getEncoder().encodeToString(tls.ca().getBytes()));
                    }
                    if (!tls.certFile().isEmpty()) {
                        b.withClientCertFile(tls.certFile()).withClientKeyFile(tls.keyFile());
                    }
                }
                config = b.build();
            } else {
                config = Config.autoConfigure(null);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("kubernetes_sd: " + e.getMessage(), e);
        }
        return new KubernetesClientBuilder().withConfig(config).build();
    }
}
