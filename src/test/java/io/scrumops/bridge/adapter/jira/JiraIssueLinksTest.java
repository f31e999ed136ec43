package io.scrumops.bridge.adapter.jira;

import io.scrumops.bridge.adapter.JsonFields;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class JiraIssueLinksTest {

    @Test
    void duplicateLinksNameNoCause() throws Exception {
        var issue = JsonFields.parse("t", Files.readString(
                Path.of("../shared/fixtures/payloads/jira/rest-v2-get-issue-fixversions-issuelinks.json")));

        assertThat(JiraIssueLinks.causes(issue)).contains(List.of());
    }

    @Test
    void isCausedByReadsFromEitherSideOfTheLinkType() {
        var issue = JsonFields.parse("t", """
                {"fields": {"issuelinks": [
                  {"type": {"name": "Problem/Incident", "inward": "is caused by", "outward": "causes"},
                   "inwardIssue": {"key": "PAY-12"}},
                  {"type": {"name": "Problem/Incident", "inward": "is caused by", "outward": "causes"},
                   "outwardIssue": {"key": "OPS-3"}},
                  {"type": {"name": "Reversed", "inward": "causes", "outward": "Is Caused By"},
                   "outwardIssue": {"key": "PAY-13"}}]}}""");

        assertThat(JiraIssueLinks.causes(issue)).contains(List.of("PAY-12", "PAY-13"));
    }

    @Test
    void aTrimmedIssueWithoutLinksSaysNothing() {
        assertThat(JiraIssueLinks.causes(JsonFields.parse("t", "{\"fields\": {\"summary\": \"x\"}}"))).isEmpty();
    }
}
