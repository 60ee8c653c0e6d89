package io.junicorn.examples.stomp;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * A Spring Boot WebSocket application with junicorn-spring-boot-starter in place of spring-boot-starter-tomcat:
 * STOMP over a plain WebSocket at /ws ({@link StompConfig}), a greeting for every message sent to /app/greet
 * ({@link GreetingController}). Run it with {@code junicorn -k virtual spring-websocket.jar}. Nothing in it names
 * junicorn.
 */
@SpringBootApplication
public class Application {
    public static void main(String[] args) {
        SpringApplication.run(Application.class, args);
    }
}
