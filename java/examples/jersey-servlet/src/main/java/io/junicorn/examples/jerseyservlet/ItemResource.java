package io.junicorn.examples.jerseyservlet;

import jakarta.inject.Singleton;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.CookieParam;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.NewCookie;
import jakarta.ws.rs.core.Response;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/** A small JSON API: items by id, created from JSON, a form, a cookie; bad ids become 400 (BadRequestMapper). */
@Path("/")
@Singleton
@Produces(MediaType.APPLICATION_JSON)
public class ItemResource {
    /** An item, as JSON. */
    public record Item(long id, String name) {
    }

    private final Map<Long, Item> items = new ConcurrentHashMap<>(Map.of(1L, new Item(1, "teapot")));
    private final AtomicLong ids = new AtomicLong(100);

    @GET
    @Path("hello")
    public Map<String, String> hello() {
        return Map.of("message", "Hello from Jersey on junicorn");
    }

    @GET
    @Path("items/{id}")
    public Response item(@PathParam("id") long id) {
        if (id < 0) {
            throw new IllegalArgumentException("item ids are positive, not " + id);
        }
        Item item = items.get(id);
        return item == null ? Response.status(Response.Status.NOT_FOUND).build() : Response.ok(item).build();
    }

    @POST
    @Path("items")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response create(Item item) {
        Item created = new Item(ids.incrementAndGet(), item.name());
        items.put(created.id(), created);
        return Response.status(Response.Status.CREATED).entity(created).build();
    }

    @POST
    @Path("greet")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Map<String, String> greet(@FormParam("name") String name) {
        return Map.of("greeting", "Hello, " + name + "!");
    }

    @GET
    @Path("visit")
    public Response visit(@CookieParam("visits") String visits) {
        int next = (visits == null ? 0 : Integer.parseInt(visits)) + 1;
        NewCookie cookie = new NewCookie.Builder("visits").value(Integer.toString(next)).path("/").httpOnly(true).build();
        return Response.ok(Map.of("visits", next)).cookie(cookie).build();
    }
}
