package io.junicorn.examples.spring;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The error page (WebInitializer names it): errors the container turns into an ERROR dispatch, such as a path
 * no controller maps, come here and leave as JSON, the way Spring Boot's /error does.
 */
@RestController
public class ErrorController {
    @RequestMapping("/error")
    public ResponseEntity<Map<String, Object>> error(HttpServletRequest request) {
        Object status = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        int code = status instanceof Integer value ? value : 500;
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", code);
        body.put("path", request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI));
        return ResponseEntity.status(code).body(body);
    }
}
