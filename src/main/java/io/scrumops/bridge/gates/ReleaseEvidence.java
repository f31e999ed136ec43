package io.scrumops.bridge.gates;

import io.scrumops.bridge.model.SignOff;

import java.util.List;
import java.util.Map;

/**
 * What the store knows that a release's gates are judged on.
 *
 * @param releaseItems     the release's items that can block: open ones, and those of the test issue types
 * @param productIncidents open incidents on the release's product
 * @param deployments      successful deployments of the release
 * @param changeRequest    the release's ServiceNow change request, or null
 * @param remoteResults    the last answer of each remote query, by {@code <gateId>/<criterionId>}
 * @param signOffs         the standing sign-offs, by gate id
 * @param testCounts       how many items of each test issue type (lower case) the release has, when the store
 *                         counted them and gave only the not-passing ones in {@code releaseItems}; empty: count those
 * @param openCounts       the release's kept counts, when open defects and stories are judged on them (their items are
 *                         the release's open memberships, assembled when the gate is read); null: judge the items
 */
public record ReleaseEvidence(List<EvidenceItem> releaseItems, List<EvidenceItem> productIncidents,
                              List<DeploymentFact> deployments, EvidenceItem changeRequest,
                              Map<String, RemoteQueryResult> remoteResults, Map<String, SignOff> signOffs,
                              Map<String, Integer> testCounts, KeptEvidence openCounts) {

    public ReleaseEvidence(List<EvidenceItem> releaseItems, List<EvidenceItem> productIncidents,
                           List<DeploymentFact> deployments, EvidenceItem changeRequest,
                           Map<String, RemoteQueryResult> remoteResults, Map<String, SignOff> signOffs,
                           Map<String, Integer> testCounts) {
        this(releaseItems, productIncidents, deployments, changeRequest, remoteResults, signOffs, testCounts, null);
    }

    public ReleaseEvidence(List<EvidenceItem> releaseItems, List<EvidenceItem> productIncidents,
                           List<DeploymentFact> deployments, EvidenceItem changeRequest,
                           Map<String, RemoteQueryResult> remoteResults, Map<String, SignOff> signOffs) {
        this(releaseItems, productIncidents, deployments, changeRequest, remoteResults, signOffs, null);
    }

    public ReleaseEvidence {
        releaseItems = releaseItems == null ? List.of() : List.copyOf(releaseItems);
        productIncidents = productIncidents == null ? List.of() : List.copyOf(productIncidents);
        deployments = deployments == null ? List.of() : List.copyOf(deployments);
        remoteResults = remoteResults == null ? Map.of() : Map.copyOf(remoteResults);
        signOffs = signOffs == null ? Map.of() : Map.copyOf(signOffs);
        testCounts = testCounts == null ? Map.of() : Map.copyOf(testCounts);
    }

    public static ReleaseEvidence empty() {
        return new ReleaseEvidence(null, null, null, null, null, null, null, KeptEvidence.NONE);
    }

    public static String remoteKey(String gateId, String criterionId) {
        return gateId + "/" + criterionId;
    }
}
