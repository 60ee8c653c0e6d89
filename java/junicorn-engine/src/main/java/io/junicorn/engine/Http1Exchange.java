package io.junicorn.engine;

import io.junicorn.engine.tls.TlsSession;
import io.junicorn.http.BodyDecoder;
import io.junicorn.http.RequestHead;
import io.junicorn.http.ResponseEncoder;
import io.junicorn.http.ResponseGenerator;
import io.junicorn.http.ResponseGenerator.ConnectionIntent;
import io.junicorn.http.ResponseGenerator.Framing;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.URI;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * An HTTP/1.1 exchange: the request body over the connection's read buffer, the response framed by
 * {@link ResponseGenerator} into the connection's write buffer.
 *
 * <p>Two threads may touch it: the connection's, which runs the handler and owns the buffers, and one
 * calling {@link #abandon} (the request timeout), which answers or cuts around the buffers.
 */
final class Http1Exchange extends EngineExchange {
    private static final Logger log = LoggerFactory.getLogger(Http1Exchange.class);

    /** Exchanges that took longer send their response at once even when pipelined requests wait. */
    private static final long HOLD_BACK_NANOS = 10_000_000;

    private final Http1Connection connection;
    private final ConnectionIo io;
    private final RequestBody requestBody;
    private final ResponseBody responseBody;
    private boolean headersSent;
    private boolean closeConnection;
    private boolean finished;
    private boolean aborted;
    /** Whether the connection may be taken over after a 101 (the worker class offers it; HTTP/1.1). */
    private final boolean upgradable;
    /** The protocol that asked for the connection after a 101, or null. */
    private Consumer<UpgradedConnection> upgrade;

    Http1Exchange(Http1Connection connection, ConnectionIo io, RequestHead head, URI uri, BodyDecoder decoder,
                  int bodyTimeoutMillis, PeerIdentity peer, TlsSession tls, PeerIdentity.Forwarded forwarded,
                  boolean upgradable) {
        super(head, uri, peer, tls, connection.context(), forwarded);
        this.upgradable = upgradable;
        this.connection = connection;
        this.io = io;
        this.requestBody = new RequestBody(this, io, decoder, head.expectContinue(), bodyTimeoutMillis);
        this.responseBody = new ResponseBody(this, io);
        this.in = requestBody;
        this.out = responseBody;
    }

    @Override
    long bodyBytesSent() {
        return responseBody.bytesSent();
    }

    @Override
    ConnectionUpgrade connectionUpgrade() {
        return upgradable ? this::upgradeAfterResponse : null;
    }

    private void upgradeAfterResponse(Consumer<UpgradedConnection> protocol) {
        Objects.requireNonNull(protocol, "protocol");
        if (headersSent) {
            throw new IllegalStateException("the response head was sent already: ask for the connection before the 101");
        }
        if (upgrade != null) {
            throw new IllegalStateException("the connection was asked for already");
        }
        upgrade = protocol;
    }

    @Override
    boolean switchesProtocols() {
        return upgrade != null;
    }

    /** The protocol the connection goes to now that the exchange is over: a 101 was sent whole, else null. */
    Consumer<UpgradedConnection> switchedTo() {
        return upgrade != null && responseCode == 101 && !aborted && !abandoned() && !responseBody.failed()
                ? upgrade : null;
    }

    /**
     * @param rCode 200-599, or 101 once a protocol asked for the connection (its length is ignored)
     * @param responseLength above 0: that many bytes follow (Content-Length); 0: any number (chunked, or
     *                       until close for an HTTP/1.0 client); -1: no body
     */
    @Override
    public void sendResponseHeaders(int rCode, long responseLength) throws IOException {
        commitResponse(headersSent, rCode);
        if (rCode == 101) {
            switchProtocols();
            return;
        }
        boolean serverCloses = closeConnection || !connection.keepAliveAllowed() || !head.keepAlive()
                || requestBody.continuePending() || connection.listener().closeAfterResponse();
        ResponseGenerator.Head decided;
        try {
            decided = connection.generator().head(rCode, head.method(), head.version(), responseLength,
                    serverCloses ? ConnectionIntent.CLOSE : ConnectionIntent.KEEP_ALIVE, responseHeaders,
                    DateCache.dateLine(), connection.serverLine());
        } catch (IllegalArgumentException e) {
            throw refuseHead(e);
        }
        ResponseEncoder enc = connection.encoder();
        io.write(enc.array(), 0, enc.length());
        headersSent = true;
        responseCode = rCode;
        closeConnection = decided.close();
        responseBody.start(decided.framing(), decided.framing() == Framing.FIXED_LENGTH ? responseLength : 0);
    }

    /** A head the generator refused (a field that could split it): said in the log, answered 500. */
    private HeadRefused refuseHead(IllegalArgumentException why) {
        headersSent = true;
        responseCode = 500;
        closeConnection = true;
        responseBody.fail();
        log.error("response head refused for {} {}: {}; answering 500", head.method(), head.target(), why.getMessage());
        connection.sendError(500, "invalid response header");
        return new HeadRefused(why);
    }

    /** The 101's head (RFC 9110 §15.2.2); no body follows, and the connection is the protocol's after it. */
    private void switchProtocols() throws IOException {
        try {
            connection.generator().switchingProtocols(responseHeaders, DateCache.dateLine(), connection.serverLine());
        } catch (IllegalArgumentException e) {
            throw refuseHead(e);
        }
        ResponseEncoder enc = connection.encoder();
        io.write(enc.array(), 0, enc.length());
        headersSent = true;
        responseCode = 101;
        responseBody.start(Framing.EMPTY, 0);
    }

    /** Completes the exchange: the response, including the application's own stream wrappers. */
    @Override
    public void close() {
        try {
            in.close();
        } catch (IOException | RuntimeException e) {
            log.debug("closing the request body stream failed", e);
        }
        try {
            finish();
        } catch (IOException e) {
            closeConnection = true;
            log.debug("completing the response failed: {}", e.toString());
        }
    }

    /**
     * Sends a 500 when there was no response (or what a failed request body calls for), ends the body,
     * flushes. Idempotent.
     */
    void finish() throws IOException {
        if (finished) {
            return;
        }
        finished = true;
        if (claim.taken()) {
            responseBody.fail();
            return;
        }
        if (!headersSent && connection.answerBodyFailure(this, head)) {
            return;
        }
        if (!headersSent) {
            log.warn("handler returned without a response to {} {}; answering 500", head.method(), head.target());
            responseHeaders = null;
            sendResponseHeaders(500, -1);
        }
        if (out != responseBody) {
            try {
                out.close(); // a filter's wrapper (gzip, buffering) has bytes of its own to write
            } catch (IOException | RuntimeException e) {
                closeConnection = true;
                if (!clientGone()) {
                    log.warn("closing the application's response stream failed: {}", e.toString());
                }
            }
        }
        responseBody.close();
        claim.complete();
    }

    /** The request timeout's answer or cut, written around the connection's buffers. */
    @Override
    public Outcome abandon(int status) {
        return claim.abandon(status, new ResponseClaim.Takeover() {
            @Override
            public void answer(int code) {
                responseCode = code;
                connection.sendErrorFromOtherThread(code);
            }

            @Override
            public void cut() {
                connection.cut();
            }
        });
    }

    /**
     * Claims the response for an error the engine sends on the handler's behalf (on the connection's thread).
     * False when a head was sent or abandon answered.
     */
    boolean claimForError() {
        return claim.commit();
    }

    /** The handler failed after the head was sent: the response cannot be completed truthfully. */
    void abort() {
        aborted = true;
        finished = true;
        closeConnection = true;
        responseBody.fail();
    }

    /** What sendResponseHeaders throws for a head it refused, once it has said so in the log and answered 500. */
    static final class HeadRefused extends IOException {
        HeadRefused(IllegalArgumentException why) {
            super("invalid response header: " + why.getMessage(), why);
        }
    }

    @Override
    boolean clientGone() {
        return io.writeFailed();
    }

    void responseShort(long missing) {
        closeConnection = true;
        if (clientGone()) {
            return; // the client left; the application stopped writing, as it should
        }
        log.warn("response to {} {} ended {} bytes short of its Content-Length; closing the connection",
                head.method(), head.target(), missing);
    }

    void responseTruncated() {
        closeConnection = true;
    }

    /**
     * Whether the complete response may stay in the write buffer (ResponseBody.complete): the connection goes on,
     * the request body is all read and the client's next request has begun to arrive, so the connection's
     * thread comes back to the buffer before it waits for anything. Only for a fast exchange: batching saves a
     * write per response, which matters when the handler costs microseconds, while a slow handler's client
     * should not wait for the handlers after it too. Never when a request may be abandoned: the request
     * timeout's answer and cut go around the buffer, and must not overtake or lose a held response.
     */
    boolean mayHoldBackResponse() {
        return !closeConnection && !abandoned() && io.in.hasRemaining() && requestBody.isComplete()
                && !connection.listener().abandonsRequests() && System.nanoTime() - startNanos() < HOLD_BACK_NANOS;
    }

    boolean headersSent() {
        return headersSent;
    }

    boolean aborted() {
        return aborted;
    }

    RequestBody requestBodyStream() {
        return requestBody;
    }

    /** True when the connection may carry another request after this one (the body still to drain). */
    boolean reusable() {
        return !closeConnection && !abandoned() && !responseBody.failed();
    }
}
