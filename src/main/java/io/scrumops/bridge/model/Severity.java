package io.scrumops.bridge.model;

public enum Severity {
    SEV1, SEV2, SEV3, NON_PROD
}
