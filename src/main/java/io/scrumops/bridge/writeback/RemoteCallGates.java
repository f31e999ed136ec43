package io.scrumops.bridge.writeback;

import io.scrumops.bridge.model.SourceSystem;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.util.EnumMap;
import java.util.Map;

/** One {@link RemoteCallGate} per remote system, shared by everything that calls that system over HTTP. */
@Component
public class RemoteCallGates {

    private final Map<SourceSystem, RemoteCallGate> gates = new EnumMap<>(SourceSystem.class);

    public RemoteCallGates(WritebackProperties properties, Clock clock) {
        gates.put(SourceSystem.JIRA, new RemoteCallGate(SourceSystem.JIRA, properties.jiraRatePerSecond(),
                properties.maxRateWait(), clock));
        gates.put(SourceSystem.SERVICENOW, new RemoteCallGate(SourceSystem.SERVICENOW,
                properties.serviceNowRatePerSecond(), properties.maxRateWait(), clock));
    }

    public RemoteCallGate of(SourceSystem system) {
        RemoteCallGate gate = gates.get(system);
        if (gate == null) {
            throw new IllegalArgumentException("no remote calls are made to " + system.code());
        }
        return gate;
    }
}
