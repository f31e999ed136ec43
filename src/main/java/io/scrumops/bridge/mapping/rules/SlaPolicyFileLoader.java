package io.scrumops.bridge.mapping.rules;

import com.fasterxml.jackson.databind.JsonNode;
import io.scrumops.bridge.model.CanonicalStatus;
import io.scrumops.bridge.model.Severity;
import io.scrumops.bridge.rules.BusinessHoursCalendar;
import io.scrumops.bridge.rules.SlaPolicies;
import io.scrumops.bridge.rules.SlaPolicy;

import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Loads {@code mappings/sla.yaml}:
 * <pre>
 * policies:
 *   &lt;name&gt;:
 *     targets: { SEV1: 6h, SEV2: 24h, SEV3: 3d, NON_PROD: none }   # SEV1 6h and SEV2 24h unless given
 *     pause-statuses: [ON_HOLD]                                    # default [ON_HOLD]
 *     warning-thresholds: [0.5, 0.75]                              # default [0.5, 0.75]
 *     calendar:                                                    # optional; absent = round the clock
 *       zone: Europe/Berlin
 *       days: [MON, TUE, WED, THU, FRI]
 *       hours: "08:00-18:00"                                       # end 24:00 = midnight
 *       holidays: [2026-12-25]
 * </pre>
 * Durations are written {@code 6h}, {@code 90m}, {@code 1d} (24 hours), {@code 1h30m} or ISO-8601
 * ({@code PT6H}); {@code none} gives a severity no target.
 */
public final class SlaPolicyFileLoader {

    static final Duration DEFAULT_SEV1 = Duration.ofHours(6);
    static final Duration DEFAULT_SEV2 = Duration.ofHours(24);
    private static final Set<String> ROOT_KEYS = Set.of("policies");
    private static final Set<String> POLICY_KEYS = Set.of("targets", "pause-statuses", "warning-thresholds", "calendar");
    private static final Set<String> CALENDAR_KEYS = Set.of("zone", "days", "hours", "holidays");
    private static final Pattern SHORT_DURATION = Pattern.compile("(?:(\\d+)d)?(?:(\\d+)h)?(?:(\\d+)m)?(?:(\\d+)s)?");
    private static final Pattern HOURS = Pattern.compile("(\\d{1,2}:\\d{2})\\s*-\\s*(\\d{1,2}:\\d{2})");

    public SlaPolicies load(Path file) {
        return load(file.toString(), YamlNodes.read(file));
    }

