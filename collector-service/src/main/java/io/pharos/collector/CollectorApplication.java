package io.pharos.collector;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;

/** The collector service: discovery, scraping and publishing samples to Kafka. */
@SpringBootApplication
public class CollectorApplication {
    /** The service's own properties file; distinct names let the four services share one classpath. */
    public static final String CONFIG_NAME = "pharos-collector";

    public static void main(String[] args) {
        new SpringApplicationBuilder(CollectorApplication.class).properties("spring.config.name=" + CONFIG_NAME).run(args);
    }
}
