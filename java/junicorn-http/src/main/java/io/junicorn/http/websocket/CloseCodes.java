package io.junicorn.http.websocket;

/** Close status codes (RFC 6455 §7.4.1 and the IANA registry it created, §11.7). */
public final class CloseCodes {
    public static final int NORMAL = 1000;
    public static final int GOING_AWAY = 1001;
    public static final int PROTOCOL_ERROR = 1002;
    public static final int UNSUPPORTED_DATA = 1003;
    /** Never sent: what a close frame without a code is reported as. */
    public static final int NO_STATUS = 1005;
    /** Never sent: what a connection that ended without a close frame is reported as. */
    public static final int ABNORMAL = 1006;
    public static final int INVALID_PAYLOAD = 1007;
    public static final int POLICY_VIOLATION = 1008;
    public static final int TOO_BIG = 1009;
    public static final int MANDATORY_EXTENSION = 1010;
    public static final int INTERNAL_ERROR = 1011;
    public static final int SERVICE_RESTART = 1012;
    public static final int TRY_AGAIN_LATER = 1013;

    private CloseCodes() {
    }

    /**
     * May this code appear in a close frame (§7.4.1, §7.4.2)? 1000-1003 and 1007-1014 (1012-1014 were
     * registered after the RFC), 3000-3999 (registered by libraries and frameworks) and 4000-4999 (private
     * use). Not 1004 (reserved), 1005, 1006 and 1015 (only ever reported locally), nor anything else below
     * 3000 (reserved for future RFCs) or above 4999. A received close frame with another code is a protocol
     * error.
     */
    public static boolean sendable(int code) {
        return code >= 1000 && code <= 1003 || code >= 1007 && code <= 1014 || code >= 3000 && code <= 4999;
    }
}
