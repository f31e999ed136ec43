package io.scrumops.bridge.gates;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ReleaseTitleTest {

    private static ReleaseViews.Detail release(String name, String product) {
        return new ReleaseViews.Detail("jira:version:1", name, product, "BUILD", null, false, null, null, null, null,
                null, List.of());
    }

    @Test
    void aVersionNamedWithoutItsProductIsShownWithTheProductInFront() {
        assertThat(release("2026.12", "Payments").title()).isEqualTo("Payments 2026.12");
    }

    @Test
    void aVersionWhoseNameStartsWithItsProductIsNotPrefixedTwice() {
        assertThat(release("Product A app 4.1", "Product A").title()).isEqualTo("Product A app 4.1");
    }

    @Test
    void aReleaseWithoutProductIsShownByItsName() {
        assertThat(release("4.1", null).title()).isEqualTo("4.1");
    }
}
