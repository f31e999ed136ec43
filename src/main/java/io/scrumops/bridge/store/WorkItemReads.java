package io.scrumops.bridge.store;

import io.scrumops.bridge.model.SourceSystem;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import javax.sql.DataSource;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The read side the console and the work-items API use: a search that the indexes of V10 answer without reading the
 * whole table (newest first, one page at a time, no total count), and the pieces of an item's page.
 */
@Repository
public class WorkItemReads {

    /** A Jira key (OPS-12) or a ServiceNow number (INC0010001): looked up exactly, not by words of the title. */
    private static final Pattern KEY = Pattern.compile("[A-Za-z][A-Za-z0-9_]*-\\d+|[A-Za-z]{2,8}\\d{4,}");

    /**
     * How many of the newest items a word search without other filters looks through first (in the covering index of
     * V56, without reading the table) before it asks the words index for every match. Words found in at least one
     * item in ~400 fill a page there after reading a few thousand index entries; rarer words are few enough for the
     * words index. Either way a search reads a bounded number of rows, where sorting all the matches of two common
     * words cost 200 ms on a million items.
     */
    static final int RECENT_WINDOW = 20_000;

    private final JdbcClient jdbc;
    private final int recentWindow;

    @Autowired
    public WorkItemReads(DataSource dataSource) {
        this(dataSource, RECENT_WINDOW);
    }

    WorkItemReads(DataSource dataSource, int recentWindow) {
        this.jdbc = JdbcClient.create(dataSource);
        this.recentWindow = recentWindow;
    }

    /**
     * @param q            a key or number (exact, also finding the item paired with it), or words of the title
     * @param key          the source key, exactly
     * @param updatedSince only items updated at or after this time
     */
    public record Filter(String q, String key, String system, String kind, String team, String status,
                         String severity, Instant updatedSince, int page, int size) {

        public Filter {
            page = Math.max(page, 0);
            size = size <= 0 ? 50 : Math.min(size, 200);
        }
    }

    /** One row of a search answer: the item's columns, not its whole document. */
    public record Summary(String id, String kind, String system, String key, String title, String status,
                          String statusCategory, String severity, String team, Instant updatedAt) {
    }

    /** @param hasMore whether a next page exists (no total is counted: counting a million rows costs seconds) */
    public record Page(List<Summary> items, int page, int size, boolean hasMore) {
    }

    public Page search(Filter filter) {
        StringBuilder sql = new StringBuilder("where true ");
        Map<String, Object> params = new HashMap<>();
        String q = filter.q() == null ? "" : filter.q().trim();
        boolean words = false;
        if (!q.isEmpty()) {
            if (KEY.matcher(q).matches()) {
                // The item with that key, and the items paired with it (an incident's work package and back).
                sql.append("""
                         and id in (
                             select w.id from work_item w where upper(w.source_key) = :qkey
                             union
                             select l.work_item_id from sync_link l where upper(l.native_key) = :qkey
                             union
                             select 'jira:issue:' || j.native_id from sync_link j
                             where j.system = 'JIRA' and j.work_item_id in (
                                 select k.work_item_id from sync_link k where upper(k.native_key) = :qkey))""");
                params.put("qkey", q.toUpperCase(Locale.ROOT));
            } else {
                // Every word of q, in any order, as a whole word of the title, case-insensitively (V56).
                words = true;
                sql.append(" and title_words @@ plainto_tsquery('simple', :q)");
                params.put("q", q);
            }
        }
        condition(sql, params, "source_key", "key", filter.key());
        condition(sql, params, "source_system", "system", upper(filter.system()));
        condition(sql, params, "kind", "kind", upper(filter.kind()));
        condition(sql, params, "team", "team", filter.team());
        condition(sql, params, "status", "status", upper(filter.status()));
        condition(sql, params, "severity", "severity", upper(filter.severity()));
        if (filter.updatedSince() != null) {
            sql.append(" and updated_at >= :updatedSince");
            params.put("updatedSince", SqlTime.toSql(filter.updatedSince()));
        }
        boolean wordsAlone = words && params.size() == 1;
        params.put("limit", filter.size() + 1);
        params.put("offset", (long) filter.page() * filter.size());
        if (wordsAlone) {
            List<Summary> recent = recentMatches(params);
            if (recent.size() == filter.size() + 1) {
                return page(recent, filter);
            }
        }
        String columns = "id, kind, source_system, source_key, title, status, status_category, severity, team, updated_at";
        String query = words
                // Words: the matches are found through the title index first ("offset 0" keeps the planner from
                // walking the newest-first index instead, which reads the whole table when few items match).
                ? "select " + columns + " from (select " + columns + " from work_item " + sql + " offset 0) w"
                : "select " + columns + " from work_item " + sql;
        query += " order by updated_at desc nulls last, id desc limit :limit offset :offset";
        return page(jdbc.sql(query).params(params).query(WorkItemReads::summary).list(), filter);
    }

    /**
     * The page's matches among the newest {@link #recentWindow} items, read from the index that carries the words
     * (no table row is read until the page's own). When these hold the whole page and one more, it is the page of the
     * whole table: every match outside them is older than all of them.
     */
    private List<Summary> recentMatches(Map<String, Object> params) {
        Map<String, Object> window = new HashMap<>(params);
        window.put("window", recentWindow);
        return jdbc.sql("""
                        select w.id, w.kind, w.source_system, w.source_key, w.title, w.status, w.status_category,
                               w.severity, w.team, w.updated_at
                        from (select id, updated_at
                              from (select id, updated_at, title_words from work_item
                                    order by updated_at desc nulls last, id desc limit :window) recent
                              where title_words @@ plainto_tsquery('simple', :q)
                              order by updated_at desc nulls last, id desc limit :limit offset :offset) m
                        join work_item w on w.id = m.id
                        order by m.updated_at desc nulls last, m.id desc""")
                .params(window).query(WorkItemReads::summary).list();
    }

