package io.scrumops.bridge.config;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.time.Clock;

@Configuration
class ClockConfig {

    /** One clock for rules, sweeps and relays, so that tests can replace it. */
    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }
}
