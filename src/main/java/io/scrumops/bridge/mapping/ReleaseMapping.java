package io.scrumops.bridge.mapping;

import io.scrumops.bridge.model.Gate;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code releases.yaml}: the products (or release trains) whose Jira versions and ServiceNow change requests are
 * releases, the phases each release goes through with their planned dates, and the gates between them.
 */
public record ReleaseMapping(String file, List<Product> products) {

    public ReleaseMapping {
        products = products == null ? List.of() : List.copyOf(products);
    }

    public static ReleaseMapping none() {
        return new ReleaseMapping(null, List.of());
    }

    public Optional<Product> product(String name) {
        return products.stream().filter(p -> p.name().equals(name)).findFirst();
    }

    /** The product whose Jira projects include this project key. */
    public Optional<Product> productOfProject(String projectKey) {
        return products.stream().filter(p -> p.jiraProjects().contains(projectKey)).findFirst();
    }

    /** The product whose change-request services include this ServiceNow service (configuration item) name. */
    public Optional<Product> productOfService(String service) {
        return products.stream().filter(p -> p.changeRequestServices().stream().anyMatch(s -> s.equalsIgnoreCase(service)))
                .findFirst();
    }

    /** The products whose incidents come from this team (assignment group). */
    public List<Product> productsOfIncidentTeam(String team) {
        return products.stream().filter(p -> p.incidentTeams().stream().anyMatch(t -> t.equalsIgnoreCase(team))).toList();
    }

    /**
     * @param jiraProjects          projects whose versions are releases of this product
     * @param epics                 release name -> Jira epic key that gets a comment on every verdict change
     * @param versionWriteBack      where the verdict goes on the Jira version: DESCRIPTION, PROPERTY or NONE
     * @param changeRequestServices ServiceNow configuration items whose change requests are releases of this product
     * @param releaseField          change request field naming the Jira version it carries (the change then belongs
     *                              to that release instead of being one of its own)
     * @param verdictField          change request field set to the verdict on every change, if any
     * @param incidentTeams         teams (assignment groups) whose incidents count as incidents on the product
     * @param deploymentServices    deployment services that deploy the product
     * @param plannedDates          release name -> phase name -> planned window, overriding the phases' durations
     */
    public record Product(String name, List<String> jiraProjects, Map<String, String> epics, VersionWriteBack versionWriteBack,
                          List<String> changeRequestServices, String releaseField, String verdictField,
                          List<String> incidentTeams, List<String> deploymentServices, List<Phase> phases,
                          Map<String, Map<String, Window>> plannedDates) {

        public Product {
            jiraProjects = List.copyOf(jiraProjects);
            epics = Map.copyOf(epics);
            changeRequestServices = List.copyOf(changeRequestServices);
            incidentTeams = List.copyOf(incidentTeams);
            deploymentServices = List.copyOf(deploymentServices);
            phases = List.copyOf(phases);
            plannedDates = Map.copyOf(plannedDates);
        }
    }

    /** A phase: its length in days (the last phase ends on the release date) and its gates. */
    public record Phase(String name, int days, List<Gate> gates) {

        public Phase {
            gates = List.copyOf(gates);
        }
    }

    public record Window(LocalDate start, LocalDate end) {
    }

    public enum VersionWriteBack {
        DESCRIPTION, PROPERTY, NONE
    }
}
