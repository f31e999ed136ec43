package io.scrumops.bridge.support;

import org.apache.camel.CamelContext;
import org.apache.camel.spi.CamelEvent;
import org.apache.camel.support.EventNotifierSupport;
import org.apache.camel.support.service.ServiceHelper;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import static org.awaitility.Awaitility.await;

/**
 * Counts the runs of the bridge's routes (exchanges completed or failed, by the route they started in): the positive
 * marker a test waits for before it says that nothing more happened, e.g. "two more SLA sweeps ran, and still no
 * write".
 */
public final class RouteRuns {

    private static final Map<CamelContext, RouteRuns> BY_CONTEXT = new ConcurrentHashMap<>();

    private final Map<String, AtomicLong> runs = new ConcurrentHashMap<>();

    private RouteRuns() {
    }

    /** The counter of this context, registered on first use. */
    public static RouteRuns of(CamelContext camel) {
        return BY_CONTEXT.computeIfAbsent(camel, context -> {
            RouteRuns counter = new RouteRuns();
            EventNotifierSupport notifier = new EventNotifierSupport() {
                @Override
                public void notify(CamelEvent event) {
                    if (event instanceof CamelEvent.ExchangeCompletedEvent
                            || event instanceof CamelEvent.ExchangeFailedEvent) {
                        String route = ((CamelEvent.ExchangeEvent) event).getExchange().getFromRouteId();
                        if (route != null) {
                            counter.runs.computeIfAbsent(route, r -> new AtomicLong()).incrementAndGet();
                        }
                    }
                }

                @Override
                public boolean isEnabled(CamelEvent event) {
                    return event instanceof CamelEvent.ExchangeCompletedEvent
                            || event instanceof CamelEvent.ExchangeFailedEvent;
                }
            };
            context.getManagementStrategy().addEventNotifier(notifier);
            context.getCamelContextExtension().setEventNotificationApplicable(true);
            ServiceHelper.startService(notifier);
            return counter;
        });
    }

    public long count(String routeId) {
        return runs.computeIfAbsent(routeId, r -> new AtomicLong()).get();
    }

    /** Waits until {@code routeId} has run {@code more} more times than now. */
    public void awaitMore(String routeId, int more, Duration atMost) {
        long target = count(routeId) + more;
        await().atMost(atMost).pollInterval(Duration.ofMillis(50)).until(() -> count(routeId) >= target);
    }
}
