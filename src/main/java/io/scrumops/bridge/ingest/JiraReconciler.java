package io.scrumops.bridge.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.scrumops.bridge.adapter.jira.JiraIssueMapper;
import io.scrumops.bridge.adapter.jira.JiraProperties;
import io.scrumops.bridge.adapter.jira.JiraReconcileProperties;
import io.scrumops.bridge.adapter.jira.JiraRestReader;
import io.scrumops.bridge.model.SourceSystem;
import io.scrumops.bridge.model.WorkItem;
import io.scrumops.bridge.store.WatermarkRepository;
import io.scrumops.bridge.store.WorkItemRepository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * Reads Jira issues back through JQL and feeds each one, as a snapshot, through the inbound pipeline: the scheduled
 * sweep ({@code updated >= watermark}) fills what webhooks missed; a backfill imports a whole project.
 */
@Component("jiraReconciler")
public class JiraReconciler {

    static final String WATERMARK = "jira.reconcile";
    /**
     * The record fed when a stored issue is gone from Jira (404 by id):
     * {@code {"webhookEvent": "scrumops:vanished", "timestamp": <ms>, "issue": {"id", "key"}}}.
     */
    static final String VANISHED_EVENT = "scrumops:vanished";
    private static final Logger log = LoggerFactory.getLogger(JiraReconciler.class);
    private static final Pattern PROJECT_KEY = Pattern.compile("[A-Za-z][A-Za-z0-9_]{0,254}");
    private static final DateTimeFormatter JQL_TIME = DateTimeFormatter.ofPattern("yyyy/MM/dd HH:mm");
    private static final DateTimeFormatter JIRA_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSZ");

    private final JiraRestReader reader;
    private final JiraProperties jira;
    private final JiraReconcileProperties settings;
    private final WatermarkRepository watermarks;
    private final InboundFeed feed;
    private final ObjectMapper json;
    private final Clock clock;
    private final WorkItemRepository workItems;

    public JiraReconciler(JiraRestReader reader, JiraProperties jira, JiraReconcileProperties settings,
                          WatermarkRepository watermarks, InboundFeed feed, ObjectMapper json, Clock clock,
                          WorkItemRepository workItems) {
        this.workItems = workItems;
        this.reader = reader;
        this.jira = jira;
        this.settings = settings;
        this.watermarks = watermarks;
        this.feed = feed;
        this.json = json;
        this.clock = clock;
    }

    public boolean isEnabled() {
        return jira.isConfigured();
    }

    /** The scheduled sweep; a failure is logged and leaves the watermark where it was, so the next run covers it. */
    public void sweep() {
        if (!isEnabled()) {
            return;
        }
        try {
            sweep(BackfillProgress.NONE);
        } catch (RuntimeException e) {
            log.warn("Jira reconciliation failed, retried at the next run: {}", e.getMessage());
        }
    }

    public JiraRestReader.SearchResult sweep(BackfillProgress progress) {
        Instant started = clock.instant();
        Instant since = watermarks.get(WATERMARK).map(Instant::parse)
                .orElse(started.minus(settings.lookback()))
                .minus(settings.overlap());
        String restriction = settings.jql() == null || settings.jql().isBlank() ? "" : "(" + settings.jql() + ") AND ";
        String jql = restriction + "updated >= \"" + JQL_TIME.format(since.atZone(settings.timeZone()))
                + "\" ORDER BY updated ASC";
        var result = run(jql, progress, "reconciliation");
        watermarks.set(WATERMARK, started.toString());
        return result;
    }

    /**
     * Imports every issue of a project, oldest first. Having seen the whole project, it also notices the stored issues
     * Jira no longer has (deleted: 404 when read by id) and marks them deleted; an issue moved to another project is
     * read by id and stored under its new key.
     */
    public JiraRestReader.SearchResult backfill(String projectKey, BackfillProgress progress) {
        return backfill(projectKey, null, progress);
    }

    /**
     * The backfill, resumed at a checkpoint it saved (the {@code created} time of the last issue it fed): it reads the
     * issues created from an hour before that on. Deletions are only noticed by a backfill that saw the whole project,
     * so a resumed one does not look for them.
     */
    public JiraRestReader.SearchResult backfill(String projectKey, String resumeFrom, BackfillProgress progress) {
        String project = "project = \"" + requireProjectKey(projectKey) + "\"";
        String jql = resumeFrom == null ? project + " ORDER BY created ASC"
                : project + " AND created >= \"" + JQL_TIME.format(createdAt(resumeFrom).minus(Duration.ofHours(1))
                        .atZone(settings.timeZone())) + "\" ORDER BY created ASC";
        Set<String> seen = new HashSet<>();
        AtomicReference<String> lastCreated = new AtomicReference<>();
        var result = run(jql, issue -> {
            seen.add(issue.path("id").asText());
            String created = issue.path("fields").path("created").asText("");
            if (!created.isEmpty()) {
                lastCreated.set(created);
            }
        }, checkpointing(progress, lastCreated), "backfill of project " + projectKey);
        if (resumeFrom == null) {
            noticeDeletions(projectKey, seen, progress);
        } else {
            log.info("Jira backfill of project {} was resumed: deletions are not looked for (a full backfill does)",
                    projectKey);
        }
        return result;
    }

