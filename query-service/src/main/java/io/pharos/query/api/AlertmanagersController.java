package io.pharos.query.api;

import io.pharos.query.notifier.HttpAlertNotifier;
import java.net.URI;
import java.util.List;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * {@code /api/v1/alertmanagers}: the Alertmanagers the rules' alerts go to, as Prometheus lists
 * them (each by the URL alerts are posted to). Alertmanagers come from static_configs only, so
 * none is ever dropped by relabeling.
 */
@RestController
class AlertmanagersController {
    private final HttpAlertNotifier notifier;

    AlertmanagersController(HttpAlertNotifier notifier) {
        this.notifier = notifier;
    }

    @GetMapping("/api/v1/alertmanagers")
    Mono<ResponseEntity<String>> alertmanagers() {
        return ApiSupport.run(() -> ApiResponses.successData(json(notifier.alertmanagers()), List.of()));
    }

    static String json(List<URI> active) {
        StringBuilder sb = new StringBuilder("{\"activeAlertmanagers\":[");
        for (int i = 0; i < active.size(); i++) {
            if (i > 0) {
                sb.append(',');
            }
            sb.append("{\"url\":");
            PromJson.string(sb, active.get(i).toString());
            sb.append('}');
        }
        return sb.append("],\"droppedAlertmanagers\":[]}").toString();
    }
}
