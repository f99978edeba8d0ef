package io.pharos.model.web;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;

/** What every Pharos service's web layer needs, applied by Spring Boot to each service context. */
@AutoConfiguration
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
public class PharosWebAutoConfiguration {
    @Bean
    @Order(Ordered.HIGHEST_PRECEDENCE)
    KeepAliveWorkaround keepAliveWorkaround() {
        return new KeepAliveWorkaround();
    }
}
