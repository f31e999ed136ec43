package io.scrumops.bridge.gates;

import com.fasterxml.jackson.core.type.TypeReference;
import io.scrumops.bridge.mapping.ReleaseMapping;
import io.scrumops.bridge.model.DeploymentStatus;
import io.scrumops.bridge.model.Gate;
import io.scrumops.bridge.model.GateCriterion;
import io.scrumops.bridge.model.GateEvaluation;
import io.scrumops.bridge.model.Release;
import io.scrumops.bridge.model.Severity;
import io.scrumops.bridge.model.SignOff;
import io.scrumops.bridge.model.WorkItemKind;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import javax.sql.DataSource;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Gathers the evidence of many releases' gates from the store in a handful of set-based queries: the kept counts
 * (open defects and stories are judged on them), test executions and change requests, open incidents of their
 * products' teams, successful deployments of their versions, sign-offs and remote answers; and, for a reader, a
 * release's open memberships (the items behind its open-defect and open-story criteria). Only open items are read,
 * through partial indexes, so the cost follows what can block, not the size of the history.
 */
@Repository
public class GateEvidenceRepository {

    /** The issue type under which a release's ServiceNow change request is kept in {@code release_item}. */
    public static final String CHANGE_REQUEST_TYPE = "change_request";

    private static final TypeReference<Map<String, String>> FIELDS = new TypeReference<>() {
    };

    private static final String ITEM_COLUMNS = """
            ri.release_id, w.id, w.source_key, w.title, w.kind, w.severity, w.status_category, ri.issue_type,
            w.payload->>'sourceStatus' as source_status, ri.fields::text as fields, w.source_system, w.source_entity,
            w.native_id
            """;

    private final JdbcClient jdbc;
    private final GateLinks links;

    public GateEvidenceRepository(DataSource dataSource, GateLinks links) {
        this.jdbc = JdbcClient.create(dataSource);
        this.links = links;
    }

    public ReleaseEvidence evidence(Release release, ReleaseMapping mapping) {
        return evidence(List.of(release), mapping).getOrDefault(release.id(), ReleaseEvidence.empty());
    }

    /** The evidence of every gate of the releases, items read afresh. */
    public Map<String, ReleaseEvidence> evidence(List<Release> releases, ReleaseMapping mapping) {
        Map<String, List<Gate>> all = new LinkedHashMap<>();
        releases.forEach(r -> all.put(r.id(), r.gates()));
        return evidence(releases, all, all, mapping, kept(all.keySet()));
    }

    /** The kept counts and revisions of the releases ({@code release_evidence}), by release id. */
    public Map<String, KeptEvidence> kept(Collection<String> releaseIds) {
        Map<String, Map<String, Long>> counts = new HashMap<>();
        jdbc.sql("select release_id, input, count from release_evidence where release_id = any(:ids)")
                .param("ids", releaseIds.toArray(String[]::new))
                .query((rs, n) -> counts.computeIfAbsent(rs.getString(1), k -> new HashMap<>())
                        .put(rs.getString(2), rs.getLong(3)))
                .list();
        Map<String, KeptEvidence> result = new HashMap<>();
        counts.forEach((id, c) -> result.put(id, new KeptEvidence(c)));
        return result;
    }

    /**
     * What one release's change reads before its gates are judged, read in one statement: the kept counts and
     * revisions, the evidence key of every stored evaluation, the stored evaluations of the given gates, and the
     * sign-offs and remote answers when asked for.
     *
     * @param keys        evidence key by gate id ("" for a stored evaluation without one)
     * @param evaluations the stored evaluations of the gates asked for, by gate id
     */
    public record Snapshot(KeptEvidence kept, Map<String, String> keys, Map<String, GateEvaluation> evaluations,
                           Map<String, SignOff> signOffs, Map<String, RemoteQueryResult> remote) {
    }

