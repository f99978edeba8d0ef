package io.pharos.collector.scrape;

import io.pharos.model.config.ConfigException;
import io.pharos.model.config.HttpClientConfig;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.Socket;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * Builds the JDK HTTP client of a scrape config: redirects, and TLS with Prometheus's
 * {@code tls_config} (CA, client certificate and key in PEM, {@code server_name} for SNI and
 * verification, {@code insecure_skip_verify}, {@code min_version}).
 */
public final class HttpClients {
    private HttpClients() {
    }

    public static HttpClient build(HttpClientConfig cfg) {
        HttpClient.Builder b = HttpClient.newBuilder()
                .connectTimeout(Duration.ofSeconds(30))
                .followRedirects(cfg.followRedirects() ? HttpClient.Redirect.ALWAYS : HttpClient.Redirect.NEVER)
                .version(cfg.enableHttp2() ? HttpClient.Version.HTTP_2 : HttpClient.Version.HTTP_1_1);
        HttpClientConfig.TlsConfig tls = cfg.tlsConfig();
        if (tls != null && !tls.equals(HttpClientConfig.TlsConfig.NONE)) {
            b.sslContext(sslContext(tls));
            SSLParameters params = new SSLParameters();
            if (!tls.serverName().isEmpty()) {
                params.setServerNames(List.of(new SNIHostName(tls.serverName())));
            }
            if (!tls.minVersion().isEmpty()) {
                params.setProtocols(protocolsFrom(tls.minVersion()));
            }
            b.sslParameters(params);
        }
        return b.build();
    }

    private static String[] protocolsFrom(String min) {
        List<String> all = List.of("TLSv1", "TLSv1.1", "TLSv1.2", "TLSv1.3");
        int from = switch (min) {
            case "TLS10" -> 0;
            case "TLS11" -> 1;
            case "TLS12" -> 2;
            default -> 3;
        };
        return all.subList(from, all.size()).toArray(String[]::new);
    }

    static SSLContext sslContext(HttpClientConfig.TlsConfig tls) {
        try {
            X509TrustManager trust;
            if (tls.insecureSkipVerify()) {
                trust = new TrustAll();
            } else {
                String caPem = pem(tls.ca(), tls.caFile());
                TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                if (caPem.isEmpty()) {
                    tmf.init((KeyStore) null);
                } else {
                    KeyStore ks = KeyStore.getInstance("PKCS12");
                    ks.load(null, null);
                    int i = 0;
                    for (Certificate c : certificates(caPem)) {
                        ks.setCertificateEntry("ca" + i++, c);
                    }
                    tmf.init(ks);
                }
                trust = (X509TrustManager) tmf.getTrustManagers()[0];
                if (!tls.serverName().isEmpty()) {
                    trust = new ServerNameVerifying(trust, tls.serverName());
                }
            }
            KeyManagerFactory kmf = null;
            String certPem = pem(tls.cert(), tls.certFile());
            if (!certPem.isEmpty()) {
                PrivateKey key = privateKey(pem(tls.key(), tls.keyFile()));
                KeyStore ks = KeyStore.getInstance("PKCS12");
                ks.load(null, null);
                ks.setKeyEntry("client", key, new char[0], certificates(certPem).toArray(Certificate[]::new));
                kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                kmf.init(ks, new char[0]);
            }
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(kmf == null ? null : kmf.getKeyManagers(), new TrustManager[] {trust}, null);
            return ctx;
        } catch (GeneralSecurityException | IOException e) {
            throw new ConfigException("unable to use the TLS config: " + e.getMessage(), e);
        }
    }

    private static String pem(String inline, String file) throws IOException {
        if (!inline.isEmpty()) {
            return inline;
        }
        if (file.isEmpty()) {
            return "";
        }
        return Files.readString(Path.of(file));
    }

    static Collection<? extends Certificate> certificates(String pem) throws CertificateException {
        CertificateFactory cf = CertificateFactory.getInstance("X.509");
        Collection<? extends Certificate> certs = cf.generateCertificates(
                new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
        if (certs.isEmpty()) {
            throw new CertificateException("no certificate found in PEM data");
        }
        return certs;
    }

    /** A PEM private key: PKCS#8 ("PRIVATE KEY", RSA, EC or Ed25519) or PKCS#1 ("RSA PRIVATE KEY"). */
    static PrivateKey privateKey(String pem) throws GeneralSecurityException {
        String type;
        if (pem.contains("-----BEGIN PRIVATE KEY-----")) {
            type = "PRIVATE KEY";
        } else if (pem.contains("-----BEGIN RSA PRIVATE KEY-----")) {
            type = "RSA PRIVATE KEY";
        } else {
            throw new GeneralSecurityException("unsupported private key format (use PKCS#8 or PKCS#1 PEM)");
        }
        int start = pem.indexOf("-----BEGIN " + type + "-----") + ("-----BEGIN " + type + "-----").length();
        int end = pem.indexOf("-----END " + type + "-----");
        byte[] der = Base64.getMimeDecoder().decode(pem.substring(start, end));
        if (type.equals("RSA PRIVATE KEY")) {
            der = pkcs1ToPkcs8(der);
            return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(der));
        }
        for (String alg : List.of("RSA", "EC", "Ed25519")) {
            try {
                return KeyFactory.getInstance(alg).generatePrivate(new PKCS8EncodedKeySpec(der));
            } catch (GeneralSecurityException e) {
                // try the next algorithm
            }
        }
        throw new GeneralSecurityException("unreadable PKCS#8 private key");
    }

