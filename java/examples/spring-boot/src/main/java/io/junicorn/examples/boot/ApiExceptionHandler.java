package io.junicorn.examples.boot;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestControllerAdvice;

import java.util.Map;

/** The application's own answer to its own exception; every other failure gets Spring Boot's error body. */
@RestControllerAdvice
public class ApiExceptionHandler {

    @ExceptionHandler(UnknownUserException.class)
    @ResponseStatus(HttpStatus.NOT_FOUND)
    public Map<String, Object> unknownUser(UnknownUserException e) {
        return Map.of("error", "unknown user", "id", e.id());
    }
}