    public Snapshot snapshot(String releaseId, Collection<String> gateIds, boolean signOffs, boolean remote) {
        Map<String, Long> counts = new HashMap<>();
        Map<String, String> keys = new HashMap<>();
        Map<String, GateEvaluation> evaluations = new LinkedHashMap<>();
        Map<String, SignOff> signed = new HashMap<>();
        Map<String, RemoteQueryResult> answers = new HashMap<>();
        jdbc.sql("""
                        select 'e' as t, input as a, null as b, null as c, count as n, null::timestamptz as at
                        from release_evidence where release_id = :release
                        union all
                        select 'k', gate_id, evidence_key, case when gate_id = any(:gates) then evaluation::text end,
                               null, null
                        from gate_state where release_id = :release
                        union all
                        select 's', gate_id, signed_by, comment, null, signed_at
                        from gate_sign_off where :signOffs and release_id = :release
                        union all
                        select 'r', gate_id, criterion_id, result::text, null, null
                        from gate_remote_result where :remote and release_id = :release
                        """)
                .param("release", releaseId).param("gates", gateIds.toArray(String[]::new))
                .param("signOffs", signOffs).param("remote", remote)
                .query((rs, n) -> {
                    String a = rs.getString("a");
                    switch (rs.getString("t")) {
                        case "e" -> counts.put(a, rs.getLong("n"));
                        case "k" -> {
                            keys.put(a, rs.getString("b") == null ? "" : rs.getString("b"));
                            if (rs.getString("c") != null) {
                                evaluations.put(a, GateJson.read(rs.getString("c"), GateEvaluation.class));
                            }
                        }
                        case "s" -> signed.put(a, new SignOff(releaseId, a, rs.getString("b"),
                                rs.getTimestamp("at").toInstant(), rs.getString("c")));
                        default -> answers.put(ReleaseEvidence.remoteKey(a, rs.getString("b")),
                                GateJson.read(rs.getString("c"), RemoteQueryResult.class));
                    }
                    return null;
                }).list();
        return new Snapshot(counts.isEmpty() ? KeptEvidence.NONE : new KeptEvidence(counts), keys, evaluations, signed,
                answers);
    }

    /**
     * The evidence the given gates are judged on. Release items are read only for {@code itemGates} (the gates whose
     * item criteria are judged afresh), and of those only the ones that can block a criterion the kept counts say is
     * unmet: test executions that did not pass, the change request. Open defects and stories are judged on the kept
     * counts alone; their items are the release's open memberships, assembled when a gate is read
     * ({@link #openItems}).
     *
     * @param gates     the gates to judge, by release id
     * @param itemGates the gates (a subset) whose item criteria are judged on items read now, by release id
     * @param kept      the kept counts of the releases
     */
    public Map<String, ReleaseEvidence> evidence(List<Release> releases, Map<String, List<Gate>> gates,
                                                 Map<String, List<Gate>> itemGates, ReleaseMapping mapping,
                                                 Map<String, KeptEvidence> kept) {
        return evidence(releases, gates, itemGates, mapping, kept, null);
    }

