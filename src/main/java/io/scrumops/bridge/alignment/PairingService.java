package io.scrumops.bridge.alignment;

import io.scrumops.bridge.adapter.servicenow.ServiceNowProperties;
import io.scrumops.bridge.mapping.MappingRegistry;
import io.scrumops.bridge.model.SourceSystem;
import io.scrumops.bridge.model.Sprint;
import io.scrumops.bridge.model.SprintState;
import io.scrumops.bridge.model.WorkItem;
import io.scrumops.bridge.rules.TaskTemplate;
import io.scrumops.bridge.rules.WorkPackageTemplate;
import io.scrumops.bridge.rules.WorkPackageTemplates;
import io.scrumops.bridge.store.AuditLogRepository;
import io.scrumops.bridge.store.SprintRepository;
import io.scrumops.bridge.store.SyncLink;
import io.scrumops.bridge.store.SyncLinkRepository;
import io.scrumops.bridge.writeback.JiraCreateIssue;
import io.scrumops.bridge.writeback.WriteCommandQueue;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Gives a routed incident its one Jira work package: under the team's recurring story, in the team's active sprint,
 * from the template for its severity. The incident's link is stored at once, so a second record of the same incident
 * finds the pair; the Jira side is linked when the create has been applied.
 */
@Component
public class PairingService {

    private final SyncLinkRepository links;
    private final WriteCommandQueue queue;
    private final AuditLogRepository audit;
    private final SprintRepository sprints;
    private final MappingRegistry mappings;
    private final ServiceNowProperties serviceNow;
    private final AlignmentSettings settings;
    private final Clock clock;

    public PairingService(SyncLinkRepository links, WriteCommandQueue queue, AuditLogRepository audit,
                          SprintRepository sprints, MappingRegistry mappings, ServiceNowProperties serviceNow,
                          AlignmentSettings settings, Clock clock) {
        this.clock = clock;
        this.links = links;
        this.queue = queue;
        this.audit = audit;
        this.sprints = sprints;
        this.mappings = mappings;
        this.serviceNow = serviceNow;
        this.settings = settings;
    }

    /**
     * @param namedIssueKey a Jira key the incident already names (its correlation_id, set before the bridge ran or by
     *                      another tool) that no pair knows: the writer takes that issue when it exists
     */
    void pair(WorkItem incident, String storyKey, Map<String, String> fingerprints, String namedIssueKey) {
        String pairId = incident.id();
        links.save(new SyncLink(pairId, SourceSystem.SERVICENOW, incident.source().nativeId(), incident.source().key(),
                incidentUrl(incident), incident.source().version(), clock.instant(), fingerprints));
        WorkPackageTemplate template = templates().select(incident.severity(), null).orElse(null);
        List<String> labels = new ArrayList<>(template == null ? List.of() : template.labels().stream().sorted().toList());
        List<String> subTasks = template == null ? List.of() : template.tasks().stream().map(TaskTemplate::title).toList();
        String sprintId = incident.team() == null ? null : sprints.findByTeamAndState(incident.team(), SprintState.ACTIVE)
                .stream().findFirst().map(Sprint::source).map(source -> source.nativeId()).orElse(null);
        String summary = incident.title() == null ? incident.source().key() : incident.title();
        String description = "ServiceNow incident " + incident.source().key() + ": " + incidentUrl(incident)
                + (incident.description() == null ? "" : "\n\n" + incident.description());
        String priority = settings.jiraPriority(incident.severity()).orElse(null);
        queue.add("pair:" + pairId + ":create", new JiraCreateIssue(pairId, projectOf(storyKey),
                template == null ? "Task" : template.issueType(), summary, description, storyKey, sprintId, priority,
                labels, template == null ? List.of() : template.components(), teamField(incident), subTasks,
                namedIssueKey));
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("incident", incident.source().key());
        detail.put("story", storyKey);
        detail.put("team", incident.team());
        detail.put("template", template == null ? null : template.id());
        detail.put("sprint", sprintId);
        if (namedIssueKey != null) {
            detail.put("namedIssue", namedIssueKey);
        }
        audit.record("bridge", "alignment.pairing", pairId, detail);
    }

    /** The Jira team field set to the team of the incident's assignment group, when both are known. */
    private Map<String, Object> teamField(WorkItem incident) {
        String field = mappings.current().jira().fields().team();
        Optional<String> value = settings.team(SourceSystem.SERVICENOW, incident.assignmentGroup())
                .flatMap(team -> settings.teamValue(SourceSystem.JIRA, team));
        if (field == null || value.isEmpty()) {
            return Map.of();
        }
        return Map.of(field, settings.jiraTeamAsOption() ? Map.of("value", value.get()) : value.get());
    }

    String incidentUrl(WorkItem incident) {
        String base = serviceNow.instanceUrl() == null ? "" : serviceNow.instanceUrl().replaceAll("/+$", "");
        return base + "/nav_to.do?uri=" + incident.source().entity() + ".do?sys_id=" + incident.source().nativeId();
    }

    private WorkPackageTemplates templates() {
        return mappings.current().rules().templates();
    }

    private static String projectOf(String storyKey) {
        int dash = storyKey.lastIndexOf('-');
        return dash > 0 ? storyKey.substring(0, dash) : storyKey;
    }
}
