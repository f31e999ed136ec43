package io.scrumops.bridge.rules;

import java.util.List;
import java.util.Map;

/**
 * @param commands the warnings and breaches newly crossed since the marks given to the sweep
 * @param marks    the marks to record for every package evaluated (earlier marks carried over)
 * @param statuses the clock of every package evaluated that has an SLA
 */
public record SlaSweepResult(List<RuleCommand> commands, Map<String, SlaMark> marks, List<SlaStatus> statuses) {
}
