package io.scrumops.bridge.scrumops;

import io.scrumops.bridge.adapter.jira.JiraProperties;
import io.scrumops.bridge.adapter.jira.JiraRestReader;
import io.scrumops.bridge.adapter.jira.JiraSprintPage;
import io.scrumops.bridge.mapping.MappingRegistry;
import io.scrumops.bridge.mapping.rules.TeamBoards;
import io.scrumops.bridge.model.SourceSystem;
import io.scrumops.bridge.model.Sprint;
import io.scrumops.bridge.model.WorkItem;
import io.scrumops.bridge.model.WorkItemKind;
import io.scrumops.bridge.rules.RolloverDecision;
import io.scrumops.bridge.rules.SprintRollover;
import io.scrumops.bridge.store.AuditLogRepository;
import io.scrumops.bridge.store.SprintRepository;
import io.scrumops.bridge.store.WorkItemRepository;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The steps of the jira-sprint-sync route: which boards to read, the pages read so far, and what to do with a
 * board's sprints once all pages are in: store them and roll over every sprint that closed since the last read.
 * A closed sprint whose team has no next sprint yet is not stored as closed, so the next read finds it closing again.
 */
@Component("jiraSprintSync")
public class SprintSync {

    public static final String PAGES = "sprintPages";
    public static final String BOARD = "board";

    private static final Logger log = LoggerFactory.getLogger(SprintSync.class);

    private final JiraProperties jira;
    private final JiraRestReader reader;
    private final MappingRegistry mappings;
    private final SprintRepository sprints;
    private final WorkItemRepository workItems;
    private final StoryDirectory stories;
    private final SprintRollover rollover;
    private final RuleCommandOutbox outbox;
    private final AuditLogRepository audit;
    private final TransactionTemplate transaction;
    private final SprintCloseDetector detector = new SprintCloseDetector();

    public SprintSync(JiraProperties jira, JiraRestReader reader, MappingRegistry mappings, SprintRepository sprints,
                      WorkItemRepository workItems, StoryDirectory stories, SprintRollover rollover,
                      RuleCommandOutbox outbox, AuditLogRepository audit, TransactionTemplate transaction) {
        this.jira = jira;
        this.reader = reader;
        this.mappings = mappings;
        this.sprints = sprints;
        this.workItems = workItems;
        this.stories = stories;
        this.rollover = rollover;
        this.outbox = outbox;
        this.audit = audit;
        this.transaction = transaction;
    }

    /** The team boards to read; none while Jira is not configured. */
    public List<TeamBoards.Team> boards() {
        return jira.isConfigured() ? mappings.current().rules().teams().teams() : List.of();
    }

    /** The next page of the board's sprints, read through the guarded jira-rest-get route. */
    public String fetchPage(Exchange exchange, int pageSize) {
        TeamBoards.Team board = exchange.getProperty(BOARD, TeamBoards.Team.class);
        Pages pages = exchange.getProperty(PAGES, Pages.class);
        return reader.boardSprints(board.boardId(), pages.startAt, pageSize).toString();
    }

    /** Starts reading a board: an empty accumulator in the exchange property {@value #PAGES}. */
    public void start(Exchange exchange) {
        exchange.setProperty(PAGES, new Pages());
    }

    /** Takes in the page just read (the body) and says where the next one starts. */
    public void readPage(Exchange exchange) {
        TeamBoards.Team board = exchange.getProperty(BOARD, TeamBoards.Team.class);
        Pages pages = exchange.getProperty(PAGES, Pages.class);
        JiraSprintPage page = JiraSprintPage.parse(exchange.getMessage().getBody(String.class), board.name());
        pages.sprints.addAll(page.sprints());
        pages.startAt = page.nextStartAt();
        pages.last = page.last();
    }

    public String applyPages(Exchange exchange) {
        TeamBoards.Team board = exchange.getProperty(BOARD, TeamBoards.Team.class);
        return apply(board, exchange.getProperty(PAGES, Pages.class).sprints);
    }

    public String apply(TeamBoards.Team board, List<Sprint> fetched) {
        return transaction.execute(status -> {
            List<Sprint> stored = sprints.findByTeam(board.name());
            List<SprintCloseDetector.SprintClosing> closings = detector.closings(stored, fetched);
            Set<String> waiting = new java.util.HashSet<>();
            closings.stream().filter(c -> c.next() == null).forEach(c -> {
                waiting.add(c.closing().id());
                log.warn("Sprint {} of team {} closed but the team has no active or future sprint yet; "
                        + "its work moves once one exists", c.closing().id(), board.name());
            });
            fetched.stream().filter(s -> !waiting.contains(s.id())).forEach(sprints::upsert);
            int moves = 0;
            for (SprintCloseDetector.SprintClosing closing : closings) {
                if (closing.next() != null) {
                    moves += rollOver(board, closing.closing(), closing.next());
                }
            }
            return "board " + board.boardId() + " (" + board.name() + "): " + fetched.size() + " sprints, "
                    + closings.size() + " closed, " + moves + " moves queued";
        });
    }

    private int rollOver(TeamBoards.Team board, Sprint closing, Sprint next) {
        Map<String, WorkItem> items = new LinkedHashMap<>();
        workItems.findBySprint(closing.id()).forEach(item -> items.put(item.id(), item));
        for (String key : board.recurringStoryKeys()) {
            workItems.findBySourceKey(SourceSystem.JIRA, key).ifPresent(story -> {
                items.putIfAbsent(story.id(), story);
                workItems.findByParent(story.id()).forEach(child -> items.putIfAbsent(child.id(), child));
            });
        }
        for (WorkItem item : new ArrayList<>(items.values())) {
            if (item.kind() == WorkItemKind.WORK_PACKAGE) {
                workItems.findByParent(item.id()).forEach(task -> items.putIfAbsent(task.id(), task));
            }
        }
        List<WorkItem> input = items.values().stream().map(stories::withTeamSettings).toList();
        RolloverDecision decision = rollover.decide(closing, next, input, Set.of());
        int queued = outbox.enqueue(decision.commands()).size();
        audit.record("scrumops-bridge", "sprint.rolled-over", closing.id(), Map.of("next", next.id(),
                "moves", decision.moves().size(), "unfinished", decision.unfinished().size()));
        log.info("Sprint {} of team {} closed: {} moves into {}, {} finite stories left unfinished", closing.id(),
                board.name(), decision.moves().size(), next.id(), decision.unfinished().size());
        return queued;
    }

    /** The sprints of one board read so far. */
    public static final class Pages {
        private final List<Sprint> sprints = new ArrayList<>();
        private int startAt;
        private boolean last;

        public int getStartAt() {
            return startAt;
        }

        public boolean isLast() {
            return last;
        }

        public List<Sprint> getSprints() {
            return sprints;
        }
    }
}
