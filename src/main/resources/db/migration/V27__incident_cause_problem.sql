-- An incident whose only known cause is its problem record (ServiceNow problem_id without caused_by or rfc).
alter table incident_cause drop constraint incident_cause_source_check;
alter table incident_cause add constraint incident_cause_source_check
    check (source in ('IMPORT', 'SERVICENOW_CAUSED_BY', 'SERVICENOW_RFC', 'SERVICENOW_PROBLEM', 'JIRA_LINK'));
