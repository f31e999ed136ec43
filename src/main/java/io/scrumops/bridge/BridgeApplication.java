package io.scrumops.bridge;

import io.scrumops.bridge.config.EmbeddedDefaultsPostProcessor;
import io.scrumops.bridge.mapping.ShippedMappings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

import java.nio.file.Path;
import java.util.List;

@SpringBootApplication
public class BridgeApplication {

    private static final String EXPORT_MAPPINGS = "--export-mappings";

    public static void main(String[] args) {
        for (String arg : args) {
            if (arg.equals(EXPORT_MAPPINGS) || arg.startsWith(EXPORT_MAPPINGS + "=")) {
                System.exit(exportMappings(arg));
            }
        }
        try {
            SpringApplication.run(BridgeApplication.class, args);
        } catch (Throwable failure) {
            // Spring has logged the failure in full; these last lines say why in one sentence, and the process
            // ends instead of living on with the embedded database and broker (and their threads) still running.
            Logger log = LoggerFactory.getLogger(BridgeApplication.class);
            try {
                EmbeddedDefaultsPostProcessor.stopEmbeddedInfrastructure();
            } catch (RuntimeException e) {
                log.warn("Could not stop the embedded PostgreSQL or broker cleanly: {}", e.toString());
            }
            log.error("ScrumOps Bridge did not start: {}", rootCause(failure));
            System.exit(1);
        }
    }

    /** {@code --export-mappings=DIR}: writes the mapping files shipped in the jar into DIR (default ./mappings). */
    private static int exportMappings(String arg) {
        int eq = arg.indexOf('=');
        Path directory = Path.of(eq < 0 || arg.substring(eq + 1).isBlank() ? "mappings" : arg.substring(eq + 1));
        List<Path> written = ShippedMappings.writeTo(directory, false);
        System.out.println("Wrote " + written.size() + " mapping file(s) to " + directory.toAbsolutePath()
                + (written.size() < ShippedMappings.names().size() ? " (files already there were kept)" : ""));
        System.out.println("Start the bridge with them: SCRUMOPS_MAPPING_DIRECTORY=" + directory.toAbsolutePath()
                + " java -jar scrumops-bridge.jar");
        return 0;
    }

    static String rootCause(Throwable failure) {
        Throwable cause = failure;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        String message = cause.getMessage();
        return message == null || message.isBlank() ? cause.getClass().getName() : message;
    }
}