    private static Page page(List<Summary> found, Filter filter) {
        List<Summary> rows = new ArrayList<>(found);
        boolean more = rows.size() > filter.size();
        if (more) {
            rows.remove(rows.size() - 1);
        }
        return new Page(rows, filter.page(), filter.size(), more);
    }

    /** The stored document of the item, as JSON text. */
    public Optional<String> document(String id) {
        return jdbc.sql("select payload from work_item where id = :id").param("id", id).query(String.class).optional();
    }

    public Optional<Summary> summary(String id) {
        return jdbc.sql("""
                        select id, kind, source_system, source_key, title, status, status_category, severity, team,
                               updated_at from work_item where id = :id""")
                .param("id", id).query(WorkItemReads::summary).optional();
    }

    /** The id the pair's links hang on (the incident's item id) when the item is one side of a pair. */
    public Optional<String> pairIdOf(String itemId, SourceSystem system, String nativeId) {
        if (system == SourceSystem.SERVICENOW) {
            Optional<String> own = jdbc.sql("select work_item_id from sync_link where work_item_id = :id limit 1")
                    .param("id", itemId).query(String.class).optional();
            if (own.isPresent()) {
                return own;
            }
        }
        if (system == null || nativeId == null) {
            return Optional.empty();
        }
        return jdbc.sql("select work_item_id from sync_link where system = :system and native_id = :nativeId")
                .param("system", system.name()).param("nativeId", nativeId).query(String.class).optional();
    }

    public List<SyncLink> links(String pairId) {
        return jdbc.sql("select * from sync_link where work_item_id = :id order by system = 'JIRA', system")
                .param("id", pairId)
                .query((rs, row) -> new SyncLink(rs.getString("work_item_id"),
                        SourceSystem.valueOf(rs.getString("system")), rs.getString("native_id"),
                        rs.getString("native_key"), rs.getString("url"), (Long) rs.getObject("last_synced_version"),
                        SqlTime.instant(rs, "last_synced_at"), Map.of()))
                .list();
    }

    public Optional<SlaStatusRow> sla(String workPackageId) {
        return jdbc.sql("select * from sla_status where work_package_id = :id").param("id", workPackageId)
                .query(SlaStatusRepository::map).optional();
    }

    /** A comment and, where it was carried across a pair, where it came from or went to. */
    public record CarriedComment(String id, String author, String body, String visibility, Instant createdAt,
                                 String origin, String copy) {
    }

    public List<CarriedComment> comments(String workItemId) {
        return jdbc.sql("""
                        select c.id, c.author, c.payload ->> 'body' as body, c.visibility, c.created_at,
                               origin.origin_id as origin, copy.target_id as copy
                        from comment c
                        left join comment_carry origin on origin.target_id = c.id
                        left join comment_carry copy on copy.origin_id = c.id
                        where c.work_item_id = :id order by c.created_at nulls last, c.id""")
                .param("id", workItemId)
                .query((rs, row) -> new CarriedComment(rs.getString("id"), rs.getString("author"),
                        rs.getString("body"), rs.getString("visibility"), SqlTime.instant(rs, "created_at"),
                        rs.getString("origin"), rs.getString("copy")))
                .list();
    }

    /** Write commands for the item or its pair, newest first. */
    public List<OutboxCommand> outbox(List<String> aggregateIds) {
        return jdbc.sql("select * from outbox where aggregate_id in (:ids) order by id desc limit 200")
                .param("ids", aggregateIds).query(OutboxRepository::map).list();
    }

    /** Audit rows of the item or its pair, oldest first. */
    public List<AuditEntry> audit(List<String> entityIds) {
        List<AuditEntry> entries = new ArrayList<>();
        for (String id : entityIds) {
            entries.addAll(jdbc.sql("select * from audit_log where entity_id = :id order by at, id limit 200")
                    .param("id", id)
                    .query((rs, row) -> new AuditEntry(rs.getLong("id"), SqlTime.instant(rs, "at"),
                            rs.getString("actor"), rs.getString("action"), rs.getString("entity_id"),
                            JsonPayload.tree(rs.getString("detail"))))
                    .list());
        }
        entries.sort((a, b) -> a.at().equals(b.at()) ? Long.compare(a.id(), b.id()) : a.at().compareTo(b.at()));
        return entries;
    }

    private static void condition(StringBuilder sql, Map<String, Object> params, String column, String name,
                                  String value) {
        if (value != null && !value.isBlank()) {
            sql.append(" and ").append(column).append(" = :").append(name);
            params.put(name, value.trim());
        }
    }

    private static String upper(String value) {
        return value == null ? null : value.trim().toUpperCase(Locale.ROOT).replace('-', '_');
    }

    private static Summary summary(ResultSet rs, int row) throws SQLException {
        return new Summary(rs.getString("id"), rs.getString("kind"), rs.getString("source_system"),
                rs.getString("source_key"), rs.getString("title"), rs.getString("status"),
                rs.getString("status_category"), rs.getString("severity"), rs.getString("team"),
                SqlTime.instant(rs, "updated_at"));
    }
}
