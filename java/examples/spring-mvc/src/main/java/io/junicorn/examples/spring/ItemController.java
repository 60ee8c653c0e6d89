package io.junicorn.examples.spring;

import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.CookieValue;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/** A small JSON API: items by id, created from JSON, a form, a cookie, and errors as JSON. */
@RestController
public class ItemController {
    /** An item, as JSON. */
    public record Item(long id, String name) {
    }

    private final Map<Long, Item> items = new ConcurrentHashMap<>(Map.of(1L, new Item(1, "teapot")));
    private final AtomicLong ids = new AtomicLong(100);

    @GetMapping("/hello")
    public Map<String, String> hello() {
        return Map.of("message", "Hello from Spring MVC on junicorn");
    }

    @GetMapping("/items/{id}")
    public ResponseEntity<Item> item(@PathVariable("id") long id) {
        if (id < 0) {
            throw new IllegalArgumentException("item ids are positive, not " + id);
        }
        Item item = items.get(id);
        return item == null ? ResponseEntity.notFound().build() : ResponseEntity.ok(item);
    }

    @PostMapping("/items")
    public ResponseEntity<Item> create(@RequestBody Item item) {
        Item created = new Item(ids.incrementAndGet(), item.name());
        items.put(created.id(), created);
        return ResponseEntity.status(HttpStatus.CREATED).body(created);
    }

    @PostMapping(path = "/greet", consumes = "application/x-www-form-urlencoded")
    public Map<String, String> greet(@RequestParam("name") String name) {
        return Map.of("greeting", "Hello, " + name + "!");
    }

    @GetMapping("/visit")
    public Map<String, Object> visit(@CookieValue(name = "visits", defaultValue = "0") int visits,
                                     HttpServletResponse response) {
        Cookie cookie = new Cookie("visits", Integer.toString(visits + 1));
        cookie.setPath("/");
        cookie.setHttpOnly(true);
        response.addCookie(cookie);
        return Map.of("visits", visits + 1);
    }

    /** Served asynchronously: Spring starts async, computes on another thread, then dispatches back. */
    @GetMapping("/later")
    public Callable<Map<String, String>> later() {
        return () -> Map.of("computed", "on " + (Thread.currentThread().isVirtual() ? "a virtual" : "a platform")
                + " thread");
    }

    @PostMapping(path = "/upload", consumes = "multipart/form-data")
    public Map<String, Object> upload(@RequestParam("file") MultipartFile file, @RequestParam("note") String note) {
        return Map.of("file", file.getOriginalFilename(), "size", file.getSize(), "note", note);
    }

    /** Not handled here: the exception reaches the container, which serves the /error page. */
    @GetMapping("/crash")
    public Map<String, String> crash() {
        throw new IllegalStateException("the crash endpoint always fails");
    }

    @ExceptionHandler(IllegalArgumentException.class)
    public ResponseEntity<Map<String, String>> badRequest(IllegalArgumentException e) {
        return ResponseEntity.badRequest().body(Map.of("error", e.getMessage()));
    }
}
