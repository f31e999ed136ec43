package io.scrumops.bridge.sandbox;

import org.apache.commons.logging.Log;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.boot.logging.DeferredLogFactory;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

import io.scrumops.bridge.mapping.ShippedMappings;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Switches the sandbox on for {@code --sandbox} or {@code SCRUMOPS_SANDBOX=true}, unless a real Jira or ServiceNow is
 * configured (then it refuses, saying so, and the bridge starts as configured). On: the bridge's Jira and ServiceNow
 * connections point at the in-process stand-ins, the data is throw-away, the admin signs in with a known sandbox
 * password, and the pollers and sweeps run often enough for a tour. Runs before the embedded defaults.
 */
public class SandboxEnvironmentPostProcessor implements EnvironmentPostProcessor, Ordered {

    static final String ENABLED = "scrumops.sandbox.enabled";
    static final String JIRA_PORT = "scrumops.sandbox.jira-port";
    static final String SERVICENOW_PORT = "scrumops.sandbox.servicenow-port";
    static final String SANDBOX_PASSWORD = "sandbox";
    static final String JIRA_BOT = "scrumops-bot";
    static final String SERVICENOW_BOT = "scrumops.bridge";

    private final Log log;

    public SandboxEnvironmentPostProcessor(DeferredLogFactory logFactory) {
        this.log = logFactory.getLog(SandboxEnvironmentPostProcessor.class);
    }

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        boolean asked = environment.containsProperty("sandbox") && !"false".equals(environment.getProperty("sandbox"))
                || environment.getProperty("scrumops.sandbox", Boolean.class, false)
                || environment.getProperty(ENABLED, Boolean.class, false);
        if (!asked) {
            return;
        }
        List<String> real = List.of("scrumops.jira.base-url", "scrumops.servicenow.instance-url",
                "scrumops.servicenow.api-url").stream().filter(key -> !blank(environment.getProperty(key))).toList();
        if (!real.isEmpty()) {
            log.warn("SANDBOX REFUSED: a real Jira or ServiceNow is configured (" + String.join(", ", real)
                    + "); the bridge starts against it, without stand-ins or generated data. Unset those to try the"
                    + " sandbox.");
            environment.getPropertySources().addFirst(new MapPropertySource("scrumopsSandboxRefused",
                    Map.of(ENABLED, "false")));
            return;
        }
        int jiraPort = freePort();
        int serviceNowPort = freePort();
        Map<String, Object> sandbox = new HashMap<>();
        sandbox.put(ENABLED, "true");
        sandbox.put(JIRA_PORT, jiraPort);
        sandbox.put(SERVICENOW_PORT, serviceNowPort);
        sandbox.put("scrumops.jira.base-url", "http://127.0.0.1:" + jiraPort);
        sandbox.put("scrumops.jira.deployment", "CLOUD");
        sandbox.put("scrumops.jira.username", "sandbox");
        sandbox.put("scrumops.jira.api-token", "sandbox");
        sandbox.put("scrumops.jira.bot-account", JIRA_BOT);
        sandbox.put("scrumops.servicenow.instance-url", "http://127.0.0.1:" + serviceNowPort);
        sandbox.put("scrumops.servicenow.username", "sandbox");
        sandbox.put("scrumops.servicenow.password", "sandbox");
        sandbox.put("scrumops.servicenow.bot-user", SERVICENOW_BOT);
        // A tour lasts minutes: the pollers and sweeps run every few seconds instead of every minute.
        sandbox.put("scrumops.servicenow.poll.period-ms", "3000");
        // The seeded history reaches 90 days back; the first poll takes all of it.
        sandbox.put("scrumops.servicenow.poll.lookback", "P92D");
        sandbox.put("scrumops.rules.sprint-sync.period-ms", "10000");
        sandbox.put("scrumops.rules.sprint-sync.delay-ms", "3000");
        sandbox.put("scrumops.rules.sla-sweep.period-ms", "5000");
        sandbox.put("scrumops.rules.sla-sweep.delay-ms", "5000");
        sandbox.put("scrumops.gates.schedule-period-ms", "20000");
        sandbox.put("scrumops.gates.schedule-delay-ms", "5000");
        if (blank(environment.getProperty("scrumops.mapping.directory"))) {
            sandbox.put("scrumops.mapping.directory", sandboxMappings().toString());
        }
        Map<String, Object> defaults = new HashMap<>();
        // Sandbox data is thrown away when it stops, and never mixed with a real installation's ./data.
        defaults.put("scrumops.embedded.ephemeral", "true");
        if (blank(environment.getProperty("scrumops.admin.password"))) {
            defaults.put("scrumops.admin.username", "admin");
            defaults.put("scrumops.admin.password", SANDBOX_PASSWORD);
        }
        environment.getPropertySources().addFirst(new MapPropertySource("scrumopsSandbox", sandbox));
        environment.getPropertySources().addLast(new MapPropertySource("scrumopsSandboxDefaults", defaults));
        log.info("SANDBOX: Jira and ServiceNow are in-process stand-ins (Jira on port " + jiraPort
                + ", ServiceNow on port " + serviceNowPort + "); all data is generated and thrown away at stop");
    }

    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE - 20;
    }

    /**
     * The shipped mapping files with the sandbox's SLA policies (targets in minutes) and release train (the
     * application team's versions), in a temporary directory: SLA warnings, breaches and gate changes show during a
     * tour instead of hours later.
     */
    private static Path sandboxMappings() {
        try {
            Path directory = Files.createTempDirectory("scrumops-sandbox-mappings-");
            ShippedMappings.writeTo(directory, true);
            for (String name : List.of("sla.yaml", "releases.yaml")) {
                try (InputStream in = SandboxEnvironmentPostProcessor.class.getClassLoader()
                        .getResourceAsStream("sandbox/" + name)) {
                    Files.copy(in, directory.resolve(name), StandardCopyOption.REPLACE_EXISTING);
                }
            }
            try (var files = Files.list(directory)) {
                files.forEach(file -> file.toFile().deleteOnExit());
            }
            directory.toFile().deleteOnExit();
            return directory;
        } catch (IOException e) {
            throw new UncheckedIOException("Could not write the sandbox's mapping files", e);
        }
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("No free port for a sandbox stand-in", e);
        }
    }
}
