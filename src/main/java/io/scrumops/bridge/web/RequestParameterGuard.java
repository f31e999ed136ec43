package io.scrumops.bridge.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpStatus;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

import java.util.Map;

/**
 * Refuses, with 400 and the parameter's name, a request to the API or the console whose query or form parameters hold
 * a control character other than tab, line feed and carriage return. No filter, search or form field needs one, and
 * PostgreSQL refuses NUL in any text: a {@code ?team=%00} reached the database and came back as a 500. Webhooks are
 * not served here (Camel's servlet); their bodies are stored with NUL escaped.
 */
@Configuration(proxyBeanMethods = false)
class RequestParameterGuard implements HandlerInterceptor, WebMvcConfigurer {

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(this);
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
        for (Map.Entry<String, String[]> parameter : request.getParameterMap().entrySet()) {
            String name = parameter.getKey();
            refuseControl(name, name);
            for (String value : parameter.getValue()) {
                refuseControl(name, value);
            }
        }
        return true;
    }

    private static void refuseControl(String name, String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isISOControl(c) && c != '\t' && c != '\n' && c != '\r') {
                throw new ResponseStatusException(HttpStatus.BAD_REQUEST, String.format(
                        "parameter '%s' holds the control character U+%04X; parameters take text only",
                        printable(name), (int) c));
            }
        }
    }

    private static String printable(String name) {
        StringBuilder shown = new StringBuilder(name.length());
        name.codePoints().forEach(c -> {
            if (Character.isISOControl(c)) {
                shown.append(String.format("\\u%04X", c));
            } else {
                shown.appendCodePoint(c);
            }
        });
        return RequestErrors.shortened(shown.toString());
    }
}
