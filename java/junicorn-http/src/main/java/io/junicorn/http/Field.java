package io.junicorn.http;

/** One field line as received: the name with its original case, the value without surrounding OWS. */
public record Field(String name, String value) {
}
