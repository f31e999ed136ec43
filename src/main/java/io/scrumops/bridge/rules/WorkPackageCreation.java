package io.scrumops.bridge.rules;

import io.scrumops.bridge.model.WorkItem;

import java.util.ArrayList;
import java.util.List;

/**
 * A work package and its tasks to create.
 *
 * @param workPackage the package as the model will know it once created
 * @param template    null when no template matched: the package is created without standard tasks
 */
public record WorkPackageCreation(WorkItem workPackage, WorkPackageTemplate template, CreateWorkPackage create,
                                  List<CreateTask> tasks) {

    public WorkPackageCreation {
        tasks = List.copyOf(tasks);
    }

    public List<RuleCommand> commands() {
        List<RuleCommand> commands = new ArrayList<>(tasks.size() + 1);
        commands.add(create);
        commands.addAll(tasks);
        return List.copyOf(commands);
    }
}
