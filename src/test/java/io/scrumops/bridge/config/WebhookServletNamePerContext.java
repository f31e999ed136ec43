package io.scrumops.bridge.config;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;
import org.springframework.test.context.ContextConfigurationAttributes;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.ContextCustomizerFactory;
import org.springframework.test.context.MergedContextConfiguration;

import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Camel's servlet registry is one per JVM and keyed by servlet name, while a test JVM holds several bridge contexts
 * at once: every test context gets a webhook servlet name of its own. All customizers are equal, so that contexts are
 * still shared between test classes as before.
 */
public class WebhookServletNamePerContext implements ContextCustomizerFactory {

    private static final AtomicInteger CONTEXTS = new AtomicInteger();

    @Override
    public ContextCustomizer createContextCustomizer(Class<?> testClass, List<ContextConfigurationAttributes> attributes) {
        return new Customizer();
    }

    static final class Customizer implements ContextCustomizer {

        @Override
        public void customizeContext(ConfigurableApplicationContext context, MergedContextConfiguration config) {
            context.getEnvironment().getPropertySources().addFirst(new MapPropertySource("webhook-servlet-name",
                    Map.of("scrumops.webhooks.servlet-name", "ScrumOpsWebhooks" + CONTEXTS.incrementAndGet())));
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Customizer;
        }

        @Override
        public int hashCode() {
            return Customizer.class.hashCode();
        }
    }
}
