package io.scrumops.bridge.model;

import java.time.Instant;

/** A manual sign-off of a gate's SIGN_OFF criterion: who, when, and what they said. */
public record SignOff(String releaseId, String gateId, String signedBy, Instant signedAt, String comment) {
}
