/**
 * One adapter per outside system. Vendor JSON stops here: each adapter hands the rest of the bridge model objects only,
 * and refuses a payload it cannot read with a {@link io.scrumops.bridge.adapter.MalformedPayloadException}.
 */
package io.scrumops.bridge.adapter;
