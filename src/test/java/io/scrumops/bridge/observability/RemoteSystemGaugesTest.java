package io.scrumops.bridge.observability;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RemoteSystemGaugesTest {

    @Test
    void circuitStatesAreGaugedFromClosedToOpen() {
        assertThat(RemoteSystemGauges.circuitLevel("CLOSED")).isEqualTo(0);
        assertThat(RemoteSystemGauges.circuitLevel("HALF_OPEN")).isEqualTo(1);
        assertThat(RemoteSystemGauges.circuitLevel("OPEN")).isEqualTo(2);
        assertThat(RemoteSystemGauges.circuitLevel("FORCED_OPEN")).isEqualTo(2);
        assertThat(RemoteSystemGauges.circuitLevel("UNKNOWN")).isEqualTo(-1);
    }
}
