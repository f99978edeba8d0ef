package io.pharos.alertmanager.config;

import java.util.Map;

/**
 * One entry of {@code email_configs:}, with the global {@code smtp_*} settings filled in.
 * {@code headers} (Subject, To, From included) and {@code html}/{@code text} are templates.
 *
 * @param smarthost {@code host:port} of the SMTP server
 * @param requireTls STARTTLS is required (the default); false sends in the clear when the
 *     server does not offer it
 * @param forceImplicitTls null to decide by the port (465 is implicit TLS)
 * @param insecureSkipVerify {@code tls_config.insecure_skip_verify}
 */
public record EmailConfig(
        boolean sendResolved,
        String to,
        String from,
        String hello,
        String smarthost,
        String authUsername,
        String authPassword,
        String authPasswordFile,
        String authSecret,
        String authSecretFile,
        String authIdentity,
        Map<String, String> headers,
        String html,
        String text,
        boolean requireTls,
        Boolean forceImplicitTls,
        boolean insecureSkipVerify,
        String caFile,
        String serverName) {

    public EmailConfig {
        headers = Map.copyOf(headers);
    }

    public String host() {
        int i = smarthost.lastIndexOf(':');
        String h = i < 0 ? smarthost : smarthost.substring(0, i);
        return h.startsWith("[") && h.endsWith("]") ? h.substring(1, h.length() - 1) : h;
    }

    public int port() {
        int i = smarthost.lastIndexOf(':');
        return i < 0 ? 25 : Integer.parseInt(smarthost.substring(i + 1));
    }
}
