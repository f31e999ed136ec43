package io.scrumops.bridge.scrumops;

import io.scrumops.bridge.model.EscalationLink;
import io.scrumops.bridge.model.StatusChange;
import io.scrumops.bridge.model.WorkItem;
import io.scrumops.bridge.model.WorkPackageAttributes;
import io.scrumops.bridge.rules.RuleCommand;
import io.scrumops.bridge.rules.SlaBreached;
import io.scrumops.bridge.rules.SlaCheck;
import io.scrumops.bridge.rules.SlaMark;
import io.scrumops.bridge.rules.SlaStatus;
import io.scrumops.bridge.rules.SlaSweep;
import io.scrumops.bridge.rules.SlaSweepResult;
import io.scrumops.bridge.rules.SlaWarning;
import io.scrumops.bridge.store.SlaStatusRepository;
import io.scrumops.bridge.store.SlaStatusRow;
import jakarta.annotation.PreDestroy;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The SLA sweep over the store: every open work package with an SLA clock, under its story's policy, against what
 * was announced before. New warnings and breaches are queued for Jira and ServiceNow and returned as events; the
 * clock of every package is kept in sla_status, in the same transaction as the queued commands and the events to
 * publish (which the sla-sweep route sends after the commit, see {@link SlaAnnouncements}).
 * <p>
 * An escalated chain has one clock: it is evaluated on the highest open level, with the history of the whole chain,
 * and the lower levels it was escalated from are left out.
 */
@Component("slaSweepService")
public class SlaSweepService {

    private final SlaStatusRepository store;
    private final SlaSweep sweep;
    private final SlaPolicyChoice policies;
    private final RuleCommandOutbox outbox;
    private final SlaAnnouncements announcements;
    private final TransactionTemplate transaction;
    private final Clock clock;
    private final ExecutorService reader;

    public SlaSweepService(SlaStatusRepository store, SlaSweep sweep, SlaPolicyChoice policies,
                           RuleCommandOutbox outbox, SlaAnnouncements announcements, TransactionTemplate transaction,
                           Clock clock) {
        this.reader = Executors.newSingleThreadExecutor(runnable -> {
            Thread thread = new Thread(runnable, "sla-sweep-reader");
            thread.setDaemon(true);
            return thread;
        });
        this.announcements = announcements;
        this.store = store;
        this.sweep = sweep;
        this.policies = policies;
        this.outbox = outbox;
        this.transaction = transaction;
        this.clock = clock;
    }

    /** @param packages the packages swept, by id, with their clocks as evaluated */
    public record SweepInput(List<SlaCheck> checks, Map<String, SlaMark> marks, Map<String, SlaStatusRow> rows,
                             Map<String, WorkItem> packages) {
    }

    /** Sweeps now; the events announced by this sweep, stored to be published. */
    public List<SlaEvent> sweep() {
        Instant now = clock.instant();
        SweepInput input = load();
        SlaSweepResult result = decide(input, now);
        return transaction.execute(status -> record(input, result, now));
    }

    @PreDestroy
    void stopReader() {
        reader.shutdownNow();
    }

    /**
     * Reads what the sweep needs. The open packages (the largest read) are read on a thread of their own while this
     * one reads the histories, stories and clocks: on two cores that takes the sweep of 100,000 packages from about
     * 1.8 s to about 1.1 s.
     */
    public SweepInput load() {
        CompletableFuture<List<WorkItem>> openRead = CompletableFuture.supplyAsync(store::openWorkPackages, reader);
        Map<String, WorkItem> stories = store.stories().stream()
                .collect(Collectors.toMap(WorkItem::id, Function.identity()));
        Map<String, List<StatusChange>> history = store.historyOfOpenWorkPackages();
        Map<String, SlaStatusRow> rows = store.all();
        List<WorkItem> open = openRead.join();
        Set<String> escalatedFurther = new HashSet<>();
        for (WorkItem item : open) {
            WorkPackageAttributes a = item.workPackage();
            if (a != null) {
                a.escalations().forEach(link -> escalatedFurther.add(link.fromWorkPackageId()));
            }
        }
        List<SlaCheck> checks = new ArrayList<>(open.size());
        Map<String, WorkItem> packages = new HashMap<>(open.size() * 4 / 3 + 1);
        for (WorkItem item : open) {
            if (item.workPackage() == null || escalatedFurther.contains(item.id())) {
                continue;
            }
            String storyId = item.workPackage().storyId() != null ? item.workPackage().storyId() : item.parentId();
            WorkItem story = storyId == null ? null : stories.get(storyId);
            WorkItem clocked = policies.withClock(item, story);
            if (clocked.workPackage().slaStartedAt() == null || clocked.workPackage().slaTarget() == null) {
                continue;
            }
            checks.add(new SlaCheck(clocked, chainHistory(clocked, history), policies.policyOf(story)));
            packages.put(clocked.id(), clocked);
        }
        Map<String, SlaMark> marks = new HashMap<>(rows.size() * 4 / 3 + 1);
        rows.forEach((id, row) -> marks.put(id, new SlaMark(row.highestWarning(), row.breached())));
        return new SweepInput(checks, marks, rows, packages);
    }

