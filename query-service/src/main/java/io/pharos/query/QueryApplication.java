package io.pharos.query;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;

/** The query service: PromQL over the Prometheus HTTP API, and the rule evaluator. */
@SpringBootApplication
public class QueryApplication {
    public static final String CONFIG_NAME = "pharos-query";

    public static void main(String[] args) {
        new SpringApplicationBuilder(QueryApplication.class).properties("spring.config.name=" + CONFIG_NAME).run(args);
    }
}
