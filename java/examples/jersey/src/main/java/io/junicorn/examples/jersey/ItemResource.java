package io.junicorn.examples.jersey;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.net.URI;
import java.util.concurrent.atomic.AtomicLong;

/** JSON in and out, a path variable, and an exception that a mapper turns into a 422. */
@Path("/items")
@Produces(MediaType.APPLICATION_JSON)
public class ItemResource {
    private static final AtomicLong ids = new AtomicLong(100);

    @GET
    @Path("{id}")
    public Item get(@PathParam("id") long id) {
        return new Item(id, "item-" + id, 1);
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response create(Item item) {
        if (item.quantity() < 0) {
            throw new InvalidItemException("quantity must not be negative: " + item.quantity());
        }
        Item created = new Item(ids.incrementAndGet(), item.name(), item.quantity());
        return Response.created(URI.create("/items/" + created.id())).entity(created).build();
    }
}