    /**
     * As {@link #evidence(List, Map, Map, ReleaseMapping, Map)}, with the sign-offs and remote answers already read
     * (a {@link Snapshot} of each release); null: read them here.
     */
    public Map<String, ReleaseEvidence> evidence(List<Release> releases, Map<String, List<Gate>> gates,
                                                 Map<String, List<Gate>> itemGates, ReleaseMapping mapping,
                                                 Map<String, KeptEvidence> kept, Map<String, Snapshot> read) {
        if (releases.isEmpty()) {
            return Map.of();
        }
        String[] ids = releases.stream().map(Release::id).toArray(String[]::new);
        Map<String, String> changeRequests = new LinkedHashMap<>();
        // test executions to read: by issue type, the releases and the values that pass every criterion of the type
        // (null: read them all, a criterion reads a field)
        Map<String, Set<String>> testReleases = new LinkedHashMap<>();
        Map<String, Set<String>> testPass = new HashMap<>();
        Set<String> byField = new HashSet<>();
        Map<String, Map<String, Integer>> testCounts = new HashMap<>();
        for (Release release : releases) {
            KeptEvidence k = kept.getOrDefault(release.id(), KeptEvidence.NONE);
            for (Gate gate : itemGates.getOrDefault(release.id(), List.of())) {
                for (GateCriterion c : gate.criteria()) {
                    switch (c.kind()) {
                        case CHANGE_APPROVED -> {
                            if (release.changeRequestId() != null) {
                                changeRequests.put(release.id(), release.changeRequestId());
                            }
                        }
                        case TEST_EXECUTION_COMPLETE -> {
                            if (c.issueType() == null) {
                                continue;
                            }
                            String type = c.issueType().toLowerCase(Locale.ROOT);
                            if (c.field() != null) {
                                byField.add(release.id());
                                testReleases.computeIfAbsent(type, t -> new LinkedHashSet<>()).add(release.id());
                            } else {
                                long total = k.total(type);
                                testCounts.computeIfAbsent(release.id(), r -> new HashMap<>()).put(type, (int) total);
                                if (k.passed(type, c.passValues()) < total) {
                                    testReleases.computeIfAbsent(type, t -> new LinkedHashSet<>()).add(release.id());
                                }
                                Set<String> pass = c.passValues().stream().map(v -> v.toLowerCase(Locale.ROOT))
                                        .collect(Collectors.toCollection(HashSet::new));
                                testPass.merge(type, pass, (a, b) -> {
                                    a.retainAll(b);
                                    return a;
                                });
                            }
                        }
                        default -> {
                        }
                    }
                }
            }
        }
        Map<String, List<EvidenceItem>> items = new HashMap<>();
        Map<String, Set<String>> seen = new HashMap<>();
        RowMapper<Object> collect = (rs, n) -> {
            String releaseId = rs.getString("release_id");
            EvidenceItem item = item(rs);
            if (seen.computeIfAbsent(releaseId, k -> new HashSet<>()).add(item.id())) {
                items.computeIfAbsent(releaseId, k -> new ArrayList<>()).add(item);
            }
            return null;
        };
        if (!changeRequests.isEmpty()) {
            jdbc.sql("select " + ITEM_COLUMNS + " from release_item ri join work_item w on w.id = ri.work_item_id"
                            + " where ri.release_id = any(:ids) and ri.work_item_id = any(:items)"
                            + " and ri.issue_type = '" + CHANGE_REQUEST_TYPE + "'")
                    .param("ids", changeRequests.keySet().toArray(String[]::new))
                    .param("items", changeRequests.values().stream().distinct().toArray(String[]::new))
                    .query(collect).list();
        }
        testReleases.forEach((type, of) -> {
            boolean all = of.stream().anyMatch(byField::contains);
            String notPassed = all ? "" : " and lower(coalesce(w.payload->>'sourceStatus', '')) <> all(:pass)";
            jdbc.sql("select " + ITEM_COLUMNS + " from release_item ri join work_item w on w.id = ri.work_item_id"
                            + " where lower(ri.issue_type) = :type and ri.issue_type = any(:types)"
                            + " and ri.release_id = any(:ids)" + notPassed)
                    .param("type", type).param("types", spellings(type, releases))
                    .param("ids", of.toArray(String[]::new))
                    .param("pass", testPass.getOrDefault(type, Set.of()).toArray(String[]::new))
                    .query(collect).list();
        });

        Map<String, List<EvidenceItem>> incidentsByTeam = incidents(releases, gates, mapping);
        Map<String, List<DeploymentFact>> deployments = deployments(releases, gates, mapping);
        // sign-offs and remote answers are read only when a gate judged now has such a criterion
        Map<String, Map<String, SignOff>> signOffs = new HashMap<>();
        Map<String, Map<String, RemoteQueryResult>> remote = new HashMap<>();
        if (read != null) {
            read.forEach((id, snapshot) -> {
                signOffs.put(id, snapshot.signOffs());
                remote.put(id, snapshot.remote());
            });
        } else {
            if (judges(gates, io.scrumops.bridge.model.CriterionKind.SIGN_OFF)) {
                signOffs.putAll(signOffs(ids));
            }
            if (judges(gates, io.scrumops.bridge.model.CriterionKind.REMOTE_QUERY_EMPTY)) {
                remote.putAll(remote(ids));
            }
        }

        Map<String, ReleaseEvidence> result = new LinkedHashMap<>();
        for (Release release : releases) {
            List<EvidenceItem> releaseItems = items.getOrDefault(release.id(), List.of());
            EvidenceItem change = release.changeRequestId() == null ? null : releaseItems.stream()
                    .filter(i -> i.id().equals(release.changeRequestId())).findFirst().orElse(null);
            List<EvidenceItem> incidents = new ArrayList<>();
            mapping.product(release.product()).ifPresent(p -> p.incidentTeams().forEach(team ->
                    incidents.addAll(incidentsByTeam.getOrDefault(team.toLowerCase(Locale.ROOT), List.of()))));
            result.put(release.id(), new ReleaseEvidence(releaseItems, incidents,
                    deployments.getOrDefault(release.id(), List.of()), change,
                    remote.getOrDefault(release.id(), Map.of()), signOffs.getOrDefault(release.id(), Map.of()),
                    byField.contains(release.id()) ? null : testCounts.getOrDefault(release.id(), Map.of()),
                    kept.getOrDefault(release.id(), KeptEvidence.NONE)));
        }
        return result;
    }

