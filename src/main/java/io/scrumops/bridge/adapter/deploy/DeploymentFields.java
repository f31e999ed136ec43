package io.scrumops.bridge.adapter.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import io.scrumops.bridge.adapter.JsonFields;
import io.scrumops.bridge.adapter.MalformedPayloadException;
import io.scrumops.bridge.model.DeploymentStatus;
import io.scrumops.bridge.model.SourceSystem;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/** Reads shared by the deployment event forms. */
final class DeploymentFields {

    private DeploymentFields() {
    }

    static String deploymentId(SourceSystem system, String nativeId) {
        return system.code() + ":deployment:" + nativeId;
    }

    static boolean isFinished(DeploymentStatus status) {
        return status == DeploymentStatus.SUCCESS || status == DeploymentStatus.FAILURE
                || status == DeploymentStatus.CANCELLED;
    }

    static Instant isoDate(String context, JsonNode root, String path, String reported) {
        String text = JsonFields.text(root, path);
        if (text == null) {
            return null;
        }
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            throw MalformedPayloadException.invalidField(context, reported, text,
                    "not an ISO-8601 date-time with offset (e.g. 2019-05-15T15:20:55Z)");
        }
    }

    static Instant isoDate(String context, JsonNode root, String path) {
        return isoDate(context, root, path, path);
    }

    static List<String> nonNull(String... values) {
        List<String> list = new ArrayList<>();
        for (String value : values) {
            if (value != null) {
                list.add(value);
            }
        }
        return list;
    }

    @SafeVarargs
    static <T> T firstNonNull(T... values) {
        for (T value : values) {
            if (value != null) {
                return value;
            }
        }
        return null;
    }
}
