package io.scrumops.bridge.mapping.rules;

import io.scrumops.bridge.mapping.MappingFileException;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TeamBoardFileLoaderTest {

    final TeamBoardFileLoader loader = new TeamBoardFileLoader();

    @Test
    void shippedTeamsFileLoads() {
        TeamBoards boards = loader.load(Path.of("mappings/teams.yaml"));

        assertThat(boards.team("ops-l1")).hasValueSatisfying(t -> {
            assertThat(t.boardId()).isEqualTo(11);
            assertThat(t.projectKey()).isEqualTo("OPS");
            assertThat(t.recurringStoryKeys()).isEqualTo(Set.of("OPS-1"));
        });
        assertThat(boards.escalationTargetsOf("OPS-1")).isEqualTo(Map.of("*", "APP-1"));
        assertThat(boards.isRecurring("OPS-1")).isTrue();
    }

    @Test
    void boardThatIsNotANumberIsRefusedNamingTheKey() {
        assertThatThrownBy(() -> loader.load("teams.yaml", "teams:\n  ops:\n    board: eleven\n"))
                .isInstanceOf(MappingFileException.class)
                .hasMessageContaining("teams.ops.board").hasMessageContaining("eleven");
    }

    @Test
    void unknownKeyIsRefused() {
        assertThatThrownBy(() -> loader.load("teams.yaml", "teams:\n  ops:\n    board: 1\n    boards: 2\n"))
                .isInstanceOf(MappingFileException.class).hasMessageContaining("teams.ops.boards");
    }
}
