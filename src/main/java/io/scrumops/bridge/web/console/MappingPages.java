package io.scrumops.bridge.web.console;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.scrumops.bridge.alignment.DryRun;
import io.scrumops.bridge.mapping.MappingRegistry;
import io.scrumops.bridge.ingest.MappingPreview;
import io.scrumops.bridge.store.AuditLogRepository;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.Principal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The mapping files in force, their reload, a preview of what a pasted payload maps to, and the alignment dry run: what
 * the bridge would write to each side of a pair (operator: given ids, it reads both systems with the bridge's account).
 */
@Controller
@ConsolePage
class MappingPages {

    /** A mapping file as the page lists it. */
    record MappingFile(String name, long bytes, Instant modifiedAt) {
    }

    private final MappingRegistry registry;
    private final MappingPreview preview;
    private final AuditLogRepository audit;
    private final DryRun dryRun;
    private final ObjectMapper json;

    MappingPages(MappingRegistry registry, MappingPreview preview, AuditLogRepository audit, DryRun dryRun,
                 ObjectMapper json) {
        this.registry = registry;
        this.preview = preview;
        this.audit = audit;
        this.dryRun = dryRun;
        this.json = json.copy().enable(SerializationFeature.INDENT_OUTPUT);
    }

    @GetMapping("/mappings")
    String page(Model model) {
        model.addAttribute("directory", registry.directory().toAbsolutePath().toString());
        model.addAttribute("loadedAt", registry.current().loadedAt());
        model.addAttribute("files", files());
        model.addAttribute("sources", MappingPreview.SOURCES);
        if (!model.containsAttribute("source")) {
            model.addAttribute("source", "servicenow");
            model.addAttribute("payload", "");
        }
        return "mappings";
    }

    @PostMapping("/mappings/preview")
    String preview(@RequestParam String source, @RequestParam String payload, Model model) {
        var result = preview.preview(source, payload, Map.of());
        model.addAttribute("source", source);
        model.addAttribute("payload", payload);
        model.addAttribute("previewError", result.error());
        model.addAttribute("previewJson", result.ok() ? pretty(result.mapped()) : null);
        return page(model);
    }

    /**
     * Each side by its id (read from the system) or by a pasted REST payload; the answer is the field table, the
     * writes per side and what would not be carried, or the reason there is no answer. Nothing is stored or sent.
     */
    @PostMapping("/mappings/dry-run")
    String dryRun(@RequestParam(defaultValue = "") String issueKey, @RequestParam(defaultValue = "") String issue,
                  @RequestParam(defaultValue = "") String sysId, @RequestParam(defaultValue = "") String table,
                  @RequestParam(defaultValue = "") String record, Model model) {
        model.addAttribute("dryRunIssueKey", issueKey);
        model.addAttribute("dryRunIssue", issue);
        model.addAttribute("dryRunSysId", sysId);
        model.addAttribute("dryRunTable", table);
        model.addAttribute("dryRunRecord", record);
        try {
            Map<String, Object> answer = dryRun.run(pasted("Jira issue", issue), blankToNull(issueKey),
                    pasted("ServiceNow record", record), blankToNull(table), blankToNull(sysId));
            model.addAttribute("dryRun", answer);
            model.addAttribute("dryRunToJira", pretty(answer.get("toJira")));
            model.addAttribute("dryRunToServiceNow", pretty(answer.get("toServiceNow")));
        } catch (RuntimeException e) {
            // Unreadable payloads, unknown ids, unmappable records and systems that do not answer alike.
            model.addAttribute("dryRunError", e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
        }
        return page(model);
    }

    private JsonNode pasted(String what, String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return json.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("The pasted " + what + " is not JSON: " + e.getOriginalMessage());
        }
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }

    @PostMapping("/mappings/reload")
    String reload(Principal user, RedirectAttributes flash) {
        var result = registry.reload();
        audit.record(user.getName(), "mapping.reloaded", "mappings",
                result.error().<Map<String, Object>>map(e -> Map.of("applied", false, "error", e.getMessage()))
                        .orElseGet(() -> Map.of("applied", true)));
        flash.addFlashAttribute("ok", result.applied());
        flash.addFlashAttribute("message", result.error().map(e -> "Reload refused, the files in force stay: "
                + e.getMessage()).orElse("Mapping files reloaded."));
        return "redirect:/mappings";
    }

    private List<MappingFile> files() {
        Path directory = registry.directory();
        try (Stream<Path> list = Files.list(directory)) {
            return list.filter(Files::isRegularFile).sorted().map(f -> {
                try {
                    return new MappingFile(f.getFileName().toString(), Files.size(f),
                            Files.getLastModifiedTime(f).toInstant());
                } catch (IOException e) {
                    return new MappingFile(f.getFileName().toString(), -1, null);
                }
            }).toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    private String pretty(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (IOException e) {
            return String.valueOf(value);
        }
    }
}
