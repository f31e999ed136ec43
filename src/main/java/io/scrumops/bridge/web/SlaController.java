package io.scrumops.bridge.web;

import io.scrumops.bridge.store.SlaStatusRepository;
import io.scrumops.bridge.store.SlaStatusRow;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.util.List;
import java.util.Locale;

/** Open work packages with their SLA clock as the last sweep left it. */
@RestController
@RequestMapping("/api/sla")
class SlaController {

    private final SlaStatusRepository store;

    SlaController(SlaStatusRepository store) {
        this.store = store;
    }

    /** @param state at-risk (a warning threshold crossed) or breached; absent: every open package with an SLA */
    @GetMapping
    List<SlaStatusRow> list(@RequestParam(required = false) String team,
                            @RequestParam(required = false) String state) {
        return store.list(states(state), team);
    }

    private static List<String> states(String state) {
        if (state == null || state.isBlank()) {
            return List.of();
        }
        return switch (state.toLowerCase(Locale.ROOT)) {
            case "at-risk" -> List.of("WARNING");
            case "breached" -> List.of("BREACHED");
            default -> throw new IllegalArgumentException("state must be at-risk or breached, not '" + state + "'");
        };
    }
}
