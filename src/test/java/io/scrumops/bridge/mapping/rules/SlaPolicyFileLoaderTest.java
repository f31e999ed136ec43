package io.scrumops.bridge.mapping.rules;

import io.scrumops.bridge.mapping.MappingFileException;
import io.scrumops.bridge.model.CanonicalStatus;
import io.scrumops.bridge.model.Severity;
import io.scrumops.bridge.rules.SlaPolicies;
import io.scrumops.bridge.rules.SlaPolicy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

class SlaPolicyFileLoaderTest {

    private final SlaPolicyFileLoader loader = new SlaPolicyFileLoader();

    @Test
    void loadsTheShippedFile() {
        SlaPolicies policies = loader.load(Path.of("mappings/sla.yaml"));

        SlaPolicy standard = policies.require("default");
        assertThat(standard.targetFor(Severity.SEV1)).contains(Duration.ofHours(6));
        assertThat(standard.targetFor(Severity.SEV2)).contains(Duration.ofHours(24));
        assertThat(standard.targetFor(Severity.NON_PROD)).isEmpty();
        assertThat(standard.calendar()).isNull();
        SlaPolicy businessHours = policies.require("business-hours");
        assertThat(businessHours.calendar().zone()).isEqualTo(ZoneId.of("Europe/Berlin"));
        assertThat(businessHours.calendar().holidays()).contains(LocalDate.of(2026, 12, 25));
    }

    @Test
    void readsEveryPartOfAPolicy() {
        SlaPolicy policy = loader.load("sla.yaml", """
                policies:
                  gold:
                    targets: { SEV1: PT4H, sev3: 1h30m, NON_PROD: 2d }
                    pause-statuses: [ON_HOLD, rejected]
                    warning-thresholds: [0.25, 0.5, 0.9]
                    calendar:
                      zone: America/New_York
                      days: [MON, tuesday, WED]
                      hours: "9:00-24:00"
                      holidays: [2026-07-03]
                """).require("gold");

        assertThat(policy.targets()).containsEntry(Severity.SEV1, Duration.ofHours(4))
                .containsEntry(Severity.SEV2, Duration.ofHours(24))
                .containsEntry(Severity.SEV3, Duration.ofMinutes(90))
                .containsEntry(Severity.NON_PROD, Duration.ofDays(2));
        assertThat(policy.pauseStatuses()).containsExactlyInAnyOrder(CanonicalStatus.ON_HOLD, CanonicalStatus.REJECTED);
        assertThat(policy.warningThresholds()).containsExactly(0.25, 0.5, 0.9);
        assertThat(policy.calendar().workingDays())
                .containsExactlyInAnyOrder(DayOfWeek.MONDAY, DayOfWeek.TUESDAY, DayOfWeek.WEDNESDAY);
        assertThat(policy.calendar().start()).isEqualTo(LocalTime.of(9, 0));
        assertThat(policy.calendar().end()).isEqualTo(LocalTime.MIDNIGHT);
        assertThat(policy.calendar().holidays()).containsExactly(LocalDate.of(2026, 7, 3));
    }

