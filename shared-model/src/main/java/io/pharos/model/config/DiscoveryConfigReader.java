package io.pharos.model.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/** Reads {@code file_sd_configs}, {@code dns_sd_configs} and {@code kubernetes_sd_configs}. */
final class DiscoveryConfigReader {
    private static final Set<String> FILE_SD = Set.of("files", "refresh_interval");
    private static final Set<String> DNS_SD = Set.of("names", "refresh_interval", "type", "port");
    private static final Set<String> K8S_SD = Set.of("api_server", "role", "kubeconfig_file", "namespaces",
            "selectors", "attach_metadata", "basic_auth", "authorization", "bearer_token", "bearer_token_file",
            "tls_config", "follow_redirects", "enable_http2", "proxy_url", "no_proxy", "proxy_from_environment",
            "proxy_connect_header", "oauth2", "http_headers");
    private static final Set<String> K8S_NAMESPACES = Set.of("own_namespace", "names");
    private static final Set<String> K8S_SELECTOR = Set.of("role", "label", "field");
    private static final Set<String> K8S_ROLES = Set.of("node", "pod", "service", "endpoints", "endpointslice", "ingress");
    /** The patterns file_sd accepts: a path whose last element may hold a '*' and ends in .json, .yml or .yaml. */
    private static final Pattern FILE_PATTERN = Pattern.compile("^[^*]*(\\*[^/]*)?\\.(json|yml|yaml|JSON|YML|YAML)$");

    private DiscoveryConfigReader() {
    }

    static List<FileSdConfig> fileSd(YamlNode node, Path baseDir) {
        List<FileSdConfig> out = new ArrayList<>();
        for (YamlNode n : node.list()) {
            Map<String, YamlNode> f = n.fields(FILE_SD);
            List<String> files = f.containsKey("files") ? f.get("files").stringList() : List.of();
            if (files.isEmpty()) {
                throw n.error("file service discovery config must contain at least one path name");
            }
            List<String> resolved = new ArrayList<>();
            for (String file : files) {
                if (!FILE_PATTERN.matcher(file).matches()) {
                    throw f.get("files").error("path name \"" + file + "\" is not valid for file discovery");
                }
                resolved.add(HttpConfigReader.resolve(file, baseDir));
            }
            Duration refresh = f.containsKey("refresh_interval") ? f.get("refresh_interval").duration() : FileSdConfig.DEFAULT_REFRESH;
            out.add(new FileSdConfig(resolved, refresh));
        }
        return out;
    }

    static List<DnsSdConfig> dnsSd(YamlNode node) {
        List<DnsSdConfig> out = new ArrayList<>();
        for (YamlNode n : node.list()) {
            Map<String, YamlNode> f = n.fields(DNS_SD);
            List<String> names = f.containsKey("names") ? f.get("names").stringList() : List.of();
            if (names.isEmpty()) {
                throw n.error("DNS-SD config must contain at least one SRV record name");
            }
            String type = f.containsKey("type") ? f.get("type").string().toUpperCase(java.util.Locale.ROOT) : "SRV";
            if (type.isEmpty()) {
                type = "SRV";
            }
            int port = f.containsKey("port") ? (int) f.get("port").longValue() : 0;
            switch (type) {
                case "SRV" -> {
                }
                case "A", "AAAA", "MX", "NS" -> {
                    if (port == 0) {
                        throw n.error("a port is required in DNS-SD configs for all record types except SRV");
                    }
                }
                default -> throw f.get("type").error("invalid DNS-SD records type " + type);
            }
            Duration refresh = f.containsKey("refresh_interval") ? f.get("refresh_interval").duration() : DnsSdConfig.DEFAULT_REFRESH;
            out.add(new DnsSdConfig(names, refresh, type, port));
        }
        return out;
    }

    static List<KubernetesSdConfig> kubernetesSd(YamlNode node, Path baseDir) {
        List<KubernetesSdConfig> out = new ArrayList<>();
        for (YamlNode n : node.list()) {
            Map<String, YamlNode> f = n.fields(K8S_SD);
            String role = f.containsKey("role") ? f.get("role").string() : "";
            if (!K8S_ROLES.contains(role)) {
                throw (f.containsKey("role") ? f.get("role") : n).error("role missing (one of: pod, service, endpoints, endpointslice, node, ingress)");
            }
            String apiServer = f.containsKey("api_server") ? f.get("api_server").string() : "";
            String kubeconfig = f.containsKey("kubeconfig_file") ? HttpConfigReader.resolve(f.get("kubeconfig_file").string(), baseDir) : "";
            if (!apiServer.isEmpty() && !kubeconfig.isEmpty()) {
                throw n.error("cannot use 'kubeconfig_file' and 'api_server' simultaneously");
            }
            List<String> namespaces = List.of();
            boolean own = false;
            if (f.containsKey("namespaces")) {
                Map<String, YamlNode> ns = f.get("namespaces").fields(K8S_NAMESPACES);
                namespaces = ns.containsKey("names") ? ns.get("names").stringList() : List.of();
                own = ns.containsKey("own_namespace") && ns.get("own_namespace").bool();
            }
            List<KubernetesSdConfig.Selector> selectors = new ArrayList<>();
            if (f.containsKey("selectors")) {
                for (YamlNode s : f.get("selectors").list()) {
                    Map<String, YamlNode> sf = s.fields(K8S_SELECTOR);
                    String r = sf.containsKey("role") ? sf.get("role").string() : "";
                    if (!K8S_ROLES.contains(r)) {
                        throw s.error("invalid selector role " + r);
                    }
                    selectors.add(new KubernetesSdConfig.Selector(r,
                            sf.containsKey("label") ? sf.get("label").string() : "",
                            sf.containsKey("field") ? sf.get("field").string() : ""));
                }
            }
            KubernetesSdConfig.AttachMetadata attach = KubernetesSdConfig.AttachMetadata.NONE;
            if (f.containsKey("attach_metadata")) {
                Map<String, YamlNode> am = f.get("attach_metadata")
                        .fields(Set.of("node", "namespace", "deployment", "job", "cronjob"));
                attach = new KubernetesSdConfig.AttachMetadata(flag(am, "node"), flag(am, "namespace"),
                        flag(am, "deployment"), flag(am, "job"), flag(am, "cronjob"));
            }
            HttpClientConfig http = HttpConfigReader.read(f, baseDir);
            out.add(new KubernetesSdConfig(role, apiServer, kubeconfig, namespaces, own, selectors, attach, http));
        }
        return out;
    }

    private static boolean flag(Map<String, YamlNode> fields, String name) {
        return fields.containsKey(name) && fields.get(name).bool();
    }
}
