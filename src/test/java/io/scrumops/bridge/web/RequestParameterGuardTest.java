package io.scrumops.bridge.web;

import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.web.server.ResponseStatusException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class RequestParameterGuardTest {

    private final RequestParameterGuard guard = new RequestParameterGuard();

    private boolean admits(MockHttpServletRequest request) {
        return guard.preHandle(request, new MockHttpServletResponse(), new Object());
    }

    @Test
    void refusesANulInAParameterValueNamingTheParameter() {
        MockHttpServletRequest request = new MockHttpServletRequest("GET", "/api/metrics/dora");
        request.addParameter("project", "APP");
        request.addParameter("team", "ops\u0000");

        ResponseStatusException refused = catchThrowableOfType(ResponseStatusException.class, () -> admits(request));

        assertThat(refused.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(refused.getReason()).isEqualTo("parameter 'team' holds the control character U+0000; parameters take text only");
    }

    @Test
    void refusesAControlCharacterInOneOfARepeatedParametersValues() {
        MockHttpServletRequest request = new MockHttpServletRequest("GET", "/items");
        request.addParameter("status", "NEW", "DONE\u0007");

        ResponseStatusException refused = catchThrowableOfType(ResponseStatusException.class, () -> admits(request));

        assertThat(refused.getReason()).startsWith("parameter 'status' holds the control character U+0007");
    }

    @Test
    void refusesAControlCharacterInAParameterNameAndShowsTheNameEscaped() {
        MockHttpServletRequest request = new MockHttpServletRequest("GET", "/items");
        request.addParameter("te\u001bam", "ops");

        ResponseStatusException refused = catchThrowableOfType(ResponseStatusException.class, () -> admits(request));

        assertThat(refused.getReason()).startsWith("parameter 'te\\u001Bam' holds the control character U+001B");
    }

    @Test
    void admitsTabsLineBreaksAndTextInAnyScript() {
        MockHttpServletRequest request = new MockHttpServletRequest("POST", "/mappings/preview");
        request.addParameter("payload", "{\n\t\"summary\": \"caf\u00e9 \u65e5\u672c \ud83d\ude80\"\r\n}");
        request.addParameter("q", "");

        assertThat(admits(request)).isTrue();
    }
}
