package io.scrumops.bridge.model;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A release moving through ordered phases (e.g. BUILD, SI, SIT, UAT, DEMO), each with entry and exit gates. It comes
 * from a Jira version ({@code jira:version:<id>}) or a ServiceNow change request
 * ({@code servicenow:change_request:<sys_id>}); the product's mapping gives it its phases and gates.
 *
 * @param changeRequestId the bridge id of the ServiceNow change request that carries this release, if any
 * @param epicKey         the Jira epic the release's verdicts are commented on, if mapped
 */
public record Release(String id, SourceRef source, String name, String product, String currentPhase,
                      List<ReleasePhase> phases, Instant releaseDate, boolean released, boolean archived,
                      String changeRequestId, String epicKey) {

    public Release {
        Objects.requireNonNull(id, "id");
        phases = phases == null ? List.of() : List.copyOf(phases);
    }

    public Release(String id, SourceRef source, String name, String product, String currentPhase,
                   List<ReleasePhase> phases, Instant releaseDate) {
        this(id, source, name, product, currentPhase, phases, releaseDate, false, false, null, null);
    }

    public List<Gate> gates() {
        return phases.stream().flatMap(p -> p.gates().stream()).toList();
    }

    public java.util.Optional<Gate> gate(String gateId) {
        return gates().stream().filter(g -> g.id().equals(gateId)).findFirst();
    }
}
