package io.scrumops.bridge.gates;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RemoteQueriesTest {

    @Test
    void jqlValuesAreQuotedAndEscaped() {
        assertThat(RemoteQueries.jql("fixVersion = {release} AND project = PAY", "2026.12 \"rc\\1\"", "Payments"))
                .isEqualTo("fixVersion = \"2026.12 \\\"rc\\\\1\\\"\" AND project = PAY");
    }

    @Test
    void encodedQueryValuesGoInAsTheyAre() {
        assertThat(RemoteQueries.serviceNow("active=true^cmdb_ci.name={product}", "2026.12", "Payments"))
                .isEqualTo("active=true^cmdb_ci.name=Payments");
    }

    @Test
    void aValueThatWouldAddAConditionToAnEncodedQueryIsRefused() {
        assertThatThrownBy(() -> RemoteQueries.serviceNow("u_release={release}", "1.0^ORactive=false", "Payments"))
                .isInstanceOf(RemoteQueries.UnsafeQueryValueException.class)
                .hasMessageContaining("release name '1.0^ORactive=false'");
        assertThatThrownBy(() -> RemoteQueries.serviceNow("u_release={release}", "1.0\nx", "Payments"))
                .isInstanceOf(RemoteQueries.UnsafeQueryValueException.class);
    }
}
