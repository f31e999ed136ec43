package io.scrumops.bridge.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.server.ResponseStatusException;

import java.sql.SQLException;
import java.util.NoSuchElementException;
import java.util.Set;

/**
 * The API's refusals as problem details ({@code application/problem+json}) whose {@code detail} says what was wrong
 * with the request. Console pages have their own (see {@code console.ConsoleErrors}).
 */
@RestControllerAdvice(annotations = RestController.class)
class ApiErrors {

    /** character_not_in_repertoire (NUL in text), untranslatable_character (NUL in jsonb). */
    private static final Set<String> UNSTORABLE_CHARACTER = Set.of("22021", "22P05");

    @ExceptionHandler(NoSuchElementException.class)
    ProblemDetail notFound(NoSuchElementException e) {
        return ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, e.getMessage());
    }

    @ExceptionHandler(IllegalArgumentException.class)
    ProblemDetail badRequest(IllegalArgumentException e) {
        return ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, e.getMessage());
    }

    @ExceptionHandler(ResponseStatusException.class)
    ProblemDetail refused(ResponseStatusException e) {
        return ProblemDetail.forStatusAndDetail(e.getStatusCode(), e.getReason());
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ProblemDetail wrongType(MethodArgumentTypeMismatchException e) {
        return ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, RequestErrors.wrongType(e));
    }

    @ExceptionHandler(MissingServletRequestParameterException.class)
    ProblemDetail missing(MissingServletRequestParameterException e) {
        return ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, RequestErrors.missing(e));
    }

    /**
     * PostgreSQL holds no NUL in text or JSON; a request body that carried one reaches the database and is refused
     * there (parameters are refused before, by {@link RequestParameterGuard}). Any other refusal stays a 500.
     */
    @ExceptionHandler(DataIntegrityViolationException.class)
    ProblemDetail unstorable(DataIntegrityViolationException e) {
        if (e.getMostSpecificCause() instanceof SQLException sql && UNSTORABLE_CHARACTER.contains(sql.getSQLState())) {
            return ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST,
                    "a value in the request holds the character U+0000, which cannot be stored");
        }
        throw e;
    }

    @ExceptionHandler(HttpMessageNotReadableException.class)
    ProblemDetail unreadable(HttpMessageNotReadableException e) {
        return ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, unreadableBody(e));
    }

    private static String unreadableBody(HttpMessageNotReadableException e) {
        Throwable cause = e.getMostSpecificCause();
        if (cause instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()) {
            return "the body does not fit at " + jsonPath(mapping) + ": " + firstLine(mapping.getOriginalMessage());
        }
        if (cause instanceof JsonProcessingException json) {
            return "the body is not valid JSON: " + firstLine(json.getOriginalMessage());
        }
        return e.getMessage() != null && e.getMessage().startsWith("Required request body is missing")
                ? "a JSON body is required" : "the body could not be read";
    }

    private static String jsonPath(JsonMappingException mapping) {
        StringBuilder path = new StringBuilder("$");
        for (JsonMappingException.Reference step : mapping.getPath()) {
            if (step.getFieldName() != null) {
                path.append('.').append(step.getFieldName());
            } else if (step.getIndex() >= 0) {
                path.append('[').append(step.getIndex()).append(']');
            }
        }
        return path.toString();
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "";
        }
        int end = message.indexOf('\n');
        return end < 0 ? message : message.substring(0, end);
    }
}
