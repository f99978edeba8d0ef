package io.pharos.alertmanager.notify.email;

import io.pharos.alertmanager.alert.Alert;
import io.pharos.alertmanager.config.EmailConfig;
import io.pharos.alertmanager.notify.FailureReason;
import io.pharos.alertmanager.notify.HttpDelivery;
import io.pharos.alertmanager.notify.NotificationContext;
import io.pharos.alertmanager.notify.NotificationData;
import io.pharos.alertmanager.notify.NotificationException;
import io.pharos.alertmanager.notify.Notifier;
import io.pharos.alertmanager.notify.TemplateRenderer;
import io.pharos.alertmanager.template.TemplateData;
import io.pharos.alertmanager.template.Templates;
import jakarta.mail.Address;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import jakarta.mail.internet.MimeUtility;
import java.io.InputStream;
import java.io.UnsupportedEncodingException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Clock;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ThreadLocalRandom;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * Sends a notification as one e-mail over SMTP, as Alertmanager does: implicit TLS on port 465
 * (or with {@code force_implicit_tls}), otherwise plain SMTP upgraded with STARTTLS, which is
 * required unless {@code require_tls: false}; authentication (PLAIN or LOGIN) when
 * {@code auth_username} is set; rendered headers (Subject, To, From and custom ones) and a
 * {@code multipart/alternative} body with the text and HTML parts that are configured.
 */
public final class EmailNotifier implements Notifier {
    private static final DateTimeFormatter RFC1123Z = DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss Z", Locale.ENGLISH);

    private final EmailConfig config;
    private final Templates templates;
    private final String externalUrl;
    private final Clock clock;
    private final String hostname;

    public EmailNotifier(EmailConfig config, Templates templates, String externalUrl, Clock clock) {
        this.config = config;
        this.templates = templates;
        this.externalUrl = externalUrl;
        this.clock = clock;
        String h;
        try {
            h = InetAddress.getLocalHost().getHostName();
        } catch (Exception e) {
            h = "localhost.localdomain";
        }
        this.hostname = h;
    }

    /** The headers to send: Subject, To and From by default, then those configured (templates). */
    Map<String, String> headers() {
        Map<String, String> h = new java.util.TreeMap<>(config.headers());
        h.putIfAbsent("Subject", "{{ template \"email.default.subject\" . }}");
        h.putIfAbsent("To", config.to());
        h.putIfAbsent("From", config.from());
        return h;
    }

    @Override
    public void notify(NotificationContext ctx, List<Alert> alerts) throws NotificationException {
        TemplateRenderer t = new TemplateRenderer(templates, TemplateData.of(NotificationData.of(ctx, alerts, externalUrl)));
        String from = t.text(config.from());
        t.check("'from'");
        String to = t.text(config.to());
        t.check("'to'");
        InternetAddress[] fromAddrs = parse(from, "from");
        if (fromAddrs.length != 1) {
            throw new NotificationException("must be exactly one 'from' address (got: " + fromAddrs.length + ")", false,
                    FailureReason.OTHER);
        }
        InternetAddress[] toAddrs = parse(to, "to");

        Session session = Session.getInstance(properties(ctx));
        MimeMessage msg = new MimeMessage(session) {
            @Override
            protected void updateMessageID() throws MessagingException {
                if (getHeader("Message-Id") == null) {
                    setHeader("Message-Id", "<" + System.nanoTime() + "." + Long.toUnsignedString(ThreadLocalRandom.current().nextLong())
                            + "@" + hostname + ">");
                }
            }
        };
        try {
            for (Map.Entry<String, String> h : headers().entrySet()) {
                String value = t.text(h.getValue());
                t.check("'" + h.getKey() + "' header");
                msg.setHeader(h.getKey(), MimeUtility.encodeText(value, "UTF-8", "Q"));
            }
            msg.setHeader("Date", RFC1123Z.format(ZonedDateTime.now(clock)));
            MimeMultipart body = new MimeMultipart("alternative");
            if (!config.text().isEmpty()) {
                String text = t.text(config.text());
                t.check("text template");
                MimeBodyPart part = new MimeBodyPart();
                part.setText(text, "UTF-8", "plain");
                part.setHeader("Content-Transfer-Encoding", "quoted-printable");
                body.addBodyPart(part);
            }
            if (!config.html().isEmpty()) {
                String html = t.html(config.html());
                t.check("html template");
                MimeBodyPart part = new MimeBodyPart();
                part.setText(html, "UTF-8", "html");
                part.setHeader("Content-Transfer-Encoding", "quoted-printable");
                body.addBodyPart(part);
            }
            msg.setContent(body);
            msg.saveChanges();
            msg.setHeader("Date", RFC1123Z.format(ZonedDateTime.now(clock)));
        } catch (MessagingException | UnsupportedEncodingException e) {
            throw new NotificationException("build message: " + e.getMessage(), false, FailureReason.OTHER, e);
        }
        send(session, msg, fromAddrs[0], toAddrs);
    }

