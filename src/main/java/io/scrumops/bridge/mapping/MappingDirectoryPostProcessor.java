package io.scrumops.bridge.mapping;

import org.apache.commons.logging.Log;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.boot.logging.DeferredLogFactory;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Decides which mapping directory is in force. A configured {@code scrumops.mapping.directory} is used as it is
 * (missing files then stop start-up, naming them). With none configured, {@code ./mappings} is used when it exists,
 * otherwise the files shipped in the jar are written to a fresh temporary directory and used from there, so the jar
 * starts from any working directory.
 */
public class MappingDirectoryPostProcessor implements EnvironmentPostProcessor, Ordered {

    static final String PROPERTY = "scrumops.mapping.directory";
    static final String WORKING_DIRECTORY_DEFAULT = "mappings";

    private final Log log;

    public MappingDirectoryPostProcessor(DeferredLogFactory logFactory) {
        this.log = logFactory.getLog(MappingDirectoryPostProcessor.class);
    }

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        String configured = environment.getProperty(PROPERTY);
        if (configured != null && !configured.isBlank()) {
            return;
        }
        Path local = Path.of(WORKING_DIRECTORY_DEFAULT);
        String chosen;
        if (Files.isDirectory(local)) {
            chosen = WORKING_DIRECTORY_DEFAULT;
        } else {
            Path extracted = extract();
            chosen = extracted.toString();
            log.info("No mapping directory configured and no ./mappings here: using the mapping files shipped in the"
                    + " jar (copied to " + extracted + "). To edit them, write them out with"
                    + " --export-mappings=DIR and set SCRUMOPS_MAPPING_DIRECTORY=DIR.");
        }
        environment.getPropertySources().addFirst(new MapPropertySource("scrumopsMappingDirectory",
                Map.of(PROPERTY, chosen)));
    }

    private static Path extract() {
        try {
            Path directory = Files.createTempDirectory("scrumops-mappings-");
            ShippedMappings.writeTo(directory, true);
            directory.toFile().deleteOnExit();
            try (var files = Files.list(directory)) {
                files.forEach(file -> file.toFile().deleteOnExit());
            }
            return directory;
        } catch (IOException e) {
            throw new UncheckedIOException("Could not copy the shipped mapping files to a temporary directory", e);
        }
    }

    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE - 10;
    }
}
