package io.scrumops.bridge.rules;

import io.scrumops.bridge.model.CanonicalStatus;
import io.scrumops.bridge.model.Recurrence;
import io.scrumops.bridge.model.Sprint;
import io.scrumops.bridge.model.StoryAttributes;
import io.scrumops.bridge.model.TeamScope;
import io.scrumops.bridge.model.WorkItem;
import io.scrumops.bridge.model.WorkItemKind;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Decides what happens to a team's stories when its sprint closes.
 * <ul>
 *   <li>A recurring story in the closing sprint moves to the next sprint with its work packages that are not
 *       done (rejected ones included) and their open tasks.</li>
 *   <li>A dormant recurring story is scheduled only when its trigger fired: it is in the explicit trigger set,
 *       or (by default) work arrived for it as an open work package. Otherwise it stays in the backlog.</li>
 *   <li>A finite story does not recur: its open items are reported, not moved. The one exception is an escalated
 *       work package that is not complete: it moves with its story, whatever the story's recurrence.</li>
 * </ul>
 * Items are recognised by kind; work packages belong to a story through their attributes' story id (falling
 * back to the parent id), tasks to their parent.
 */
public final class SprintRollover {

    private final RolloverSettings settings;

    public SprintRollover(RolloverSettings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    public RolloverDecision decide(Sprint closing, Sprint next, Collection<WorkItem> items,
                                   Set<String> triggeredStoryIds) {
        Objects.requireNonNull(closing, "closing");
        Objects.requireNonNull(next, "next");
        if (closing.id().equals(next.id())) {
            throw new IllegalArgumentException("next sprint " + next.id() + " is the closing sprint");
        }
        if (closing.team() != null && next.team() != null && !closing.team().equals(next.team())) {
            throw new IllegalArgumentException("next sprint " + next.id() + " belongs to team " + next.team()
                    + ", not to " + closing.team());
        }
        Set<String> triggers = triggeredStoryIds == null ? Set.of() : triggeredStoryIds;
        ItemsByStory index = new ItemsByStory(items);

        List<MoveToSprint> moves = new ArrayList<>();
        List<UnfinishedStory> unfinished = new ArrayList<>();
        List<String> dormantNotScheduled = new ArrayList<>();
        List<TeamPortion> portions = new ArrayList<>();

        for (WorkItem story : index.stories()) {
            StoryAttributes attributes = story.story() == null ? StoryAttributes.defaults() : story.story();
            boolean inClosingSprint = closing.id().equals(story.sprintId());
            boolean recurring = attributes.recurrence() == Recurrence.RECURRING;
            List<WorkItem> packages = index.packagesOf(story.id());
            List<WorkItem> openPackages = packages.stream().filter(p -> !p.isDone()).toList();

            if (recurring && attributes.dormant()) {
                boolean triggered = triggers.contains(story.id())
                        || (settings.openWorkTriggersDormantStory() && !openPackages.isEmpty());
                if (!triggered) {
                    if (inClosingSprint || story.sprintId() == null) {
                        dormantNotScheduled.add(story.id());
                    }
                    continue;
                }
                if (!inClosingSprint && story.sprintId() != null) {
                    continue;
                }
                String from = inClosingSprint ? closing.id() : null;
                moves.add(new MoveToSprint(story.id(), from, next.id(), MoveReason.DORMANT_STORY_TRIGGERED));
                moveStoryContents(story, openPackages, index, from, next, moves);
            } else if (!inClosingSprint) {
                continue;
            } else if (recurring) {
                moves.add(new MoveToSprint(story.id(), closing.id(), next.id(), MoveReason.RECURRING_STORY));
                moveStoryContents(story, openPackages, index, closing.id(), next, moves);
            } else {
                decideFinite(story, attributes, openPackages, index, closing, next, moves, unfinished);
            }
            if (attributes.teamScope() == TeamScope.MULTI_TEAM) {
                portions.addAll(teamPortions(story, attributes, index));
            }
        }
        return new RolloverDecision(closing.id(), next.id(), moves, unfinished, dormantNotScheduled, portions);
    }

    private void moveStoryContents(WorkItem story, List<WorkItem> openPackages, ItemsByStory index, String from,
                                   Sprint next, List<MoveToSprint> moves) {
        for (WorkItem workPackage : openPackages) {
            moves.add(new MoveToSprint(workPackage.id(), from, next.id(), packageReason(workPackage)));
            moveOpenTasks(index.tasksOf(workPackage.id()), from, next, moves);
        }
        moveOpenTasks(index.tasksOf(story.id()), from, next, moves);
    }

    private void decideFinite(WorkItem story, StoryAttributes attributes, List<WorkItem> openPackages,
                              ItemsByStory index, Sprint closing, Sprint next, List<MoveToSprint> moves,
                              List<UnfinishedStory> unfinished) {
        List<WorkItem> openEscalated = openPackages.stream().filter(SprintRollover::isEscalated).toList();
        List<String> reported = new ArrayList<>();
        if (!openEscalated.isEmpty()) {
            moves.add(new MoveToSprint(story.id(), closing.id(), next.id(),
                    MoveReason.STORY_HOLDS_ESCALATED_WORK_PACKAGE));
            for (WorkItem workPackage : openEscalated) {
                moves.add(new MoveToSprint(workPackage.id(), closing.id(), next.id(),
                        MoveReason.ESCALATED_WORK_PACKAGE));
                moveOpenTasks(index.tasksOf(workPackage.id()), closing.id(), next, moves);
            }
        }
        for (WorkItem workPackage : openPackages) {
            if (!isEscalated(workPackage)) {
                reported.add(workPackage.id());
                index.tasksOf(workPackage.id()).stream().filter(t -> !t.isDone()).forEach(t -> reported.add(t.id()));
            }
        }
        index.tasksOf(story.id()).stream().filter(t -> !t.isDone()).forEach(t -> reported.add(t.id()));
        if (!story.isDone() || !reported.isEmpty()) {
            unfinished.add(new UnfinishedStory(story.id(), attributes.productOwner(), !story.isDone(), reported));
        }
    }

    private void moveOpenTasks(List<WorkItem> tasks, String from, Sprint next, List<MoveToSprint> moves) {
        if (!settings.moveOpenTasks()) {
            return;
        }
        for (WorkItem task : tasks) {
            if (!task.isDone()) {
                moves.add(new MoveToSprint(task.id(), from, next.id(), MoveReason.INCOMPLETE_TASK));
            }
        }
    }

    private static MoveReason packageReason(WorkItem workPackage) {
        if (isEscalated(workPackage)) {
            return MoveReason.ESCALATED_WORK_PACKAGE;
        }
        return workPackage.status() == CanonicalStatus.REJECTED
                ? MoveReason.REJECTED_WORK_PACKAGE : MoveReason.INCOMPLETE_WORK_PACKAGE;
    }

    private static boolean isEscalated(WorkItem workPackage) {
        return workPackage.workPackage() != null && workPackage.workPackage().escalationLevel() > 1;
    }

    private static List<TeamPortion> teamPortions(WorkItem story, StoryAttributes attributes, ItemsByStory index) {
        Set<String> teams = new LinkedHashSet<>(attributes.teams());
        teams.addAll(attributes.teamEstimates().keySet());
        List<WorkItem> tasks = new ArrayList<>(index.tasksOf(story.id()));
        index.packagesOf(story.id()).forEach(p -> tasks.addAll(index.tasksOf(p.id())));
        tasks.stream().map(WorkItem::team).filter(Objects::nonNull).forEach(teams::add);
        List<TeamPortion> portions = new ArrayList<>();
        for (String team : teams) {
            List<String> open = new ArrayList<>();
            List<String> done = new ArrayList<>();
            for (WorkItem task : tasks) {
                if (team.equals(task.team())) {
                    (task.isDone() ? done : open).add(task.id());
                }
            }
            portions.add(new TeamPortion(story.id(), team, attributes.teamEstimates().get(team), open, done));
        }
        return portions;
    }

    private static final class ItemsByStory {
        private final List<WorkItem> stories = new ArrayList<>();
        private final Map<String, List<WorkItem>> packagesByStory = new LinkedHashMap<>();
        private final Map<String, List<WorkItem>> tasksByParent = new LinkedHashMap<>();

        ItemsByStory(Collection<WorkItem> items) {
            for (WorkItem item : items) {
                if (item.kind() == WorkItemKind.STORY) {
                    stories.add(item);
                } else if (item.kind() == WorkItemKind.WORK_PACKAGE) {
                    String storyId = item.workPackage() != null && item.workPackage().storyId() != null
                            ? item.workPackage().storyId() : item.parentId();
                    if (storyId != null) {
                        packagesByStory.computeIfAbsent(storyId, k -> new ArrayList<>()).add(item);
                    }
                } else if (item.kind() == WorkItemKind.TASK && item.parentId() != null) {
                    tasksByParent.computeIfAbsent(item.parentId(), k -> new ArrayList<>()).add(item);
                }
            }
        }

        List<WorkItem> stories() {
            return stories;
        }

        List<WorkItem> packagesOf(String storyId) {
            return packagesByStory.getOrDefault(storyId, List.of());
        }

        List<WorkItem> tasksOf(String parentId) {
            return tasksByParent.getOrDefault(parentId, List.of());
        }
    }
}
