package io.scrumops.bridge.gates;

import com.fasterxml.jackson.core.type.TypeReference;
import io.scrumops.bridge.mapping.ReleaseMapping;
import io.scrumops.bridge.model.DeploymentStatus;
import io.scrumops.bridge.model.Release;
import io.scrumops.bridge.model.Severity;
import io.scrumops.bridge.model.SignOff;
import io.scrumops.bridge.model.WorkItemKind;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import javax.sql.DataSource;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Gathers the evidence of many releases' gates from the store in a handful of set-based queries: open defects and
 * stories of the releases, their test executions and change requests, open incidents of their products' teams,
 * successful deployments of their versions, sign-offs and remote answers. Only open items are read, through a
 * partial index, so the cost follows what can block, not the size of the history.
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

    public Map<String, ReleaseEvidence> evidence(List<Release> releases, ReleaseMapping mapping) {
        if (releases.isEmpty()) {
            return Map.of();
        }
        String[] ids = releases.stream().map(Release::id).toArray(String[]::new);
        Set<String> testTypes = new HashSet<>();
        Set<String> passValues = new HashSet<>();
        boolean byField = false;
        for (Release r : releases) {
            for (var g : r.gates()) {
                for (var c : g.criteria()) {
                    if (c.issueType() != null) {
                        testTypes.add(c.issueType());
                        c.passValues().forEach(v -> passValues.add(v.toLowerCase(Locale.ROOT)));
                        byField |= c.field() != null;
                    }
                }
            }
        }
        // Test executions that passed are only counted; the ones read are those that can block. A criterion that
        // reads a field instead of the status needs every execution.
        String notPassed = byField ? "" : " and lower(coalesce(w.payload->>'sourceStatus', '')) <> all(:pass)";
        Map<String, List<EvidenceItem>> items = new HashMap<>();
        Map<String, Set<String>> seen = new HashMap<>();
        jdbc.sql("select " + ITEM_COLUMNS
                        + " from release_item ri join work_item w on w.id = ri.work_item_id"
                        + " where ri.release_id = any(:ids) and w.status_category is distinct from 'DONE'"
                        + " and w.kind in ('DEFECT', 'STORY')"
                        + " union all select " + ITEM_COLUMNS
                        + " from release_item ri join work_item w on w.id = ri.work_item_id"
                        + " where ri.release_id = any(:ids) and ri.issue_type = '" + CHANGE_REQUEST_TYPE + "'"
                        + " union all select " + ITEM_COLUMNS
                        + " from release_item ri join work_item w on w.id = ri.work_item_id"
                        + " where ri.release_id = any(:ids) and ri.issue_type = any(:types)" + notPassed)
                .param("ids", ids).param("types", testTypes.toArray(String[]::new))
                .param("pass", passValues.toArray(String[]::new))
                .query((rs, n) -> {
                    String releaseId = rs.getString("release_id");
                    EvidenceItem item = item(rs);
                    if (seen.computeIfAbsent(releaseId, k -> new HashSet<>()).add(item.id())) {
                        items.computeIfAbsent(releaseId, k -> new ArrayList<>()).add(item);
                    }
                    return null;
                }).list();
        Map<String, Map<String, Integer>> testCounts = new HashMap<>();
        if (!testTypes.isEmpty()) {
            jdbc.sql("""
                            select release_id, issue_type, count(*) from release_item
                            where issue_type = any(:types) and release_id = any(:ids) group by release_id, issue_type
                            """).param("ids", ids).param("types", testTypes.toArray(String[]::new))
                    .query((rs, n) -> testCounts.computeIfAbsent(rs.getString(1), k -> new HashMap<>())
                            .put(rs.getString(2).toLowerCase(Locale.ROOT), rs.getInt(3)))
                    .list();
        }

        Map<String, List<EvidenceItem>> incidentsByTeam = incidents(releases, mapping);
        Map<String, List<DeploymentFact>> deployments = deployments(releases, mapping);
        Map<String, Map<String, SignOff>> signOffs = signOffs(ids);
        Map<String, Map<String, RemoteQueryResult>> remote = remote(ids);

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
                    byField || testTypes.isEmpty() ? null : testCounts.getOrDefault(release.id(), Map.of())));
        }
        return result;
    }

    private Map<String, List<EvidenceItem>> incidents(List<Release> releases, ReleaseMapping mapping) {
        Set<String> teams = new HashSet<>();
        for (Release release : releases) {
            if (release.gates().stream().anyMatch(g -> g.hasCriterion(io.scrumops.bridge.model.CriterionKind.NO_OPEN_INCIDENTS))) {
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
    private Map<String, List<DeploymentFact>> deployments(List<Release> releases, ReleaseMapping mapping) {
        Map<String, List<Release>> byRef = new HashMap<>();
        Set<String> services = new HashSet<>();
        for (Release release : releases) {
            if (release.name() == null || release.gates().stream()
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
