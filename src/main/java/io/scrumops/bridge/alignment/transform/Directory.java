package io.scrumops.bridge.alignment.transform;

import java.util.Optional;

/**
 * Look-ups the reference and user transforms need from the two systems. Implementations call the remote systems and
 * cache the answers ({@link CachedDirectory}); tests give a map.
 */
public interface Directory {

    /** The e-mail address of a Jira user (accountId on Cloud, user name on Data Center). */
    Optional<String> jiraUserEmail(String user);

    /** The Jira user (accountId or name) with this e-mail address. */
    Optional<String> jiraUserByEmail(String email);

    /** The e-mail address of a ServiceNow {@code sys_user}, by sys_id. */
    Optional<String> serviceNowUserEmail(String sysId);

    /** The {@code sys_user} sys_id with this e-mail address. */
    Optional<String> serviceNowUserByEmail(String email);

    /** The value of {@code field} (e.g. name) of the record {@code sysId} of {@code table}. */
    Optional<String> serviceNowDisplay(String table, String field, String sysId);

    /** The sys_id of the one record of {@code table} whose {@code field} is {@code value}. */
    Optional<String> serviceNowSysId(String table, String field, String value);
}
