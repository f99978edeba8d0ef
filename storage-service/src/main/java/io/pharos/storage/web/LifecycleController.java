package io.pharos.storage.web;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** Health and readiness in Prometheus's paths. */
@RestController
class LifecycleController {
    @GetMapping("/-/healthy")
    String healthy() {
        return "Pharos storage is Healthy.\n";
    }

    @GetMapping("/-/ready")
    String ready() {
        return "Pharos storage is Ready.\n";
    }
}
