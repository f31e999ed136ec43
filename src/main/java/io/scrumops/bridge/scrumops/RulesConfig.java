package io.scrumops.bridge.scrumops;

import io.scrumops.bridge.mapping.MappingRegistry;
import io.scrumops.bridge.mapping.rules.SlaPolicyFileLoader;
import io.scrumops.bridge.mapping.rules.TeamBoardFileLoader;
import io.scrumops.bridge.mapping.rules.TeamBoards;
import io.scrumops.bridge.rules.EscalationPolicy;
import io.scrumops.bridge.rules.RolloverSettings;
import io.scrumops.bridge.rules.SlaClock;
import io.scrumops.bridge.rules.SlaPolicies;
import io.scrumops.bridge.rules.SlaPolicy;
import io.scrumops.bridge.rules.SlaSweep;
import io.scrumops.bridge.rules.SprintRollover;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.nio.file.Files;
import java.nio.file.Path;

/** The pure rules as beans, with the rule files (teams.yaml, sla.yaml) read from the mapping directory at start-up. */
@Configuration
@EnableConfigurationProperties(ScrumOpsRulesProperties.class)
class RulesConfig {

    private static final Logger log = LoggerFactory.getLogger(RulesConfig.class);

    @Bean
    EscalationPolicy escalationPolicy() {
        return new EscalationPolicy();
    }

    @Bean
    SlaSweep slaSweep() {
        return new SlaSweep(new SlaClock());
    }

    @Bean
    SprintRollover sprintRollover(ScrumOpsRulesProperties properties) {
        return new SprintRollover(new RolloverSettings(RolloverSettings.defaults().openWorkTriggersDormantStory(),
                properties.rolloverMoveOpenTasks()));
    }

    @Bean
    SlaPolicies slaPolicies(MappingRegistry mappings) {
        Path file = mappings.directory().resolve("sla.yaml");
        if (!Files.exists(file)) {
            log.info("No {}: the seed's default SLA policy applies", file);
            return SlaPolicies.of(SlaPolicy.defaults());
        }
        return new SlaPolicyFileLoader().load(file);
    }

    @Bean
    TeamBoards teamBoards(MappingRegistry mappings, ScrumOpsRulesProperties properties) {
        Path file = mappings.directory().resolve(properties.teamsFile());
        if (!Files.exists(file)) {
            log.info("No {}: no team boards are read and no escalation targets are configured", file);
            return TeamBoards.none();
        }
        return new TeamBoardFileLoader().load(file);
    }
}