    private static byte[] pkcs1ToPkcs8(byte[] pkcs1) {
        byte[] algId = {0x30, 0x0d, 0x06, 0x09, 0x2a, (byte) 0x86, 0x48, (byte) 0x86, (byte) 0xf7, 0x0d, 0x01, 0x01, 0x01, 0x05, 0x00};
        byte[] version = {0x02, 0x01, 0x00};
        byte[] octet = der(0x04, pkcs1);
        byte[] body = new byte[version.length + algId.length + octet.length];
        System.arraycopy(version, 0, body, 0, version.length);
        System.arraycopy(algId, 0, body, version.length, algId.length);
        System.arraycopy(octet, 0, body, version.length + algId.length, octet.length);
        return der(0x30, body);
    }

    private static byte[] der(int tag, byte[] content) {
        int len = content.length;
        byte[] header;
        if (len < 0x80) {
            header = new byte[] {(byte) tag, (byte) len};
        } else if (len < 0x100) {
            header = new byte[] {(byte) tag, (byte) 0x81, (byte) len};
        } else if (len < 0x10000) {
            header = new byte[] {(byte) tag, (byte) 0x82, (byte) (len >> 8), (byte) len};
        } else {
            header = new byte[] {(byte) tag, (byte) 0x83, (byte) (len >> 16), (byte) (len >> 8), (byte) len};
        }
        byte[] out = new byte[header.length + len];
        System.arraycopy(header, 0, out, 0, header.length);
        System.arraycopy(content, 0, out, header.length, len);
        return out;
    }

    /** {@code insecure_skip_verify}: accepts any server certificate and name. */
    private static final class TrustAll extends X509ExtendedTrustManager {
        @Override public void checkClientTrusted(X509Certificate[] c, String a, Socket s) { }
        @Override public void checkServerTrusted(X509Certificate[] c, String a, Socket s) { }
        @Override public void checkClientTrusted(X509Certificate[] c, String a, SSLEngine e) { }
        @Override public void checkServerTrusted(X509Certificate[] c, String a, SSLEngine e) { }
        @Override public void checkClientTrusted(X509Certificate[] c, String a) { }
        @Override public void checkServerTrusted(X509Certificate[] c, String a) { }
        @Override public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }

    /** Verifies the chain, then the server's name against {@code server_name} instead of the URL's host. */
    private static final class ServerNameVerifying extends X509ExtendedTrustManager {
        private final X509TrustManager delegate;
        private final String serverName;

        ServerNameVerifying(X509TrustManager delegate, String serverName) {
            this.delegate = delegate;
            this.serverName = serverName.toLowerCase(Locale.ROOT);
        }

        private void check(X509Certificate[] chain, String authType) throws CertificateException {
            delegate.checkServerTrusted(chain, authType);
            if (!nameMatches(chain[0])) {
                throw new CertificateException("x509: certificate is not valid for " + serverName);
            }
        }

        private boolean nameMatches(X509Certificate cert) throws CertificateParsingException {
            List<String> names = new ArrayList<>();
            if (cert.getSubjectAlternativeNames() != null) {
                for (List<?> san : cert.getSubjectAlternativeNames()) {
                    if (((Integer) san.get(0) == 2 || (Integer) san.get(0) == 7) && san.get(1) instanceof String s) {
                        names.add(s.toLowerCase(Locale.ROOT));
                    }
                }
            }
            for (String n : names) {
                if (n.equals(serverName) || (n.startsWith("*.") && serverName.endsWith(n.substring(1))
                        && serverName.indexOf('.') == serverName.length() - n.length() + 1)) {
                    return true;
                }
            }
            return false;
        }

        @Override public void checkClientTrusted(X509Certificate[] c, String a, Socket s) throws CertificateException {
            delegate.checkClientTrusted(c, a);
        }
        @Override public void checkServerTrusted(X509Certificate[] c, String a, Socket s) throws CertificateException {
            check(c, a);
        }
        @Override public void checkClientTrusted(X509Certificate[] c, String a, SSLEngine e) throws CertificateException {
            delegate.checkClientTrusted(c, a);
        }
        @Override public void checkServerTrusted(X509Certificate[] c, String a, SSLEngine e) throws CertificateException {
            check(c, a);
        }
        @Override public void checkClientTrusted(X509Certificate[] c, String a) throws CertificateException {
            delegate.checkClientTrusted(c, a);
        }
        @Override public void checkServerTrusted(X509Certificate[] c, String a) throws CertificateException {
            check(c, a);
        }
        @Override public X509Certificate[] getAcceptedIssuers() {
            return delegate.getAcceptedIssuers();
        }
    }
}
