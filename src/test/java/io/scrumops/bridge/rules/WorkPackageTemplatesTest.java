package io.scrumops.bridge.rules;

import io.scrumops.bridge.model.Severity;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class WorkPackageTemplatesTest {

    private static WorkPackageTemplate template(String id, Severity severity, String category) {
        return new WorkPackageTemplate(id, severity, category, null, null, null,
                List.of(new TaskTemplate("do", "Do it", 1.0, null, null, null)));
    }

    private static final WorkPackageTemplates TEMPLATES = new WorkPackageTemplates(List.of(
            template("fallback", null, null),
            template("sev1", Severity.SEV1, null),
            template("sev2", Severity.SEV2, null),
            template("website", null, "website"),
            template("website-sev1", Severity.SEV1, "Website"),
            template("mobile", null, "mobile")));

    @ParameterizedTest(name = "{0} / {1} -> {2}")
    @CsvSource({
            "SEV1,     website,      website-sev1",
            "SEV2,     website,      website",
            "SEV2,     WEBSITE,      website",
            "SEV1,     mobile,       mobile",
            "SEV1,     social-media, sev1",
            "SEV1,     ,             sev1",
            "SEV3,     social-media, fallback",
            "NON_PROD, ,             fallback",
            ",         mobile,       mobile"})
    void prefersCategoryOverSeverity(Severity severity, String category, String expected) {
        assertThat(TEMPLATES.select(severity, category)).get().extracting(WorkPackageTemplate::id).isEqualTo(expected);
    }

    @Test
    void findsNoTemplateWithoutAFallback() {
        WorkPackageTemplates onlySev1 = new WorkPackageTemplates(List.of(template("sev1", Severity.SEV1, null)));

        assertThat(onlySev1.select(Severity.SEV2, "website")).isEmpty();
    }

    @Test
    void refusesTwoTemplatesForTheSameSeverityAndCategory() {
        assertThatThrownBy(() -> new WorkPackageTemplates(List.of(template("a", Severity.SEV1, "web"),
                template("b", Severity.SEV1, "WEB")))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("a and b");
    }
}
