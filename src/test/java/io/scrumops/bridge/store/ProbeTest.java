package io.scrumops.bridge.store;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

class ProbeTest {
    @Test
    void starts() {
        assertThat(JdbcClient.create(TestDatabase.dataSource()).sql("select 1").query(Integer.class).single()).isEqualTo(1);
    }
}
