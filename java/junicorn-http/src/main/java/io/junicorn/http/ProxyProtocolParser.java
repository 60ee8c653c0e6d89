package io.junicorn.http;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * The PROXY protocol header (HAProxy's proxy-protocol.txt, versions 1 and 2) at the start of a connection,
 * before HTTP. {@link #parse} looks at the bytes from the buffer's position and consumes nothing until the
 * header is complete, so the caller keeps reading into the same buffer (as the connection's read buffer
 * does) and the result is the same for any split of the input. A connection that does not start with a
 * header is plain HTTP (gunicorn's valid/pp_03): {@link ProxyHeader#NONE}, nothing consumed.
 *
 * <p>Refusals are gunicorn's: a malformed v1 line (InvalidProxyLine) or v2 header (InvalidProxyHeader) is
 * 400. v1 is exactly {@code PROXY TCP4|TCP6 src dst sport dport CRLF} with single spaces, addresses of the
 * named family, ports 0 to 65535, or {@code PROXY UNKNOWN ...}; v2 is version 2, command LOCAL or PROXY,
 * TCP over IPv4 or IPv6, or UNSPEC; UDP and unix-socket addresses are refused, as gunicorn does.
 */
public final class ProxyProtocolParser {
    /** Which versions a connection may start with (the proxy_protocol setting). */
    public enum Mode {
        OFF, V1, V2, AUTO;

        /** off, v1, v2 or auto, as gunicorn 24+ spells them; gunicorn's older true means auto. */
        public static Mode of(String text) {
            return switch (text) {
                case "off", "false" -> OFF;
                case "v1" -> V1;
                case "v2" -> V2;
                case "auto", "true" -> AUTO;
                default -> throw new IllegalArgumentException("expected off, v1, v2 or auto, got '" + text + "'");
            };
        }
    }

    private static final byte[] V1_PREFIX = "PROXY ".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] V2_SIGNATURE = {'\r', '\n', '\r', '\n', 0, '\r', '\n', 'Q', 'U', 'I', 'T', '\n'};
    /** The spec's longest v1 line: "PROXY TCP6 " + two full IPv6 addresses + two ports + CRLF. */
    static final int V1_MAX = 107;
    /**
     * The longest v2 address block accepted. The format allows 65535 bytes of TLVs; real proxies send a few
     * dozen (AWS, GCP, Azure TLVs are under 300), and a header must fit the connection's read buffer.
     */
    static final int V2_MAX_BLOCK = 4096;
    private static final int V2_FIXED = 16;

    private final Mode mode;

    public ProxyProtocolParser(Mode mode) {
        this.mode = mode;
    }

    /**
     * Returns the header once it is complete (the buffer then stands after it), {@link ProxyHeader#NONE} when
     * the input is not a PROXY header (nothing consumed), or null when more bytes are needed to tell.
     *
     * @throws HttpException 400 for a malformed header
     */
    public ProxyHeader parse(ByteBuffer in) {
        if (mode == Mode.OFF) {
            return ProxyHeader.NONE;
        }
        if (mode != Mode.V2) {
            int match = prefixMatch(in, V1_PREFIX);
            if (match == V1_PREFIX.length) {
                return v1(in);
            }
            if (match == in.remaining()) {
                return null;
            }
        }
        if (mode != Mode.V1) {
            int match = prefixMatch(in, V2_SIGNATURE);
            if (match == V2_SIGNATURE.length) {
                return v2(in);
            }
            if (match == in.remaining()) {
                return null;
            }
        }
        return ProxyHeader.NONE;
    }

    /** How many bytes from the position equal the start of {@code expected}: all of them, or the first miss. */
    private static int prefixMatch(ByteBuffer in, byte[] expected) {
        int n = Math.min(in.remaining(), expected.length);
        int p = in.position();
        for (int i = 0; i < n; i++) {
            if (in.get(p + i) != expected[i]) {
                return i;
            }
        }
        return n;
    }

    private static ProxyHeader v1(ByteBuffer in) {
        int p = in.position();
        int end = -1;
        for (int i = 0; i < Math.min(in.remaining(), V1_MAX); i++) {
            if (in.get(p + i) == '\n') {
                end = i;
                break;
            }
        }
        if (end < 0) {
            if (in.remaining() >= V1_MAX) {
                throw invalidLine("no CRLF within " + V1_MAX + " bytes");
            }
            return null;
        }
        if (end == 0 || in.get(p + end - 1) != '\r') {
            throw invalidLine("a bare LF");
        }
        byte[] bytes = new byte[end - 1];
        in.get(p, bytes);
        String line = new String(bytes, StandardCharsets.ISO_8859_1);
        ProxyHeader header = v1Line(line);
        in.position(p + end + 1);
        return header;
    }

    private static ProxyHeader v1Line(String line) {
        String[] parts = line.split(" ", -1);
        if (parts.length >= 2 && parts[1].equals("UNKNOWN")) {
            return new ProxyHeader(1, null, null); // the rest of the line is to be ignored
        }
        if (parts.length != 6) {
            throw invalidLine("expected PROXY, protocol, two addresses and two ports");
        }
        boolean tcp4 = parts[1].equals("TCP4");
        if (!tcp4 && !parts[1].equals("TCP6")) {
            throw invalidLine("protocol not TCP4, TCP6 or UNKNOWN");
        }
        InetAddress source = v1Address(parts[2], tcp4);
        InetAddress destination = v1Address(parts[3], tcp4);
        return new ProxyHeader(1, new InetSocketAddress(source, v1Port(parts[4])),
                new InetSocketAddress(destination, v1Port(parts[5])));
    }

    private static InetAddress v1Address(String text, boolean tcp4) {
        if (tcp4) {
            byte[] v4 = IpLiteral.ipv4(text);
            if (v4 == null) {
                throw invalidLine("not an IPv4 address");
            }
            return IpLiteral.address(v4);
        }
        InetAddress v6 = text.indexOf(':') >= 0 ? IpLiteral.parse(text) : null;
        if (v6 == null) {
            throw invalidLine("not an IPv6 address");
        }
        return v6;
    }

    private static int v1Port(String text) {
        int port = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9' || i == 5) {
                throw invalidLine("port not 0 to 65535");
            }
            port = port * 10 + (c - '0');
        }
        if (text.isEmpty() || port > 65535) {
            throw invalidLine("port not 0 to 65535");
        }
        return port;
    }

    private static ProxyHeader v2(ByteBuffer in) {
        if (in.remaining() < V2_FIXED) {
            return null;
        }
        int p = in.position();
        int versionCommand = in.get(p + 12) & 0xff;
        int family = in.get(p + 13) & 0xff;
        int length = in.getShort(p + 14) & 0xffff;
        if (versionCommand >> 4 != 2) {
            throw invalidHeader("version not 2");
        }
        int command = versionCommand & 0x0f;
        if (command > 1) {
            throw invalidHeader("command not LOCAL or PROXY");
        }
        if (length > V2_MAX_BLOCK) {
            throw invalidHeader("address block longer than " + V2_MAX_BLOCK + " bytes");
        }
        if (in.remaining() < V2_FIXED + length) {
            return null;
        }
        int block = p + V2_FIXED;
        ProxyHeader header;
        if (command == 0) {
            header = new ProxyHeader(2, null, null); // LOCAL: the proxy's own connection, keep the real peer
        } else {
            header = switch (family) {
                case 0x00 -> new ProxyHeader(2, null, null); // UNSPEC: keep the real peer
                case 0x11 -> v2Addresses(in, block, length, 4);
                case 0x21 -> v2Addresses(in, block, length, 16);
                default -> throw invalidHeader("address family and protocol not TCP over IPv4 or IPv6, nor UNSPEC");
            };
        }
        in.position(block + length);
        return header;
    }

    private static ProxyHeader v2Addresses(ByteBuffer in, int block, int length, int size) {
        if (length < 2 * size + 4) {
            throw invalidHeader("address block shorter than its family's addresses");
        }
        byte[] source = new byte[size];
        byte[] destination = new byte[size];
        in.get(block, source);
        in.get(block + size, destination);
        int sourcePort = in.getShort(block + 2 * size) & 0xffff;
        int destinationPort = in.getShort(block + 2 * size + 2) & 0xffff;
        return new ProxyHeader(2, new InetSocketAddress(IpLiteral.address(source), sourcePort),
                new InetSocketAddress(IpLiteral.address(destination), destinationPort));
    }

    private static HttpException invalidLine(String why) {
        return HttpException.badRequest("invalid PROXY protocol v1 line: " + why);
    }

    private static HttpException invalidHeader(String why) {
        return HttpException.badRequest("invalid PROXY protocol v2 header: " + why);
    }
}
