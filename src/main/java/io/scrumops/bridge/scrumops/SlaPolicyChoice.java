package io.scrumops.bridge.scrumops;

import io.scrumops.bridge.mapping.MappingRegistry;
import io.scrumops.bridge.model.Severity;
import io.scrumops.bridge.model.StoryAttributes;
import io.scrumops.bridge.model.WorkItem;
import io.scrumops.bridge.model.WorkPackageAttributes;
import io.scrumops.bridge.rules.SlaPolicies;
import io.scrumops.bridge.rules.SlaPolicy;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;

/**
 * Which SLA policy applies to a work package (its story's, else the default one), and the SLA clock of a package
 * that arrived from Jira without one: started when the package was created, target by its severity.
 */
@Component
public class SlaPolicyChoice {

    private final Supplier<SlaPolicies> policies;

    /** Follows the SLA policies of the mapping files in force, so a reload applies from the next decision on. */
    @Autowired
    public SlaPolicyChoice(MappingRegistry mappings) {
        this.policies = () -> mappings.current().rules().slaPolicies();
    }

    public SlaPolicyChoice(SlaPolicies policies) {
        this.policies = () -> policies;
    }

    public SlaPolicy policyOf(WorkItem story) {
        SlaPolicies known = policies.get();
        SlaPolicy fallback = known.find(SlaPolicy.DEFAULT_NAME).orElse(SlaPolicy.defaults());
        StoryAttributes attributes = story == null ? null : story.story();
        if (attributes == null || !attributes.hasSla()) {
            return fallback;
        }
        return known.find(attributes.slaPolicy()).orElse(fallback);
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
