package io.junicorn.examples.boot;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

import java.util.Map;

/**
 * GET /hello: a JSON greeting; GET /greet/NAME: a greeting for NAME, logged through the application's SLF4J;
 * anything else: Boot's own error answer (404 as JSON, through the container's error dispatch).
 */
@RestController
public class GreetingController {
    private static final Logger log = LoggerFactory.getLogger(GreetingController.class);

    @GetMapping("/hello")
    public Map<String, String> hello() {
        return Map.of("message", "Hello from Spring Boot on junicorn");
    }

    @GetMapping("/greet/{name}")
    public Map<String, String> greet(@PathVariable String name) {
        log.info("greeting {}", name);
        return Map.of("greeting", "Hello, " + name + "!");
    }
}
