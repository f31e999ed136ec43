package io.scrumops.bridge.scrumops;

import io.scrumops.bridge.rules.EscalationPolicy;
import io.scrumops.bridge.rules.RolloverSettings;
import io.scrumops.bridge.rules.SlaClock;
import io.scrumops.bridge.rules.SlaSweep;
import io.scrumops.bridge.rules.SprintRollover;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;


/** The pure rules as beans; the rule files they read come with the mapping files in force ({@code MappingRegistry}). */
@Configuration
@EnableConfigurationProperties(ScrumOpsRulesProperties.class)
class RulesConfig {

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
}
