package io.pharos.alertmanager.config;

import java.util.Map;

/**
 * An {@code http_config:} block (Prometheus' common HTTP client settings). Basic auth, the
 * {@code authorization} header, {@code bearer_token} and {@code follow_redirects} are applied;
 * the rest (TLS, proxy, OAuth2) is kept in {@link #settings()} for a later slice.
 */
public record HttpClientConfig(
        BasicAuth basicAuth,
        Authorization authorization,
        boolean followRedirects,
        Map<String, Object> settings) {

    public static final HttpClientConfig DEFAULT = new HttpClientConfig(null, null, true, Map.of());

    public HttpClientConfig {
        settings = settings == null ? Map.of() : settings;
    }

    /** {@code basic_auth}: the password inline or read from {@code password_file}. */
    public record BasicAuth(String username, String password, String passwordFile) {
    }

    /** {@code authorization} (or the older {@code bearer_token}): {@code type} defaults to Bearer. */
    public record Authorization(String type, String credentials, String credentialsFile) {
    }
}
