package io.scrumops.bridge.writeback;

import io.scrumops.bridge.model.SourceSystem;

import java.util.Map;

/**
 * Puts a release's gate verdicts on its Jira version: in the version's description, below a marker line that the
 * bridge owns (text above it is left as people wrote it), or as the version's entity property {@code propertyKey}.
 *
 * @param workItemId the release id ({@code jira:version:<id>}), so that one release's writes stay in order
 * @param summary    the text that follows the marker in the description
 * @param property   the property value (gate id -> verdict and reason); null writes the description instead
 */
public record JiraVersionVerdict(String workItemId, String versionId, String summary, String propertyKey,
                                 Map<String, Object> property) implements WriteCommand {

    /** The line that starts the bridge's part of a version description. */
    public static final String MARKER = "--- ScrumOps gates ---";

    public JiraVersionVerdict {
        property = property == null ? null : Map.copyOf(property);
    }

    @Override
    public SourceSystem target() {
        return SourceSystem.JIRA;
    }

    /** The description with the bridge's part replaced by {@code summary}; what people wrote above it is kept. */
    public static String mergeDescription(String current, String summary) {
        String kept = current == null ? "" : current;
        int marker = kept.indexOf(MARKER);
        if (marker >= 0) {
            kept = kept.substring(0, marker);
        }
        kept = kept.stripTrailing();
        return (kept.isEmpty() ? "" : kept + "\n") + MARKER + "\n" + summary;
    }
}
