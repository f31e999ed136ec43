package io.scrumops.bridge.mapping;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The mapping files in force. Loaded at start-up from {@code scrumops.mapping.directory}, so a broken file stops the
 * application with the file, key and value named; a reload swaps in a new set only when all of it validates.
 */
@Component("mappingRegistry")
public class MappingRegistry {

    private static final Logger LOG = LoggerFactory.getLogger(MappingRegistry.class);

    private final MappingLoader loader;
    private final AtomicReference<MappingSet> current = new AtomicReference<>();

    public MappingRegistry(String directory) {
        this(new MappingLoader(Path.of(directory)));
    }

    @Autowired
    public MappingRegistry(@Value("${scrumops.mapping.directory:mappings}") String directory,
                           @Value("${scrumops.rules.teams-file:teams.yaml}") String teamsFile) {
        this(new MappingLoader(Path.of(directory), Clock.systemUTC(), teamsFile));
    }

    public MappingRegistry(MappingLoader loader) {
        this.loader = loader;
        MappingSet initial = loader.load();
        current.set(initial);
        LOG.info("Loaded mapping files from {}", loader.directory().toAbsolutePath());
    }

    public MappingSet current() {
        return current.get();
    }

    public Path directory() {
        return loader.directory();
    }

    /** What a reload did: the set now in force, and the error that kept the previous one, if any. */
    public record ReloadResult(MappingSet inForce, Optional<MappingFileException> error) {

        public boolean applied() {
            return error.isEmpty();
        }
    }

    public synchronized ReloadResult reload() {
        try {
            MappingSet fresh = loader.load();
            current.set(fresh);
            LOG.info("Reloaded mapping files from {}", loader.directory().toAbsolutePath());
            return new ReloadResult(fresh, Optional.empty());
        } catch (MappingFileException e) {
            LOG.warn("Mapping reload refused, previous mapping files stay in force: {}", e.getMessage());
            return new ReloadResult(current.get(), Optional.of(e));
        }
    }
}
