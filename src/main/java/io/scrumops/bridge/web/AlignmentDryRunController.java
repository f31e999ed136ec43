package io.scrumops.bridge.web;

import com.fasterxml.jackson.databind.JsonNode;
import io.scrumops.bridge.adapter.jira.JiraReadException;
import io.scrumops.bridge.alignment.DryRun;
import io.scrumops.bridge.mapping.UnmappableRecordException;
import io.scrumops.bridge.writeback.RemoteWriteException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.util.Map;

/**
 * {@code POST /api/alignment/dry-run}: the writes the bridge would make to each side of a pair, made by nobody.
 * Body: {@code {"jira": <issue JSON> | "issueKey": "OPS-1", "servicenow": <record JSON> | "sysId": "...",
 * "table": "incident"}}. 422 when the request cannot be run (what is missing or malformed), 502 when Jira or ServiceNow
 * could not be read.
 */
@RestController
@RequestMapping("/api/alignment")
class AlignmentDryRunController {

    private final DryRun dryRun;

    AlignmentDryRunController(DryRun dryRun) {
        this.dryRun = dryRun;
    }

    @PostMapping("/dry-run")
    ResponseEntity<?> dryRun(@RequestBody JsonNode body) {
        try {
            return ResponseEntity.ok(dryRun.run(node(body, "jira"), text(body, "issueKey"), node(body, "servicenow"),
                    text(body, "table"), text(body, "sysId")));
        } catch (IllegalArgumentException | UnmappableRecordException e) {
            return ResponseEntity.unprocessableEntity().body(Map.of("error", String.valueOf(e.getMessage())));
        } catch (JiraReadException | RemoteWriteException e) {
            return ResponseEntity.status(HttpStatus.BAD_GATEWAY).body(Map.of("error",
                    "the record could not be read: " + e.getMessage()));
        }
    }

    private static JsonNode node(JsonNode body, String name) {
        JsonNode node = body.get(name);
        return node == null || node.isNull() ? null : node;
    }

    private static String text(JsonNode body, String name) {
        JsonNode node = body.get(name);
        return node == null || node.isNull() ? null : node.asText();
    }
}
