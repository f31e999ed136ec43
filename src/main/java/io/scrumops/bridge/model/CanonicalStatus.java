package io.scrumops.bridge.model;

public enum CanonicalStatus {
    NEW(StatusCategory.TO_DO, false),
    IN_PROGRESS(StatusCategory.IN_PROGRESS, true),
    ON_HOLD(StatusCategory.IN_PROGRESS, false),
    IN_REVIEW(StatusCategory.IN_PROGRESS, true),
    REJECTED(StatusCategory.TO_DO, false),
    RESOLVED(StatusCategory.DONE, false),
    DONE(StatusCategory.DONE, false),
    CANCELLED(StatusCategory.DONE, false);

    private final StatusCategory category;
    private final boolean active;

    CanonicalStatus(StatusCategory category, boolean active) {
        this.category = category;
        this.active = active;
    }

    public StatusCategory category() {
        return category;
    }

    /** Whether someone is working on the item in this status (flow efficiency counts this time as active). */
    public boolean isActive() {
        return active;
    }

    public boolean isDone() {
        return category == StatusCategory.DONE;
    }
}
