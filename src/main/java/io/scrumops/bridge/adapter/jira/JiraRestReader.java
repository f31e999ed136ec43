package io.scrumops.bridge.adapter.jira;

import com.fasterxml.jackson.databind.JsonNode;
import io.scrumops.bridge.adapter.JsonFields;
import io.scrumops.bridge.writeback.RetryAfter;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Reads Jira over the REST API through the {@code jira-rest-get} route: one issue with its changelog, and JQL
 * searches in both pagination styles. A 429 is waited out (Retry-After) a bounded number of times.
 */
@Component("jiraRestReader")
public class JiraRestReader {

    /** What may go into an issue's path: a key (APP-12) or a numeric id, nothing that could leave the path. */
    private static final Pattern ISSUE_KEY_OR_ID =
            Pattern.compile("[A-Za-z][A-Za-z0-9_]{0,49}-[0-9]{1,12}|[0-9]{1,18}");

    /** Data Center {@code /rest/api/2/search} (startAt/maxResults/total) or Cloud {@code /rest/api/3/search/jql}. */
    public enum SearchApi { DATA_CENTER, CLOUD }

    /** Called after every page with the running totals. */
    public interface PageListener {
        void page(int pages, int issues);
    }

    public record SearchResult(int pages, int issues) {
    }

    static final String PATH_PROPERTY = "ScrumOpsJiraPath";
    /** Set by the jira-rest-get route when the call got no answer at all (connection refused or reset, timeout). */
    private static final String REQUEST_FAILURE = "ScrumOpsRequestFailure";
    private static final Logger log = LoggerFactory.getLogger(JiraRestReader.class);
    private static final Duration DEFAULT_RETRY_WAIT = Duration.ofSeconds(5);

    private static final int MAX_CHANGELOG_PAGES = 1000;
    private static final Duration STATUS_LIST_TTL = Duration.ofMinutes(10);

    private final java.util.concurrent.atomic.AtomicReference<CachedCategories> statusCategories =
            new java.util.concurrent.atomic.AtomicReference<>();
    private final ProducerTemplate producer;
    private final JiraProperties jira;
    private final JiraReconcileProperties settings;

    public JiraRestReader(ProducerTemplate producer, JiraProperties jira, JiraReconcileProperties settings) {
        this.producer = producer;
        this.jira = jira;
        this.settings = settings;
    }

    public SearchApi configuredApi() {
        return jira.isCloud() ? SearchApi.CLOUD : SearchApi.DATA_CENTER;
    }

    /** The issue with its changelog; empty when Jira answers 404 (deleted, or not visible to the bridge's account). */
    public Optional<JsonNode> issue(String keyOrId) {
        if (keyOrId == null || !ISSUE_KEY_OR_ID.matcher(keyOrId).matches()) {
            throw new IllegalArgumentException("not a Jira issue key or id: '"
                    + (keyOrId == null ? "" : keyOrId.length() > 60 ? keyOrId.substring(0, 60) + "..." : keyOrId) + "'");
        }
        String version = jira.isCloud() ? "3" : "2";
        return get("/rest/api/" + version + "/issue/" + encode(keyOrId), Map.of("expand", "changelog"), true);
    }

    /**
     * The issue with its whole changelog. Jira embeds at most a page of histories ({@code expand=changelog} gives the
     * first 100 on Cloud, with {@code total} saying how many there are); the rest is read from
     * {@code /issue/{id}/changelog} page by page (PageBean: until {@code isLast}, an empty page, or {@code total}
     * histories) and merged by history id. An issue whose changelog is complete is returned as it is; where that
     * endpoint is missing (404, older Data Center) the embedded histories are kept.
     */
    public JsonNode withCompleteChangelog(JsonNode issue) {
        JsonNode changelog = JsonFields.node(issue, "changelog");
        JsonNode embedded = changelog == null ? null : JsonFields.node(changelog, "histories");
        JsonNode totalNode = changelog == null ? null : JsonFields.node(changelog, "total");
        String issueId = JsonFields.text(issue, "id");
        if (embedded == null || !embedded.isArray() || totalNode == null || issueId == null
                || totalNode.asInt() <= embedded.size()) {
            return issue;
        }
        int total = totalNode.asInt();
        String version = jira.isCloud() ? "3" : "2";
        Map<String, JsonNode> byId = new LinkedHashMap<>();
        List<JsonNode> withoutId = new java.util.ArrayList<>();
        embedded.forEach(history -> keep(history, byId, withoutId));
        int startAt = 0;
        int pages = 0;
        while (pages < MAX_CHANGELOG_PAGES) {
            Map<String, String> query = new LinkedHashMap<>();
            query.put("startAt", Integer.toString(startAt));
            query.put("maxResults", "100");
            Optional<JsonNode> page = get("/rest/api/" + version + "/issue/" + encode(issueId) + "/changelog", query, true);
            if (page.isEmpty()) {
                log.info("Jira issue {}: changelog truncated at {} of {} histories and /changelog is not served; kept"
                        + " what the issue embedded", issueId, embedded.size(), total);
                return issue;
            }
            JsonNode values = JsonFields.requireArray("jira changelog page", page.get(), "values");
            values.forEach(history -> keep(history, byId, withoutId));
            pages++;
            startAt += values.size();
            if (values.isEmpty() || page.get().path("isLast").asBoolean(false) || startAt >= total) {
                break;
            }
        }
        com.fasterxml.jackson.databind.node.ObjectNode complete = issue.deepCopy();
        com.fasterxml.jackson.databind.node.ArrayNode all = complete.putObject("changelog").put("startAt", 0)
                .putArray("histories");
        withoutId.forEach(all::add);
        byId.values().forEach(all::add);
        ((com.fasterxml.jackson.databind.node.ObjectNode) complete.get("changelog")).put("maxResults", all.size())
                .put("total", all.size());
        return complete;
    }

