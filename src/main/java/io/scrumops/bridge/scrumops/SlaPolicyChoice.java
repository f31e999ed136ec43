package io.scrumops.bridge.scrumops;

import io.scrumops.bridge.model.Severity;
import io.scrumops.bridge.model.StoryAttributes;
import io.scrumops.bridge.model.WorkItem;
import io.scrumops.bridge.model.WorkPackageAttributes;
import io.scrumops.bridge.rules.SlaPolicies;
import io.scrumops.bridge.rules.SlaPolicy;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.util.List;

/**
 * Which SLA policy applies to a work package (its story's, else the default one), and the SLA clock of a package
 * that arrived from Jira without one: started when the package was created, target by its severity.
 */
@Component
public class SlaPolicyChoice {

    private final SlaPolicies policies;
    private final SlaPolicy fallback;

    public SlaPolicyChoice(SlaPolicies policies) {
        this.policies = policies;
        this.fallback = policies.find(SlaPolicy.DEFAULT_NAME).orElse(SlaPolicy.defaults());
    }

    public SlaPolicy policyOf(WorkItem story) {
        StoryAttributes attributes = story == null ? null : story.story();
        if (attributes == null || !attributes.hasSla()) {
            return fallback;
        }
        return policies.find(attributes.slaPolicy()).orElse(fallback);
    }

    /** The package with its SLA clock fixed when its story carries SLAs and the package has no clock yet. */
    public WorkItem withClock(WorkItem workPackage, WorkItem story) {
        WorkPackageAttributes a = workPackage.workPackage();
        if (a == null || a.slaStartedAt() != null || story == null || story.story() == null
                || !story.story().hasSla()) {
            return workPackage;
        }
        Severity severity = a.severity() != null ? a.severity() : workPackage.severity();
        Duration target = policyOf(story).targetFor(severity).orElse(null);
        if (target == null || workPackage.createdAt() == null) {
            return workPackage;
        }
        return workPackage.withWorkPackage(new WorkPackageAttributes(a.storyId(), a.templateId(), severity,
                a.category(), workPackage.createdAt(), target, a.escalationLevel(), a.escalatedFromId(),
                a.escalations() == null ? List.of() : a.escalations()));
    }
}
