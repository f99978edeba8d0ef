package io.pharos.alertmanager.notify.email;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

/**
 * A small SMTP server on loopback that offers STARTTLS and, once the connection is encrypted,
 * AUTH PLAIN: GreenMail has no STARTTLS. Its certificate is made for 127.0.0.1 by the JDK's
 * keytool at start, and written as PEM for the client's {@code ca_file}. It records what each
 * session did, so a test can tell whether TLS came before the credentials and the message.
 */
final class StartTlsSmtpServer implements AutoCloseable {
    /** One SMTP session as the server saw it. */
    record Session(boolean tlsBeforeAuth, String authPlain, String mailFrom, List<String> rcptTo, String data) {
    }

    private final ServerSocket server;
    private final SSLContext tls;
    private final Path caPem;
    private final List<Session> sessions = Collections.synchronizedList(new ArrayList<>());
    private final Thread acceptor;

    StartTlsSmtpServer(Path dir) throws Exception {
        Path keystore = dir.resolve("smtp.p12");
        caPem = dir.resolve("smtp-ca.pem");
        String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
        run(keytool, "-genkeypair", "-alias", "smtp", "-keyalg", "RSA", "-keysize", "2048", "-dname", "CN=127.0.0.1",
                "-ext", "san=ip:127.0.0.1", "-validity", "2", "-storetype", "PKCS12", "-keystore", keystore.toString(),
                "-storepass", "changeit", "-keypass", "changeit");
        run(keytool, "-exportcert", "-rfc", "-alias", "smtp", "-keystore", keystore.toString(), "-storepass", "changeit",
                "-file", caPem.toString());
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keystore)) {
            ks.load(in, "changeit".toCharArray());
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, "changeit".toCharArray());
        tls = SSLContext.getInstance("TLS");
        tls.init(kmf.getKeyManagers(), null, null);
        server = new ServerSocket(0, 5, InetAddress.getLoopbackAddress());
        acceptor = new Thread(this::accept, "starttls-smtp");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    private static void run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException("keytool failed: " + out);
        }
    }

    int port() {
        return server.getLocalPort();
    }

    Path caPem() {
        return caPem;
    }

    List<Session> sessions() {
        return List.copyOf(sessions);
    }

    private void accept() {
        while (!server.isClosed()) {
            try (Socket s = server.accept()) {
                serve(s);
            } catch (IOException e) {
                // closed, or the client went away mid-session
            }
        }
    }

    private void serve(Socket plain) throws IOException {
        Socket socket = plain;
        BufferedReader in = reader(socket);
        OutputStream out = socket.getOutputStream();
        boolean encrypted = false;
        boolean tlsBeforeAuth = false;
        String auth = null;
        String from = null;
        List<String> rcpt = new ArrayList<>();
        reply(out, "220 127.0.0.1 ESMTP test");
        String line;
        while ((line = in.readLine()) != null) {
            String verb = line.length() >= 4 ? line.substring(0, 4).toUpperCase() : line.toUpperCase();
            if (verb.equals("EHLO")) {
                reply(out, encrypted ? "250-127.0.0.1\r\n250 AUTH PLAIN" : "250-127.0.0.1\r\n250 STARTTLS");
            } else if (line.equalsIgnoreCase("STARTTLS")) {
                reply(out, "220 ready to start TLS");
                SSLSocket ssl = (SSLSocket) tls.getSocketFactory().createSocket(socket, "127.0.0.1", socket.getPort(), true);
                ssl.setUseClientMode(false);
                ssl.startHandshake();
                socket = ssl;
                in = reader(socket);
                out = socket.getOutputStream();
                encrypted = true;
            } else if (verb.equals("AUTH")) {
                if (!encrypted) {
                    reply(out, "530 must issue STARTTLS first");
                    continue;
                }
                tlsBeforeAuth = true;
                String[] parts = line.split(" ");
                auth = parts.length > 2 ? parts[2] : null;
                if (auth == null) {
                    reply(out, "334 ");
                    auth = in.readLine();
                }
                auth = new String(Base64.getDecoder().decode(auth), StandardCharsets.UTF_8).replace('\0', '|');
                reply(out, "235 authenticated");
            } else if (verb.equals("MAIL")) {
                from = line.substring(line.indexOf(':') + 1).trim();
                reply(out, "250 ok");
            } else if (verb.equals("RCPT")) {
                rcpt.add(line.substring(line.indexOf(':') + 1).trim());
                reply(out, "250 ok");
            } else if (verb.equals("DATA")) {
                reply(out, "354 end with <CRLF>.<CRLF>");
                StringBuilder data = new StringBuilder();
                while ((line = in.readLine()) != null && !line.equals(".")) {
                    data.append(line).append('\n');
                }
                sessions.add(new Session(tlsBeforeAuth, auth, from, List.copyOf(rcpt), data.toString()));
                reply(out, "250 queued");
            } else if (verb.equals("QUIT")) {
                reply(out, "221 bye");
                return;
            } else {
                reply(out, "250 ok");
            }
        }
    }

    private static BufferedReader reader(Socket s) throws IOException {
        return new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.ISO_8859_1));
    }

    private static void reply(OutputStream out, String text) throws IOException {
        out.write((text + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