    @Test
    void fillsTheSeedDefaultsForAnEmptyPolicy() {
        SlaPolicy policy = loader.load("sla.yaml", "policies:\n  basic: {}\n").require("basic");

        assertThat(policy.targets()).isEqualTo(SlaPolicy.defaults().targets());
        assertThat(policy.pauseStatuses()).containsExactly(CanonicalStatus.ON_HOLD);
        assertThat(policy.warningThresholds()).containsExactly(0.5, 0.75);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({"6h, PT6H", "90m, PT1H30M", "1d, PT24H", "1h30m, PT1H30M", "45s, PT45S", "PT6H, PT6H", "pt2h, PT2H",
            "P1D, PT24H"})
    void readsDurations(String text, Duration expected) {
        SlaPolicy policy = loader.load("sla.yaml", "policies:\n  p:\n    targets:\n      SEV3: " + text + "\n")
                .require("p");

        assertThat(policy.targetFor(Severity.SEV3)).contains(expected);
    }

    @ParameterizedTest(name = "[{1}] {3}")
    @MethodSource("badFiles")
    void namesTheFileKeyAndValueOfABadEntry(String yaml, String key, String value, String problem) {
        assertThatThrownBy(() -> loader.load("mappings/sla.yaml", yaml))
                .isInstanceOfSatisfying(MappingFileException.class, e -> {
                    assertThat(e.file()).isEqualTo("mappings/sla.yaml");
                    assertThat(e.key()).isEqualTo(key);
                    assertThat(e.value()).isEqualTo(value);
                    assertThat(e.getMessage()).contains(problem);
                });
    }

    static Stream<Arguments> badFiles() {
        String calendar = "policies:\n  p:\n    calendar:\n      zone: Europe/Berlin\n      days: [MON]\n"
                + "      hours: \"08:00-18:00\"\n";
        return Stream.of(
                arguments("", "", "", "empty"),
                arguments("policies: [", "", "", "not valid YAML"),
                arguments("rules: {}\n", "rules", "{}", "unknown key"),
                arguments("policies:\n  p: {}\n  p: {}\n", "", "", "Duplicate field 'p'"),
                arguments("policies: {}\n", "policies", "{}", "at least one policy"),
                arguments("policies:\n  p:\n    target: {}\n", "policies.p.target", "{}", "unknown key"),
                arguments("policies:\n  p:\n    targets: {SEV4: 1h}\n", "policies.p.targets.SEV4", "SEV4",
                        "unknown severity"),
                arguments("policies:\n  p:\n    targets: {SEV1: 6}\n", "policies.p.targets.SEV1", "6",
                        "not a duration"),
                arguments("policies:\n  p:\n    targets: {SEV1: six hours}\n", "policies.p.targets.SEV1", "six hours",
                        "not a duration"),
                arguments("policies:\n  p:\n    targets: {SEV1: 0h}\n", "policies.p.targets.SEV1", "0h", "positive"),
                arguments("policies:\n  p:\n    targets: {SEV1: PT-1H}\n", "policies.p.targets.SEV1", "PT-1H",
                        "positive"),
                arguments("policies:\n  p:\n    targets: {SEV1: P6X}\n", "policies.p.targets.SEV1", "P6X", "ISO-8601"),
                arguments("policies:\n  p:\n    pause-statuses: [WAITING]\n", "policies.p.pause-statuses[0]", "WAITING",
                        "unknown status"),
                arguments("policies:\n  p:\n    pause-statuses: [ON_HOLD, DONE]\n", "policies.p.pause-statuses[1]",
                        "DONE", "done status"),
                arguments("policies:\n  p:\n    warning-thresholds: [0.5, 75]\n", "policies.p.warning-thresholds[1]",
                        "75", "between 0 and 1"),
                arguments("policies:\n  p:\n    warning-thresholds: [0.75, 0.5]\n",
                        "policies.p.warning-thresholds[1]", "0.5", "increase"),
                arguments("policies:\n  p:\n    warning-thresholds: [half]\n", "policies.p.warning-thresholds[0]",
                        "half", "fraction"),
                arguments("policies:\n  p:\n    warning-thresholds: 0.5\n", "policies.p.warning-thresholds", "0.5",
                        "list"),
                arguments(calendar.replace("Europe/Berlin", "Mars/Olympus"), "policies.p.calendar.zone",
                        "Mars/Olympus", "time zone"),
                arguments(calendar.replace("[MON]", "[MON, Funday]"), "policies.p.calendar.days[1]", "Funday",
                        "unknown day"),
                arguments(calendar.replace("[MON]", "[]"), "policies.p.calendar.days", "", "at least one"),
                arguments(calendar.replace("08:00-18:00", "8 to 6"), "policies.p.calendar.hours", "8 to 6",
                        "08:00-18:00"),
                arguments(calendar.replace("08:00-18:00", "18:00-08:00"), "policies.p.calendar.hours",
                        "18:00-08:00", "after the start"),
                arguments(calendar.replace("08:00-18:00", "08:00-25:00"), "policies.p.calendar.hours",
                        "08:00-25:00", "not a time"),
                arguments(calendar + "      holidays: [2026-02-30]\n", "policies.p.calendar.holidays[0]",
                        "2026-02-30", "date"),
                arguments(calendar.replace("      zone: Europe/Berlin\n", ""), "policies.p.calendar.zone", "",
                        "required"),
                arguments(calendar + "      timezone: UTC\n", "policies.p.calendar.timezone", "UTC", "unknown key"));
    }

    @Test
    void refusesAPolicyThatIsNotAMapping() {
        assertThatThrownBy(() -> loader.load("sla.yaml", "policies:\n  p: [6h]\n"))
                .isInstanceOf(MappingFileException.class).hasMessageContaining("policies.p");
    }

    @Test
    void canDropTheDefaultTargetOfASeverity() {
        SlaPolicy policy = loader.load("sla.yaml", "policies:\n  p:\n    targets: {SEV2: none}\n").require("p");

        assertThat(policy.targets().keySet()).isEqualTo(Set.of(Severity.SEV1));
        assertThat(policy.warningThresholds()).isEqualTo(List.of(0.5, 0.75));
    }
}
