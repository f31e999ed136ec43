package io.scrumops.bridge.gates;

import io.scrumops.bridge.model.Gate;
import io.scrumops.bridge.model.GateCriterion;
import io.scrumops.bridge.model.GateEvaluation;
import io.scrumops.bridge.model.GateKind;
import io.scrumops.bridge.model.GateVerdict;
import io.scrumops.bridge.model.PhaseState;
import io.scrumops.bridge.model.Release;
import io.scrumops.bridge.model.ReleasePhase;
import io.scrumops.bridge.model.SignOff;
import io.scrumops.bridge.store.ReleaseRepository;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;

/** What the API and the release manager's page show of releases: phases, gates, verdicts and blocking items. */
@Component
public class ReleaseViews {

    private final ReleaseRepository releases;
    private final GateStateRepository states;
    private final GateLinks links;
    private final GateEvidenceRepository evidence;

    public ReleaseViews(ReleaseRepository releases, GateStateRepository states, GateLinks links,
                        GateEvidenceRepository evidence) {
        this.releases = releases;
        this.states = states;
        this.links = links;
        this.evidence = evidence;
    }

    public record Summary(String id, String name, String product, String currentPhase, Instant releaseDate,
                          boolean released, String link, List<PhaseView> phases) {
    }

    public record Detail(String id, String name, String product, String currentPhase, Instant releaseDate,
                         boolean released, String link, String changeRequestId, String changeRequestLink,
                         String epicKey, String epicLink, List<PhaseView> phases) {

        /** The name people know the release by: its product's name in front, unless the name already starts with it. */
        public String title() {
            return product == null || name.startsWith(product) ? name : product + " " + name;
        }
    }

    public record PhaseView(String name, PhaseState state, Instant plannedStart, Instant plannedEnd,
                            List<GateView> gates) {
    }

    /**
     * @param evaluation the last evaluation with each criterion's outcome and blocking items; null before the first
     */
    public record GateView(String id, String name, GateKind kind, GateVerdict verdict, Instant evaluatedAt,
                           List<GateCriterion> criteria, GateEvaluation evaluation, SignOff signOff,
                           boolean signOffAllowed) {
    }

    public List<Summary> list() {
        List<Summary> result = new ArrayList<>();
        for (Release release : releases.findAll()) {
            Map<String, GateEvaluation> verdicts = states.states(release.id());
            result.add(new Summary(release.id(), release.name(), release.product(), release.currentPhase(),
                    release.releaseDate(), release.released() || release.archived(), versionLink(release),
                    phases(release, verdicts, Map.of(), false)));
        }
        return result;
    }

    public Detail detail(String id) {
        Release release = releases.findById(id).orElseThrow(() -> new NoSuchElementException("no release " + id));
        Map<String, GateEvaluation> verdicts = GateService.withOpenItems(release, states.states(id), evidence);
        String change = release.changeRequestId();
        String changeLink = change == null ? null
                : links.serviceNowRecord("change_request", change.substring(change.lastIndexOf(':') + 1));
        return new Detail(release.id(), release.name(), release.product(), release.currentPhase(), release.releaseDate(),
                release.released() || release.archived(), versionLink(release), change, changeLink, release.epicKey(),
                release.epicKey() == null ? null : links.jiraIssue(release.epicKey()),
                phases(release, verdicts, states.signOffs(id), true));
    }

    public List<GateHistoryEntry> history(String id) {
        releases.findById(id).orElseThrow(() -> new NoSuchElementException("no release " + id));
        return states.history(id);
    }

    private static List<PhaseView> phases(Release release, Map<String, GateEvaluation> verdicts,
                                          Map<String, SignOff> signOffs, boolean detail) {
        List<PhaseView> phases = new ArrayList<>();
        for (ReleasePhase phase : release.phases()) {
            List<GateView> gates = new ArrayList<>();
            for (Gate gate : phase.gates()) {
                GateEvaluation evaluation = verdicts.get(gate.id());
                gates.add(new GateView(gate.id(), gate.name(), gate.kind(),
                        evaluation == null ? GateVerdict.PENDING : evaluation.verdict(),
                        evaluation == null ? null : evaluation.evaluatedAt(), detail ? gate.criteria() : List.of(),
                        detail ? evaluation : null, signOffs.get(gate.id()),
                        gate.hasCriterion(io.scrumops.bridge.model.CriterionKind.SIGN_OFF)));
            }
            phases.add(new PhaseView(phase.name(), phase.state(), phase.plannedStart(), phase.plannedEnd(), gates));
        }
        return phases;
    }

    private String versionLink(Release release) {
        if (release.source() == null) {
            return null;
        }
        if ("version".equals(release.source().entity())) {
            String browse = links.jiraIssue("X");
            return browse == null ? null : browse.substring(0, browse.length() - "/browse/X".length())
                    + "/issues/?jql=fixVersion%3D" + release.source().nativeId();
        }
        return links.serviceNowRecord(release.source().entity(), release.source().nativeId());
    }
}
