package io.junicorn.examples.jersey;

/** An item, as JSON: {"id": 1, "name": "pen", "quantity": 3}. */
public record Item(long id, String name, int quantity) {
}
