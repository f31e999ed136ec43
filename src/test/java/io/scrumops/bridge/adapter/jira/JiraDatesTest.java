package io.scrumops.bridge.adapter.jira;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.format.DateTimeParseException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JiraDatesTest {

    @Test
    void readsJirasUsualFormWithItsOffsetWithoutAColon() {
        assertThat(JiraDates.parse("2019-02-15T19:01:52.971-0800")).isEqualTo(Instant.parse("2019-02-16T03:01:52.971Z"));
        assertThat(JiraDates.parse("2023-04-13T07:29:14.000+0000")).isEqualTo(Instant.parse("2023-04-13T07:29:14Z"));
        assertThat(JiraDates.parse("2024-02-29T23:59:59.999+0530")).isEqualTo(Instant.parse("2024-02-29T18:29:59.999Z"));
        assertThat(JiraDates.parse(" 2020-01-01T00:00:00.001+1400 ")).isEqualTo(Instant.parse("2019-12-31T10:00:00.001Z"));
    }

    @Test
    void readsTheOtherIsoFormsJiraAndOtherSendersUse() {
        assertThat(JiraDates.parse("2019-02-15T19:01:52-08:00")).isEqualTo(Instant.parse("2019-02-16T03:01:52Z"));
        assertThat(JiraDates.parse("2019-02-15T19:01:52.971Z")).isEqualTo(Instant.parse("2019-02-15T19:01:52.971Z"));
        assertThat(JiraDates.parse("2019-02-15T19:01:52.971-08")).isEqualTo(Instant.parse("2019-02-16T03:01:52.971Z"));
    }

    @Test
    void refusesAValueOutOfRangeInTheUsualFormAsAnyOtherMalformedDate() {
        assertThatThrownBy(() -> JiraDates.parse("2019-13-15T19:01:52.971-0800")).isInstanceOf(DateTimeParseException.class);
        assertThatThrownBy(() -> JiraDates.parse("2019-02-15T19:01:52.971-2500")).isInstanceOf(DateTimeParseException.class);
        assertThatThrownBy(() -> JiraDates.parse("2019-02-15T19:0x:52.971-0800")).isInstanceOf(DateTimeParseException.class);
        assertThatThrownBy(() -> JiraDates.parse("yesterday")).isInstanceOf(DateTimeParseException.class);
    }
}