    private void send(Session session, MimeMessage msg, InternetAddress from, Address[] to) throws NotificationException {
        String protocol = implicitTls() ? "smtps" : "smtp";
        session.getProperties().put("mail." + protocol + ".from", from.getAddress());
        try (Transport transport = session.getTransport(protocol)) {
            String user = config.authUsername();
            if (user != null && !user.isEmpty()) {
                transport.connect(config.host(), config.port(), user, password());
            } else {
                transport.connect(config.host(), config.port(), null, null);
            }
            transport.sendMessage(msg, to);
        } catch (AuthenticationFailedException e) {
            throw new NotificationException("auth: " + e.getMessage(), true, FailureReason.AUTH_ERROR, e);
        } catch (MessagingException e) {
            String why = e.getMessage() == null ? e.toString() : e.getMessage();
            if (why.contains("STARTTLS")) {
                why = "'require_tls' is true (default) but \"" + config.smarthost() + "\" does not advertise the STARTTLS extension";
            }
            throw new NotificationException("send mail: " + why, true, FailureReason.OTHER, e);
        }
    }

    private String password() throws NotificationException {
        if (config.authPasswordFile() != null) {
            return HttpDelivery.readSecret(config.authPasswordFile(), "auth_password_file");
        }
        return config.authPassword() == null ? "" : config.authPassword();
    }

    private boolean implicitTls() {
        return config.forceImplicitTls() != null ? config.forceImplicitTls() : config.port() == 465;
    }

    private Properties properties(NotificationContext ctx) throws NotificationException {
        Properties p = new Properties();
        long timeout = ctx.timeout().isZero() ? 30_000 : Math.min(ctx.timeout().toMillis(), 60_000);
        for (String proto : new String[] {"smtp", "smtps"}) {
            String pre = "mail." + proto + ".";
            p.put(pre + "host", config.host());
            p.put(pre + "port", String.valueOf(config.port()));
            p.put(pre + "localhost", config.hello());
            p.put(pre + "connectiontimeout", String.valueOf(timeout));
            p.put(pre + "timeout", String.valueOf(timeout));
            p.put(pre + "writetimeout", String.valueOf(timeout));
            p.put(pre + "auth", String.valueOf(config.authUsername() != null && !config.authUsername().isEmpty()));
            p.put(pre + "auth.mechanisms", "PLAIN LOGIN");
            if (config.authIdentity() != null && !config.authIdentity().isEmpty()) {
                p.put(pre + "sasl.authorizationid", config.authIdentity());
            }
            p.put(pre + "ssl.checkserveridentity", String.valueOf(!config.insecureSkipVerify()));
            if (config.insecureSkipVerify()) {
                p.put(pre + "ssl.trust", "*");
            }
            if (config.caFile() != null) {
                p.put(pre + "ssl.socketFactory", sslContext().getSocketFactory());
            }
        }
        if (!implicitTls()) {
            p.put("mail.smtp.starttls.enable", String.valueOf(config.requireTls()));
            p.put("mail.smtp.starttls.required", String.valueOf(config.requireTls()));
        }
        return p;
    }

    private SSLContext sslContext() throws NotificationException {
        try (InputStream in = Files.newInputStream(Path.of(config.caFile()))) {
            KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
            ks.load(null, null);
            int i = 0;
            for (Certificate c : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                ks.setCertificateEntry("ca" + i++, c);
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(ks);
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, tmf.getTrustManagers(), null);
            return ctx;
        } catch (Exception e) {
            throw new NotificationException("parse TLS configuration: " + e.getMessage(), false, FailureReason.OTHER, e);
        }
    }

    private static InternetAddress[] parse(String list, String what) throws NotificationException {
        try {
            return InternetAddress.parse(list, true);
        } catch (AddressException e) {
            throw new NotificationException("parse '" + what + "' addresses: " + e.getMessage(), false, FailureReason.OTHER, e);
        }
    }

    static Date now(Clock clock) {
        return Date.from(clock.instant());
    }
}