    private static void keep(JsonNode history, Map<String, JsonNode> byId, List<JsonNode> withoutId) {
        String id = JsonFields.text(history, "id");
        if (id == null) {
            withoutId.add(history);
        } else {
            byId.putIfAbsent(id, history);
        }
    }

    /**
     * Status name -> status category key ({@code new}, {@code indeterminate}, {@code done}) from Jira's status list,
     * read at most every ten minutes; empty when Jira does not answer it.
     */
    public Map<String, String> statusCategories() {
        CachedCategories cached = statusCategories.get();
        Instant now = Instant.now();
        if (cached != null && cached.readAt().plus(cached.categories().isEmpty() ? Duration.ofMinutes(1) : STATUS_LIST_TTL)
                .isAfter(now)) {
            return cached.categories();
        }
        Map<String, String> categories = new LinkedHashMap<>();
        try {
            JsonNode list = get("/rest/api/" + (jira.isCloud() ? "3" : "2") + "/status", Map.of(), true)
                    .orElse(null);
            if (list != null && list.isArray()) {
                for (JsonNode status : list) {
                    String name = JsonFields.text(status, "name");
                    String key = JsonFields.text(status, "statusCategory.key");
                    if (name != null && key != null) {
                        categories.putIfAbsent(name, key);
                    }
                }
            }
        } catch (JiraReadException e) {
            log.info("Jira's status list could not be read ({}); historic statuses the mapping does not list stay"
                    + " unmapped", e.getMessage());
        }
        statusCategories.set(new CachedCategories(now, Map.copyOf(categories)));
        return categories;
    }

    private record CachedCategories(Instant readAt, Map<String, String> categories) {
    }

    /** GET /rest/api/{2,3}/project/{key}/versions: the project's versions (a JSON array). */
    public JsonNode projectVersions(String projectKey) {
        String version = jira.isCloud() ? "3" : "2";
        return get("/rest/api/" + version + "/project/" + encode(projectKey) + "/versions", Map.of(), false)
                .orElseThrow();
    }

    /**
     * The first page of a search with key, summary and status only: enough to tell whether a query returns anything
     * and to name what it returned.
     */
    public JsonNode searchFirstPage(String jql, int maxResults) {
        Map<String, String> query = new LinkedHashMap<>();
        query.put("jql", jql);
        query.put("maxResults", Integer.toString(maxResults));
        query.put("fields", "summary,status");
        return get(jira.isCloud() ? "/rest/api/3/search/jql" : "/rest/api/2/search", query, false).orElseThrow();
    }

    /** One page of a board's sprints (Jira Agile), every state, as Jira gave it. */
    public JsonNode boardSprints(long boardId, int startAt, int maxResults) {
        Map<String, String> query = new LinkedHashMap<>();
        query.put("state", "active,future,closed");
        query.put("startAt", String.valueOf(startAt));
        query.put("maxResults", String.valueOf(maxResults));
        return get("/rest/agile/1.0/board/" + boardId + "/sprint", query, false).orElseThrow();
    }

    public SearchResult search(String jql, Consumer<JsonNode> issueSink, PageListener listener) {
        return search(configuredApi(), jql, issueSink, listener);
    }

    public SearchResult search(SearchApi api, String jql, Consumer<JsonNode> issueSink, PageListener listener) {
        return api == SearchApi.CLOUD ? searchByToken(jql, issueSink, listener) : searchByOffset(jql, issueSink, listener);
    }