    /** Saves the checkpoint before each page is reported (and so stored with it). */
    private static BackfillProgress checkpointing(BackfillProgress progress, AtomicReference<String> lastCreated) {
        return new BackfillProgress() {
            @Override
            public void page(int pages, int records) {
                if (lastCreated.get() != null) {
                    progress.checkpoint(lastCreated.get());
                }
                progress.page(pages, records);
            }

            @Override
            public void record(InboundFeed.Receipt receipt) {
                progress.record(receipt);
            }
        };
    }

    private static Instant createdAt(String created) {
        try {
            return OffsetDateTime.parse(created, JIRA_TIME).toInstant();
        } catch (DateTimeParseException notJiraForm) {
            try {
                return OffsetDateTime.parse(created).toInstant();
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException("not a Jira backfill checkpoint: '" + created + "'", e);
            }
        }
    }

    private void noticeDeletions(String projectKey, Set<String> seen, BackfillProgress progress) {
        List<WorkItemRepository.SourceIds> missing = workItems.findSourceIdsByKeyPrefixWithout(SourceSystem.JIRA,
                        projectKey + "-", RecordApplier.DELETED_LABEL).stream()
                .filter(item -> !seen.contains(item.nativeId()))
                .toList();
        for (WorkItemRepository.SourceIds item : missing) {
            var current = reader.issue(item.nativeId());
            if (current.isPresent()) {
                progress.record(feedIssue(current.get()));
                continue;
            }
            ObjectNode vanished = json.createObjectNode();
            vanished.put("webhookEvent", VANISHED_EVENT);
            vanished.put("timestamp", clock.millis());
            vanished.putObject("issue").put("id", item.nativeId()).put("key", item.key());
            progress.record(feed.submit(InboundSource.JIRA, vanished.toString()));
            log.info("Jira issue {} is gone from Jira (404 by id); fed as deleted", item.key());
        }
    }

    private static java.util.Set<String> historicStatusNames(JsonNode issue) {
        java.util.Set<String> names = new java.util.HashSet<>();
        for (JsonNode history : issue.path("changelog").path("histories")) {
            for (JsonNode item : history.path("items")) {
                String field = item.path("fieldId").asText(item.path("field").asText(""));
                if (field.equalsIgnoreCase("status")) {
                    for (String side : new String[] {"fromString", "toString"}) {
                        String name = item.path(side).asText("");
                        if (!name.isEmpty()) {
                            names.add(name.toLowerCase(java.util.Locale.ROOT));
                        }
                    }
                }
            }
        }
        return names;
    }

    public static String requireProjectKey(String projectKey) {
        if (projectKey == null || !PROJECT_KEY.matcher(projectKey).matches()) {
            throw new IllegalArgumentException("project must be a Jira project key (letters, digits, _), was '"
                    + projectKey + "'");
        }
        return projectKey;
    }

    /**
     * One issue as a REST snapshot through the inbound door, with its whole changelog (paged when Jira truncated it)
     * and the status category of each status its history names, from Jira's status list, so that a historic status
     * the mapping no longer lists is still placed (or left unmapped) instead of quarantining the issue.
     */
    public InboundFeed.Receipt feedIssue(JsonNode issue) {
        return feed.submit(InboundSource.JIRA, snapshot(issue));
    }

    /** The record {@link #feedIssue} feeds: the issue with its whole changelog and its statuses' categories. */
    private String snapshot(JsonNode issue) {
        JsonNode complete = reader.withCompleteChangelog(issue);
        ObjectNode snapshot = json.createObjectNode();
        snapshot.put("webhookEvent", JiraIssueMapper.SNAPSHOT_EVENT);
        snapshot.set("issue", complete);
        java.util.Set<String> named = historicStatusNames(complete);
        if (!named.isEmpty()) {
            Map<String, String> categories = reader.statusCategories();
            ObjectNode mine = snapshot.putObject(JiraIssueMapper.STATUS_CATEGORIES);
            categories.forEach((name, key) -> {
                if (named.contains(name.toLowerCase(java.util.Locale.ROOT))) {
                    mine.put(name, key);
                }
            });
        }
        return snapshot.toString();
    }

    private JiraRestReader.SearchResult run(String jql, BackfillProgress progress, String what) {
        return run(jql, issue -> {
        }, progress, what);
    }

    /**
     * Runs the search and feeds its issues a page at a time ({@link PageFeed}); {@code perIssue} sees each issue as it
     * is read. A page is stored before it is reported, so a checkpoint saved with the page covers only stored issues.
     */
    private JiraRestReader.SearchResult run(String jql, Consumer<JsonNode> perIssue, BackfillProgress progress,
                                            String what) {
        log.info("Jira {} started: {}", what, jql);
        PageFeed page = new PageFeed(feed, InboundSource.JIRA, progress);
        var result = reader.search(jql, issue -> {
            perIssue.accept(issue);
            page.add(snapshot(issue));
        }, (pages, issues) -> {
            page.flush();
            progress.page(pages, issues);
            log.info("Jira {}: page {} read, {} issues so far", what, pages, issues);
        });
        page.flush();
        log.info("Jira {} finished: {} pages, {} issues", what, result.pages(), result.issues());
        return result;
    }
}