    /**
     * Sets every kept count that differs from a recount of the items to the recounted value and moves the revision
     * of its class ({@code release_evidence_correct}, V62); returns the releases whose counts moved.
     */
    public List<String> correctKept() {
        return jdbc.sql("select release_id from release_evidence_correct()").query(String.class).list();
    }

    /**
     * The release's open memberships that can block an open-defect or open-story criterion, read from its own rows
     * ({@code release_item.open_input}, kept by the V62 triggers, through {@code release_item_open_idx}).
     */
    public List<EvidenceItem> openItems(String releaseId) {
        return jdbc.sql("select " + ITEM_COLUMNS + " from release_item ri join work_item w on w.id = ri.work_item_id"
                        + " where ri.release_id = :release and ri.open_input is not null"
                        + " and w.status_category is distinct from 'DONE' and w.kind in ('DEFECT', 'STORY')")
                .param("release", releaseId)
                .query((rs, n) -> item(rs)).list();
    }

    private static boolean judges(Map<String, List<Gate>> gates, io.scrumops.bridge.model.CriterionKind kind) {
        return gates.values().stream().flatMap(List::stream).anyMatch(g -> g.hasCriterion(kind));
    }

    /** The issue type names of the gates' criteria that are this type in lower case (release_item keeps the source's). */
    private static String[] spellings(String lowerType, List<Release> releases) {
        Set<String> names = new HashSet<>();
        names.add(lowerType);
        for (Release r : releases) {
            for (Gate g : r.gates()) {
                for (GateCriterion c : g.criteria()) {
                    if (c.issueType() != null && c.issueType().toLowerCase(Locale.ROOT).equals(lowerType)) {
                        names.add(c.issueType());
                    }
                }
            }
        }
        return names.toArray(String[]::new);
    }

    private Map<String, List<EvidenceItem>> incidents(List<Release> releases, Map<String, List<Gate>> gates,
                                                      ReleaseMapping mapping) {
        Set<String> teams = new HashSet<>();
        for (Release release : releases) {
            if (gates.getOrDefault(release.id(), List.of()).stream().anyMatch(g -> g.hasCriterion(io.scrumops.bridge.model.CriterionKind.NO_OPEN_INCIDENTS))) {
                mapping.product(release.product()).ifPresent(p -> p.incidentTeams()
                        .forEach(t -> teams.add(t.toLowerCase(Locale.ROOT))));
            }
        }
        Map<String, List<EvidenceItem>> byTeam = new HashMap<>();
        if (teams.isEmpty()) {
            return byTeam;
        }
        jdbc.sql("""
                        select null as release_id, w.id, w.source_key, w.title, w.kind, w.severity, w.status_category,
                               null as issue_type, w.payload->>'sourceStatus' as source_status, '{}' as fields,
                               w.source_system, w.source_entity, w.native_id,
                               lower(w.team) as team, lower(w.payload->>'assignmentGroup') as assignment_group
                        from work_item w
                        where w.kind = 'INCIDENT' and w.status_category is distinct from 'DONE'
                          and (lower(w.team) = any(:teams) or lower(w.payload->>'assignmentGroup') = any(:teams))
                        """)
                .param("teams", teams.toArray(String[]::new))
                .query((rs, n) -> {
                    EvidenceItem item = item(rs);
                    Set<String> of = new HashSet<>();
                    if (rs.getString("team") != null) {
                        of.add(rs.getString("team"));
                    }
                    if (rs.getString("assignment_group") != null) {
                        of.add(rs.getString("assignment_group"));
                    }
                    of.stream().filter(teams::contains)
                            .forEach(t -> byTeam.computeIfAbsent(t, k -> new ArrayList<>()).add(item));
                    return null;
                }).list();
        return byTeam;
    }

