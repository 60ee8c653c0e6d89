package io.junicorn.examples.boot;

/** No such user: answered 404 by {@link ApiExceptionHandler}. */
public class UnknownUserException extends RuntimeException {
    private final long id;

    public UnknownUserException(long id) {
        super("no user " + id);
        this.id = id;
    }

    public long id() {
        return id;
    }
}
