package io.junicorn.examples.boot;

import jakarta.servlet.http.HttpSession;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

import java.io.IOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;

/**
 * A small JSON API: users (validated on POST), an upload, a per-session visit counter, a slow answer, and a
 * failure left to Spring Boot's error handling.
 */
@RestController
public class UserController {
    private static final Logger log = LoggerFactory.getLogger(UserController.class);

    /** A user; what POST /users validates. */
    public record User(long id, @NotBlank String name, @NotBlank @Email String email) {
    }

    @GetMapping("/users/{id}")
    public User user(@PathVariable long id) {
        if (id <= 0 || id > 1000) {
            throw new UnknownUserException(id);
        }
        return new User(id, "user" + id, "user" + id + "@example.com");
    }

    @PostMapping("/users")
    @ResponseStatus(HttpStatus.CREATED)
    public User create(@Valid @RequestBody User user) {
        log.info("created user {}", user.name());
        return user;
    }

    @PostMapping("/uploads")
    public Map<String, Object> upload(@RequestParam("file") MultipartFile file) throws IOException, NoSuchAlgorithmException {
        byte[] digest = MessageDigest.getInstance("SHA-256").digest(file.getBytes());
        return Map.of("name", file.getOriginalFilename(), "size", file.getSize(), "sha256", HexFormat.of().formatHex(digest));
    }

    @GetMapping("/visits")
    public Map<String, Object> visits(HttpSession session) {
        Integer visits = (Integer) session.getAttribute("visits");
        visits = visits == null ? 1 : visits + 1;
        session.setAttribute("visits", visits);
        return Map.of("visits", visits);
    }

    @GetMapping("/slow")
    public Map<String, Object> slow(@RequestParam(defaultValue = "1000") long millis) throws InterruptedException {
        log.info("answering in {} ms", millis);
        Thread.sleep(millis);
        return Map.of("slept", millis);
    }

    @GetMapping("/boom")
    public Map<String, Object> boom() {
        throw new IllegalStateException("the example fails here on purpose");
    }
}
