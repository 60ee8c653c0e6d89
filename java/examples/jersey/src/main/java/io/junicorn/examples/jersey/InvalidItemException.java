package io.junicorn.examples.jersey;

/** An item the application refuses; {@link InvalidItemMapper} answers it. */
public class InvalidItemException extends RuntimeException {
    public InvalidItemException(String message) {
        super(message);
    }
}
