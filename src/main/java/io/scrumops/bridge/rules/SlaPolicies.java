package io.scrumops.bridge.rules;

import java.util.Map;
import java.util.Optional;

/** The SLA policies stories can name, by name. */
public record SlaPolicies(Map<String, SlaPolicy> byName) {

    public SlaPolicies {
        byName = byName == null ? Map.of() : Map.copyOf(byName);
        byName.forEach((name, policy) -> {
            if (!name.equals(policy.name())) {
                throw new IllegalArgumentException("policy registered as " + name + " is named " + policy.name());
            }
        });
    }

    public static SlaPolicies of(SlaPolicy... policies) {
        java.util.Map<String, SlaPolicy> map = new java.util.LinkedHashMap<>();
        for (SlaPolicy policy : policies) {
            map.put(policy.name(), policy);
        }
        return new SlaPolicies(map);
    }

    public Optional<SlaPolicy> find(String name) {
        return name == null ? Optional.empty() : Optional.ofNullable(byName.get(name));
    }

    public SlaPolicy require(String name) {
        return find(name).orElseThrow(() -> new UnknownSlaPolicyException(name));
    }
}
