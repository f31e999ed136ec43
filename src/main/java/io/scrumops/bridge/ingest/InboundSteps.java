package io.scrumops.bridge.ingest;

import org.apache.camel.Processor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The recorder's steps of route {@code inbound-accept} as processors ({@code process: ref: inboundAccept}), which
 * Camel calls directly. As {@code bean} steps each webhook had every one of them looked up by method name, its
 * parameters bound and the method invoked by reflection, and an answer returned converted into the body: 5 % of a
 * webhook's request-thread CPU for three steps.
 */
@Configuration(proxyBeanMethods = false)
class InboundSteps {

    @Bean("inboundAccept")
    Processor inboundAccept(InboundRecorder recorder) {
        return recorder::accept;
    }

    @Bean("inboundPublished")
    Processor inboundPublished(InboundRecorder recorder) {
        return recorder::published;
    }

    @Bean("inboundAcknowledge")
    Processor inboundAcknowledge(InboundRecorder recorder) {
        return recorder::acknowledge;
    }
}
