package io.scrumops.bridge.support;

import com.github.tomakehurst.wiremock.WireMockServer;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.patch;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;

/** The answers a healthy Jira and ServiceNow give to every write the bridge makes; tests stub the special cases. */
public final class RemoteFakes {

    private RemoteFakes() {
    }

    /** Empties both fakes and stubs the default answers; {@code transitions} is what GET transitions returns. */
    public static void resetWithDefaults(WireMockServer jira, WireMockServer serviceNow, String transitions) {
        jira.resetAll();
        serviceNow.resetAll();
        jira.stubFor(get(urlPathEqualTo("/rest/api/3/search/jql"))
                .willReturn(okJson("{\"issues\": [], \"isLast\": true}")));
        jira.stubFor(post(urlPathEqualTo("/rest/api/2/issue")).atPriority(10)
                .willReturn(aResponse().withStatus(201).withHeader("Content-Type", "application/json")
                        .withBody("{\"id\": \"{{randomValue length=9 type='NUMERIC'}}\", "
                                + "\"key\": \"SUB-{{randomValue length=6 type='NUMERIC'}}\"}")
                        .withTransformers("response-template")));
        jira.stubFor(get(urlPathMatching("/rest/api/2/issue/[^/]+/transitions")).willReturn(okJson(transitions)));
        jira.stubFor(post(urlPathMatching("/rest/api/2/issue/[^/]+/transitions"))
                .willReturn(aResponse().withStatus(204)));
        jira.stubFor(put(urlPathMatching("/rest/api/2/issue/[^/]+")).willReturn(aResponse().withStatus(204)));
        jira.stubFor(post(urlPathMatching("/rest/api/2/issue/[^/]+/comment"))
                .willReturn(aResponse().withStatus(201).withHeader("Content-Type", "application/json")
                        .withBody("{\"id\": \"{{randomValue length=9 type='NUMERIC'}}\"}")
                        .withTransformers("response-template")));
        jira.stubFor(post(urlPathMatching("/rest/api/2/issue/[^/]+/remotelink"))
                .willReturn(aResponse().withStatus(201).withHeader("Content-Type", "application/json")
                        .withBody("{\"id\": 1}")));
        jira.stubFor(post(urlPathEqualTo("/rest/api/2/issueLink")).willReturn(aResponse().withStatus(201)));
        serviceNow.stubFor(patch(urlPathMatching("/api/now/table/incident/.+"))
                .willReturn(okJson("{\"result\": {\"sys_id\": \"x\"}}")));
    }
}
