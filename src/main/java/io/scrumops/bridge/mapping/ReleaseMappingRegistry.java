package io.scrumops.bridge.mapping;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The release mapping in force ({@code releases.yaml} beside the other mapping files). A broken file stops the
 * application at start-up; a reload keeps the previous mapping when the new one does not validate.
 */
@Component
public class ReleaseMappingRegistry {

    private static final Logger LOG = LoggerFactory.getLogger(ReleaseMappingRegistry.class);

    private final ReleaseMappingLoader loader;
    private final AtomicReference<ReleaseMapping> current = new AtomicReference<>();

    public ReleaseMappingRegistry(@Value("${scrumops.mapping.directory:mappings}") String directory) {
        this.loader = new ReleaseMappingLoader(Path.of(directory));
        current.set(loader.load());
        LOG.info("Loaded release mapping: {} product(s)", current.get().products().size());
    }

    public ReleaseMapping current() {
        return current.get();
    }

    public synchronized ReleaseMapping reload() {
        ReleaseMapping fresh = loader.load();
        current.set(fresh);
        return fresh;
    }
}
