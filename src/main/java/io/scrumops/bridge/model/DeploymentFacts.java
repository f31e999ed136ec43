package io.scrumops.bridge.model;

import java.util.List;
import java.util.Objects;

/**
 * A deployment event as read, with what the metrics need beyond the {@link Deployment} itself.
 *
 * @param scope        the CI/CD scope: repository or pipeline project, job, or ServiceNow service
 * @param repoUrl      the repository deployed, or null when the event does not say
 * @param headSha      the commit deployed, or null
 * @param listedShas   commits the event lists as shipped (beyond the deployed commit), empty when it lists none
 * @param changeNumber the ServiceNow change request this deployment carries out, or null
 * @param superseded   a GitHub {@code inactive} status: a later deployment replaced this one; it says nothing about
 *                     how this one ended
 */
public record DeploymentFacts(Deployment deployment, String scope, String repoUrl, String headSha,
                              List<String> listedShas, String changeNumber, boolean superseded) {

    public DeploymentFacts {
        Objects.requireNonNull(deployment, "deployment");
        listedShas = listedShas == null ? List.of() : List.copyOf(listedShas);
    }
}
