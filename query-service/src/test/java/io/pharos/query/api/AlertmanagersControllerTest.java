package io.pharos.query.api;

import io.pharos.model.labels.Labels;
import io.pharos.query.notifier.HttpAlertNotifier;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.test.web.reactive.server.WebTestClient;

class AlertmanagersControllerTest {
    @Test
    void listsTheConfiguredAlertmanagersAsPrometheusDoes() {
        try (HttpAlertNotifier notifier = new HttpAlertNotifier(10, HttpClient.newHttpClient())) {
            notifier.configure(List.of(URI.create("http://am-0:9093/api/v2/alerts"),
                    URI.create("https://am-1:9093/prefix/api/v2/alerts")), Duration.ofSeconds(10), Labels.EMPTY);
            WebTestClient.bindToController(new AlertmanagersController(notifier)).build()
                    .get().uri("/api/v1/alertmanagers").exchange()
                    .expectStatus().isOk()
                    .expectBody().json("""
                            {"status":"success","data":{
                              "activeAlertmanagers":[{"url":"http://am-0:9093/api/v2/alerts"},
                                                     {"url":"https://am-1:9093/prefix/api/v2/alerts"}],
                              "droppedAlertmanagers":[]}}
                            """, true);
        }
    }
}
