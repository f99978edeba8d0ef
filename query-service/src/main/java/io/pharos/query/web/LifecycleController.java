package io.pharos.query.web;

import io.pharos.model.web.LifecycleEndpoints;
import io.pharos.query.rules.RuleConfigReloader;
import org.springframework.web.bind.annotation.RestController;

/** Prometheus's lifecycle endpoints: health, readiness and reload of rules and alerting. */
@RestController
class LifecycleController extends LifecycleEndpoints {
    LifecycleController(RuleConfigReloader reloader) {
        super("query", reloader::reload);
    }
}
