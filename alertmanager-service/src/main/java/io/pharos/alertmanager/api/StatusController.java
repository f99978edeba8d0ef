package io.pharos.alertmanager.api;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.pharos.alertmanager.Alertmanager;
import io.pharos.alertmanager.BuildInfo;
import io.pharos.alertmanager.alert.Rfc3339;
import io.pharos.alertmanager.config.ReceiverConfig;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /api/v2/status} and {@code GET /api/v2/receivers}. */
@RestController
public class StatusController {
    private final Alertmanager alertmanager;

    public StatusController(Alertmanager alertmanager) {
        this.alertmanager = alertmanager;
    }

    /** API v2's alertmanagerStatus; clustering is not implemented, so it reads "disabled". */
    @JsonPropertyOrder({"cluster", "config", "uptime", "versionInfo"})
    public record Status(Cluster cluster, Config config, String uptime, VersionInfo versionInfo) {
    }

    @JsonPropertyOrder({"peers", "status"})
    public record Cluster(List<Object> peers, String status) {
    }

    public record Config(String original) {
    }

    @JsonPropertyOrder({"branch", "buildDate", "buildUser", "goVersion", "revision", "version"})
    public record VersionInfo(String branch, String buildDate, String buildUser, String goVersion, String revision,
            String version) {
    }

    /** {@code {"name": "team-X"}} */
    public record Receiver(String name) {
    }

    @GetMapping("/api/v2/status")
    public Status status() {
        return new Status(
                new Cluster(List.of(), "disabled"),
                new Config(alertmanager.config().redacted()),
                Rfc3339.millis(alertmanager.startedAt()),
                new VersionInfo("", "", "", "java" + System.getProperty("java.version"), "", BuildInfo.VERSION));
    }

    @GetMapping("/api/v2/receivers")
    public List<Receiver> receivers() {
        return alertmanager.config().receivers().stream().map(ReceiverConfig::name).map(Receiver::new).toList();
    }
}
