package io.scrumops.bridge.gates;

import org.springframework.stereotype.Component;

import java.util.List;

/** Hands verdict changes not yet on the gates topic to the route that sends them (route {@code gates-publish}). */
@Component("gatePublisher")
public class GatePublisher {

    private final GateStateRepository states;

    public GatePublisher(GateStateRepository states) {
        this.states = states;
    }

    public List<GateStateRepository.Unpublished> unpublished() {
        return states.unpublished(500);
    }

    public void published(long id) {
        states.published(id);
    }
}
