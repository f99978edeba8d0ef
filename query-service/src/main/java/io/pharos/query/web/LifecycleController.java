package io.pharos.query.web;

import io.pharos.model.config.ConfigException;
import io.pharos.query.rules.RuleConfigReloader;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/** Prometheus's lifecycle endpoints: health, readiness and reload of rules and alerting. */
@RestController
class LifecycleController {
    private final RuleConfigReloader reloader;

    LifecycleController(RuleConfigReloader reloader) {
        this.reloader = reloader;
    }

    @GetMapping("/-/healthy")
    String healthy() {
        return "Pharos query is Healthy.\n";
    }

    @GetMapping("/-/ready")
    String ready() {
        return "Pharos query is Ready.\n";
    }

    @PostMapping("/-/reload")
    ResponseEntity<String> reload() {
        try {
            reloader.reload();
            return ResponseEntity.ok("");
        } catch (ConfigException e) {
            return ResponseEntity.status(HttpStatus.INTERNAL_SERVER_ERROR).body("failed to reload config: " + e.getMessage() + "\n");
        }
    }
}
