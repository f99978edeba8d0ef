package io.pharos.collector.config;

import io.pharos.model.web.LifecycleEndpoints;
import org.springframework.web.bind.annotation.RestController;

/** Prometheus's lifecycle endpoints: health, readiness and reload of prometheus.yml's scrape configs. */
@RestController
class LifecycleController extends LifecycleEndpoints {
    LifecycleController(ScrapeConfigReloader reloader) {
        super("collector", reloader::reload);
    }
}
