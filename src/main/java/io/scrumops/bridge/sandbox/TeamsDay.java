package io.scrumops.bridge.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Runs the teams' day against the stand-ins: sets up the boards, sprints, recurring stories and versions, seeds 90 days
 * of history (resolved incidents, deployments), then every tick opens incidents of mixed severities on ServiceNow,
 * moves them through their lives on both sides, comments on both sides, escalates some, lets some SLAs run close
 * and some breach, records deployments (some failing, some causing incidents), closes sprints and releases versions.
 * Everything it does goes through the stand-ins' state and the bridge's own webhooks, never into the bridge directly.
 */
final class TeamsDay implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(TeamsDay.class);

    static final String SERVICE_DESK_GROUP = "d625dccec0a8016700a222a0f7900d06";
    static final String OPS_BOARD_SPRINT = "7";
    static final long OPS_BOARD = 11;
    static final long APP_BOARD = 12;
    private static final String[] AGENTS = {"sd.agent.maria", "sd.agent.tom"};
    private static final String[] DEVELOPERS = {"557058:dana", "557058:omar", "557058:li"};
    private static final String DUTY_MANAGER = "557058:duty-manager";
    private static final String[] SERVICES = {"checkout", "payments", "catalogue", "accounts"};
    private static final String[] PROBLEMS = {"Checkout fails for card payments", "Login page times out",
            "Order confirmation e-mails not sent", "Search returns no results", "Invoices show wrong VAT",
            "Mobile app crashes on start", "Password reset link expired at once", "Stock levels out of date"};

    private final JiraStandIn jira;
    private final ServiceNowStandIn serviceNow;
    private final BridgeDoor door;
    private final Clock clock;
    private final Duration tick;
    private final Random random = new Random(20261204L);
    private final List<Live> live = new ArrayList<>();
    private final AtomicLong ticks = new AtomicLong();
    private final AtomicLong deployments = new AtomicLong(5000);
    private final ScheduledExecutorService runner = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "sandbox-day");
        thread.setDaemon(true);
        return thread;
    });
    private int release = 1;
    /**
     * The first incidents wait until the bridge has taken in the stories' webhooks: a work package gets its SLA clock
     * from its story's policy when it is created.
     */
    private static final Duration STORIES_SETTLE = Duration.ofSeconds(20);
    private Instant firstIncidentsAt;
    private boolean firstOpened;

    /** A live incident and how far its life has come. */
    private static final class Live {
        final String sysId;
        final String number;
        final String priority;
        int step;
        boolean escalate;

        Live(String sysId, String number, String priority) {
            this.sysId = sysId;
            this.number = number;
            this.priority = priority;
        }
    }

    TeamsDay(JiraStandIn jira, ServiceNowStandIn serviceNow, BridgeDoor door, Clock clock, Duration tick) {
        this.jira = jira;
        this.serviceNow = serviceNow;
        this.door = door;
        this.clock = clock;
        this.tick = tick;
    }

    /** Boards, sprints, the recurring stories and versions, before the bridge reads anything. */
    void setUp() {
        Instant now = clock.instant();
        jira.addSprint(OPS_BOARD, 6, "OPS Sprint 6", "closed", now.minus(Duration.ofDays(16)), now.minus(Duration.ofDays(2)))
                .put("completeDate", now.minus(Duration.ofDays(2)).toString());
        jira.addSprint(OPS_BOARD, 7, "OPS Sprint 7", "active", now.minus(Duration.ofDays(2)), now.plus(Duration.ofDays(12)));
        jira.addSprint(APP_BOARD, 21, "APP Sprint 21", "active", now.minus(Duration.ofDays(2)), now.plus(Duration.ofDays(12)));
        story("OPS", "Log, solve or escalate queries for Product A", "service-desk", 7, true);
        story("APP", "Fix application defects for Product A", "app-l2", 21, false);
        jira.addVersion("OPS", "Product A 2026." + release, null);
        jira.addVersion("APP", "Product A app 4." + release, dueInTwoWeeks());
    }

    /** A version's release date: two weeks from today, so its phases lie around the sandbox's day. */
    private String dueInTwoWeeks() {
        return java.time.LocalDate.now(clock).plusDays(14).toString();
    }

    private void story(String project, String summary, String team, long sprint, boolean escalationAllowed) {
        ObjectNode fields = StandInServer.object();
        fields.putObject("project").put("key", project);
        fields.putObject("issuetype").put("name", "Story");
        fields.put("summary", summary);
        fields.putObject("priority").put("name", "Medium");
        ArrayNode labels = fields.putArray("labels").add("recurring");
        if (escalationAllowed) {
            labels.add("escalation-allowed");
        }
        fields.putObject(JiraStandIn.TEAM_FIELD).put("value", team);
        fields.put(JiraStandIn.SPRINT_FIELD, sprint);
        fields.put(JiraStandIn.SLA_FIELD, "default");
        fields.put("customfield_10201", "po-" + team);
        String key = jira.create(fields, "557058:product-owner").path("key").asText();
        jira.find(key).ifPresent(issue -> jira.moveTo(issue, "In Progress", "557058:product-owner"));
    }

    /** 90 days of history: incidents opened and resolved, deployments to production, some failing. */
    void seedHistory() {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MINUTES);
        int incidents = 0;
        int deploys = 0;
        for (int day = 90; day >= 1; day--) {
            Instant morning = now.minus(Duration.ofDays(day)).truncatedTo(ChronoUnit.DAYS).plus(Duration.ofHours(8));
            int perDay = 1 + random.nextInt(3);
            for (int d = 0; d < perDay; d++) {
                Instant at = morning.plus(Duration.ofMinutes(90L * d + random.nextInt(60)));
                boolean failed = random.nextInt(100) < 15;
                deploy(at, failed);
                deploys++;
                if (failed && day % 9 == 0) {
                    historicIncident(at.plus(Duration.ofMinutes(20)), "2", "Errors after deploying "
                            + SERVICES[random.nextInt(SERVICES.length)], 2 + random.nextInt(10));
                    incidents++;
                }
            }
            // One incident a week: each becomes a work package with its tasks in Jira, and the bridge writes them at
            // a rate Jira Cloud accepts, so a longer history would hold the live day back for minutes.
            if (day % 7 == 0) {
                historicIncident(morning.plus(Duration.ofHours(2)), String.valueOf(2 + random.nextInt(3)),
                        PROBLEMS[random.nextInt(PROBLEMS.length)], 1 + random.nextInt(30));
                incidents++;
            }
        }
        LOG.info("SANDBOX: seeded 90 days of history: {} deployments, {} resolved incidents", deploys, incidents);
    }

    private void historicIncident(Instant opened, String priority, String summary, int hoursToResolve) {
        ObjectNode fields = incidentFields(priority, summary);
        ObjectNode record = serviceNow.insert("incident", fields, AGENTS[0], opened);
        String table = "incident";
        serviceNow.patch(table, record, StandInServer.object().put("state", "2")
                .put("work_notes", "Investigating"), AGENTS[1], opened.plus(Duration.ofMinutes(15)));
        Instant resolved = opened.plus(Duration.ofHours(hoursToResolve));
        serviceNow.patch(table, record, StandInServer.object().put("state", "6")
                .put("close_code", "Solved (Permanently)").put("close_notes", "Fixed and verified"), AGENTS[1], resolved);
        serviceNow.patch(table, record, StandInServer.object().put("state", "7"), AGENTS[1],
                resolved.plus(Duration.ofHours(24)));
    }

    void start() {
        runner.scheduleWithFixedDelay(this::safeTick, 0, tick.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void safeTick() {
        try {
            tick(ticks.getAndIncrement());
        } catch (RuntimeException e) {
            LOG.warn("SANDBOX: the day generator stumbled (it carries on): {}", e.toString());
        }
    }

    private void tick(long n) {
        if (firstIncidentsAt == null) {
            firstIncidentsAt = clock.instant().plus(STORIES_SETTLE);
        }
        if (!firstOpened && clock.instant().isBefore(firstIncidentsAt)) {
            return;
        }
        if (!firstOpened) {
            firstOpened = true;
            // The first incidents show every rule at once: one whose SLA is half gone (a warning), one about to
            // breach, one breached, and an ordinary one.
            open("1", "Payment gateway rejects all cards", Duration.ofMinutes(200), true);
            open("2", PROBLEMS[1], Duration.ofMinutes(23 * 60 + 58), true);
            open("1", "Checkout down in region EU-West", Duration.ofMinutes(375), false);
            open("3", PROBLEMS[2], Duration.ZERO, false);
            return;
        }
        for (Iterator<Live> it = live.iterator(); it.hasNext(); ) {
            Live incident = it.next();
            if (advance(incident)) {
                it.remove();
            }
        }
        if (n % 8 == 0) {
            String priority = String.valueOf(1 + random.nextInt(4));
            Duration age = random.nextInt(3) == 0 ? Duration.ofMinutes(random.nextInt(300)) : Duration.ZERO;
            open(priority, PROBLEMS[random.nextInt(PROBLEMS.length)], age, random.nextBoolean());
        }
        if (n % 10 == 5) {
            boolean failed = random.nextInt(5) == 0;
            deploy(clock.instant(), failed);
            if (failed) {
                open("2", "Errors after deploying " + SERVICES[random.nextInt(SERVICES.length)], Duration.ZERO, true);
            }
        }
        if (n % 100 == 99) {
            Instant end = clock.instant().plus(Duration.ofDays(14));
            long ops = jira.closeSprint(OPS_BOARD, end);
            long app = jira.closeSprint(APP_BOARD, end);
            LOG.info("SANDBOX: sprints closed; OPS sprint {} and APP sprint {} started", ops, app);
            for (String project : List.of("OPS", "APP")) {
                jira.openVersions(project).stream().findFirst().ifPresent(jira::releaseVersion);
            }
            release++;
            jira.addVersion("OPS", "Product A 2026." + release, null);
            jira.addVersion("APP", "Product A app 4." + release, dueInTwoWeeks());
        }
    }

    private void open(String priority, String summary, Duration age, boolean escalate) {
        ObjectNode record = serviceNow.insert("incident", incidentFields(priority, summary),
                AGENTS[random.nextInt(AGENTS.length)], clock.instant().minus(age));
        // opened earlier (the caller phoned it in), recorded now: the poller sees it at once
        serviceNow.patch("incident", record, StandInServer.object().put("contact_type", "phone"),
                AGENTS[0], clock.instant());
        Live incident = new Live(record.path("sys_id").asText(), record.path("number").asText(), priority);
        incident.escalate = escalate && (priority.equals("1") || priority.equals("2"));
        live.add(incident);
        LOG.info("SANDBOX: ServiceNow incident {} opened (priority {}): {}", incident.number, priority, summary);
    }

    private ObjectNode incidentFields(String priority, String summary) {
        ObjectNode fields = StandInServer.object();
        fields.put("short_description", summary);
        fields.put("priority", priority);
        fields.put("impact", priority.equals("1") ? "1" : "2");
        fields.put("urgency", priority.equals("3") || priority.equals("4") ? "2" : "1");
        fields.put("assignment_group", SERVICE_DESK_GROUP);
        fields.put("category", "inquiry");
        fields.put("caller_id", "customer." + random.nextInt(500));
        return fields;
    }

    /** One step in the incident's life; true when it is over. */
    private boolean advance(Live incident) {
        Optional<ObjectNode> record = serviceNow.record("incident", incident.sysId);
        Optional<ObjectNode> workPackage = workPackage(incident.sysId);
        if (record.isEmpty()) {
            return true;
        }
        if (workPackage.isEmpty()) {
            return false; // the bridge has not created it yet
        }
        String agent = AGENTS[random.nextInt(AGENTS.length)];
        String developer = DEVELOPERS[random.nextInt(DEVELOPERS.length)];
        ObjectNode issue = workPackage.get();
        switch (incident.step++) {
            case 0 -> serviceNow.patch("incident", record.get(), StandInServer.object().put("state", "2")
                    .put("work_notes", "Caller confirmed the problem; logs attached."), agent);
            case 1 -> jira.transition(issue, "11", null, developer);
            case 2 -> jira.comment(issue, "Reproduced on staging; the cause is in the " + SERVICES[random.nextInt(
                    SERVICES.length)] + " service.", developer);
            case 3 -> serviceNow.patch("incident", record.get(), StandInServer.object()
                    .put("comments", "We are working on it and will update you within the hour."), agent);
            case 4 -> {
                if (incident.escalate) {
                    jira.addLabel(issue, "escalate", DUTY_MANAGER);
                    LOG.info("SANDBOX: duty manager escalates {} ({})", issue.path("key").asText(), incident.number);
                }
            }
            case 5, 6, 7 -> {
                // waits: the SLA clocks run on while the teams work
            }
            case 8 -> {
                jira.comment(issue, "Fix deployed to production; please confirm with the caller.", developer);
                deploy(clock.instant(), false);
            }
            case 9 -> serviceNow.patch("incident", record.get(), StandInServer.object().put("state", "6")
                    .put("close_code", "Solved (Permanently)").put("close_notes", "Fix deployed; caller confirmed."),
                    agent);
            default -> {
                serviceNow.patch("incident", record.get(), StandInServer.object().put("state", "7"), agent);
                return true;
            }
        }
        return false;
    }

    private Optional<ObjectNode> workPackage(String sysId) {
        String label = "scrumops-servicenow-incident-" + sysId;
        return jira.issues().stream()
                .filter(issue -> "Work Package".equals(issue.path("fields").path("issuetype").path("name").asText()))
                .filter(issue -> {
                    for (JsonNode l : issue.path("fields").path("labels")) {
                        if (l.asText().equals(label)) {
                            return true;
                        }
                    }
                    return false;
                })
                .findFirst()
                .flatMap(issue -> jira.find(issue.path("key").asText()));
    }

    /**
     * A deployment to production of one to four commits, pushed to the service's repository before it: the push is
     * what gives the report each change's lead time (commit to production), as a GitHub repository's webhook would.
     */
    private void deploy(Instant finished, boolean failed) {
        String service = SERVICES[random.nextInt(SERVICES.length)];
        long id = deployments.incrementAndGet();
        String repoUrl = "https://github.example.com/product-a/" + service;
        ObjectNode push = StandInServer.object();
        ArrayNode pushed = push.putArray("commits");
        Instant latest = Instant.EPOCH;
        int count = 1 + random.nextInt(4);
        for (int i = 0; i < count; i++) {
            Instant at = finished.minus(Duration.ofHours(2 + random.nextInt(70)));
            latest = at.isAfter(latest) ? at : latest;
            ObjectNode commit = pushed.addObject();
            commit.put("id", Long.toHexString(random.nextLong() & Long.MAX_VALUE) + "0000");
            commit.put("message", "Change " + (i + 1) + " to " + service);
            commit.put("timestamp", at.toString());
            commit.putObject("author").put("username", DEVELOPERS[random.nextInt(DEVELOPERS.length)]);
        }
        push.put("ref", "refs/heads/main");
        push.put("after", pushed.get(count - 1).path("id").asText());
        push.putObject("repository").put("full_name", "product-a/" + service).put("html_url", repoUrl)
                .put("pushed_at", latest.plus(Duration.ofMinutes(5)).getEpochSecond());
        door.github("push", push.toString());

        ObjectNode body = StandInServer.object();
        body.put("id", "sandbox-deploy-" + id);
        body.put("service", service);
        body.put("environment", "production");
        body.put("status", failed ? "failure" : "success");
        body.put("startedAt", finished.minus(Duration.ofMinutes(6)).toString());
        body.put("finishedAt", finished.toString());
        body.put("ref", service + "-v1." + id);
        body.put("url", "https://ci.example.com/deploy/" + id);
        body.put("repoUrl", repoUrl);
        body.put("sha", push.path("after").asText());
        ArrayNode commits = body.putArray("commits");
        for (JsonNode commit : pushed) {
            commits.addObject().put("sha", commit.path("id").asText()).put("message", commit.path("message").asText())
                    .put("author", commit.path("author").path("username").asText())
                    .put("timestamp", commit.path("timestamp").asText());
        }
        door.deployment(body.toString());
    }

    long ticks() {
        return ticks.get();
    }

    @Override
    public void close() {
        runner.shutdownNow();
    }
}
