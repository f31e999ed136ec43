package io.scrumops.bridge.gates;

import io.scrumops.bridge.adapter.jira.JiraProperties;
import io.scrumops.bridge.adapter.servicenow.ServiceNowProperties;
import io.scrumops.bridge.model.SourceSystem;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/** Links from a blocking item into the tool it lives in, for people to click. */
@Component
public class GateLinks {

    private final String jiraBase;
    private final String serviceNowBase;

    @Autowired
    public GateLinks(JiraProperties jira, ServiceNowProperties serviceNow) {
        this(jira.baseUrl(), serviceNow.instanceUrl());
    }

    public GateLinks(String jiraBase, String serviceNowBase) {
        this.jiraBase = trim(jiraBase);
        this.serviceNowBase = trim(serviceNowBase);
    }

    public String link(String system, String entity, String nativeId, String key) {
        if (SourceSystem.JIRA.name().equals(system) && jiraBase != null && key != null) {
            return jiraBase + "/browse/" + key;
        }
        if (SourceSystem.SERVICENOW.name().equals(system) && serviceNowBase != null && nativeId != null) {
            return serviceNowBase + "/nav_to.do?uri=" + entity + ".do?sys_id=" + nativeId;
        }
        return null;
    }

    public String jiraIssue(String key) {
        return jiraBase == null ? null : jiraBase + "/browse/" + key;
    }

    public String serviceNowRecord(String table, String sysId) {
        return serviceNowBase == null ? null : serviceNowBase + "/nav_to.do?uri=" + table + ".do?sys_id=" + sysId;
    }

    private static String trim(String base) {
        if (base == null || base.isBlank()) {
            return null;
        }
        return base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
    }
}
