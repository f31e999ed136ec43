package io.scrumops.bridge.rules;

import io.scrumops.bridge.model.CanonicalStatus;
import io.scrumops.bridge.model.CommentVisibility;
import io.scrumops.bridge.model.EscalationLink;
import io.scrumops.bridge.model.Sprint;
import io.scrumops.bridge.model.SourceRef;
import io.scrumops.bridge.model.SourceSystem;
import io.scrumops.bridge.model.StoryAttributes;
import io.scrumops.bridge.model.WorkItem;
import io.scrumops.bridge.model.WorkItemKind;
import io.scrumops.bridge.model.WorkPackageAttributes;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.function.Function;

/**
 * Decides whether a work package may go to the next support level, and what its completion there means.
 * <p>
 * The target is the story the source story names for the package's category, else the one it names for
 * {@code "*"}. An escalation creates a new package under the target story at the next level. That package keeps
 * the SLA clock and target of the original unchanged, links to the package it came from and carries the whole
 * escalation history. Every earlier package of the chain gets a comment, so every team sees the step.
 * The rules are checked in the order of {@link RefusalReason}; the first that fails refuses.
 */
public final class EscalationPolicy {

    public static final String ANY_CATEGORY = "*";

    public EscalationDecision decide(WorkItem sourcePackage, WorkItem sourceStory,
                                     Function<String, Optional<WorkItem>> storyLookup, Collection<Sprint> sprints,
                                     Clock clock) {
        return decide(sourcePackage, sourceStory, storyLookup, sprints, clock, null, null);
    }

    public EscalationDecision decide(WorkItem sourcePackage, WorkItem sourceStory,
                                     Function<String, Optional<WorkItem>> storyLookup, Collection<Sprint> sprints,
                                     Clock clock, String escalatedBy, String note) {
        WorkPackageAttributes source = sourcePackage.workPackage();
        if (sourcePackage.kind() != WorkItemKind.WORK_PACKAGE || source == null) {
            return refuse(RefusalReason.NOT_A_WORK_PACKAGE, sourcePackage.id() + " is a " + sourcePackage.kind());
        }
        String owningStory = source.storyId() != null ? source.storyId() : sourcePackage.parentId();
        if (!sourceStory.id().equals(owningStory)) {
            return refuse(RefusalReason.NOT_UNDER_SOURCE_STORY,
                    sourcePackage.id() + " belongs to " + owningStory + ", not " + sourceStory.id());
        }
        if (sourcePackage.isDone()) {
            return refuse(RefusalReason.ALREADY_DONE, sourcePackage.id() + " is " + sourcePackage.status());
        }
        StoryAttributes from = sourceStory.story() == null ? StoryAttributes.defaults() : sourceStory.story();
        if (!from.escalationAllowed()) {
            return refuse(RefusalReason.ESCALATION_NOT_ALLOWED,
                    "story " + sourceStory.id() + " does not allow escalation");
        }
        String targetStoryId = targetFor(from, source.category());
        if (targetStoryId == null) {
            return refuse(RefusalReason.NO_TARGET_FOR_CATEGORY, "story " + sourceStory.id()
                    + " names no target for category '" + source.category() + "' and no '*' fallback");
        }
        Optional<WorkItem> found = storyLookup.apply(targetStoryId);
        if (found.isEmpty() || found.get().kind() != WorkItemKind.STORY) {
            return refuse(RefusalReason.TARGET_STORY_NOT_FOUND, "target story " + targetStoryId + " does not exist");
        }
        WorkItem targetStory = found.get();
        if (chainStories(sourceStory.id(), source).contains(targetStoryId)) {
            return refuse(RefusalReason.TARGET_ALREADY_IN_CHAIN,
                    "story " + targetStoryId + " is already part of the escalation of " + sourcePackage.id());
        }
        Instant now = clock.instant();
        Optional<Sprint> targetSprint = sprints.stream()
                .filter(s -> s.id().equals(targetStory.sprintId()) && s.isOngoingAt(now)).findFirst();
        if (targetSprint.isEmpty()) {
            return refuse(RefusalReason.TARGET_NOT_IN_ONGOING_SPRINT, "target story " + targetStoryId
                    + " is in sprint " + targetStory.sprintId() + ", which is not ongoing at " + now);
        }
        StoryAttributes to = targetStory.story() == null ? StoryAttributes.defaults() : targetStory.story();
        if (from.hasSla() != to.hasSla()) {
            return refuse(RefusalReason.SLA_MISMATCH, "story " + sourceStory.id() + slaWording(from)
                    + " but target story " + targetStoryId + slaWording(to));
        }
        return escalate(sourcePackage, sourceStory, targetStory, targetSprint.get(), now, escalatedBy, note);
    }

    /**
     * What completing a package means for the chain below it: empty unless the package is done and was escalated.
     *
     * @param incidentId the incident behind the original package, or null; it gets an internal work note
     */
    public Optional<EscalationCompletion> onCompletion(WorkItem completedPackage, String incidentId) {
        return onCompletion(completedPackage, incidentId, UnaryOperator.identity());
    }

