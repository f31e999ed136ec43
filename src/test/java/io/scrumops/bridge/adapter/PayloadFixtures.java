package io.scrumops.bridge.adapter;

import com.fasterxml.jackson.databind.JsonNode;
import io.scrumops.bridge.mapping.MappingRegistry;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Recorded payloads under {@code fixtures/payloads/} (see SOURCES.md there) and the shipped mapping files. */
public final class PayloadFixtures {

    private static MappingRegistry shipped;

    private PayloadFixtures() {
    }

    public static String text(String path) {
        try (InputStream in = PayloadFixtures.class.getResourceAsStream("/fixtures/payloads/" + path)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture " + path);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static JsonNode json(String path) {
        return JsonFields.parse(path, text(path));
    }

    public static synchronized MappingRegistry shippedMappings() {
        if (shipped == null) {
            shipped = new MappingRegistry("mappings");
        }
        return shipped;
    }
}
