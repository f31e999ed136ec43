package io.scrumops.bridge.rules;

import io.scrumops.bridge.model.Recurrence;
import io.scrumops.bridge.model.StoryAttributes;
import io.scrumops.bridge.model.TeamScope;
import io.scrumops.bridge.model.WorkItem;

import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Decides a story's recurrence and team scope. A story is FINITE and SINGLE_TEAM unless its labels or fields
 * say otherwise. It is also MULTI_TEAM when it names more than one team, or when it allows escalation:
 * a story whose work packages can be escalated must be set up for several teams.
 */
public final class StoryClassifier {

    private final StoryMarkers markers;

    public StoryClassifier(StoryMarkers markers) {
        this.markers = Objects.requireNonNull(markers, "markers");
    }

    public StoryAttributes classify(WorkItem story, Map<String, String> fields) {
        StoryAttributes current = story.story() == null ? StoryAttributes.defaults() : story.story();
        return classify(story.labels(), fields, current);
    }

    public StoryAttributes classify(Set<String> labels, Map<String, String> fields, StoryAttributes current) {
        StoryAttributes base = current == null ? StoryAttributes.defaults() : current;
        Set<String> safeLabels = labels == null ? Set.of() : labels;
        boolean recurring = base.recurrence() == Recurrence.RECURRING || markers.saysRecurring(safeLabels, fields);
        boolean multiTeam = base.teamScope() == TeamScope.MULTI_TEAM
                || markers.saysMultiTeam(safeLabels, fields)
                || base.teams().size() > 1
                || base.escalationAllowed();
        boolean dormant = base.dormant() || (recurring && markers.saysDormant(safeLabels));
        return new StoryAttributes(recurring ? Recurrence.RECURRING : Recurrence.FINITE,
                multiTeam ? TeamScope.MULTI_TEAM : TeamScope.SINGLE_TEAM, base.productOwner(), base.slaPolicy(),
                base.escalationAllowed(), base.escalationTargets(), dormant && recurring, base.teams(),
                base.teamEstimates());
    }
}
