package io.scrumops.bridge.adapter.jira;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;

import static org.assertj.core.api.Assertions.assertThat;

class JiraRestReaderTest {

    @Test
    void retryAfterInSecondsIsWaitedAsGiven() {
        assertThat(JiraRestReader.retryAfter("7")).isEqualTo(Duration.ofSeconds(7));
    }

    @Test
    void retryAfterAsHttpDateIsWaitedUntilThen() {
        String inTenSeconds = DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.now().plusSeconds(10));
        assertThat(JiraRestReader.retryAfter(inTenSeconds)).isBetween(Duration.ofSeconds(8), Duration.ofSeconds(10));
    }

    @Test
    void missingOrUnreadableRetryAfterFallsBackToAShortWait() {
        assertThat(JiraRestReader.retryAfter(null)).isEqualTo(Duration.ofSeconds(5));
        assertThat(JiraRestReader.retryAfter("soon")).isEqualTo(Duration.ofSeconds(5));
    }
}
