package io.scrumops.bridge.model;

/** The three buckets every workflow status falls into; flow efficiency and lead times are read from them. */
public enum StatusCategory {
    TO_DO, IN_PROGRESS, DONE
}
