package io.scrumops.bridge.gates;

import com.fasterxml.jackson.databind.JsonNode;
import io.scrumops.bridge.adapter.JsonFields;
import io.scrumops.bridge.adapter.jira.JiraSourceFields;
import io.scrumops.bridge.adapter.jira.JiraVersions;
import io.scrumops.bridge.adapter.servicenow.ServiceNowStoredValues;
import io.scrumops.bridge.mapping.ReleaseMapping;
import io.scrumops.bridge.mapping.ReleaseMappingRegistry;
import io.scrumops.bridge.model.Deployment;
import io.scrumops.bridge.model.Gate;
import io.scrumops.bridge.model.GateCriterion;
import io.scrumops.bridge.model.GateEvaluation;
import io.scrumops.bridge.model.Release;
import io.scrumops.bridge.model.ReleasePhase;
import io.scrumops.bridge.model.SignOff;
import io.scrumops.bridge.model.SourceRef;
import io.scrumops.bridge.model.SourceSystem;
import io.scrumops.bridge.model.WorkItem;
import io.scrumops.bridge.model.WorkItemKind;
import io.scrumops.bridge.store.AuditLogRepository;
import io.scrumops.bridge.store.ReleaseRepository;
import io.scrumops.bridge.writeback.WriteCommandQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Keeps gate verdicts current. Each stored change (a Jira issue, a ServiceNow incident or change request, a
 * deployment, a sign-off, a remote query's answer) re-evaluates only the gates whose criteria it can move, of only
 * the releases it belongs to. A verdict that changes is saved with its history (what moved it, who, and why) and
 * written back through the outbox in the same transaction; a verdict that stays writes nothing.
 */
@Component("gateService")
public class GateService {

    private static final Logger LOG = LoggerFactory.getLogger(GateService.class);
    static final String SYSTEM_ACTOR = "scrumops";

    private final ReleaseMappingRegistry mappings;
    private final ReleaseRepository releases;
    private final GateStateRepository states;
    private final GateEvidenceRepository evidence;
    private final WriteCommandQueue queue;
    private final AuditLogRepository audit;
    private final Clock clock;

    public GateService(ReleaseMappingRegistry mappings, ReleaseRepository releases, GateStateRepository states,
                       GateEvidenceRepository evidence, WriteCommandQueue queue, AuditLogRepository audit, Clock clock) {
        this.mappings = mappings;
        this.releases = releases;
        this.states = states;
        this.evidence = evidence;
        this.queue = queue;
        this.audit = audit;
        this.clock = clock;
    }

    // ---------------------------------------------------------------- inbound changes

    /**
     * A Jira issue was stored. Its fix versions (when the record carries them) say which releases it belongs to;
     * the releases it joined, left or stays in are re-evaluated, and an incident re-evaluates its product's releases.
     *
     * @param issue the issue object of the webhook or REST read
     */
    public void jiraIssueApplied(WorkItem item, JsonNode issue, String actor) {
        jiraIssueApplied(item, issue, JiraSourceFields.of(issue), actor);
    }

    /** As {@link #jiraIssueApplied(WorkItem, JsonNode, String)}, with the issue's source fields already read. */
    public void jiraIssueApplied(WorkItem item, JsonNode issue, Map<String, String> sourceFields, String actor) {
        ReleaseMapping mapping = mappings.current();
        if (mapping.products().isEmpty() || item == null) {
            return;
        }
        Set<String> affected = new LinkedHashSet<>();
        Set<String> created = new LinkedHashSet<>();
        Map<String, Release> read = new HashMap<>();
        Optional<List<JiraVersions.Version>> fixVersions = JiraVersions.fixVersions(issue);
        String project = sourceFields.get(JiraSourceFields.PROJECT);
        Optional<ReleaseMapping.Product> product = project == null ? Optional.empty() : mapping.productOfProject(project);
        if (fixVersions.isPresent() && product.isPresent()) {
            List<String> now = new ArrayList<>();
            for (JiraVersions.Version version : fixVersions.get()) {
                Stored stored = storeRelease(product.get(), version, false);
                now.add(stored.release().id());
                read.put(stored.release().id(), stored.release());
                if (stored.changed()) {
                    created.add(stored.release().id());
                }
            }
            String issueType = JsonFields.text(issue, "fields.issuetype.name");
            // the releases it belonged to before, then those it belongs to now
            affected.addAll(states.replaceMemberships(item.id(), now, issueType,
                    testFields(mapping, sourceFields)));
            affected.addAll(now);
        } else {
            affected.addAll(states.releasesOfItem(item.id()));
        }
        for (String releaseId : affected) {
            Set<GateEvaluator.Touch> touches = created.contains(releaseId) ? EnumSet.allOf(GateEvaluator.Touch.class)
                    : EnumSet.of(GateEvaluator.Touch.RELEASE_ITEM);
            Optional.ofNullable(read.get(releaseId)).or(() -> releases.findById(releaseId))
                    .ifPresent(release -> evaluate(release, touches, item.id(), actor));
        }
        if (item.kind() == WorkItemKind.INCIDENT) {
            incidentChanged(mapping, item, actor);
        }
    }

    /** A ServiceNow incident or change request was stored. */
    public void serviceNowApplied(WorkItem item, String table, String body, String actor) {
        ReleaseMapping mapping = mappings.current();
        if (mapping.products().isEmpty() || item == null) {
            return;
        }
        if (item.kind() == WorkItemKind.INCIDENT) {
            incidentChanged(mapping, item, actor);
        } else if ("change_request".equals(table)) {
            changeRequestChanged(mapping, item, body, actor);
        }
    }

    /** A deployment was stored: the releases of its product whose version it deployed are re-evaluated. */
    public void deploymentApplied(Deployment deployment) {
        ReleaseMapping mapping = mappings.current();
        // immutable lists refuse contains(null): a deployment without ref or service (a change request) touches no gate
        if (deployment.ref() == null || deployment.service() == null) {
            return;
        }
        for (ReleaseMapping.Product product : mapping.products()) {
            if (!product.deploymentServices().contains(deployment.service())) {
                continue;
            }
            for (Release release : releases.findOpenByProduct(product.name())) {
                if (release.name() != null && GateEvidenceRepository.refsOf(release.name()).contains(deployment.ref())) {
                    evaluate(release, EnumSet.of(GateEvaluator.Touch.DEPLOYMENT), deployment.id(), null);
                }
            }
        }
    }

    private void incidentChanged(ReleaseMapping mapping, WorkItem item, String actor) {
        Set<String> products = new LinkedHashSet<>();
        for (String team : new String[]{item.team(), item.assignmentGroup()}) {
            if (team != null) {
                mapping.productsOfIncidentTeam(team).forEach(p -> products.add(p.name()));
            }
        }
        for (String product : products) {
            for (Release release : releases.findOpenByProduct(product)) {
                evaluate(release, EnumSet.of(GateEvaluator.Touch.PRODUCT_INCIDENT), item.id(), actor);
            }
        }
    }

    private void changeRequestChanged(ReleaseMapping mapping, WorkItem item, String body, String actor) {
        Set<String> names = new LinkedHashSet<>(List.of(GateEvaluator.APPROVAL_FIELD, "cmdb_ci", "business_service",
                "end_date", "start_date"));
        mapping.products().forEach(p -> {
            if (p.releaseField() != null) {
                names.add(p.releaseField());
            }
        });
        Map<String, String> values = ServiceNowStoredValues.of(body, names);
        Map<String, String> fields = new HashMap<>();
        if (values.get(GateEvaluator.APPROVAL_FIELD) != null) {
            fields.put(GateEvaluator.APPROVAL_FIELD, values.get(GateEvaluator.APPROVAL_FIELD));
        }
        Release release = releases.findByChangeRequest(item.id()).orElse(null);
        ReleaseRepository.Claim claim = null;
        if (release == null) {
            for (ReleaseMapping.Product product : mapping.products()) {
                String version = product.releaseField() == null ? null : values.get(product.releaseField());
                if (version != null) {
                    // the release's creator takes the same lock before it looks for a claim (storeRelease)
                    releases.lockName(product.name(), version);
                    Optional<Release> named = releases.findByProductAndName(product.name(), version);
                    if (named.isPresent()) {
                        release = withChangeRequest(named.get(), item.id());
                        releases.upsert(release);
                        releases.dropClaim(item.id());
                        break;
                    }
                    if (claim == null) {
                        claim = new ReleaseRepository.Claim(item.id(), product.name(), version, fields);
                    }
                }
            }
        }
        if (release == null) {
            Optional<ReleaseMapping.Product> product = Optional.ofNullable(values.get("cmdb_ci"))
                    .flatMap(mapping::productOfService)
                    .or(() -> Optional.ofNullable(values.get("business_service")).flatMap(mapping::productOfService));
            if (product.isEmpty()) {
                if (claim != null) {
                    // the version's release is not known yet: it takes the change request when it is created
                    releases.claim(claim);
                }
                return;
            }
            String name = item.source() != null && item.source().key() != null ? item.source().key() : item.id();
            LocalDate date = dateOf(values.getOrDefault("end_date", values.get("start_date")));
            release = plan(product.get(), item.id(), item.source(), name, date, false, false, item.id());
            releases.upsert(release);
        }
        states.putItem(release.id(), item.id(), GateEvidenceRepository.CHANGE_REQUEST_TYPE, fields);
        evaluate(release, EnumSet.of(GateEvaluator.Touch.CHANGE_REQUEST), item.id(), actor);
    }

    // ---------------------------------------------------------------- releases

    /**
     * Stores the release of a Jira version (new, or with changed dates or state) and evaluates all its gates when it
     * is new or its plan moved.
     */
    public Release ensureRelease(ReleaseMapping.Product product, JiraVersions.Version version, boolean fromProject) {
        Stored stored = storeRelease(product, version, fromProject);
        if (stored.changed()) {
            evaluate(stored.release(), EnumSet.allOf(GateEvaluator.Touch.class), stored.release().id(), null);
        }
        return stored.release();
    }

    private record Stored(Release release, boolean changed) {
    }

    /**
     * An issue's fixVersions only create releases not known yet; the project's version list (fromProject) also
     * updates dates and released/archived state.
     */
    private Stored storeRelease(ReleaseMapping.Product product, JiraVersions.Version version, boolean fromProject) {
        String id = "jira:version:" + version.id();
        Optional<Release> stored = releases.findById(id);
        if (stored.isEmpty()) {
            // another transaction may be creating it or linking a change request to it: wait for it, then look again
            releases.lockName(product.name(), version.name());
            stored = releases.findById(id);
        }
        if (stored.isPresent() && !fromProject) {
            return new Stored(stored.get(), false);
        }
        ReleaseRepository.Claim claim = stored.isPresent() || version.name() == null ? null
                : releases.claimOf(product.name(), version.name()).orElse(null);
        SourceRef source = new SourceRef(SourceSystem.JIRA, "version", version.id(), version.name(), version.self(), 0,
                null);
        Release release = plan(product, id, source, version.name(), version.releaseDate(), version.released(),
                version.archived(), claim != null ? claim.changeRequestId()
                        : stored.map(Release::changeRequestId).orElse(null));
        if (stored.isPresent() && stored.get().equals(release)) {
            return new Stored(stored.get(), false);
        }
        releases.upsert(release);
        if (claim != null) {
            states.putItem(id, claim.changeRequestId(), GateEvidenceRepository.CHANGE_REQUEST_TYPE, claim.fields());
            releases.dropClaim(claim.changeRequestId());
        }
        // as stored: an update keeps a change request linked meanwhile (see ReleaseRepository)
        return new Stored(releases.findById(id).orElse(release), true);
    }

    /** Reads the versions of every mapped Jira project (a JSON array per project) into releases. */
    public int importVersions(String projectKey, JsonNode versions) {
        ReleaseMapping.Product product = mappings.current().productOfProject(projectKey).orElse(null);
        if (product == null) {
            return 0;
        }
        int count = 0;
        for (JiraVersions.Version version : JiraVersions.fromList(versions)) {
            ensureRelease(product, version, true);
            count++;
        }
        return count;
    }

    private Release plan(ReleaseMapping.Product product, String id, SourceRef source, String name, LocalDate date,
                         boolean released, boolean archived, String changeRequestId) {
        List<ReleasePhase> phases = ReleasePlanner.phases(product, name, date, clock.instant());
        return new Release(id, source, name, product.name(), ReleasePlanner.currentPhase(phases), phases,
                date == null ? null : date.atStartOfDay(ZoneOffset.UTC).toInstant(), released, archived,
                changeRequestId, product.epics().get(name));
    }

    private static Release withChangeRequest(Release r, String changeRequestId) {
        return new Release(r.id(), r.source(), r.name(), r.product(), r.currentPhase(), r.phases(), r.releaseDate(),
                r.released(), r.archived(), changeRequestId, r.epicKey());
    }

    // ---------------------------------------------------------------- sign-off

    public enum SignOffOutcome { SIGNED, WITHDRAWN, NOT_SIGNED, NO_SUCH_GATE, NO_SIGN_OFF_CRITERION }

    @Transactional
    public SignOffOutcome signOff(String releaseId, String gateId, String user, String comment) {
        Optional<Gate> gate = releases.findById(releaseId).flatMap(r -> r.gate(gateId));
        if (gate.isEmpty()) {
            return SignOffOutcome.NO_SUCH_GATE;
        }
        if (!gate.get().hasCriterion(io.scrumops.bridge.model.CriterionKind.SIGN_OFF)) {
            return SignOffOutcome.NO_SIGN_OFF_CRITERION;
        }
        SignOff signOff = new SignOff(releaseId, gateId, user, clock.instant(), comment);
        states.signOff(signOff);
        audit.record(user, "gate-sign-off", releaseId, Map.of("gate", gateId, "comment", comment == null ? "" : comment));
        releases.findById(releaseId).ifPresent(r ->
                evaluate(r, EnumSet.of(GateEvaluator.Touch.SIGN_OFF), "sign-off:" + gateId, user));
        return SignOffOutcome.SIGNED;
    }

    @Transactional
    public SignOffOutcome withdraw(String releaseId, String gateId, String user, String comment) {
        Optional<Gate> gate = releases.findById(releaseId).flatMap(r -> r.gate(gateId));
        if (gate.isEmpty()) {
            return SignOffOutcome.NO_SUCH_GATE;
        }
        Optional<SignOff> removed = states.withdraw(releaseId, gateId);
        if (removed.isEmpty()) {
            return SignOffOutcome.NOT_SIGNED;
        }
        audit.record(user, "gate-sign-off-withdrawn", releaseId, Map.of("gate", gateId,
                "signedBy", removed.get().signedBy(), "comment", comment == null ? "" : comment));
        releases.findById(releaseId).ifPresent(r ->
                evaluate(r, EnumSet.of(GateEvaluator.Touch.SIGN_OFF), "sign-off-withdrawn:" + gateId, user));
        return SignOffOutcome.WITHDRAWN;
    }

    // ---------------------------------------------------------------- remote answers

    /** Stores a remote query's answer and re-evaluates the gate it belongs to. */
    @Transactional
    public void remoteAnswered(String releaseId, String gateId, String criterionId, RemoteQueryResult answer) {
        states.saveRemote(releaseId, gateId, criterionId, answer);
        releases.findById(releaseId).ifPresent(r ->
                evaluate(r, EnumSet.of(GateEvaluator.Touch.REMOTE_QUERY), "remote-query:" + gateId + "/" + criterionId,
                        null));
    }

    // ---------------------------------------------------------------- evaluation

    /**
     * Corrects the kept evidence counts that drifted from the items (changed with the triggers off: a restore, a
     * replica, a bulk fix) and re-evaluates the item criteria of the releases corrected; returns how many releases'
     * counts were corrected.
     */
    @Transactional
    public int recountEvidence() {
        List<String> corrected = evidence.correctKept();
        if (corrected.isEmpty()) {
            return 0;
        }
        LOG.warn("Kept evidence counts of {} release(s) differed from their items and were corrected: {}",
                corrected.size(), corrected.size() > 10 ? corrected.subList(0, 10) + " ..." : corrected);
        for (String id : corrected) {
            releases.findById(id).ifPresent(release -> evaluate(release,
                    EnumSet.of(GateEvaluator.Touch.RELEASE_ITEM, GateEvaluator.Touch.CHANGE_REQUEST),
                    "evidence recount", null));
        }
        return corrected.size();
    }

    /**
     * Re-evaluates every gate of every open release; returns how many verdicts changed. The kept counts and revisions
     * of all releases are read at once; a gate judged only on release items whose revisions did not move since its
     * stored evaluation is not judged again, and the others take the outcome of such item criteria from that
     * evaluation. Items are read only for gates whose items moved.
     */
    @Transactional
    public int evaluateAll(String cause) {
        List<Release> open = releases.findOpen();
        ReleaseMapping mapping = mappings.current();
        List<String> ids = open.stream().map(Release::id).toList();
        Map<String, KeptEvidence> kept = evidence.kept(ids);
        Map<String, Map<String, String>> keys = states.evidenceKeys(ids);
        Map<String, List<Gate>> judge = new LinkedHashMap<>();
        Map<String, List<Gate>> fresh = new HashMap<>();
        Map<String, Map<String, String>> newKeys = new HashMap<>();
        List<Release> judged = new ArrayList<>();
        for (Release release : open) {
            KeptEvidence k = kept.getOrDefault(release.id(), KeptEvidence.NONE);
            Map<String, String> stored = keys.getOrDefault(release.id(), Map.of());
            for (Gate gate : release.gates()) {
                String key = evidenceKey(release, gate, k);
                boolean current = key != null && key.equals(stored.get(gate.id()));
                if (current && gate.criteria().stream().allMatch(c -> KeptEvidence.readsItems(c.kind()))) {
                    continue;
                }
                judge.computeIfAbsent(release.id(), r -> new ArrayList<>()).add(gate);
                if (key != null && !current) {
                    fresh.computeIfAbsent(release.id(), r -> new ArrayList<>()).add(gate);
                }
                newKeys.computeIfAbsent(release.id(), r -> new HashMap<>()).put(gate.id(), key);
            }
            if (judge.containsKey(release.id())) {
                judged.add(release);
            }
        }
        Map<String, ReleaseEvidence> all = evidence.evidence(judged, judge, fresh, mapping, kept);
        Map<String, Map<String, GateEvaluation>> before = states.statesOf(
                judge.entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey,
                        e -> e.getValue().stream().map(Gate::id).toList())));
        int changed = 0;
        Instant now = clock.instant();
        for (Release release : judged) {
            ReleaseEvidence ev = all.getOrDefault(release.id(), ReleaseEvidence.empty());
            Map<String, GateEvaluation> previous = before.getOrDefault(release.id(), Map.of());
            List<Gate> freshGates = fresh.getOrDefault(release.id(), List.of());
            List<GateEvaluation> evaluations = new ArrayList<>();
            for (Gate gate : judge.get(release.id())) {
                evaluations.add(GateEvaluator.evaluate(release, gate, ev, now,
                        freshGates.contains(gate) ? null : previous.get(gate.id())));
            }
            changed += record(release, mapping, evaluations, previous, keys.getOrDefault(release.id(), Map.of()),
                    newKeys.getOrDefault(release.id(), Map.of()), cause, null);
        }
        return changed;
    }

    /**
     * Evaluates the gates of the release that these sorts of change touch; returns how many verdicts changed. A gate
     * touched only through the release's items is not evaluated when none of the items it reads moved (their kept
     * revisions are those of its stored evaluation). Open defects and stories are judged on the kept counts, so one
     * item's change reads and writes a few rows whatever the number of items that block.
     */
    public int evaluate(Release release, Set<GateEvaluator.Touch> touches, String cause, String actor) {
        if (release.released() || release.archived()) {
            return 0;
        }
        List<Gate> touched = release.gates().stream()
                .filter(g -> touches.stream().anyMatch(t -> GateEvaluator.touches(g, t))).toList();
        if (touched.isEmpty()) {
            return 0;
        }
        String id = release.id();
        // the counts, the stored keys and evaluations, sign-offs and remote answers the touched gates need: one read
        GateEvidenceRepository.Snapshot snapshot = evidence.snapshot(id, touched.stream().map(Gate::id).toList(),
                touched.stream().anyMatch(g -> g.hasCriterion(io.scrumops.bridge.model.CriterionKind.SIGN_OFF)),
                touched.stream().anyMatch(g -> g.hasCriterion(
                        io.scrumops.bridge.model.CriterionKind.REMOTE_QUERY_EMPTY)));
        KeptEvidence kept = snapshot.kept();
        Map<String, String> keys = snapshot.keys();
        Set<GateEvaluator.Touch> others = EnumSet.copyOf(touches);
        others.removeAll(EnumSet.of(GateEvaluator.Touch.RELEASE_ITEM, GateEvaluator.Touch.CHANGE_REQUEST));
        List<Gate> judge = new ArrayList<>();
        List<Gate> fresh = new ArrayList<>();
        Map<String, String> newKeys = new HashMap<>();
        for (Gate gate : touched) {
            String key = evidenceKey(release, gate, kept);
            boolean current = key != null && key.equals(keys.get(gate.id()));
            if (current && others.stream().noneMatch(t -> GateEvaluator.touches(gate, t))) {
                continue;
            }
            judge.add(gate);
            if (key != null && !current) {
                fresh.add(gate);
            }
            newKeys.put(gate.id(), key);
        }
        if (judge.isEmpty()) {
            return 0;
        }
        ReleaseMapping mapping = mappings.current();
        Map<String, GateEvaluation> stored = snapshot.evaluations();
        ReleaseEvidence ev = evidence.evidence(List.of(release), Map.of(id, judge), Map.of(id, fresh), mapping,
                Map.of(id, kept), Map.of(id, snapshot)).getOrDefault(id, ReleaseEvidence.empty());
        Instant now = clock.instant();
        List<GateEvaluation> evaluations = judge.stream().map(g -> GateEvaluator.evaluate(release, g, ev, now,
                fresh.contains(g) ? null : stored.get(g.id()))).toList();
        return record(release, mapping, evaluations, stored, keys, newKeys, cause, actor);
    }

    /**
     * The stored evaluations of the release's gates as a reader sees them: the open defects and stories that block are
     * the release's open memberships now, read once and given to each unmet criterion of those kinds.
     */
    public Map<String, GateEvaluation> states(String releaseId) {
        Map<String, GateEvaluation> stored = states.states(releaseId);
        return releases.findById(releaseId).map(r -> withOpenItems(r, stored, evidence)).orElse(stored);
    }

    static Map<String, GateEvaluation> withOpenItems(Release release, Map<String, GateEvaluation> stored,
                                                     GateEvidenceRepository evidence) {
        boolean needed = stored.values().stream().anyMatch(e -> e.criteria().stream().anyMatch(o ->
                o.state() == io.scrumops.bridge.model.CriterionState.UNMET
                        && GateEvaluator.blocksWithOpenItems(o.kind()) && o.blocking().isEmpty()));
        if (!needed) {
            return stored;
        }
        List<EvidenceItem> open = evidence.openItems(release.id());
        Map<String, GateEvaluation> result = new LinkedHashMap<>();
        stored.forEach((gateId, e) -> result.put(gateId, release.gate(gateId)
                .map(g -> GateEvaluator.withOpenItems(g, e, open)).orElse(e)));
        return result;
    }

    /**
     * The evidence a gate's item criteria were judged on: the kept revisions of the item classes they read, and the
     * gate's definition and change request; null for a gate that reads no release item.
     */
    static String evidenceKey(Release release, Gate gate, KeptEvidence kept) {
        StringBuilder key = new StringBuilder();
        boolean reads = false;
        for (GateCriterion criterion : gate.criteria()) {
            if (KeptEvidence.readsItems(criterion.kind())) {
                reads = true;
                String itemClass = KeptEvidence.classOf(criterion);
                if (itemClass != null) {
                    key.append(itemClass).append('=').append(kept.revision(itemClass)).append(';');
                }
            }
        }
        if (!reads) {
            return null;
        }
        return key.append(Integer.toHexString((gate + "|" + release.changeRequestId()).hashCode())).toString();
    }

    /**
     * Stores the evaluations that differ from the stored ones (and, for one that stands, its new evidence key), and
     * records and writes back each verdict change.
     *
     * @param stored the stored evaluations of at least these gates
     */
    private int record(Release release, ReleaseMapping mapping, Collection<GateEvaluation> evaluations,
                       Map<String, GateEvaluation> stored, Map<String, String> storedKeys, Map<String, String> keys,
                       String cause, String actor) {
        List<GateEvaluation> changed = new ArrayList<>();
        List<GateStateRepository.Save> saves = new ArrayList<>();
        Map<String, String> movedKeys = new LinkedHashMap<>();
        for (GateEvaluation evaluation : evaluations) {
            GateEvaluation previous = stored.get(evaluation.gateId());
            String key = keys.get(evaluation.gateId());
            boolean verdictChanged = previous == null || previous.verdict() != evaluation.verdict();
            if (verdictChanged) {
                changed.add(evaluation);
            } else if (previous.criteria().equals(evaluation.criteria())) {
                if (key != null && !key.equals(storedKeys.get(evaluation.gateId()))) {
                    movedKeys.put(evaluation.gateId(), key);
                }
                continue;
            }
            saves.add(new GateStateRepository.Save(evaluation, verdictChanged, key));
        }
        // one round trip for the evaluations, one statement for the keys that moved alone
        states.saveAll(saves);
        states.saveEvidenceKeys(release.id(), movedKeys);
        if (changed.isEmpty()) {
            return 0;
        }
        // a verdict change is recorded and written with the items behind it (read here, once per release)
        Map<String, GateEvaluation> after = withOpenItems(release, states.states(release.id()), evidence);
        ReleaseMapping.Product product = mapping.product(release.product()).orElse(null);
        List<GateStateRepository.Change> changes = new ArrayList<>();
        for (GateEvaluation changedEvaluation : changed) {
            GateEvaluation evaluation = after.getOrDefault(changedEvaluation.gateId(), changedEvaluation);
            GateEvaluation previous = stored.get(evaluation.gateId());
            changes.add(new GateStateRepository.Change(evaluation, previous == null ? null : previous.verdict()));
        }
        // every history entry in one statement, then every write-back command of the change in one
        Map<String, Long> historyIds = states.recordChanges(release.id(), changes, cause, actor);
        Map<String, io.scrumops.bridge.writeback.WriteCommand> commands = new LinkedHashMap<>();
        for (GateStateRepository.Change change : changes) {
            GateEvaluation evaluation = change.evaluation();
            Gate gate = release.gate(evaluation.gateId()).orElseThrow();
            LOG.info("Gate {} of release {} is {} (was {}): {}", gate.id(), release.name(), evaluation.verdict(),
                    change.from(), evaluation.reason());
            for (GateWriteBack.Keyed command : GateWriteBack.commands(historyIds.get(evaluation.gateId()), release,
                    product, gate, evaluation, change.from(), after)) {
                commands.putIfAbsent(command.key(), command.command());
            }
        }
        queue.addAll(commands);
        return changed.size();
    }

    private static Map<String, String> testFields(ReleaseMapping mapping, Map<String, String> sourceFields) {
        Map<String, String> fields = new HashMap<>();
        mapping.products().forEach(p -> p.phases().forEach(ph -> ph.gates().forEach(g -> g.criteria().forEach(c -> {
            if (c.field() != null && sourceFields.get(c.field()) != null) {
                fields.put(c.field(), sourceFields.get(c.field()));
            }
        }))));
        return fields;
    }

    private static LocalDate dateOf(String serviceNowDate) {
        if (serviceNowDate == null || serviceNowDate.length() < 10) {
            return null;
        }
        try {
            return LocalDate.parse(serviceNowDate.substring(0, 10));
        } catch (RuntimeException e) {
            return null;
        }
    }

}
