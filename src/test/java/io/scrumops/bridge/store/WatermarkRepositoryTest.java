package io.scrumops.bridge.store;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class WatermarkRepositoryTest {

    private final WatermarkRepository watermarks = new WatermarkRepository(TestDatabase.dataSource());

    @BeforeEach
    void emptyTables() {
        TestDatabase.truncate("watermark");
    }

    @Test
    void unknownWatermarkIsEmpty() {
        assertThat(watermarks.get("servicenow.incident.poll")).isEmpty();
    }

    @Test
    void watermarkKeepsTheLastValueSet() {
        watermarks.set("servicenow.incident.poll", "2026-03-02 09:00:00");
        watermarks.set("servicenow.incident.poll", "2026-03-02 09:05:00");

        assertThat(watermarks.get("servicenow.incident.poll")).contains("2026-03-02 09:05:00");
    }
}
