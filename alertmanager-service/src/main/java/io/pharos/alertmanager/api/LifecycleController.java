package io.pharos.alertmanager.api;

import io.pharos.alertmanager.config.ConfigCoordinator;
import io.pharos.alertmanager.config.ConfigException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/** {@code /-/healthy}, {@code /-/ready} and {@code POST /-/reload}, answered as Alertmanager answers them. */
@RestController
public class LifecycleController {
    private static final Logger LOG = LoggerFactory.getLogger(LifecycleController.class);

    private final ConfigCoordinator coordinator;

    public LifecycleController(ConfigCoordinator coordinator) {
        this.coordinator = coordinator;
    }

    @RequestMapping(path = {"/-/healthy", "/-/ready"}, method = {RequestMethod.GET, RequestMethod.HEAD})
    public ResponseEntity<String> ok() {
        return ResponseEntity.ok().contentType(MediaType.TEXT_PLAIN).body("OK");
    }

    /** Re-reads the config file; a bad file answers 500 with the error and changes nothing. */
    @PostMapping("/-/reload")
    public Mono<ResponseEntity<String>> reload() {
        return Mono.fromCallable(() -> {
            try {
                coordinator.reload();
                return ResponseEntity.ok().<String>build();
            } catch (ConfigException e) {
                LOG.error("Loading configuration file failed: {}", e.getMessage());
                return ResponseEntity.status(HttpStatus.INTERNAL_SERVER_ERROR).contentType(MediaType.TEXT_PLAIN)
                        .body("failed to reload config: " + e.getMessage() + "\n");
            }
        }).subscribeOn(Schedulers.boundedElastic());
    }
}
