package io.scrumops.bridge.web.console;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * What the layout needs on every console page: the signed-in user, the time zone every time is shown in, the
 * current path (for the navigation) and whether this is the sandbox (a banner says so).
 */
@ControllerAdvice(annotations = ConsolePage.class)
class ConsoleModel {

    private final ConsoleTimes times;
    private final boolean sandbox;

    ConsoleModel(@Value("${scrumops.console.time-zone:UTC}") String zone,
                 @Value("${scrumops.sandbox.enabled:false}") boolean sandbox) {
        this.times = new ConsoleTimes(ZoneId.of(zone));
        this.sandbox = sandbox;
    }

    @ModelAttribute("times")
    ConsoleTimes times() {
        return times;
    }

    @ModelAttribute("zone")
    String zone() {
        return times.zoneName();
    }

    @ModelAttribute("sandbox")
    boolean sandbox() {
        return sandbox;
    }

    @ModelAttribute("currentPath")
    String currentPath(HttpServletRequest request) {
        return request.getRequestURI().substring(request.getContextPath().length());
    }

    @ModelAttribute("username")
    String username() {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        return authentication == null ? "" : authentication.getName();
    }

    /** Formats instants in the console's zone; templates call {@code ${times.format(instant)}}. */
    public static final class ConsoleTimes {
        private final ZoneId zone;
        private final DateTimeFormatter format;

        ConsoleTimes(ZoneId zone) {
            this.zone = zone;
            this.format = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT).withZone(zone);
        }

        public String format(Instant instant) {
            return instant == null ? "—" : format.format(instant);
        }

        public String zoneName() {
            return zone.getId();
        }

        /** "3 min", "2 h 5 min": an age in seconds as a person reads it. */
        public String age(double seconds) {
            long s = Math.round(seconds);
            if (s < 60) {
                return s + " s";
            }
            if (s < 3600) {
                return (s / 60) + " min";
            }
            if (s < 86400) {
                return (s / 3600) + " h " + (s % 3600) / 60 + " min";
            }
            return (s / 86400) + " d " + (s % 86400) / 3600 + " h";
        }
    }
}
