package io.scrumops.bridge.model;

public enum WorkItemKind {
    EPIC, STORY, WORK_PACKAGE, TASK, INCIDENT, DEFECT, PROBLEM, CHANGE
}
