package io.scrumops.bridge.mapping.rules;

import io.scrumops.bridge.rules.SlaPolicies;
import io.scrumops.bridge.rules.SlaPolicy;
import io.scrumops.bridge.rules.WorkPackageTemplates;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Reads the rule files of one mapping directory. A file that is absent gives its neutral default (the seed's SLA
 * policy, no team boards, no templates); a file that is present must validate.
 */
public final class RuleFileLoader {

    public static final String SLA_FILE = "sla.yaml";
    public static final String TEMPLATES_FILE = "templates.yaml";

    private static final Logger LOG = LoggerFactory.getLogger(RuleFileLoader.class);

    private final Path directory;
    private final String teamsFile;

    public RuleFileLoader(Path directory, String teamsFile) {
        this.directory = directory;
        this.teamsFile = teamsFile;
    }

    /** @throws io.scrumops.bridge.mapping.MappingFileException naming the file, key and value of the first mistake */
    public RuleFiles load() {
        return new RuleFiles(teams(), slaPolicies(), templates());
    }

    private TeamBoards teams() {
        Path file = directory.resolve(teamsFile);
        if (!Files.exists(file)) {
            LOG.info("No {}: no team boards are read and no escalation targets are configured", file);
            return TeamBoards.none();
        }
        return new TeamBoardFileLoader().load(file);
    }

    private SlaPolicies slaPolicies() {
        Path file = directory.resolve(SLA_FILE);
        if (!Files.exists(file)) {
            LOG.info("No {}: the seed's default SLA policy applies", file);
            return SlaPolicies.of(SlaPolicy.defaults());
        }
        return new SlaPolicyFileLoader().load(file);
    }

    private WorkPackageTemplates templates() {
        Path file = directory.resolve(TEMPLATES_FILE);
        if (!Files.exists(file)) {
            LOG.info("No {}: work packages are created without template tasks", file);
            return new WorkPackageTemplates(List.of());
        }
        return new WorkPackageTemplateFileLoader().load(file);
    }
}