    public SlaSweepResult decide(SweepInput input, Instant now) {
        return sweep.sweep(input.checks(), input.marks(), now);
    }

    /** Queues the commands, keeps the clocks that changed, stores the events to publish and returns them. */
    public List<SlaEvent> record(SweepInput input, SlaSweepResult result, Instant now) {
        outbox.enqueue(result.commands());
        List<SlaStatusRow> changed = new ArrayList<>();
        for (SlaStatus status : result.statuses()) {
            WorkItem item = input.packages().get(status.workPackageId());
            SlaMark mark = result.marks().getOrDefault(status.workPackageId(), SlaMark.NONE);
            SlaStatusRow row = new SlaStatusRow(status.workPackageId(), item == null ? null : item.team(),
                    severityOf(item), status.state().name(), mark.highestWarning(), mark.breached(), status.target(),
                    status.deadline(), status.breachedAt(), now);
            SlaStatusRow before = input.rows().get(status.workPackageId());
            if (before == null || !sameClock(before, row)) {
                changed.add(row);
            }
        }
        store.saveAll(changed);
        List<SlaEvent> events = new ArrayList<>();
        for (RuleCommand command : result.commands()) {
            if (command instanceof SlaWarning w) {
                WorkItem item = input.packages().get(w.workPackageId());
                events.add(new SlaEvent(w.idempotencyKey(), w.workPackageId(), "WARNING",
                        item == null ? null : item.team(), severityOf(item), w.threshold(),
                        item == null ? null : item.workPackage().slaTarget(), w.elapsed(), w.remaining(), w.deadline(),
                        null, now));
            } else if (command instanceof SlaBreached b) {
                WorkItem item = input.packages().get(b.workPackageId());
                events.add(new SlaEvent(b.idempotencyKey(), b.workPackageId(), "BREACHED",
                        item == null ? null : item.team(), severityOf(item), null, b.target(), null, null,
                        b.breachedAt(), b.breachedAt(), now));
            }
        }
        events.forEach(announcements::add);
        return events;
    }

    private static List<StatusChange> chainHistory(WorkItem item, Map<String, List<StatusChange>> history) {
        List<EscalationLink> chain = item.workPackage().escalations();
        if (chain.isEmpty()) {
            return history.getOrDefault(item.id(), List.of());
        }
        List<StatusChange> all = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (EscalationLink link : chain) {
            if (seen.add(link.fromWorkPackageId())) {
                all.addAll(history.getOrDefault(link.fromWorkPackageId(), List.of()));
            }
        }
        all.addAll(history.getOrDefault(item.id(), List.of()));
        return all;
    }

    private static String severityOf(WorkItem item) {
        if (item == null) {
            return null;
        }
        var severity = item.workPackage().severity() != null ? item.workPackage().severity() : item.severity();
        return severity == null ? null : severity.name();
    }

    private static boolean sameClock(SlaStatusRow a, SlaStatusRow b) {
        return Objects.equals(a.state(), b.state()) && Objects.equals(a.highestWarning(), b.highestWarning())
                && a.breached() == b.breached() && Objects.equals(a.deadline(), b.deadline())
                && Objects.equals(a.team(), b.team());
    }
}
