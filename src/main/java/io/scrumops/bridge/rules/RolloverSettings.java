package io.scrumops.bridge.rules;

/**
 * @param openWorkTriggersDormantStory a dormant recurring story with an open work package under it is scheduled
 *                                     (work arrived for it); when false only an explicit trigger schedules it
 * @param moveOpenTasks                move open tasks together with their story or work package; off when the
 *                                     tracker moves sub-tasks with their parent by itself
 */
public record RolloverSettings(boolean openWorkTriggersDormantStory, boolean moveOpenTasks) {

    public static RolloverSettings defaults() {
        return new RolloverSettings(true, true);
    }
}
