package io.scrumops.bridge.metrics;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The history document of {@code POST /api/import}, read and checked as a whole: either every part is valid and
 * {@link #read} returns it, or nothing is imported and each error names its JSON path.
 */
public final class MetricsImportDocument {

    public record ImportError(String path, String message) {
    }

    public record CommitRow(String repoUrl, String sha, Instant startedAt, Instant finishedAt, String result) {
    }

    public record ImportedDeployment(String id, String scope, String environment, String environmentType,
                                     String result, Instant startedAt, Instant finishedAt, List<CommitRow> commits) {
    }

    public record ImportedIncident(String id, String scope, String severity, Instant createdAt, Instant resolvedAt,
                                   String deploymentId) {
    }

    public record ImportedChange(String id, String repoUrl, String sha, Instant authoredAt, Instant committedAt,
                                 Instant prCreatedAt, Instant firstReviewAt, Instant mergedAt, String mergeCommitSha,
                                 List<String> issueKeys, String deployedBy, String message) {
    }

    public record ImportedScope(String project, String scope) {
    }

    public record Contents(List<ImportedDeployment> deployments, List<ImportedIncident> incidents,
                           List<ImportedChange> changes, List<ImportedScope> scopes) {
    }

    /** The outcome: contents when {@code errors} is empty. */
    public record Reading(Contents contents, List<ImportError> errors) {
        public boolean valid() {
            return errors.isEmpty();
        }
    }

    static final Set<String> RESULTS = Set.of("SUCCESS", "FAILURE", "CANCELLED", "QUEUED", "IN_PROGRESS");
    private static final Set<String> SECTIONS = Set.of("deployments", "incidents", "changes", "scopes");

    private final List<ImportError> errors = new ArrayList<>();
    private final Predicate<String> storedDeployment;

    private MetricsImportDocument(Predicate<String> storedDeployment) {
        this.storedDeployment = storedDeployment;
    }

    /**
     * @param storedDeployment whether a deployment id not in the document is already stored (incidents and changes
     *                         may name one)
     */
    public static Reading read(JsonNode root, Predicate<String> storedDeployment) {
        return new MetricsImportDocument(storedDeployment).readRoot(root);
    }

    private Reading readRoot(JsonNode root) {
        if (root == null || !root.isObject()) {
            errors.add(new ImportError("$", "must be a JSON object with deployments, incidents, changes, scopes"));
            return new Reading(null, List.copyOf(errors));
        }
        for (Iterator<String> names = root.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!SECTIONS.contains(name)) {
                errors.add(new ImportError("$." + name, "unknown section; expected deployments, incidents, changes, scopes"));
            }
        }
        List<ImportedDeployment> deployments = new ArrayList<>();
        Set<String> deploymentIds = new HashSet<>();
        each(root, "deployments", (node, path) -> deployments.add(
                unique(deployment(node, path), ImportedDeployment::id, deploymentIds, "deployment", path)));
        Predicate<String> knownDeployment = id -> deploymentIds.contains(id) || storedDeployment.test(id);
        List<ImportedIncident> incidents = new ArrayList<>();
        Set<String> incidentIds = new HashSet<>();
        each(root, "incidents", (node, path) -> incidents.add(
                unique(incident(node, path, knownDeployment), ImportedIncident::id, incidentIds, "incident", path)));
        List<ImportedChange> changes = new ArrayList<>();
        Set<String> changeIds = new HashSet<>();
        each(root, "changes", (node, path) -> changes.add(
                unique(change(node, path, knownDeployment), ImportedChange::id, changeIds, "change", path)));
        List<ImportedScope> scopes = new ArrayList<>();
        each(root, "scopes", (node, path) -> scopes.add(
                new ImportedScope(text(node, "project", path, true), text(node, "scope", path, true))));
        if (!errors.isEmpty()) {
            return new Reading(null, List.copyOf(errors));
        }
        return new Reading(new Contents(deployments, incidents, changes, scopes), List.of());
    }

    private interface Element {
        void accept(JsonNode node, String path);
    }

    private void each(JsonNode root, String section, Element element) {
        objects(root.get(section), "$." + section, element);
    }

    /** Each element of an optional array of objects, with its JSON path; anything else is an error at {@code path}. */
    private void objects(JsonNode list, String path, Element element) {
        if (list == null || list.isNull()) {
            return;
        }
        if (!list.isArray()) {
            errors.add(new ImportError(path, "must be an array"));
            return;
        }
        for (int i = 0; i < list.size(); i++) {
            String elementPath = path + "[" + i + "]";
            JsonNode node = list.get(i);
            if (!node.isObject()) {
                errors.add(new ImportError(elementPath, "must be an object"));
                continue;
            }
            element.accept(node, elementPath);
        }
    }

    private <T> T unique(T element, Function<T, String> id, Set<String> seen, String kind, String path) {
        String value = id.apply(element);
        if (value != null && !seen.add(value)) {
            errors.add(new ImportError(path + ".id", "duplicate " + kind + " id '" + value + "'"));
        }
        return element;
    }

    /** An optional field naming a deployment that must be in the document or already stored. */
    private String deploymentReference(JsonNode node, String field, String path, Predicate<String> knownDeployment) {
        String id = text(node, field, path, false);
        if (id != null && !knownDeployment.test(id)) {
            errors.add(new ImportError(path + "." + field,
                    "names deployment '" + id + "', which is neither in the document nor stored"));
        }
        return id;
    }

    private ImportedDeployment deployment(JsonNode node, String path) {
        String id = text(node, "id", path, true);
        String scope = text(node, "scope", path, false);
        String environment = text(node, "environment", path, false);
        String result = result(node, "result", path, true);
        Instant started = time(node, "startedAt", path, false);
        Instant finished = time(node, "finishedAt", path, false);
        order(started, finished, path + ".finishedAt", "startedAt");
        List<CommitRow> commits = new ArrayList<>();
        Set<String> keys = new HashSet<>();
        objects(node.get("commits"), path + ".commits", (commit, commitPath) -> {
            String repoUrl = text(commit, "repoUrl", commitPath, false);
            String sha = text(commit, "sha", commitPath, true);
            Instant commitStarted = time(commit, "startedAt", commitPath, false);
            Instant commitFinished = time(commit, "finishedAt", commitPath, false);
            order(commitStarted, commitFinished, commitPath + ".finishedAt", "startedAt");
            String commitResult = result(commit, "result", commitPath, false);
            if (!keys.add((repoUrl == null ? "" : repoUrl) + "\n" + sha)) {
                errors.add(new ImportError(commitPath, "the same repoUrl and sha are listed twice"));
            }
            commits.add(new CommitRow(repoUrl == null ? "" : repoUrl, sha,
                    commitStarted != null ? commitStarted : started,
                    commitFinished != null ? commitFinished : finished,
                    commitResult != null ? commitResult : result));
        });
        return new ImportedDeployment(id, scope, environment, environmentType(environment), result, started, finished,
                commits);
    }

    private ImportedIncident incident(JsonNode node, String path, Predicate<String> knownDeployment) {
        String id = text(node, "id", path, true);
        String scope = text(node, "scope", path, false);
        String severity = text(node, "severity", path, false);
        Instant created = time(node, "createdAt", path, true);
        Instant resolved = time(node, "resolvedAt", path, false);
        order(created, resolved, path + ".resolvedAt", "createdAt");
        String deploymentId = deploymentReference(node, "deploymentId", path, knownDeployment);
        return new ImportedIncident(id, scope, severity == null ? null : severity.toUpperCase(Locale.ROOT), created,
                resolved, deploymentId);
    }

    private ImportedChange change(JsonNode node, String path, Predicate<String> knownDeployment) {
        String id = text(node, "id", path, true);
        String repoUrl = text(node, "repoUrl", path, false);
        String sha = text(node, "sha", path, false);
        Instant authored = time(node, "authoredAt", path, false);
        Instant committed = time(node, "committedAt", path, false);
        Instant prCreated = time(node, "prCreatedAt", path, false);
        Instant firstReview = time(node, "firstReviewAt", path, false);
        Instant merged = time(node, "mergedAt", path, false);
        String mergeSha = text(node, "mergeCommitSha", path, false);
        String message = text(node, "message", path, false);
        String deployedBy = deploymentReference(node, "deployedBy", path, knownDeployment);
        if (authored == null && committed == null && prCreated == null && firstReview == null && merged == null
                && !hasAny(node, "authoredAt", "committedAt", "prCreatedAt", "firstReviewAt", "mergedAt")) {
            errors.add(new ImportError(path, "needs at least one of authoredAt, committedAt, prCreatedAt, "
                    + "firstReviewAt, mergedAt"));
        }
        List<String> keys = new ArrayList<>();
        JsonNode list = node.get("issueKeys");
        if (list != null && !list.isNull()) {
            if (!list.isArray()) {
                errors.add(new ImportError(path + ".issueKeys", "must be an array of strings"));
            } else {
                for (int i = 0; i < list.size(); i++) {
                    if (!list.get(i).isTextual() || list.get(i).asText().isBlank()) {
                        errors.add(new ImportError(path + ".issueKeys[" + i + "]", "must be a non-empty string"));
                    } else {
                        keys.add(list.get(i).asText());
                    }
                }
            }
        }
        return new ImportedChange(id, repoUrl, sha, authored, committed, prCreated, firstReview, merged, mergeSha,
                keys, deployedBy, message);
    }

    private static boolean hasAny(JsonNode node, String... names) {
        for (String name : names) {
            if (node.hasNonNull(name)) {
                return true;
            }
        }
        return false;
    }

    private String text(JsonNode node, String field, String path, boolean required) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            if (required) {
                errors.add(new ImportError(path + "." + field, "is required"));
            }
            return null;
        }
        if (!value.isTextual() || value.asText().isBlank()) {
            errors.add(new ImportError(path + "." + field, "must be a non-empty string"));
            return null;
        }
        return value.asText();
    }

    private String result(JsonNode node, String field, String path, boolean required) {
        String value = text(node, field, path, required);
        if (value == null) {
            return null;
        }
        String upper = value.toUpperCase(Locale.ROOT);
        if (!RESULTS.contains(upper)) {
            errors.add(new ImportError(path + "." + field, "must be one of " + String.join(", ", RESULTS.stream().sorted().toList())
                    + ", not '" + value + "'"));
            return null;
        }
        return upper;
    }

    private Instant time(JsonNode node, String field, String path, boolean required) {
        String value = text(node, field, path, required);
        if (value == null) {
            return null;
        }
        try {
            return OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeParseException e) {
            errors.add(new ImportError(path + "." + field,
                    "must be an ISO-8601 time with its offset (e.g. 2024-01-02T12:00:00Z), not '" + value + "'"));
            return null;
        }
    }

    private void order(Instant first, Instant second, String path, String firstName) {
        if (first != null && second != null && second.isBefore(first)) {
            errors.add(new ImportError(path, "is before " + firstName));
        }
    }

    /** PRODUCTION, STAGING, TESTING, DEVELOPMENT by name or a usual abbreviation; anything else OTHER; none null. */
    static String environmentType(String environment) {
        if (environment == null) {
            return null;
        }
        String e = environment.trim().toLowerCase(Locale.ROOT);
        if (e.equals("production") || e.equals("prod") || e.equals("prd") || e.equals("live")) {
            return "PRODUCTION";
        }
        if (e.equals("staging") || e.equals("stage") || e.equals("stg") || e.equals("preprod")) {
            return "STAGING";
        }
        if (e.equals("testing") || e.equals("test") || e.equals("qa") || e.equals("uat")) {
            return "TESTING";
        }
        if (e.equals("development") || e.equals("dev")) {
            return "DEVELOPMENT";
        }
        return "OTHER";
    }
}
