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

    @Test
    void aRaisedNumberOnlyEverGoesUp() {
        watermarks.raise("kafka-acked:t:0", 41);
        watermarks.raise("kafka-acked:t:0", 17);
        assertThat(watermarks.get("kafka-acked:t:0")).contains("41");
        watermarks.raise("kafka-acked:t:0", 90);
        assertThat(watermarks.get("kafka-acked:t:0")).contains("90");
    }

    @Test
    void watermarksAreListedByThePrefixOfTheirName() {
        watermarks.set("kafka-acked:t:0", "3");
        watermarks.set("kafka-acked:t:2", "9");
        watermarks.set("kafka-acked:u:1", "5");
        watermarks.set("servicenow.poll.incident", "2026-03-02 09:05:00");

        assertThat(watermarks.startingWith("kafka-acked:t:"))
                .containsExactly(java.util.Map.entry("kafka-acked:t:0", "3"), java.util.Map.entry("kafka-acked:t:2", "9"));
        assertThat(watermarks.deleteStartingWith("kafka-acked:t:")).isEqualTo(2);
        assertThat(watermarks.startingWith("kafka-acked:")).containsOnlyKeys("kafka-acked:u:1");
    }
}
