package io.pharos.standalone;

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
            return factory;
        });
    }
}
