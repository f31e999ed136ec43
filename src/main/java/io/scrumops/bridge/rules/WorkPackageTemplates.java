package io.scrumops.bridge.rules;

import io.scrumops.bridge.model.Severity;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Chooses the template for a new work package. Among the templates that match, the most specific wins:
 * <ol>
 *   <li>one for both the package's category and its severity,</li>
 *   <li>one for its category (any severity),</li>
 *   <li>one for its severity (any category),</li>
 *   <li>the fallback with neither.</li>
 * </ol>
 * Category wins over severity because the category says what the work is, and so which tasks it takes;
 * the severity mostly says how fast, which the SLA already covers. Categories compare ignoring case.
 * Two templates with the same severity and category are refused, so the choice is never arbitrary.
 */
public record WorkPackageTemplates(List<WorkPackageTemplate> templates) {

    public WorkPackageTemplates {
        templates = templates == null ? List.of() : List.copyOf(templates);
        Map<String, String> seenSelectors = new HashMap<>();
        Map<String, Boolean> seenIds = new HashMap<>();
        for (WorkPackageTemplate template : templates) {
            if (seenIds.put(template.id(), Boolean.TRUE) != null) {
                throw new IllegalArgumentException("template id " + template.id() + " is used twice");
            }
            String selector = template.severity() + "/" + template.category();
            String other = seenSelectors.put(selector, template.id());
            if (other != null) {
                throw new IllegalArgumentException("templates " + other + " and " + template.id()
                        + " both apply to severity " + template.severity() + " and category " + template.category());
            }
        }
    }

    public Optional<WorkPackageTemplate> select(Severity severity, String category) {
        String normalized = category == null || category.isBlank() ? null : category.trim().toLowerCase(Locale.ROOT);
        WorkPackageTemplate best = null;
        for (WorkPackageTemplate template : templates) {
            if (template.matches(severity, normalized)
                    && (best == null || template.specificity() > best.specificity())) {
                best = template;
            }
        }
        return Optional.ofNullable(best);
    }

    public Optional<WorkPackageTemplate> byId(String id) {
        return templates.stream().filter(t -> t.id().equals(id)).findFirst();
    }
}
