package io.scrumops.bridge;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpStatus;

import static org.assertj.core.api.Assertions.assertThat;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class BridgeApplicationTest {

    @Autowired
    TestRestTemplate http;

    @Test
    void healthIsOpenAndReportsPostgresAndKafka() {
        var anonymous = http.getForEntity("/actuator/health", String.class);
        assertThat(anonymous.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(anonymous.getBody()).contains("\"status\":\"UP\"");

        var detailed = http.withBasicAuth("admin", "test-admin-password").getForEntity("/actuator/health", String.class);
        assertThat(detailed.getBody()).contains("\"db\":{\"status\":\"UP\"", "\"kafka\":{\"status\":\"UP\"");
    }

    @Test
    void everythingButHealthNeedsAdminCredentials() {
        assertThat(http.getForEntity("/actuator/prometheus", String.class).getStatusCode())
                .isEqualTo(HttpStatus.UNAUTHORIZED);
        assertThat(http.withBasicAuth("admin", "wrong").getForEntity("/actuator/prometheus", String.class)
                .getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
        // Tests run without metrics export, so the admin's proof is read on /actuator/metrics.
        assertThat(http.withBasicAuth("admin", "test-admin-password").getForEntity("/actuator/metrics", String.class)
                .getStatusCode()).isEqualTo(HttpStatus.OK);
    }
}
