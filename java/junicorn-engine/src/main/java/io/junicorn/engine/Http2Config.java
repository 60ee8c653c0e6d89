package io.junicorn.engine;

/**
 * How a worker serves HTTP/2 (docs/http.md, "HTTP/2"): whether at all, and the limits each connection
 * advertises in its SETTINGS or enforces on its own.
 *
 * @param enabled false: h2 is not offered by ALPN, and a client that sends the h2c preface gets GOAWAY
 *                HTTP_1_1_REQUIRED (the sync and gthread workers, or http_protocols = h1)
 * @param maxConcurrentStreams SETTINGS_MAX_CONCURRENT_STREAMS (http2_max_concurrent_streams); a stream
 *                             beyond it is refused with RST_STREAM REFUSED_STREAM
 * @param initialWindowSize SETTINGS_INITIAL_WINDOW_SIZE (http2_initial_window_size): how many request body
 *                          bytes of a stream the server buffers before the application reads them
 * @param maxFrameSize SETTINGS_MAX_FRAME_SIZE (http2_max_frame_size)
 * @param maxHeaderListSize SETTINGS_MAX_HEADER_LIST_SIZE (http2_max_header_list_size): a larger request head
 *                          gets 431; a header block twice as large ends the connection (ENHANCE_YOUR_CALM)
 * @param maxOverheadFrames the most frames per second that carry no request forward (SETTINGS, PING,
 *                          PRIORITY, RST_STREAM from the client, empty DATA, HEADERS or CONTINUATION) before
 *                          the connection is closed with ENHANCE_YOUR_CALM (http2_max_overhead_frames)
 */
public record Http2Config(boolean enabled, int maxConcurrentStreams, int initialWindowSize, int maxFrameSize,
                          int maxHeaderListSize, int maxOverheadFrames) {
    /** HTTP/2 with the registry's defaults. */
    public static final Http2Config DEFAULTS = new Http2Config(true, 100, 65_535, 16_384, 65_536, 200);
    /** HTTP/1.1 only. */
    public static final Http2Config DISABLED = new Http2Config(false, 100, 65_535, 16_384, 65_536, 200);

    public Http2Config {
        if (maxFrameSize < 16_384 || maxFrameSize > (1 << 24) - 1) {
            throw new IllegalArgumentException("http2_max_frame_size must be 16384..16777215, not " + maxFrameSize);
        }
        if (initialWindowSize < 0) {
            throw new IllegalArgumentException("http2_initial_window_size must not be negative");
        }
    }

    /** The same limits, HTTP/2 off. */
    public Http2Config disabled() {
        return new Http2Config(false, maxConcurrentStreams, initialWindowSize, maxFrameSize, maxHeaderListSize,
                maxOverheadFrames);
    }
}
