package io.pharos.standalone;

import java.time.Duration;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.http.client.ReactorResourceFactory;

/**
 * Gives a service context its own Reactor Netty event loops and connection pool. By default
 * every context in a JVM shares Reactor Netty's global resources, and the first context to
 * close disposes them under the others: with four services in one JVM, stopping one would stop
 * the servers and clients of all.
 */
public final class IsolatedReactorResources implements ApplicationContextInitializer<ConfigurableApplicationContext> {
    @Override
    public void initialize(ConfigurableApplicationContext context) {
        ((GenericApplicationContext) context).registerBean(ReactorResourceFactory.class, () -> {
            ReactorResourceFactory factory = new ReactorResourceFactory();
            factory.setUseGlobalResources(false);
            // Netty's default quiet period waits for 2 s without new tasks, up to 15 s: a service
            // still polling (rules, scrapes) would hold every shutdown for the full timeout.
            factory.setShutdownQuietPeriod(Duration.ZERO);
            factory.setShutdownTimeout(Duration.ofSeconds(5));
            return factory;
        });
    }
}
