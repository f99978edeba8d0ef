package io.pharos.model.config;

/**
 * The HTTP client options of a scrape config, as Prometheus's common HTTP config names them.
 * File paths are already resolved against the directory of the file they came from.
 */
public record HttpClientConfig(
        BasicAuth basicAuth,
        Authorization authorization,
        TlsConfig tlsConfig,
        boolean followRedirects,
        boolean enableHttp2) {

    public static final HttpClientConfig DEFAULT = new HttpClientConfig(null, null, TlsConfig.NONE, true, true);

    /** {@code basic_auth}: password inline or read from a file at each scrape. */
    public record BasicAuth(String username, String usernameFile, String password, String passwordFile) {
    }

    /** {@code authorization} (and the older {@code bearer_token} / {@code bearer_token_file}). */
    public record Authorization(String type, String credentials, String credentialsFile) {
    }

    /** {@code tls_config}: PEM files or inline PEM text. */
    public record TlsConfig(
            String caFile, String ca, String certFile, String cert, String keyFile, String key,
            String serverName, boolean insecureSkipVerify, String minVersion) {
        public static final TlsConfig NONE = new TlsConfig("", "", "", "", "", "", "", false, "");
    }
}
