package io.pharos.alertmanager;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;

/**
 * The alertmanager service: Alertmanager's API v2 on port 9093. Its settings live in
 * {@code pharos-alertmanager.properties}, so that it can share a classpath with the other services.
 */
@SpringBootApplication
public class AlertmanagerApplication {
    public static void main(String[] args) {
        new SpringApplicationBuilder(AlertmanagerApplication.class)
                .properties("spring.config.name=pharos-alertmanager")
                .run(args);
    }
}
