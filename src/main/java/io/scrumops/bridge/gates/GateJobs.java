package io.scrumops.bridge.gates;

import com.fasterxml.jackson.databind.JsonNode;
import io.scrumops.bridge.adapter.JsonFields;
import io.scrumops.bridge.adapter.jira.JiraProperties;
import io.scrumops.bridge.adapter.jira.JiraRestReader;
import io.scrumops.bridge.adapter.servicenow.ServiceNowProperties;
import io.scrumops.bridge.adapter.servicenow.ServiceNowTableReader;
import io.scrumops.bridge.mapping.ReleaseMapping;
import io.scrumops.bridge.mapping.ReleaseMappingRegistry;
import io.scrumops.bridge.model.BlockingItem;
import io.scrumops.bridge.model.CriterionKind;
import io.scrumops.bridge.model.Gate;
import io.scrumops.bridge.model.GateCriterion;
import io.scrumops.bridge.model.Release;
import io.scrumops.bridge.model.SourceSystem;
import io.scrumops.bridge.store.ReleaseRepository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * The scheduled side of gates (routes {@code gates-*}): reading the Jira projects' versions into releases, running
 * the remote-query criteria through the Jira and ServiceNow readers (and so through their rate-limit gates), and
 * the periodic full evaluation that moves phases with the calendar.
 */
@Component("gateJobs")
public class GateJobs {

    private static final Logger LOG = LoggerFactory.getLogger(GateJobs.class);
    /** A query that must return nothing needs only its first few answers to name what blocks. */
    static final int REMOTE_ITEMS = 20;

    private final ReleaseMappingRegistry mappings;
    private final ReleaseRepository releases;
    private final GateService gates;
    private final JiraRestReader jira;
    private final ServiceNowTableReader serviceNow;
    private final JiraProperties jiraProperties;
    private final ServiceNowProperties serviceNowProperties;
    private final GateLinks links;
    private final Clock clock;

    public GateJobs(ReleaseMappingRegistry mappings, ReleaseRepository releases, GateService gates, JiraRestReader jira,
                    ServiceNowTableReader serviceNow, JiraProperties jiraProperties,
                    ServiceNowProperties serviceNowProperties, GateLinks links, Clock clock) {
        this.mappings = mappings;
        this.releases = releases;
        this.gates = gates;
        this.jira = jira;
        this.serviceNow = serviceNow;
        this.jiraProperties = jiraProperties;
        this.serviceNowProperties = serviceNowProperties;
        this.links = links;
        this.clock = clock;
    }

    /** Reads each mapped Jira project's versions; returns how many versions were read. */
    public int syncVersions() {
        if (!jiraProperties.isConfigured()) {
            return 0;
        }
        int count = 0;
        for (ReleaseMapping.Product product : mappings.current().products()) {
            for (String project : product.jiraProjects()) {
                try {
                    count += gates.importVersions(project, jira.projectVersions(project));
                } catch (RuntimeException e) {
                    LOG.warn("Versions of Jira project {} not read: {}", project, e.getMessage());
                }
            }
        }
        return count;
    }

    /** Runs every remote-query criterion of every open release once; returns how many ran. */
    public int runRemoteQueries() {
        int count = 0;
        for (Release release : releases.findOpen()) {
            for (Gate gate : release.gates()) {
                for (GateCriterion criterion : gate.criteria()) {
                    if (criterion.kind() == CriterionKind.REMOTE_QUERY_EMPTY) {
                        gates.remoteAnswered(release.id(), gate.id(), criterion.id(), run(release, criterion));
                        count++;
                    }
                }
            }
        }
        return count;
    }

    /** Corrects kept evidence counts that drifted from the items (route {@code gates-evidence-recount}). */
    public int recountEvidence() {
        return gates.recountEvidence();
    }

    public int evaluateAll() {
        return gates.evaluateAll("scheduled evaluation");
    }

    RemoteQueryResult run(Release release, GateCriterion criterion) {
        try {
            if (criterion.system() == SourceSystem.JIRA) {
                if (!jiraProperties.isConfigured()) {
                    return RemoteQueryResult.failed("Jira is not configured", clock.instant());
                }
                String jql = RemoteQueries.jql(criterion.query(), release.name(), release.product());
                JsonNode page = jira.searchFirstPage(jql, REMOTE_ITEMS);
                List<BlockingItem> items = new ArrayList<>();
                for (JsonNode issue : page.path("issues")) {
                    String key = JsonFields.text(issue, "key");
                    items.add(new BlockingItem("jira:issue:" + JsonFields.text(issue, "id"), key,
                            JsonFields.text(issue, "fields.summary"), JsonFields.text(issue, "fields.status.name"),
                            links.jiraIssue(key)));
                }
                return RemoteQueryResult.answered(items, clock.instant());
            }
            if (!serviceNowProperties.isConfigured()) {
                return RemoteQueryResult.failed("ServiceNow is not configured", clock.instant());
            }
            String query = RemoteQueries.serviceNow(criterion.query(), release.name(), release.product());
            List<BlockingItem> items = new ArrayList<>();
            for (JsonNode record : serviceNow.page(criterion.table(), query, REMOTE_ITEMS, 0)) {
                String sysId = JsonFields.text(record, "sys_id");
                items.add(new BlockingItem("servicenow:" + criterion.table() + ":" + sysId,
                        JsonFields.text(record, "number") != null ? JsonFields.text(record, "number") : sysId,
                        JsonFields.text(record, "short_description"), JsonFields.text(record, "state"),
                        links.serviceNowRecord(criterion.table(), sysId)));
            }
            return RemoteQueryResult.answered(items, clock.instant());
        } catch (RuntimeException e) {
            LOG.warn("Remote query {} of release {} failed: {}", criterion.id(), release.name(), e.getMessage());
            return RemoteQueryResult.failed(e.getMessage(), clock.instant());
        }
    }
}
