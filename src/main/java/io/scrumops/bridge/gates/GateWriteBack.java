package io.scrumops.bridge.gates;

import io.scrumops.bridge.mapping.ReleaseMapping;
import io.scrumops.bridge.model.CommentVisibility;
import io.scrumops.bridge.model.Gate;
import io.scrumops.bridge.model.GateEvaluation;
import io.scrumops.bridge.model.GateVerdict;
import io.scrumops.bridge.model.Release;
import io.scrumops.bridge.model.SourceSystem;
import io.scrumops.bridge.writeback.JiraComment;
import io.scrumops.bridge.writeback.JiraVersionVerdict;
import io.scrumops.bridge.writeback.ServiceNowJournalEntry;
import io.scrumops.bridge.writeback.ServiceNowUpdate;
import io.scrumops.bridge.writeback.WriteCommand;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The write commands that carry one verdict change to Jira and ServiceNow: the Jira version (description or entity
 * property), a comment on the release's epic when mapped, and on the ServiceNow change request a work note and the
 * verdict field when mapped. Pure: the caller queues them.
 */
public final class GateWriteBack {

    public static final String VERSION_PROPERTY = "scrumops.gates";
    static final String CHANGE_TABLE = "change_request";

    private GateWriteBack() {
    }

    /** A command with the idempotency key that makes it once-only for this history entry. */
    public record Keyed(String key, WriteCommand command) {
    }

    /**
     * @param verdicts every gate's verdict of the release after this change, for the version's summary
     */
    public static List<Keyed> commands(long historyId, Release release, ReleaseMapping.Product product, Gate gate,
                                       GateEvaluation evaluation, GateVerdict previous,
                                       Map<String, GateEvaluation> verdicts) {
        List<Keyed> commands = new ArrayList<>();
        String line = "Gate " + gate.name() + " (" + gate.id() + ") of release " + release.name() + ": "
                + evaluation.verdict() + (previous == null ? "" : " (was " + previous + ")") + ". "
                + evaluation.reason();
        String prefix = "gate-verdict:" + historyId + ":";
        if (release.source() != null && release.source().system() == SourceSystem.JIRA
                && "version".equals(release.source().entity()) && product != null
                && product.versionWriteBack() != ReleaseMapping.VersionWriteBack.NONE) {
            String versionId = release.source().nativeId();
            if (product.versionWriteBack() == ReleaseMapping.VersionWriteBack.PROPERTY) {
                Map<String, Object> property = new LinkedHashMap<>();
                verdicts.forEach((gateId, e) -> property.put(gateId, Map.of("verdict", e.verdict().name(),
                        "reason", e.reason(), "evaluatedAt", String.valueOf(e.evaluatedAt()))));
                commands.add(new Keyed(prefix + "jira-version", new JiraVersionVerdict(release.id(), versionId, null,
                        VERSION_PROPERTY, property)));
            } else {
                commands.add(new Keyed(prefix + "jira-version", new JiraVersionVerdict(release.id(), versionId,
                        summary(release, verdicts), null, null)));
            }
        }
        if (release.epicKey() != null) {
            commands.add(new Keyed(prefix + "jira-epic", new JiraComment(release.id(), release.epicKey(),
                    "[ScrumOps] " + line, null, CommentVisibility.INTERNAL, "scrumops:" + prefix + "jira-epic")));
        }
        if (release.changeRequestId() != null) {
            String sysId = release.changeRequestId().substring(release.changeRequestId().lastIndexOf(':') + 1);
            commands.add(new Keyed(prefix + "servicenow-note", new ServiceNowJournalEntry(release.id(), CHANGE_TABLE,
                    sysId, "[ScrumOps] " + line, null, CommentVisibility.INTERNAL, null)));
            if (product != null && product.verdictField() != null) {
                commands.add(new Keyed(prefix + "servicenow-field", new ServiceNowUpdate(release.id(), CHANGE_TABLE,
                        sysId, Map.of(product.verdictField(), summaryLine(verdicts)))));
            }
        }
        return commands;
    }

    /** One line per gate, in the release's gate order. */
    static String summary(Release release, Map<String, GateEvaluation> verdicts) {
        StringBuilder text = new StringBuilder();
        for (Gate gate : release.gates()) {
            GateEvaluation e = verdicts.get(gate.id());
            if (e == null) {
                continue;
            }
            if (!text.isEmpty()) {
                text.append('\n');
            }
            text.append(gate.id()).append(": ").append(e.verdict());
            if (e.verdict() != GateVerdict.PASSED) {
                text.append(" - ").append(e.reason());
            }
        }
        return text.toString();
    }

    static String summaryLine(Map<String, GateEvaluation> verdicts) {
        StringBuilder text = new StringBuilder();
        verdicts.forEach((gateId, e) -> text.append(text.isEmpty() ? "" : "; ").append(gateId).append('=')
                .append(e.verdict()));
        return text.toString();
    }
}