    public SlaPolicies load(String fileName, String content) {
        YamlNodes yaml = new YamlNodes(fileName);
        JsonNode root = yaml.object(yaml.parse(content), "");
        yaml.onlyKnownKeys(root, "", ROOT_KEYS);
        JsonNode policies = yaml.object(root.get("policies"), "policies");
        if (policies.isEmpty()) {
            throw yaml.fail("policies", "{}", "at least one policy is required");
        }
        Map<String, SlaPolicy> byName = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> entry : yaml.fields(policies)) {
            String key = "policies." + entry.getKey();
            byName.put(entry.getKey(), policy(yaml, entry.getKey(), yaml.object(entry.getValue(), key), key));
        }
        return new SlaPolicies(byName);
    }

    private SlaPolicy policy(YamlNodes yaml, String name, JsonNode node, String key) {
        yaml.onlyKnownKeys(node, key, POLICY_KEYS);
        Map<Severity, Duration> targets = targets(yaml, node.get("targets"), key + ".targets");
        Set<CanonicalStatus> pauses = node.has("pause-statuses")
                ? pauseStatuses(yaml, node, key + ".pause-statuses") : Set.of(CanonicalStatus.ON_HOLD);
        List<Double> thresholds = node.has("warning-thresholds")
                ? thresholds(yaml, node.get("warning-thresholds"), key + ".warning-thresholds") : List.of(0.5, 0.75);
        JsonNode calendarNode = node.get("calendar");
        BusinessHoursCalendar calendar = calendarNode == null || calendarNode.isNull() ? null
                : calendar(yaml, yaml.object(calendarNode, key + ".calendar"), key + ".calendar");
        return new SlaPolicy(name, targets, pauses, thresholds, calendar);
    }

    private Map<Severity, Duration> targets(YamlNodes yaml, JsonNode node, String key) {
        Map<Severity, Duration> targets = new EnumMap<>(Severity.class);
        targets.put(Severity.SEV1, DEFAULT_SEV1);
        targets.put(Severity.SEV2, DEFAULT_SEV2);
        if (node == null || node.isNull()) {
            return targets;
        }
        yaml.object(node, key);
        for (Map.Entry<String, JsonNode> entry : yaml.fields(node)) {
            String entryKey = key + "." + entry.getKey();
            Severity severity = severity(yaml, entry.getKey(), entryKey);
            String text = yaml.string(entry.getValue(), entryKey);
            if (text.equalsIgnoreCase("none")) {
                targets.remove(severity);
            } else {
                targets.put(severity, duration(yaml, text, entryKey));
            }
        }
        return targets;
    }

    static Severity severity(YamlNodes yaml, String text, String key) {
        try {
            return Severity.valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw yaml.fail(key, text, "unknown severity; expected one of " + List.of(Severity.values()));
        }
    }

    static Duration duration(YamlNodes yaml, String text, String key) {
        Duration duration;
        String value = text.trim();
        if (value.toUpperCase(Locale.ROOT).startsWith("P")) {
            try {
                duration = Duration.parse(value.toUpperCase(Locale.ROOT));
            } catch (DateTimeException e) {
                throw yaml.fail(key, text, "not an ISO-8601 duration such as PT6H");
            }
        } else {
            Matcher m = SHORT_DURATION.matcher(value.toLowerCase(Locale.ROOT));
            if (value.isEmpty() || !m.matches()) {
                throw yaml.fail(key, text, "not a duration; write e.g. 6h, 90m, 1d, 1h30m or PT6H");
            }
            duration = Duration.ofDays(number(m.group(1))).plusHours(number(m.group(2)))
                    .plusMinutes(number(m.group(3))).plusSeconds(number(m.group(4)));
        }
        if (duration.isZero() || duration.isNegative()) {
            throw yaml.fail(key, text, "the duration must be positive");
        }
        return duration;
    }

    private static long number(String group) {
        return group == null ? 0 : Long.parseLong(group);
    }

    private Set<CanonicalStatus> pauseStatuses(YamlNodes yaml, JsonNode policy, String key) {
        Set<CanonicalStatus> statuses = EnumSet.noneOf(CanonicalStatus.class);
        List<String> values = yaml.strings(policy, "pause-statuses", key);
        for (int i = 0; i < values.size(); i++) {
            CanonicalStatus status;
            try {
                status = CanonicalStatus.valueOf(values.get(i).toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw yaml.fail(key + "[" + i + "]", values.get(i),
                        "unknown status; expected one of " + List.of(CanonicalStatus.values()));
            }
            if (status.isDone()) {
                throw yaml.fail(key + "[" + i + "]", values.get(i), "a done status stops the clock for good, it cannot pause it");
            }
            statuses.add(status);
        }
        return statuses;
    }

    private List<Double> thresholds(YamlNodes yaml, JsonNode node, String key) {
        yaml.array(node, key);
        List<Double> thresholds = new ArrayList<>();
        double previous = 0;
        for (int i = 0; i < node.size(); i++) {
            JsonNode item = node.get(i);
            String itemKey = key + "[" + i + "]";
            if (!item.isNumber()) {
                throw yaml.fail(itemKey, YamlNodes.text(item), "expected a fraction of the target such as 0.75");
            }
            double value = item.asDouble();
            if (value <= 0 || value >= 1) {
                throw yaml.fail(itemKey, item.asText(), "a threshold must lie strictly between 0 and 1");
            }
            if (value <= previous) {
                throw yaml.fail(itemKey, item.asText(), "thresholds must increase strictly");
            }
            previous = value;
            thresholds.add(value);
        }
        return thresholds;
    }

    private BusinessHoursCalendar calendar(YamlNodes yaml, JsonNode node, String key) {
        yaml.onlyKnownKeys(node, key, CALENDAR_KEYS);
        String zoneText = yaml.string(node.get("zone"), key + ".zone");
        ZoneId zone;
        try {
            zone = ZoneId.of(zoneText);
        } catch (DateTimeException e) {
            throw yaml.fail(key + ".zone", zoneText, "unknown time zone; write a region id such as Europe/Berlin");
        }
        Set<DayOfWeek> days = new LinkedHashSet<>();
        List<String> dayTexts = yaml.strings(node, "days", key + ".days");
        if (dayTexts.isEmpty()) {
            throw yaml.fail(key + ".days", "", "at least one working day is required");
        }
        for (int i = 0; i < dayTexts.size(); i++) {
            days.add(day(yaml, dayTexts.get(i), key + ".days[" + i + "]"));
        }
        String hours = yaml.string(node.get("hours"), key + ".hours");
        Matcher m = HOURS.matcher(hours);
        if (!m.matches()) {
            throw yaml.fail(key + ".hours", hours, "write the working hours as \"08:00-18:00\"");
        }
        LocalTime start = time(yaml, m.group(1), false, key + ".hours", hours);
        LocalTime end = time(yaml, m.group(2), true, key + ".hours", hours);
        if (!end.equals(LocalTime.MIDNIGHT) && !end.isAfter(start)) {
            throw yaml.fail(key + ".hours", hours, "the end must be after the start");
        }
        Set<LocalDate> holidays = new LinkedHashSet<>();
        List<String> holidayTexts = yaml.strings(node, "holidays", key + ".holidays");
        for (int i = 0; i < holidayTexts.size(); i++) {
            try {
                holidays.add(LocalDate.parse(holidayTexts.get(i)));
            } catch (DateTimeException e) {
                throw yaml.fail(key + ".holidays[" + i + "]", holidayTexts.get(i), "expected a date such as 2026-12-25");
            }
        }
        return new BusinessHoursCalendar(zone, days, start, end, holidays);
    }

    private static DayOfWeek day(YamlNodes yaml, String text, String key) {
        String upper = text.trim().toUpperCase(Locale.ROOT);
        for (DayOfWeek day : DayOfWeek.values()) {
            if (day.name().equals(upper) || day.name().substring(0, 3).equals(upper)) {
                return day;
            }
        }
        throw yaml.fail(key, text, "unknown day; write MON..SUN or MONDAY..SUNDAY");
    }

    private static LocalTime time(YamlNodes yaml, String text, boolean end, String key, String value) {
        if (end && text.equals("24:00")) {
            return LocalTime.MIDNIGHT;
        }
        try {
            return LocalTime.parse(text.length() == 4 ? "0" + text : text);
        } catch (DateTimeException e) {
            throw yaml.fail(key, value, "'" + text + "' is not a time of day");
        }
    }
}
