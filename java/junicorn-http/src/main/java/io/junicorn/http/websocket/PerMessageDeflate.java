package io.junicorn.http.websocket;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/**
 * permessage-deflate (RFC 7692) for one connection: the negotiation, and the Inflater and Deflater its
 * {@link WebSocketDecoder} and {@link WebSocketEncoder} share. The decoder's thread inflates, the writer
 * deflates; {@link #close()} comes after both are done.
 *
 * <p>java.util.zip has no window size parameter: its Deflater always writes a 32 KiB (15-bit) window, so an
 * offer that limits the server's window (server_max_window_bits below 15) is declined; its Inflater reads any
 * window, so whatever client_max_window_bits the client states is fine.
 */
public final class PerMessageDeflate {
    public static final String NAME = "permessage-deflate";

    /** Inflated output is delivered in parts of at most this many bytes (a decompression bomb's bound). */
    static final int INFLATE_CHUNK = 16 * 1024;

    /** The empty stored block's LEN and NLEN that a sender strips from each message's end (§7.2.1, §7.2.2). */
    private static final byte[] TAIL = {0, 0, (byte) 0xff, (byte) 0xff};

    /**
     * What was agreed, in the response's terms. A window size is 8-15 when the response names the parameter,
     * 0 when it leaves it out (the side uses up to 15 bits).
     */
    public record Agreement(boolean serverNoContextTakeover, boolean clientNoContextTakeover,
                            int serverMaxWindowBits, int clientMaxWindowBits) {

        /** The Sec-WebSocket-Extensions value that accepts the offer, e.g. {@code permessage-deflate; client_max_window_bits=15}. */
        public String responseHeaderValue() {
            StringBuilder value = new StringBuilder(NAME);
            if (serverNoContextTakeover) {
                value.append("; server_no_context_takeover");
            }
            if (clientNoContextTakeover) {
                value.append("; client_no_context_takeover");
            }
            if (serverMaxWindowBits != 0) {
                value.append("; server_max_window_bits=").append(serverMaxWindowBits);
            }
            if (clientMaxWindowBits != 0) {
                value.append("; client_max_window_bits=").append(clientMaxWindowBits);
            }
            return value.toString();
        }
    }

    /**
     * The first permessage-deflate offer this side can honour (RFC 7692 §5, §7.1), or null. An offer is
     * declined, and the next one tried, when it names a parameter twice (the parser already leaves such an
     * offer out), names one unknown, gives a value where none is allowed or an invalid one, or asks for a
     * server window under 15 bits. The response repeats what the offer stated: server_no_context_takeover and
     * server_max_window_bits=15 must be echoed to be accepted (§7.1.1.1, §7.1.2.1), client_no_context_takeover
     * and a client_max_window_bits value may be; client_max_window_bits without a value only says the client
     * could limit its window, and the server's Inflater needs no limit, so it is left out.
     */
    public static Agreement negotiate(List<WebSocketHandshake.ExtensionOffer> offers) {
        for (WebSocketHandshake.ExtensionOffer offer : offers) {
            if (offer.name().equals(NAME)) {
                Agreement agreement = accept(offer.parameters());
                if (agreement != null) {
                    return agreement;
                }
            }
        }
        return null;
    }

    private static Agreement accept(Map<String, String> parameters) {
        boolean serverNoContextTakeover = false;
        boolean clientNoContextTakeover = false;
        int serverMaxWindowBits = 0;
        int clientMaxWindowBits = 0;
        for (Map.Entry<String, String> parameter : parameters.entrySet()) {
            String value = parameter.getValue();
            switch (parameter.getKey()) {
                case "server_no_context_takeover" -> {
                    if (value != null) {
                        return null;
                    }
                    serverNoContextTakeover = true;
                }
                case "client_no_context_takeover" -> {
                    if (value != null) {
                        return null;
                    }
                    clientNoContextTakeover = true;
                }
                case "server_max_window_bits" -> {
                    if (windowBits(value) != 15) { // no value, an invalid one, or one the Deflater cannot honour
                        return null;
                    }
                    serverMaxWindowBits = 15;
                }
                case "client_max_window_bits" -> {
                    if (value != null) {
                        clientMaxWindowBits = windowBits(value);
                        if (clientMaxWindowBits < 0) {
                            return null;
                        }
                    }
                }
                default -> {
                    return null;
                }
            }
        }
        return new Agreement(serverNoContextTakeover, clientNoContextTakeover, serverMaxWindowBits, clientMaxWindowBits);
    }

    /** A window size "8" to "15", digits only, no leading zero (§7.1.2.1); -1 otherwise. */
    private static int windowBits(String value) {
        if (value == null) {
            return -1;
        }
        for (int bits = 8; bits <= 15; bits++) {
            if (value.equals(Integer.toString(bits))) {
                return bits;
            }
        }
        return -1;
    }

    private final boolean resetInflaterPerMessage;
    private final boolean resetDeflaterPerMessage;
    // made on first use: a session that never sends (or never receives) a message holds no zlib state for it
    private Inflater inflater;
    private Deflater deflater;
    private ByteBuffer inflated;
    private byte[] deflated = new byte[256];
    /** Bytes of the current message went into the inflater since its stream (re)started. */
    private boolean fedThisMessage;
    private boolean closed;

