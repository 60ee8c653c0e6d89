package io.junicorn.http;

/**
 * An HTTP/2 error found in the bytes, with its code and its scope (RFC 9113 §5.4): a stream error when
 * {@link #streamId()} is above 0 (the stream is reset, the connection goes on), else a connection error (GOAWAY,
 * then close). The reason names the rule and its section, for the log and the GOAWAY's debug data.
 */
public final class Http2Exception extends Exception {
    private final Http2ErrorCode code;
    private final int streamId;

    private Http2Exception(Http2ErrorCode code, int streamId, String reason) {
        super(reason, null, false, false);
        this.code = code;
        this.streamId = streamId;
    }

    /** The connection cannot go on. */
    public static Http2Exception connection(Http2ErrorCode code, String reason) {
        return new Http2Exception(code, 0, reason);
    }

    /** Only {@code streamId} is affected. */
    public static Http2Exception stream(int streamId, Http2ErrorCode code, String reason) {
        return new Http2Exception(code, streamId, reason);
    }

    public Http2ErrorCode code() {
        return code;
    }

    /** The stream in error, or 0 for a connection error. */
    public int streamId() {
        return streamId;
    }

    public boolean isConnectionError() {
        return streamId == 0;
    }

    public String reason() {
        return getMessage();
    }
}
