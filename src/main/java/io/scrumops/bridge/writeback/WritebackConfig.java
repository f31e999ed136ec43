package io.scrumops.bridge.writeback;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Configuration;

@Configuration
@EnableConfigurationProperties(WritebackProperties.class)
class WritebackConfig {
}