    /**
     * @param server true on the server's side: it deflates with the server's parameters and inflates with the
     *               client's; false for a client (and tests)
     * @throws IllegalArgumentException when this side must deflate with a window under 15 bits, which
     *               java.util.zip cannot (a client whose server asked for client_max_window_bits below 15)
     */
    public PerMessageDeflate(Agreement agreement, boolean server) {
        int ownWindowBits = server ? agreement.serverMaxWindowBits() : agreement.clientMaxWindowBits();
        if (ownWindowBits != 0 && ownWindowBits != 15) {
            throw new IllegalArgumentException("java.util.zip cannot deflate with a window of " + ownWindowBits + " bits");
        }
        resetInflaterPerMessage = server ? agreement.clientNoContextTakeover() : agreement.serverNoContextTakeover();
        resetDeflaterPerMessage = server ? agreement.serverNoContextTakeover() : agreement.clientNoContextTakeover();
    }

    /** Ends the Inflater and Deflater (their native memory). Idempotent; nothing may be coded afterwards. */
    public void close() {
        closed = true;
        if (inflater != null) {
            inflater.end();
        }
        if (deflater != null) {
            deflater.end();
        }
    }

    /** Where inflated bytes go: the buffer is valid only during the call. */
    interface Sink {
        void accept(ByteBuffer chunk) throws IOException, WebSocketException;
    }

    /**
     * Inflates one received piece of a compressed message, handing the output to {@code sink} in chunks of at
     * most {@link #INFLATE_CHUNK} bytes as it comes: a small frame that inflates to gigabytes is never held
     * whole, and the sink may stop it by throwing. {@code end}: the piece ends the message, whose stripped
     * tail is put back (§7.2.2).
     */
    void inflate(ByteBuffer piece, boolean end, Sink sink) throws IOException, WebSocketException {
        requireOpen();
        Inflater inflater = inflater();
        if (piece.hasRemaining()) {
            inflateAll(inflater, piece, sink);
        }
        if (!end) {
            return;
        }
        // Without bytes since the stream (re)started there is no block for the tail to complete: an empty
        // payload, or one that ended with a final block. Appending it then would open a stored block of
        // 0xff00 bytes that swallows the next message.
        if (fedThisMessage) {
            inflateAll(inflater, ByteBuffer.wrap(TAIL), sink);
        }
        fedThisMessage = false;
        if (resetInflaterPerMessage) {
            inflater.reset();
        }
    }

    private void inflateAll(Inflater inflater, ByteBuffer input, Sink sink) throws IOException, WebSocketException {
        fedThisMessage = true;
        inflater.setInput(input);
        while (true) {
            inflated.clear();
            int n;
            try {
                n = inflater.inflate(inflated);
            } catch (DataFormatException e) {
                throw new WebSocketException(CloseCodes.INVALID_PAYLOAD, "compressed message is not DEFLATE data (RFC 7692 §6.2)");
            }
            if (n > 0) {
                sink.accept(inflated.flip());
            }
            if (inflater.finished()) {
                // A block with BFINAL set ends zlib's stream; more blocks may follow in the message (§7.2.3.4),
                // and they start a new one here. With an empty window: a later block that refers back past the
                // final block fails as not DEFLATE data (no known sender flushes with BFINAL).
                inflater.reset();
                fedThisMessage = false;
                if (!input.hasRemaining()) {
                    return;
                }
                fedThisMessage = true;
                inflater.setInput(input);
            } else if (n == 0) {
                if (inflater.needsDictionary()) {
                    throw new WebSocketException(CloseCodes.INVALID_PAYLOAD, "compressed message asks for a preset dictionary (RFC 7692 §6.2)");
                }
                return; // needs input: every byte given has gone in
            }
        }
    }

    /**
     * Deflates one outgoing fragment of a message, flushed so the receiver can inflate what it has. At the
     * message's end the flush's trailing 00 00 ff ff is stripped (§7.2.1), or, when the fragment added
     * nothing since the last flush, a single 0x00 is sent: the header bits of the empty stored block whose
     * LEN and NLEN the receiver appends (§7.2.3.6). The result is valid until the next call.
     */
    ByteBuffer deflate(ByteBuffer payload, boolean end) {
        requireOpen();
        Deflater deflater = deflater();
        deflater.setInput(payload.duplicate());
        int length = 0;
        while (true) {
            int space = deflated.length - length;
            int n = deflater.deflate(deflated, length, space, Deflater.SYNC_FLUSH);
            length += n;
            if (n < space) {
                break; // a full buffer may hide more output (Deflater.deflate's contract for SYNC_FLUSH)
            }
            deflated = Arrays.copyOf(deflated, deflated.length * 2);
        }
        if (end) {
            if (length == 0) {
                deflated[0] = 0;
                length = 1;
            } else {
                length -= TAIL.length;
            }
            if (resetDeflaterPerMessage) {
                deflater.reset();
            }
        }
        return ByteBuffer.wrap(deflated, 0, length);
    }

    private Inflater inflater() {
        if (inflater == null) {
            inflater = new Inflater(true); // raw DEFLATE, no zlib header (§7.2.2)
            inflated = ByteBuffer.allocate(INFLATE_CHUNK);
        }
        return inflater;
    }

    private Deflater deflater() {
        if (deflater == null) {
            deflater = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
        }
        return deflater;
    }

    private void requireOpen() {
        if (closed) {
            throw new IllegalStateException("permessage-deflate is closed");
        }
    }
}
