package io.pharos.collector.scrape;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import io.pharos.model.config.PrometheusConfigLoader;
import io.pharos.model.config.ScrapeConfig;
import io.pharos.model.labels.Labels;
import io.pharos.model.sample.SamplePublisher;
import java.io.FileInputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * tls_config against an HTTPS target on loopback whose certificate (for the name pharos.test,
 * signed by a test CA) and the client's are made with the JDK's keytool.
 */
class TlsScrapeTest {
    @TempDir
    static Path dir;
    private static HttpsServer server;
    private static String address;

    private static void keytool(String... args) throws Exception {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException("keytool " + String.join(" ", args) + ": " + out);
        }
    }

    /** A key pair in NAME.p12 whose certificate (NAME.pem) the CA signed, for the given SAN. */
    private static void signed(String name, String san) throws Exception {
        keytool("-genkeypair", "-alias", name, "-keyalg", "RSA", "-keysize", "2048", "-dname", "CN=" + name,
                "-validity", "2", "-keystore", name + ".p12", "-storepass", "changeit", "-storetype", "PKCS12");
        keytool("-certreq", "-alias", name, "-keystore", name + ".p12", "-storepass", "changeit", "-file", name + ".csr");
        List<String> gencert = new ArrayList<>(List.of("-gencert", "-alias", "ca", "-keystore", "ca.p12", "-storepass", "changeit",
                "-infile", name + ".csr", "-outfile", name + ".pem", "-rfc", "-validity", "2"));
        if (san != null) {
            gencert.addAll(List.of("-ext", "san=" + san));
        }
        keytool(gencert.toArray(String[]::new));
        keytool("-importcert", "-alias", "ca", "-keystore", name + ".p12", "-storepass", "changeit", "-file", "ca.pem", "-noprompt");
        keytool("-importcert", "-alias", name, "-keystore", name + ".p12", "-storepass", "changeit", "-file", name + ".pem");
    }

    @BeforeAll
    static void certificatesAndServer() throws Exception {
        keytool("-genkeypair", "-alias", "ca", "-keyalg", "RSA", "-keysize", "2048", "-dname", "CN=Pharos Test CA",
                "-ext", "bc:c", "-validity", "2", "-keystore", "ca.p12", "-storepass", "changeit", "-storetype", "PKCS12");
        keytool("-exportcert", "-alias", "ca", "-keystore", "ca.p12", "-storepass", "changeit", "-rfc", "-file", "ca.pem");
        signed("server", "dns:pharos.test");
        signed("client", null);
        KeyStore clientKs = load("client.p12");
        PrivateKey key = (PrivateKey) clientKs.getKey("client", "changeit".toCharArray());
        Files.writeString(dir.resolve("client.key"), "-----BEGIN PRIVATE KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(key.getEncoded()) + "\n-----END PRIVATE KEY-----\n");

        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(load("server.p12"), "changeit".toCharArray());
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("ca", load("ca.p12").getCertificate("ca"));
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);
        server = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(ctx) {
            @Override
            public void configure(HttpsParameters params) {
                SSLParameters p = ctx.getDefaultSSLParameters();
                p.setNeedClientAuth(true);
                params.setSSLParameters(p);
            }
        });
        server.createContext("/metrics", ex -> {
            byte[] b = "secure_metric 1\n".getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(200, b.length);
            ex.getResponseBody().write(b);
            ex.close();
        });
        server.start();
        address = "127.0.0.1:" + server.getAddress().getPort();
    }

    private static KeyStore load(String file) throws Exception {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (FileInputStream in = new FileInputStream(dir.resolve(file).toFile())) {
            ks.load(in, "changeit".toCharArray());
        }
        return ks;
    }

    @AfterAll
    static void stop() {
        server.stop(0);
    }

    private ScrapeHealth scrape(String tlsYaml) {
        String yaml = "scrape_configs:\n  - job_name: tls\n    scheme: https\n" + tlsYaml.indent(4);
        ScrapeConfig c = PrometheusConfigLoader.parse(dir.resolve("p.yml").toString(), yaml, dir).scrapeConfigs().get(0);
        TargetLabels.Result r = TargetLabels.populate(c, Labels.of("__address__", address), Labels.EMPTY);
        SamplePublisher publisher = s -> CompletableFuture.completedFuture(null);
        ScrapeLoop loop = new ScrapeLoop(r.target(), new TargetScraper(HttpClients.build(c.http()), c.http()), publisher,
                Clock.systemUTC());
        loop.scrapeOnce();
        return loop.health();
    }

    @Test
    void caServerNameAndClientCertificateScrapeSuccessfully() {
        assertThat(scrape("tls_config: {ca_file: ca.pem, server_name: pharos.test, cert_file: client.pem, key_file: client.key}")
                .lastError()).isEmpty();
    }

    @Test
    void theServerNameMustMatchTheCertificate() {
        assertThat(scrape("tls_config: {ca_file: ca.pem, server_name: other.test, cert_file: client.pem, key_file: client.key}")
                .state()).isEqualTo(ScrapeHealth.State.DOWN);
        assertThat(scrape("tls_config: {ca_file: ca.pem, cert_file: client.pem, key_file: client.key}").state())
                .isEqualTo(ScrapeHealth.State.DOWN); // 127.0.0.1 is not in the certificate
    }

    @Test
    void anUnknownCaFailsUnlessVerificationIsSkipped() {
        assertThat(scrape("tls_config: {cert_file: client.pem, key_file: client.key}").state()).isEqualTo(ScrapeHealth.State.DOWN);
        assertThat(scrape("tls_config: {insecure_skip_verify: true, cert_file: client.pem, key_file: client.key}").lastError())
                .isEmpty();
    }

    @Test
    void aServerThatRequiresAClientCertificateRefusesAScrapeWithout() {
        assertThat(scrape("tls_config: {ca_file: ca.pem, server_name: pharos.test}").state()).isEqualTo(ScrapeHealth.State.DOWN);
    }
}