    /** Deployments of a release: a successful deployment of one of the product's services whose ref is the version. */
    private Map<String, List<DeploymentFact>> deployments(List<Release> releases, Map<String, List<Gate>> gates,
                                                          ReleaseMapping mapping) {
        Map<String, List<Release>> byRef = new HashMap<>();
        Set<String> services = new HashSet<>();
        for (Release release : releases) {
            if (release.name() == null || gates.getOrDefault(release.id(), List.of()).stream()
                    .noneMatch(g -> g.hasCriterion(io.scrumops.bridge.model.CriterionKind.DEPLOYED_TO))) {
                continue;
            }
            Optional<ReleaseMapping.Product> product = mapping.product(release.product());
            if (product.isEmpty() || product.get().deploymentServices().isEmpty()) {
                continue;
            }
            services.addAll(product.get().deploymentServices());
            for (String ref : refsOf(release.name())) {
                byRef.computeIfAbsent(ref, k -> new ArrayList<>()).add(release);
            }
        }
        Map<String, List<DeploymentFact>> result = new HashMap<>();
        if (byRef.isEmpty()) {
            return result;
        }
        jdbc.sql("""
                        select id, service, environment, status, finished_at, ref from deployment
                        where status = 'SUCCESS' and service = any(:services) and ref = any(:refs)
                        """)
                .param("services", services.toArray(String[]::new)).param("refs", byRef.keySet().toArray(String[]::new))
                .query((rs, n) -> {
                    Timestamp finished = rs.getTimestamp("finished_at");
                    DeploymentFact fact = new DeploymentFact(rs.getString("id"), rs.getString("service"),
                            rs.getString("environment"), DeploymentStatus.valueOf(rs.getString("status")),
                            finished == null ? null : finished.toInstant(), rs.getString("ref"));
                    for (Release release : byRef.getOrDefault(fact.ref(), List.of())) {
                        if (mapping.product(release.product()).map(p -> p.deploymentServices().contains(fact.service()))
                                .orElse(false)) {
                            result.computeIfAbsent(release.id(), k -> new ArrayList<>()).add(fact);
                        }
                    }
                    return null;
                }).list();
        return result;
    }

    /** The refs a deployment of this version carries: the version name, or its tag ({@code v}-prefixed, refs/tags/). */
    public static List<String> refsOf(String version) {
        return List.of(version, "v" + version, "refs/tags/" + version, "refs/tags/v" + version);
    }

    private Map<String, Map<String, SignOff>> signOffs(String[] ids) {
        Map<String, Map<String, SignOff>> result = new HashMap<>();
        jdbc.sql("select release_id, gate_id, signed_by, signed_at, comment from gate_sign_off where release_id = any(:ids)")
                .param("ids", ids)
                .query((rs, n) -> result.computeIfAbsent(rs.getString(1), k -> new HashMap<>()).put(rs.getString(2),
                        new SignOff(rs.getString(1), rs.getString(2), rs.getString(3), rs.getTimestamp(4).toInstant(),
                                rs.getString(5))))
                .list();
        return result;
    }

    private Map<String, Map<String, RemoteQueryResult>> remote(String[] ids) {
        Map<String, Map<String, RemoteQueryResult>> result = new HashMap<>();
        jdbc.sql("select release_id, gate_id, criterion_id, result from gate_remote_result where release_id = any(:ids)")
                .param("ids", ids)
                .query((rs, n) -> result.computeIfAbsent(rs.getString(1), k -> new HashMap<>())
                        .put(ReleaseEvidence.remoteKey(rs.getString(2), rs.getString(3)),
                                GateJson.read(rs.getString(4), RemoteQueryResult.class)))
                .list();
        return result;
    }

    private EvidenceItem item(ResultSet rs) throws SQLException {
        String severity = rs.getString("severity");
        String fields = rs.getString("fields");
        String system = rs.getString("source_system");
        String key = rs.getString("source_key");
        return new EvidenceItem(rs.getString("id"), key != null ? key : rs.getString("native_id"), rs.getString("title"),
                WorkItemKind.valueOf(rs.getString("kind")), severity == null ? null : Severity.valueOf(severity),
                "DONE".equals(rs.getString("status_category")), rs.getString("issue_type"),
                rs.getString("source_status"), fields == null ? Map.of() : GateJson.read(fields, FIELDS),
                links.link(system, rs.getString("source_entity"), rs.getString("native_id"), key));
    }

}
