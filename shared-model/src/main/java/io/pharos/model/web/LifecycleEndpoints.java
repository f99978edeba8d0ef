package io.pharos.model.web;

import io.pharos.model.config.ConfigException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;

/**
 * Prometheus's lifecycle endpoints for a service that reloads a config file: {@code /-/healthy},
 * {@code /-/ready} and {@code POST /-/reload}, which answers 500 with the reason when the file is
 * bad (the running config stays). A service's {@code @RestController} extends it.
 */
public abstract class LifecycleEndpoints {
    private final String service;
    private final Runnable reload;

    /**
     * @param service the name in the health texts ("collector" gives "Pharos collector is Healthy.")
     * @param reload re-reads the config, throwing {@link ConfigException} for a bad file
     */
    protected LifecycleEndpoints(String service, Runnable reload) {
        this.service = service;
        this.reload = reload;
    }

    @GetMapping("/-/healthy")
    public String healthy() {
        return "Pharos " + service + " is Healthy.\n";
    }

    @GetMapping("/-/ready")
    public String ready() {
        return "Pharos " + service + " is Ready.\n";
    }

    @PostMapping("/-/reload")
    public ResponseEntity<String> reload() {
        try {
            reload.run();
            return ResponseEntity.ok("");
        } catch (ConfigException e) {
            return ResponseEntity.status(HttpStatus.INTERNAL_SERVER_ERROR)
                    .body("failed to reload config: " + e.getMessage() + "\n");
        }
    }
}
