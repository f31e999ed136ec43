package io.scrumops.bridge.web.console;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a controller whose views use the console layout ({@code templates/layout.html}): its models get what the
 * layout shows on every page (see {@link ConsoleModel}). A page template starts with
 * {@code <html th:replace="~{layout :: page(~{::title}, ~{::main})}">} and has a {@code <title>} and a {@code <main>}.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
public @interface ConsolePage {
}