    /**
     * Pages until a page comes back empty: {@code total} is an estimate that changes while we read, and startAt may
     * pass it, so it is never used to decide that the search is over.
     */
    private SearchResult searchByOffset(String jql, Consumer<JsonNode> sink, PageListener listener) {
        int startAt = 0;
        int pages = 0;
        int issues = 0;
        while (true) {
            Map<String, String> query = new LinkedHashMap<>();
            query.put("jql", jql);
            query.put("startAt", Integer.toString(startAt));
            query.put("maxResults", Integer.toString(settings.pageSize()));
            query.put("expand", "changelog");
            query.put("fields", "*all");
            JsonNode page = get("/rest/api/2/search", query, false).orElseThrow();
            JsonNode found = JsonFields.requireArray("jira search page", page, "issues");
            if (found.isEmpty()) {
                return new SearchResult(pages, issues);
            }
            found.forEach(sink);
            pages++;
            issues += found.size();
            startAt += found.size();
            listener.page(pages, issues);
        }
    }

    /** Cloud's enhanced search: follows nextPageToken until isLast (or no token, or an empty page); there is no total. */
    private SearchResult searchByToken(String jql, Consumer<JsonNode> sink, PageListener listener) {
        String token = null;
        int pages = 0;
        int issues = 0;
        while (true) {
            Map<String, String> query = new LinkedHashMap<>();
            query.put("jql", jql);
            query.put("maxResults", Integer.toString(settings.pageSize()));
            query.put("expand", "changelog");
            query.put("fields", "*all");
            if (token != null) {
                query.put("nextPageToken", token);
            }
            JsonNode page = get("/rest/api/3/search/jql", query, false).orElseThrow();
            JsonNode found = JsonFields.requireArray("jira search page", page, "issues");
            found.forEach(sink);
            if (!found.isEmpty()) {
                pages++;
                issues += found.size();
                listener.page(pages, issues);
            }
            token = JsonFields.text(page, "nextPageToken");
            if (found.isEmpty() || page.path("isLast").asBoolean(false) || token == null) {
                return new SearchResult(pages, issues);
            }
        }
    }

    private Optional<JsonNode> get(String path, Map<String, String> query, boolean notFoundIsEmpty) {
        String queryString = query.entrySet().stream()
                .map(e -> encode(e.getKey()) + "=" + encode(e.getValue()))
                .collect(Collectors.joining("&"));
        for (int attempt = 0; ; attempt++) {
            Exchange answer = producer.send("direct:jira-rest-get", exchange -> {
                exchange.setProperty(PATH_PROPERTY, path);
                exchange.getMessage().setHeader(Exchange.HTTP_QUERY, queryString);
                exchange.getMessage().setHeader("Accept", "application/json");
                authorization().ifPresent(value -> exchange.getMessage().setHeader("Authorization", value));
            });
            String failure = answer.getProperty(REQUEST_FAILURE, String.class);
            if (answer.getException() != null || failure != null) {
                throw new JiraReadException(path, 0, "no answer: "
                        + (failure != null ? failure : answer.getException().getMessage()));
            }
            int status = answer.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE, 0, Integer.class);
            String body = answer.getMessage().getBody(String.class);
            if (status == 429 && attempt < settings.maxRetries()) {
                Duration wait = retryAfter(answer.getMessage().getHeader("Retry-After", String.class));
                if (wait.compareTo(settings.maxRetryWait()) > 0) {
                    throw new JiraReadException(path, status, "Retry-After " + wait.toSeconds() + " s is longer than allowed");
                }
                log.info("Jira asked to slow down (429) on {}; retrying in {} ms", path, wait.toMillis());
                sleep(wait);
                continue;
            }
            if (status == 404 && notFoundIsEmpty) {
                return Optional.empty();
            }
            if (status < 200 || status >= 300) {
                throw new JiraReadException(path, status, body == null ? null : body.substring(0, Math.min(300, body.length())));
            }
            return Optional.of(JsonFields.parse("jira " + path, body));
        }
    }

    private Optional<String> authorization() {
        String token = jira.apiToken();
        if (token == null || token.isBlank()) {
            return Optional.empty();
        }
        String user = jira.username();
        if (user == null || user.isBlank()) {
            return Optional.of("Bearer " + token);
        }
        return Optional.of("Basic " + Base64.getEncoder().encodeToString((user + ":" + token).getBytes(StandardCharsets.UTF_8)));
    }

    static Duration retryAfter(String header) {
        Instant now = Instant.now();
        return RetryAfter.at(header, now).map(at -> Duration.between(now, at))
                .map(wait -> wait.isNegative() ? Duration.ZERO : wait)
                .orElse(DEFAULT_RETRY_WAIT);
    }

    private static void sleep(Duration wait) {
        try {
            Thread.sleep(wait.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for Jira's Retry-After", e);
        }
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
