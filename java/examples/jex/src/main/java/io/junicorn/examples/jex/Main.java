package io.junicorn.examples.jex;

import io.avaje.jex.Jex;

import java.util.Map;

/**
 * An Avaje Jex application as its authors run it on the JDK's server, unchanged: under junicorn this main runs
 * in each worker and Jex's server is served on junicorn's listeners instead of port 7070.
 */
public final class Main {
    private Main() {
    }

    /** A user, as JSON. */
    public record User(long id, String name) {
    }

    public static void main(String[] args) {
        Jex.create()
                .before(ctx -> ctx.header("X-Example", "jex"))
                .get("/", ctx -> ctx.text("Hello from Jex\n"))
                .get("/users/{id}", ctx -> ctx.json(new User(Long.parseLong(ctx.pathParam("id")), "user")))
                .post("/users", ctx -> {
                    User user = ctx.bodyAsClass(User.class);
                    ctx.status(201).json(new User(user.id() + 1, user.name()));
                })
                .error(NumberFormatException.class, (ctx, e) ->
                        ctx.status(400).json(Map.of("error", "not a number: " + e.getMessage())))
                .port(7070)
                .start();
    }
}
