package io.junicorn.examples.stomp;

import org.springframework.messaging.handler.annotation.MessageMapping;
import org.springframework.messaging.handler.annotation.SendTo;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ResponseBody;

/**
 * SEND to /app/greet with {@code {"name":"Ana"}}: every subscriber of /topic/greetings receives
 * {@code {"content":"Hello, Ana!"}}. GET /pid answers the worker's pid, to tell workers apart over plain HTTP.
 */
@Controller
public class GreetingController {
    public record Greeting(String content) {
    }

    public record HelloMessage(String name) {
    }

    @MessageMapping("/greet")
    @SendTo("/topic/greetings")
    public Greeting greet(HelloMessage message) {
        return new Greeting("Hello, " + message.name() + "!");
    }

    @GetMapping("/pid")
    @ResponseBody
    public String pid() {
        return Long.toString(ProcessHandle.current().pid());
    }
}
