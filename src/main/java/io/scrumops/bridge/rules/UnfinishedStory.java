package io.scrumops.bridge.rules;

import java.util.List;

/** A finite story that ends the sprint unfinished: reported to its product owner, not carried over. */
public record UnfinishedStory(String storyId, String productOwner, boolean storyOpen, List<String> openItemIds) {

    public UnfinishedStory {
        openItemIds = openItemIds == null ? List.of() : List.copyOf(openItemIds);
    }
}
