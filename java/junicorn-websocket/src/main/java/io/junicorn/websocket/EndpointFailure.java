package io.junicorn.websocket;

/**
 * A checked exception an annotated endpoint's method threw, carried through a MessageHandler (which may throw
 * none) to the session, which reports the cause itself to onError.
 */
final class EndpointFailure extends RuntimeException {
    EndpointFailure(Throwable cause) {
        super(cause);
    }
}