    /**
     * @param displayName how people in Jira and ServiceNow know a work item (its issue key), by work item id; the
     *                    messages name items with it
     */
    public Optional<EscalationCompletion> onCompletion(WorkItem completedPackage, String incidentId,
                                                       UnaryOperator<String> displayName) {
        WorkPackageAttributes attributes = completedPackage.workPackage();
        if (attributes == null || !completedPackage.isDone() || attributes.escalationLevel() <= 1
                || attributes.escalations().isEmpty()) {
            return Optional.empty();
        }
        EscalationLink first = attributes.escalations().get(0);
        int level = attributes.escalationLevel();
        String original = first.fromWorkPackageId();
        String resolution = completedPackage.status() == CanonicalStatus.CANCELLED ? "cancelled" : "completed";
        String completedName = displayName.apply(completedPackage.id());
        String text = "Escalation L" + level + " " + resolution + " in " + completedName
                + "; finish the remaining tasks of " + displayName.apply(original) + " (e.g. inform the customer).";
        String topic = "escalation-completed:" + completedPackage.id();
        List<RuleCommand> commands = new ArrayList<>();
        commands.add(new NotifyOriginatingTeam(original, first.fromStoryId(), completedPackage.id(), level, text));
        for (String lower : lowerLevelPackages(attributes)) {
            commands.add(new AddComment(lower, topic, text, CommentVisibility.INTERNAL));
        }
        if (incidentId != null) {
            commands.add(new AddComment(incidentId, topic, "Escalated work (L" + level + ") " + resolution
                    + " in " + completedName + ".", CommentVisibility.INTERNAL));
        }
        return Optional.of(new EscalationCompletion(completedPackage.id(), level, original, first.fromStoryId(),
                incidentId, commands));
    }

    private static String targetFor(StoryAttributes story, String category) {
        if (category != null) {
            String exact = story.escalationTargets().get(category);
            if (exact != null) {
                return exact;
            }
            for (var entry : story.escalationTargets().entrySet()) {
                if (entry.getKey().toLowerCase(Locale.ROOT).equals(category.toLowerCase(Locale.ROOT))) {
                    return entry.getValue();
                }
            }
        }
        return story.escalationTargets().get(ANY_CATEGORY);
    }

    private static Set<String> chainStories(String sourceStoryId, WorkPackageAttributes source) {
        Set<String> stories = new LinkedHashSet<>();
        stories.add(sourceStoryId);
        for (EscalationLink link : source.escalations()) {
            stories.add(link.fromStoryId());
            stories.add(link.toStoryId());
        }
        return stories;
    }

    /** Every package of the chain below the last one, original first. */
    private static List<String> lowerLevelPackages(WorkPackageAttributes attributes) {
        Set<String> ids = new LinkedHashSet<>();
        for (EscalationLink link : attributes.escalations()) {
            ids.add(link.fromWorkPackageId());
        }
        return List.copyOf(ids);
    }

    private static EscalationDecision escalate(WorkItem sourcePackage, WorkItem sourceStory, WorkItem targetStory,
                                               Sprint targetSprint, Instant now, String escalatedBy, String note) {
        WorkPackageAttributes source = sourcePackage.workPackage();
        int level = source.escalationLevel() + 1;
        String original = source.escalations().isEmpty() ? sourcePackage.id()
                : source.escalations().get(0).fromWorkPackageId();
        String newId = original + "#L" + level;
        EscalationLink link = new EscalationLink(sourcePackage.id(), newId, sourceStory.id(), targetStory.id(),
                level, now, escalatedBy, note);
        List<EscalationLink> history = new ArrayList<>(source.escalations());
        history.add(link);
        WorkPackageAttributes attributes = new WorkPackageAttributes(targetStory.id(), source.templateId(),
                source.severity(), source.category(), source.slaStartedAt(), source.slaTarget(), level,
                sourcePackage.id(), history);
        WorkItem escalated = new WorkItem(newId, WorkItemKind.WORK_PACKAGE,
                new SourceRef(SourceSystem.SCRUMOPS, "work-package", newId, null, null, 0, now),
                sourcePackage.title(), sourcePackage.description(), CanonicalStatus.NEW, null,
                sourcePackage.severity(), sourcePackage.sourcePriority(), sourcePackage.flowType(), null, null,
                targetStory.team(), targetStory.id(), targetSprint.id(), sourcePackage.labels(), now, now, null,
                null, attributes);

        List<RuleCommand> commands = new ArrayList<>();
        commands.add(new CreateEscalatedWorkPackage(newId, sourcePackage.id(), original, targetStory.id(),
                targetSprint.id(), sourcePackage.title(), attributes));
        String text = "Escalated to level " + level + " as " + newId + " under story " + targetStory.id()
                + (note == null ? "" : ": " + note) + ". The SLA clock and target stay unchanged.";
        Set<String> chain = new LinkedHashSet<>();
        for (EscalationLink earlier : source.escalations()) {
            chain.add(earlier.fromWorkPackageId());
        }
        chain.add(sourcePackage.id());
        for (String packageId : chain) {
            commands.add(new AddComment(packageId, "escalated:L" + level, text, CommentVisibility.INTERNAL));
        }
        return new EscalationDecision.Escalated(escalated, link, commands);
    }

    private static String slaWording(StoryAttributes story) {
        return story.hasSla() ? " carries SLA policy " + story.slaPolicy() : " carries no SLA";
    }

    private static EscalationDecision refuse(RefusalReason reason, String facts) {
        return new EscalationDecision.Refused(reason, reason.rule() + ": " + facts);
    }
}
