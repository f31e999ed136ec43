package io.scrumops.bridge.model;

public enum ScmChangeKind {
    COMMIT, PULL_REQUEST
}
