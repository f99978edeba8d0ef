package io.pharos.alertmanager.notify.email;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.pharos.alertmanager.alert.Alert;
import io.pharos.alertmanager.config.ConfigLoader;
import io.pharos.alertmanager.config.EmailConfig;
import io.pharos.alertmanager.notify.NotificationContext;
import io.pharos.alertmanager.notify.NotificationException;
import io.pharos.alertmanager.template.Templates;
import io.pharos.model.labels.Labels;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** E-mail through GreenMail, an SMTP server inside the test JVM, on loopback. */
class EmailNotifierTest {
    private static final Instant NOW = Instant.parse("2024-05-01T10:05:00Z");
    private GreenMail mail;

    @AfterEach
    void stop() {
        if (mail != null) {
            mail.stop();
        }
    }

    private void start(String protocol, boolean auth) {
        mail = new GreenMail(new ServerSetup(0, "127.0.0.1", protocol).dynamicPort());
        GreenMailConfiguration c = GreenMailConfiguration.aConfig().withUser("am@example.org", "am", "s3cret");
        mail.withConfiguration(auth ? c : c.withDisabledAuthentication());
        mail.start();
    }

    private int port() {
        return mail.getSmtp() != null ? mail.getSmtp().getPort() : mail.getSmtps().getPort();
    }

    private EmailConfig config(String yaml) throws Exception {
        return new ConfigLoader().parse("""
                global:
                  smtp_smarthost: 127.0.0.1:%d
                  smtp_from: 'Alertmanager <am@example.org>'
                route: {receiver: m}
                receivers:
                  - name: m
                    email_configs:
                """.formatted(port()) + yaml.indent(6)).receivers().get(0).emailConfigs().get(0);
    }

    private static NotificationContext ctx() {
        return new NotificationContext("team-X", "{}:{alertname=\"DiskFull\"}", Labels.of("alertname", "DiskFull"), NOW,
                Duration.ofHours(4), Duration.ofSeconds(10), () -> false);
    }

    private static List<Alert> alerts() {
        return List.of(new Alert(Labels.of("alertname", "DiskFull", "instance", "<db1>"), Map.of("summary", "disk & full"),
                NOW.minusSeconds(60), null, "http://prom/graph", NOW, false));
    }

    private static void send(EmailConfig c) throws Exception {
        new EmailNotifier(c, Templates.defaults(Clock.systemUTC()), "http://am:9093", Clock.systemUTC()).notify(ctx(), alerts());
    }

    @Test
    void defaultMailWithAuthentication(@TempDir Path dir) throws Exception {
        start(ServerSetup.PROTOCOL_SMTP, true);
        Path pw = dir.resolve("pw");
        Files.writeString(pw, "s3cret");
        send(config("""
                - to: 'oncall@example.org, boss@example.org'
                  require_tls: false
                  auth_username: am
                  auth_password_file: %s
                  headers: {x-team: '{{ .GroupLabels.alertname }}'}
                """.formatted(pw)));
        assertThat(mail.waitForIncomingEmail(5000, 2)).isTrue();
        MimeMessage m = mail.getReceivedMessages()[0];
        assertThat(m.getSubject()).isEqualTo("[FIRING:1] DiskFull (<db1>)");
        assertThat(m.getHeader("To", ",")).isEqualTo("oncall@example.org, boss@example.org");
        assertThat(m.getHeader("From", ",")).isEqualTo("Alertmanager <am@example.org>");
        assertThat(m.getHeader("X-Team", ",")).isEqualTo("DiskFull");
        assertThat(m.getHeader("Message-Id", ",")).startsWith("<").endsWith(">");
        assertThat(m.getContentType()).startsWith("multipart/alternative");
        MimeMultipart body = (MimeMultipart) m.getContent();
        assertThat(body.getCount()).as("html only by default").isEqualTo(1);
        assertThat(body.getBodyPart(0).getContentType()).startsWith("text/html");
        String html = (String) body.getBodyPart(0).getContent();
        assertThat(html).contains("&lt;db1&gt;").contains("disk &amp; full").doesNotContain("<db1>");
        assertThat(mail.getReceivedMessages()).extracting(r -> r.getAllRecipients()[0].toString()).hasSize(2);
    }

