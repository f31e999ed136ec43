package io.scrumops.bridge.web;

import org.springframework.boot.context.properties.ConfigurationProperties;

/** Shared secrets of signed webhooks, from the environment; blank means that source is not signed. */
@ConfigurationProperties("scrumops.webhooks")
public record WebhookSecrets(String jiraSecret, String githubSecret, String gitlabToken, String servicenowSecret,
                             String deploymentSecret) {

    @Override
    public String toString() {
        return "WebhookSecrets[hidden]";
    }
}
