package io.scrumops.bridge.web.console;

import io.scrumops.bridge.web.RequestErrors;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.ModelAndView;

import java.util.Map;
import java.util.NoSuchElementException;

/**
 * A console page's refusal as a page ({@code templates/error.html}) that says what was wrong, not as the API's JSON.
 * Failures of the bridge itself are left to Spring Boot's error page, which renders the same template without their
 * message (it could carry SQL or a stack's detail).
 */
@ControllerAdvice(annotations = ConsolePage.class)
class ConsoleErrors {

    @ExceptionHandler(ResponseStatusException.class)
    ModelAndView refused(ResponseStatusException e, HttpServletRequest request) {
        return page(e.getStatusCode(), e.getReason(), request);
    }

    @ExceptionHandler(IllegalArgumentException.class)
    ModelAndView badRequest(IllegalArgumentException e, HttpServletRequest request) {
        return page(HttpStatus.BAD_REQUEST, e.getMessage(), request);
    }

    @ExceptionHandler(NoSuchElementException.class)
    ModelAndView notFound(NoSuchElementException e, HttpServletRequest request) {
        return page(HttpStatus.NOT_FOUND, e.getMessage(), request);
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ModelAndView wrongType(MethodArgumentTypeMismatchException e, HttpServletRequest request) {
        return page(HttpStatus.BAD_REQUEST, RequestErrors.wrongType(e), request);
    }

    @ExceptionHandler(MissingServletRequestParameterException.class)
    ModelAndView missing(MissingServletRequestParameterException e, HttpServletRequest request) {
        return page(HttpStatus.BAD_REQUEST, RequestErrors.missing(e), request);
    }

    private static ModelAndView page(HttpStatusCode status, String detail, HttpServletRequest request) {
        HttpStatus known = HttpStatus.resolve(status.value());
        return new ModelAndView("error", Map.of(
                "status", status.value(),
                "error", known == null ? "Error" : known.getReasonPhrase(),
                "detail", detail == null ? "" : detail,
                "path", request.getRequestURI()), status);
    }
}
