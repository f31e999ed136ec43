package io.scrumops.bridge.metrics.math;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;

/**
 * The median conventions the metrics offer. The SQL computes them over history; this class computes them over
 * short series (one value per week or month) and states each convention where tests can check it.
 */
public final class Medians {

    private Medians() {
    }

    /** The interpolated median (PostgreSQL percentile_cont(0.5)): the mean of the two middle values for even n. */
    public static Double median(Collection<? extends Number> values) {
        List<Double> sorted = sorted(values);
        int n = sorted.size();
        if (n == 0) {
            return null;
        }
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2.0;
    }

    /**
     * DevLake's median: {@code max(x) where percent_rank() over (order by x) <= 0.5}; the lower of the two middle
     * values for even n.
     */
    public static Double lowerMedian(Collection<? extends Number> values) {
        List<Double> sorted = sorted(values);
        int n = sorted.size();
        if (n == 0) {
            return null;
        }
        if (n == 1) {
            return sorted.get(0);
        }
        Double best = null;
        for (int i = 0; i < n; i++) {
            int rank = i; // rank() - 1 of the first of equal values
            while (rank > 0 && sorted.get(rank - 1).equals(sorted.get(i))) {
                rank--;
            }
            if ((double) rank / (n - 1) <= 0.5) {
                best = sorted.get(i);
            }
        }
        return best;
    }

    /** DevLake's six-month deployment-days median: {@code min(x) where percent_rank() >= 0.5}. */
    public static Double upperMedian(Collection<? extends Number> values) {
        List<Double> sorted = sorted(values);
        int n = sorted.size();
        if (n == 0) {
            return null;
        }
        if (n == 1) {
            return sorted.get(0);
        }
        for (int i = 0; i < n; i++) {
            int rank = i;
            while (rank > 0 && sorted.get(rank - 1).equals(sorted.get(i))) {
                rank--;
            }
            if ((double) rank / (n - 1) >= 0.5) {
                return sorted.get(i);
            }
        }
        return sorted.get(n - 1);
    }

    public static Double mean(Collection<? extends Number> values) {
        if (values.isEmpty()) {
            return null;
        }
        double sum = 0;
        for (Number v : values) {
            sum += v.doubleValue();
        }
        return sum / values.size();
    }

    private static List<Double> sorted(Collection<? extends Number> values) {
        List<Double> list = new ArrayList<>(values.size());
        for (Number v : values) {
            list.add(v.doubleValue());
        }
        Collections.sort(list);
        return list;
    }
}
