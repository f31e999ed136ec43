package io.scrumops.bridge.mapping;

import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * The default mapping files that ship inside the jar (the build copies {@code mappings/} to the classpath folder
 * {@code default-mappings/}). They are used when no mapping directory is configured and there is no {@code mappings/}
 * in the working directory; {@code --export-mappings=DIR} writes them out as a starting point for one's own.
 */
public final class ShippedMappings {

    static final String CLASSPATH_FOLDER = "default-mappings";

    private ShippedMappings() {
    }

    /** Names of the shipped files, sorted. */
    public static List<String> names() {
        try {
            Resource[] found = new PathMatchingResourcePatternResolver(ShippedMappings.class.getClassLoader())
                    .getResources("classpath*:" + CLASSPATH_FOLDER + "/*.yaml");
            List<String> names = new ArrayList<>(Arrays.stream(found).map(Resource::getFilename).distinct().toList());
            names.sort(Comparator.naturalOrder());
            return names;
        } catch (IOException e) {
            throw new UncheckedIOException("Could not list the mapping files shipped in the jar", e);
        }
    }

    /**
     * Writes the shipped files into {@code directory} (created if absent). Files already there are kept unless
     * {@code overwrite}; returns the files written.
     */
    public static List<Path> writeTo(Path directory, boolean overwrite) {
        List<String> names = names();
        if (names.isEmpty()) {
            throw new IllegalStateException("No mapping files are shipped in this build (classpath folder "
                    + CLASSPATH_FOLDER + "/ is empty)");
        }
        List<Path> written = new ArrayList<>();
        try {
            Files.createDirectories(directory);
            for (String name : names) {
                Path target = directory.resolve(name);
                if (Files.exists(target) && !overwrite) {
                    continue;
                }
                try (InputStream in = ShippedMappings.class.getClassLoader()
                        .getResourceAsStream(CLASSPATH_FOLDER + "/" + name)) {
                    Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
                }
                written.add(target);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Could not write the shipped mapping files to " + directory, e);
        }
        return written;
    }
}