    @Test
    void textAndHtmlPartsOverImplicitTls() throws Exception {
        start(ServerSetup.PROTOCOL_SMTPS, false);
        send(config("""
                - to: oncall@example.org
                  force_implicit_tls: true
                  tls_config: {insecure_skip_verify: true}
                  text: '{{ template "email.default.text" . }}'
                  html: '<b>{{ .CommonLabels.alertname }}</b>'
                  headers: {Subject: 'Alert: {{ .CommonLabels.alertname }} é'}
                """));
        assertThat(mail.waitForIncomingEmail(5000, 1)).isTrue();
        MimeMessage m = mail.getReceivedMessages()[0];
        assertThat(m.getSubject()).isEqualTo("Alert: DiskFull é");
        MimeMultipart body = (MimeMultipart) m.getContent();
        assertThat(body.getCount()).isEqualTo(2);
        assertThat(body.getBodyPart(0).getContentType()).startsWith("text/plain");
        assertThat((String) body.getBodyPart(0).getContent()).contains("instance = <db1>");
        assertThat((String) body.getBodyPart(1).getContent()).isEqualTo("<b>DiskFull</b>");
    }

    @Test
    void starttlsIsRequiredByDefault() throws Exception {
        start(ServerSetup.PROTOCOL_SMTP, false);
        EmailConfig c = config("- to: oncall@example.org");
        assertThat(c.requireTls()).isTrue();
        assertThatThrownBy(() -> send(c)).isInstanceOf(NotificationException.class).hasMessageContaining("STARTTLS");
        assertThat(mail.getReceivedMessages()).isEmpty();
    }

    @Test
    void wrongPasswordIsAnAuthError() throws Exception {
        start(ServerSetup.PROTOCOL_SMTP, true);
        EmailConfig c = config("- {to: oncall@example.org, require_tls: false, auth_username: am, auth_password: wrong}");
        assertThatThrownBy(() -> send(c)).isInstanceOfSatisfying(NotificationException.class,
                e -> assertThat(e.reason().label()).isEqualTo("authError"));
    }

    @Test
    void starttlsEncryptsBeforeTheCredentialsAndTheMessage(@TempDir Path dir) throws Exception {
        try (StartTlsSmtpServer smtp = new StartTlsSmtpServer(dir)) {
            EmailConfig c = new ConfigLoader().parse("""
                    global:
                      smtp_smarthost: 127.0.0.1:%d
                      smtp_from: 'Alertmanager <am@example.org>'
                    route: {receiver: m}
                    receivers:
                      - name: m
                        email_configs:
                          - to: oncall@example.org
                            auth_username: am
                            auth_password: s3cret
                            tls_config: {ca_file: %s}
                    """.formatted(smtp.port(), smtp.caPem())).receivers().get(0).emailConfigs().get(0);
            assertThat(c.requireTls()).isTrue();
            send(c);
            assertThat(smtp.sessions()).singleElement().satisfies(s -> {
                assertThat(s.tlsBeforeAuth()).isTrue();
                // PLAIN: authzid|authcid|password. Jakarta Mail names the user as authzid where Go
                // leaves it empty; servers treat both as the user acting as itself.
                assertThat(s.authPlain()).isIn("|am|s3cret", "am|am|s3cret");
                assertThat(s.mailFrom()).isEqualTo("<am@example.org>");
                assertThat(s.rcptTo()).containsExactly("<oncall@example.org>");
                assertThat(s.data()).contains("Subject: [FIRING:1] DiskFull (<db1>)");
            });
        }
    }
}
