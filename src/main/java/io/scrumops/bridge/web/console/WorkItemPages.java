package io.scrumops.bridge.web.console;

import io.scrumops.bridge.store.WorkItemReads;
import io.scrumops.bridge.web.WorkItemDetails;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ResponseStatusException;

/** Work items: the search (by key, number or title words, and filters) and one item's page. */
@Controller
@ConsolePage
class WorkItemPages {

    private final WorkItemReads reads;
    private final WorkItemDetails details;

    WorkItemPages(WorkItemReads reads, WorkItemDetails details) {
        this.reads = reads;
        this.details = details;
    }

    @GetMapping("/items")
    String search(@RequestParam(required = false) String q, @RequestParam(required = false) String system,
                  @RequestParam(required = false) String kind, @RequestParam(required = false) String team,
                  @RequestParam(required = false) String status, @RequestParam(required = false) String severity,
                  @RequestParam(defaultValue = "0") int page, Model model) {
        var filter = new WorkItemReads.Filter(q, null, system, kind, team, status, severity, null, page, 50);
        model.addAttribute("filter", filter);
        model.addAttribute("result", reads.search(filter));
        return "items";
    }

    @GetMapping("/items/{id}")
    String item(@PathVariable String id, Model model) {
        var detail = details.find(id).orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND,
                "No work item " + id));
        model.addAttribute("d", detail);
        return "item";
    }
}
