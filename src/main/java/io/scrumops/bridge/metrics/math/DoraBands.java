package io.scrumops.bridge.metrics.math;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The 2021 and 2023 DORA performance bands as DevLake's dashboard applies them (thresholds of
 * dora_thresholds_numeric.csv; labels of dora_benchmarks.csv, shipped as {@code metrics/dora_benchmarks.csv}).
 */
public final class DoraBands {

    public enum Level { ELITE, HIGH, MEDIUM, LOW }

    public enum Metric {
        DEPLOYMENT_FREQUENCY("Deployment frequency"),
        LEAD_TIME("Lead time for changes"),
        CHANGE_FAILURE_RATE("Change failure rate"),
        TIME_TO_RESTORE("Time to restore service"),
        FAILED_DEPLOYMENT_RECOVERY("Failed deployment recovery time");

        private final String csvName;

        Metric(String csvName) {
            this.csvName = csvName;
        }
    }

    /** A band: its level and the report's wording. */
    public record Band(int report, Level level, String label) {
    }

    /** Median deployment days per week, per month and per six months (any may be null when not measured). */
    public record DeploymentDays(Double perWeek, Double perMonth, Double perSixMonths) {
    }

    private static final Map<String, String> LABELS = labels();

    private DoraBands() {
    }

    public static Band deploymentFrequency(int report, DeploymentDays days) {
        if (days == null || days.perWeek() == null) {
            return null;
        }
        Level level;
        if (days.perWeek() >= 5) {
            level = Level.ELITE;
        } else if (report == 2023) {
            level = days.perWeek() >= 1 ? Level.HIGH : orZero(days.perMonth()) >= 1 ? Level.MEDIUM : Level.LOW;
        } else {
            level = orZero(days.perMonth()) >= 1 ? Level.HIGH : orZero(days.perSixMonths()) >= 1 ? Level.MEDIUM : Level.LOW;
        }
        return band(Metric.DEPLOYMENT_FREQUENCY, report, level);
    }

    /** @param minutes median lead time in minutes */
    public static Band leadTime(int report, Double minutes) {
        if (minutes == null) {
            return null;
        }
        Level level = report == 2023
                ? below(minutes, 1440, 10080, 43200)
                : below(minutes, 60, 10080, 259200);
        return band(Metric.LEAD_TIME, report, level);
    }

    /** @param ratio failed deployments / deployments, 0..1 */
    public static Band changeFailureRate(int report, Double ratio) {
        if (ratio == null) {
            return null;
        }
        Level level = report == 2023
                ? ratio <= 0.05 ? Level.ELITE : ratio <= 0.10 ? Level.HIGH : ratio <= 0.15 ? Level.MEDIUM : Level.LOW
                : ratio <= 0.15 ? Level.ELITE : ratio <= 0.20 ? Level.HIGH : ratio <= 0.30 ? Level.MEDIUM : Level.LOW;
        return band(Metric.CHANGE_FAILURE_RATE, report, level);
    }

    /** Time to restore service (2021 report), median minutes. */
    public static Band timeToRestore(Double minutes) {
        return minutes == null ? null : band(Metric.TIME_TO_RESTORE, 2021, below(minutes, 60, 1440, 10080));
    }

    /** Failed deployment recovery time (2023 report), median minutes. */
    public static Band failedDeploymentRecovery(Double minutes) {
        return minutes == null ? null : band(Metric.FAILED_DEPLOYMENT_RECOVERY, 2023, below(minutes, 60, 1440, 10080));
    }

    private static Level below(double value, double elite, double high, double medium) {
        return value < elite ? Level.ELITE : value < high ? Level.HIGH : value < medium ? Level.MEDIUM : Level.LOW;
    }

    private static double orZero(Double value) {
        return value == null ? 0 : value;
    }

    private static Band band(Metric metric, int report, Level level) {
        return new Band(report, level, LABELS.get(metric.csvName + "|" + report + "|" + level.name().toLowerCase(Locale.ROOT)));
    }

    private static Map<String, String> labels() {
        Map<String, String> labels = new HashMap<>();
        try (InputStream in = DoraBands.class.getResourceAsStream("/metrics/dora_benchmarks.csv")) {
            if (in == null) {
                throw new IllegalStateException("metrics/dora_benchmarks.csv is missing from the class path");
            }
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            String header = reader.readLine();
            String[] columns = header.split(",");
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                if (line.isBlank()) {
                    continue;
                }
                String[] cells = line.split(",");
                String metric = cells[1];
                String report = cells[cells.length - 1].trim();
                for (int i = 2; i < cells.length - 1; i++) {
                    labels.put(metric + "|" + report + "|" + columns[i], cells[i]);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return labels;
    }
}
