package io.junicorn.http.websocket;

/**
 * A violation that ends the connection, with the close code to send (RFC 6455 §7.4.1: 1002 for framing,
 * 1007 for a payload that is not what its type says, 1009 for a message above the receiver's limit). The
 * reason names the rule and its section; it never quotes received bytes, and it fits a close frame (at most
 * 123 bytes of UTF-8) when it is sent as the close reason.
 */
public final class WebSocketException extends Exception {
    private static final long serialVersionUID = 1L;

    private final int closeCode;

    public WebSocketException(int closeCode, String reason) {
        super(reason, null, false, false); // no stack: these are expected and cheap
        this.closeCode = closeCode;
    }

    public int closeCode() {
        return closeCode;
    }

    public String reason() {
        return getMessage();
    }
}
