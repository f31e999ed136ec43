package io.scrumops.bridge.metrics.math;

import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Flow load (work in progress) at the end of each period: the load at the window's start plus starts minus finishes. */
public final class FlowLoad {

    public record Move(LocalDate period, long started, long done) {
    }

    private FlowLoad() {
    }

    /** @param periods every period of the window, in order */
    public static Map<LocalDate, Long> atPeriodEnds(long atStart, List<LocalDate> periods, List<Move> moves) {
        Map<LocalDate, Long> net = new LinkedHashMap<>();
        for (Move move : moves) {
            net.merge(move.period(), move.started() - move.done(), Long::sum);
        }
        Map<LocalDate, Long> load = new LinkedHashMap<>();
        long running = atStart;
        for (LocalDate period : periods) {
            running += net.getOrDefault(period, 0L);
            load.put(period, running);
        }
        return load;
    }

    /** Active share of flow time; null without flow time. */
    public static Double efficiency(double activeSeconds, double flowSeconds) {
        return flowSeconds <= 0 ? null : activeSeconds / flowSeconds;
    }
}
