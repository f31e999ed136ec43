package io.scrumops.bridge.mapping.rules;

import com.fasterxml.jackson.databind.JsonNode;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Loads {@code mappings/teams.yaml}:
 * <pre>
 * teams:
 *   &lt;team&gt;: { board: 11, project: OPS, recurring-stories: [OPS-1] }
 * stories:
 *   &lt;story key&gt;: { escalation-targets: { "*": APP-1, website: WEB-1 } }
 * </pre>
 */
public final class TeamBoardFileLoader {

    private static final Set<String> ROOT_KEYS = Set.of("teams", "stories");
    private static final Set<String> TEAM_KEYS = Set.of("board", "project", "recurring-stories");
    private static final Set<String> STORY_KEYS = Set.of("escalation-targets");

    public TeamBoards load(Path file) {
        return load(file.toString(), YamlNodes.read(file));
    }

    public TeamBoards load(String fileName, String content) {
        YamlNodes yaml = new YamlNodes(fileName);
        JsonNode root = yaml.object(yaml.parse(content), "");
        yaml.onlyKnownKeys(root, "", ROOT_KEYS);
        List<TeamBoards.Team> teams = new ArrayList<>();
        if (root.has("teams")) {
            for (Map.Entry<String, JsonNode> entry : yaml.fields(yaml.object(root.get("teams"), "teams"))) {
                String key = "teams." + entry.getKey();
                JsonNode team = yaml.object(entry.getValue(), key);
                yaml.onlyKnownKeys(team, key, TEAM_KEYS);
                String board = yaml.string(team.get("board"), key + ".board");
                long boardId;
                try {
                    boardId = Long.parseLong(board);
                } catch (NumberFormatException e) {
                    throw yaml.fail(key + ".board", board, "expected a Jira Agile board id (a number)");
                }
                teams.add(new TeamBoards.Team(entry.getKey(), boardId, yaml.optionalString(team, "project", key + ".project"),
                        new LinkedHashSet<>(yaml.strings(team, "recurring-stories", key + ".recurring-stories"))));
            }
        }
        Map<String, Map<String, String>> targets = new LinkedHashMap<>();
        if (root.has("stories")) {
            for (Map.Entry<String, JsonNode> entry : yaml.fields(yaml.object(root.get("stories"), "stories"))) {
                String key = "stories." + entry.getKey();
                JsonNode story = yaml.object(entry.getValue(), key);
                yaml.onlyKnownKeys(story, key, STORY_KEYS);
                Map<String, String> byCategory = new LinkedHashMap<>();
                if (story.has("escalation-targets")) {
                    String targetsKey = key + ".escalation-targets";
                    for (Map.Entry<String, JsonNode> target : yaml.fields(yaml.object(story.get("escalation-targets"), targetsKey))) {
                        byCategory.put(target.getKey(), yaml.string(target.getValue(), targetsKey + "." + target.getKey()));
                    }
                }
                targets.put(entry.getKey(), byCategory);
            }
        }
        return new TeamBoards(teams, targets);
    }
}
