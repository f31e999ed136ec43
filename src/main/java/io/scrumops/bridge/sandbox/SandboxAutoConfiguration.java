package io.scrumops.bridge.sandbox;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;

import java.time.Clock;
import java.time.Duration;

/**
 * The sandbox's beans, present only when {@link SandboxEnvironmentPostProcessor} switched it on. Listed in
 * {@code META-INF/spring/...AutoConfiguration.imports}, so that no other package needs to know this one.
 */
@AutoConfiguration
@ConditionalOnProperty(name = SandboxEnvironmentPostProcessor.ENABLED, havingValue = "true")
public class SandboxAutoConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(SandboxAutoConfiguration.class);

    @Bean(destroyMethod = "close")
    JiraStandIn sandboxJira(@Value("${" + SandboxEnvironmentPostProcessor.JIRA_PORT + "}") int port,
                            BridgeDoor sandboxBridgeDoor) {
        JiraStandIn jira = new JiraStandIn(port, Clock.systemUTC(), SandboxEnvironmentPostProcessor.JIRA_BOT);
        jira.sendWebhooksTo(sandboxBridgeDoor::jira);
        jira.start();
        return jira;
    }

    @Bean(destroyMethod = "close")
    ServiceNowStandIn sandboxServiceNow(@Value("${" + SandboxEnvironmentPostProcessor.SERVICENOW_PORT + "}") int port) {
        ServiceNowStandIn serviceNow = new ServiceNowStandIn(port, Clock.systemUTC(),
                SandboxEnvironmentPostProcessor.SERVICENOW_BOT);
        serviceNow.start();
        return serviceNow;
    }

    @Bean(destroyMethod = "close")
    BridgeDoor sandboxBridgeDoor(@Value("${scrumops.admin.username:admin}") String username,
                                 @Value("${scrumops.admin.password}") String password) {
        return new BridgeDoor(username, password);
    }

    @Bean(destroyMethod = "close")
    TeamsDay sandboxTeamsDay(JiraStandIn sandboxJira, ServiceNowStandIn sandboxServiceNow, BridgeDoor sandboxBridgeDoor,
                             @Value("${scrumops.sandbox.tick:PT3S}") Duration tick) {
        TeamsDay day = new TeamsDay(sandboxJira, sandboxServiceNow, sandboxBridgeDoor, Clock.systemUTC(), tick);
        day.setUp();
        day.seedHistory();
        return day;
    }

    @Bean
    ApplicationListener<ApplicationReadyEvent> sandboxStart(TeamsDay sandboxTeamsDay, BridgeDoor sandboxBridgeDoor,
                                                             @Value("${local.server.port:8080}") String port,
                                                             @Value("${scrumops.admin.username:admin}") String username,
                                                             @Value("${scrumops.admin.password}") String password) {
        return event -> {
            // Webhooks are taken by Camel's servlet routes, which are up only once the application is ready.
            sandboxBridgeDoor.open(Integer.parseInt(event.getApplicationContext().getEnvironment()
                    .getProperty("local.server.port", port)));
            sandboxTeamsDay.start();
            String shown = SandboxEnvironmentPostProcessor.SANDBOX_PASSWORD.equals(password) ? password
                    : "(your SCRUMOPS_ADMIN_PASSWORD)";
            LOG.info("""

                    ==============================================================================
                      SANDBOX is running: Jira and ServiceNow are in-process stand-ins with generated
                      teams, incidents and 90 days of history. Nothing here is real.
                      Open   http://localhost:{}/
                      Sign in as  {} / {}   (sandbox only)
                      Try    http://localhost:{}/api/sla   and   /api/work-packages
                    ==============================================================================""",
                    port, username, shown, port);
        };
    }
}
