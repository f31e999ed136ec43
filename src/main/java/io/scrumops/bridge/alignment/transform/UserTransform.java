package io.scrumops.bridge.alignment.transform;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A person: a Jira user (accountId on Cloud, name on Data Center) and a ServiceNow {@code sys_user} reference. The
 * canonical value is the person's e-mail address in lower case, found in the mapping table first, then through the
 * directory (Jira user search, {@code sys_user} by e-mail). A person found on one side only is not carried: the
 * field is left unset and the audit log says who; nobody is guessed.
 */
public final class UserTransform implements FieldTransform {

    private final boolean jiraCloud;
    private final Directory directory;
    private final Map<String, String> jiraToEmail = new HashMap<>();
    private final Map<String, String> serviceNowToEmail = new HashMap<>();
    private final Map<String, String> emailToJira = new HashMap<>();
    private final Map<String, String> emailToServiceNow = new HashMap<>();

    public UserTransform(boolean jiraCloud, Directory directory) {
        this.jiraCloud = jiraCloud;
        this.directory = directory;
    }

    /** A mapping-table entry; {@code email} names the person (any stable text will do when unknown). */
    public UserTransform person(String jira, String serviceNow, String email) {
        String key = email.toLowerCase(Locale.ROOT);
        if (jira != null) {
            jiraToEmail.put(jira, key);
            emailToJira.putIfAbsent(key, jira);
        }
        if (serviceNow != null) {
            serviceNowToEmail.put(serviceNow, key);
            emailToServiceNow.putIfAbsent(key, serviceNow);
        }
        return this;
    }

    @Override
    public String fromJira(JsonNode value) {
        if (value == null || value.isNull() || value.isMissingNode()) {
            return null;
        }
        String user = value.isObject() ? first(value, "accountId", "name", "key") : value.asText();
        if (user == null || user.isBlank()) {
            return null;
        }
        String mapped = jiraToEmail.get(user);
        if (mapped != null) {
            return mapped;
        }
        String email = value.isObject() ? first(value, "emailAddress") : null;
        if (email == null) {
            email = directory.jiraUserEmail(user).orElseThrow(() ->
                    new UnresolvedValueException(user, "Jira user with no e-mail address the bridge can see"));
        }
        return email.toLowerCase(Locale.ROOT);
    }

    @Override
    public JsonNode toJira(String canonical) {
        if (canonical == null) {
            return NullNode.getInstance();
        }
        String user = emailToJira.get(canonical);
        if (user == null) {
            user = directory.jiraUserByEmail(canonical).orElseThrow(() ->
                    new UnresolvedValueException(canonical, "no Jira user with this e-mail address"));
        }
        return JsonNodeFactory.instance.objectNode().put(jiraCloud ? "accountId" : "name", user);
    }

    @Override
    public String fromServiceNow(String stored) {
        if (stored == null || stored.isBlank()) {
            return null;
        }
        String mapped = serviceNowToEmail.get(stored);
        if (mapped != null) {
            return mapped;
        }
        return directory.serviceNowUserEmail(stored).map(e -> e.toLowerCase(Locale.ROOT)).orElseThrow(() ->
                new UnresolvedValueException(stored, "sys_user with no e-mail address"));
    }

    @Override
    public String toServiceNow(String canonical) {
        if (canonical == null) {
            return "";
        }
        String user = emailToServiceNow.get(canonical);
        if (user != null) {
            return user;
        }
        return directory.serviceNowUserByEmail(canonical).orElseThrow(() ->
                new UnresolvedValueException(canonical, "no sys_user with this e-mail address"));
    }

    private static String first(JsonNode node, String... names) {
        for (String name : names) {
            JsonNode field = node.get(name);
            if (field != null && field.isValueNode() && !field.asText().isBlank()) {
                return field.asText();
            }
        }
        return null;
    }
}
