package io.scrumops.bridge.model;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/** A release moving through ordered phases (e.g. BUILD, SI, SIT, UAT, DEMO), each with entry and exit gates. */
public record Release(String id, SourceRef source, String name, String product, String currentPhase,
                      List<ReleasePhase> phases, Instant releaseDate) {

    public Release {
        Objects.requireNonNull(id, "id");
        phases = phases == null ? List.of() : List.copyOf(phases);
    }
}
