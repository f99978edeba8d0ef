package io.pharos.model.config;

import java.nio.file.Path;
import java.util.Map;
import java.util.Set;

/** Reads the HTTP client fields of a scrape config (auth, TLS, redirects) with Prometheus's validation. */
final class HttpConfigReader {
    private static final Set<String> BASIC_AUTH = Set.of("username", "username_file", "password", "password_file");
    private static final Set<String> AUTHORIZATION = Set.of("type", "credentials", "credentials_file");
    private static final Set<String> TLS = Set.of("ca", "ca_file", "cert", "cert_file", "key", "key_file",
            "server_name", "insecure_skip_verify", "min_version", "max_version");
    private static final Set<String> TLS_VERSIONS = Set.of("", "TLS10", "TLS11", "TLS12", "TLS13");

    private HttpConfigReader() {
    }

    static HttpClientConfig read(Map<String, YamlNode> f, Path baseDir) {
        HttpClientConfig.BasicAuth basic = null;
        if (f.containsKey("basic_auth") && !f.get("basic_auth").isNull()) {
            Map<String, YamlNode> b = f.get("basic_auth").fields(BASIC_AUTH);
            String password = str(b, "password");
            String passwordFile = file(b, "password_file", baseDir);
            if (!password.isEmpty() && !passwordFile.isEmpty()) {
                throw f.get("basic_auth").error("at most one of basic_auth password & password_file must be configured");
            }
            String username = str(b, "username");
            String usernameFile = file(b, "username_file", baseDir);
            if (!username.isEmpty() && !usernameFile.isEmpty()) {
                throw f.get("basic_auth").error("at most one of basic_auth username & username_file must be configured");
            }
            basic = new HttpClientConfig.BasicAuth(username, usernameFile, password, passwordFile);
        }
        String bearer = f.containsKey("bearer_token") ? f.get("bearer_token").string() : "";
        String bearerFile = f.containsKey("bearer_token_file") ? resolve(f.get("bearer_token_file").string(), baseDir) : "";
        if (!bearer.isEmpty() && !bearerFile.isEmpty()) {
            throw f.get("bearer_token").error("at most one of bearer_token & bearer_token_file must be configured");
        }
        HttpClientConfig.Authorization auth = null;
        if (f.containsKey("authorization") && !f.get("authorization").isNull()) {
            YamlNode node = f.get("authorization");
            if (!bearer.isEmpty() || !bearerFile.isEmpty()) {
                throw node.error("authorization is not compatible with bearer_token & bearer_token_file");
            }
            Map<String, YamlNode> a = node.fields(AUTHORIZATION);
            String type = str(a, "type");
            if (type.isEmpty()) {
                type = "Bearer";
            }
            if (type.equalsIgnoreCase("basic")) {
                throw node.error("authorization type cannot be set to \"basic\", use \"basic_auth\" instead");
            }
            String credentials = str(a, "credentials");
            String credentialsFile = file(a, "credentials_file", baseDir);
            if (!credentials.isEmpty() && !credentialsFile.isEmpty()) {
                throw node.error("at most one of authorization credentials & credentials_file must be configured");
            }
            auth = new HttpClientConfig.Authorization(type, credentials, credentialsFile);
        } else if (!bearer.isEmpty() || !bearerFile.isEmpty()) {
            auth = new HttpClientConfig.Authorization("Bearer", bearer, bearerFile);
        }
        if (basic != null && auth != null) {
            YamlNode at = f.containsKey("authorization") ? f.get("authorization") : f.get("basic_auth");
            throw at.error(f.containsKey("authorization")
                    ? "at most one of basic_auth, oauth2 & authorization must be configured"
                    : "at most one of basic_auth, oauth2, bearer_token & bearer_token_file must be configured");
        }
        HttpClientConfig.TlsConfig tls = HttpClientConfig.TlsConfig.NONE;
        if (f.containsKey("tls_config") && !f.get("tls_config").isNull()) {
            tls = tls(f.get("tls_config"), baseDir);
        }
        boolean follow = !f.containsKey("follow_redirects") || f.get("follow_redirects").bool();
        boolean http2 = !f.containsKey("enable_http2") || f.get("enable_http2").bool();
        return new HttpClientConfig(basic, auth, tls, follow, http2);
    }

    static HttpClientConfig.TlsConfig tls(YamlNode node, Path baseDir) {
        Map<String, YamlNode> t = node.fields(TLS);
        String ca = str(t, "ca");
        String caFile = file(t, "ca_file", baseDir);
        String cert = str(t, "cert");
        String certFile = file(t, "cert_file", baseDir);
        String key = str(t, "key");
        String keyFile = file(t, "key_file", baseDir);
        if (!ca.isEmpty() && !caFile.isEmpty()) {
            throw node.error("at most one of ca and ca_file must be configured");
        }
        if (!cert.isEmpty() && !certFile.isEmpty()) {
            throw node.error("at most one of cert and cert_file must be configured");
        }
        if (!key.isEmpty() && !keyFile.isEmpty()) {
            throw node.error("at most one of key and key_file must be configured");
        }
        boolean hasCert = !cert.isEmpty() || !certFile.isEmpty();
        boolean hasKey = !key.isEmpty() || !keyFile.isEmpty();
        if (hasCert && !hasKey) {
            throw node.error("exactly one of key or key_file must be configured when a client certificate is configured");
        }
        if (hasKey && !hasCert) {
            throw node.error("exactly one of cert or cert_file must be configured when a client key is configured");
        }
        String min = str(t, "min_version");
        if (!TLS_VERSIONS.contains(min)) {
            throw t.get("min_version").error("unknown TLS version: " + min);
        }
        boolean insecure = t.containsKey("insecure_skip_verify") && t.get("insecure_skip_verify").bool();
        return new HttpClientConfig.TlsConfig(caFile, ca, certFile, cert, keyFile, key, str(t, "server_name"), insecure, min);
    }

    private static String str(Map<String, YamlNode> f, String key) {
        return f.containsKey(key) ? f.get(key).string() : "";
    }

    private static String file(Map<String, YamlNode> f, String key, Path baseDir) {
        return resolve(str(f, key), baseDir);
    }

    /** Relative paths resolve against the config file's directory, as in Prometheus. */
    static String resolve(String path, Path baseDir) {
        if (path.isEmpty() || baseDir == null) {
            return path;
        }
        return baseDir.resolve(path).normalize().toString();
    }
}
