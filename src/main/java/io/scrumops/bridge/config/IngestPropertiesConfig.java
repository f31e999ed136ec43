package io.scrumops.bridge.config;

import io.scrumops.bridge.adapter.jira.JiraReconcileProperties;
import io.scrumops.bridge.adapter.servicenow.ServiceNowPollProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Configuration;

@Configuration
@EnableConfigurationProperties({JiraReconcileProperties.class, ServiceNowPollProperties.class})
class IngestPropertiesConfig {
}
