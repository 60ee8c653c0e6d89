package io.junicorn.http;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.HexFormat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** PROXY protocol headers, v1 and v2, at every split of the input (the buffer accumulates, as a connection's). */
class ProxyProtocolParserTest {
    private static final String HTTP = "GET / HTTP/1.1\r\nHost: a\r\n\r\n";
    private static final byte[] SIGNATURE = {'\r', '\n', '\r', '\n', 0, '\r', '\n', 'Q', 'U', 'I', 'T', '\n'};

    /** The header, then what is left for HTTP, or the error; asserted equal for every split. */
    private static String outcome(ProxyProtocolParser.Mode mode, byte[] input) {
        String whole = outcome(mode, input, new int[0]);
        for (int[] cuts : Splits.all(input.length)) {
            assertEquals(whole, outcome(mode, input, cuts), "cut at " + Arrays.toString(cuts));
        }
        return whole;
    }

    private static String outcome(ProxyProtocolParser.Mode mode, byte[] input, int[] cuts) {
        ProxyProtocolParser parser = new ProxyProtocolParser(mode);
        ByteBuffer in = ByteBuffer.allocate(input.length).limit(0);
        int fed = 0;
        try {
            for (ByteBuffer piece : Splits.pieces(input, cuts, false)) {
                int n = piece.remaining();
                in.limit(in.limit() + n);
                in.put(in.limit() - n, piece, piece.position(), n);
                fed += n;
                ProxyHeader header = parser.parse(in);
                if (header != null) {
                    return describe(header) + " | " + (in.remaining() + input.length - fed) + " left";
                }
            }
            return "incomplete";
        } catch (HttpException e) {
            return "error " + e.status() + " " + e.reason();
        }
    }

    private static String describe(ProxyHeader h) {
        return h == ProxyHeader.NONE ? "none" : "v" + h.version() + " " + h.source() + " -> " + h.destination();
    }

    private static byte[] join(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    private static byte[] v2(int versionCommand, int family, String blockHex) {
        byte[] block = HexFormat.of().parseHex(blockHex);
        return join(SIGNATURE, new byte[] {(byte) versionCommand, (byte) family, (byte) (block.length >> 8),
                (byte) block.length}, block);
    }

    private static final int LEFT = HTTP.length();

    @Test
    void v1Tcp4AnnouncesTheClient() {
        assertEquals("v1 /192.168.0.1:56324 -> /192.168.0.11:443 | " + LEFT + " left", outcome(ProxyProtocolParser.Mode.AUTO,
                Splits.bytes("PROXY TCP4 192.168.0.1 192.168.0.11 56324 443\r\n" + HTTP)));
        assertEquals("v1 /192.168.0.1:56324 -> /192.168.0.11:443 | " + LEFT + " left", outcome(ProxyProtocolParser.Mode.V1,
                Splits.bytes("PROXY TCP4 192.168.0.1 192.168.0.11 56324 443\r\n" + HTTP)));
    }

    @Test
    void v1Tcp6AndUnknown() {
        assertEquals("v1 /[2001:db8:0:0:0:0:0:1]:65535 -> /[0:0:0:0:0:0:0:1]:0 | " + LEFT + " left",
                outcome(ProxyProtocolParser.Mode.AUTO, Splits.bytes("PROXY TCP6 2001:db8::1 ::1 65535 0\r\n" + HTTP)));
        assertEquals("v1 null -> null | " + LEFT + " left",
                outcome(ProxyProtocolParser.Mode.AUTO, Splits.bytes("PROXY UNKNOWN whatever\r\n" + HTTP)));
    }

    @Test
    void v1Malformed() {
        for (String line : new String[] {"PROXY TCP4 192.168.0.1 192.16...\r\n", "PROXY TCP4 1.2.3.4 5.6.7.8 65iii 100000\r\n",
                "PROXY TCP4 not-an-ip 192.168.0.11 56324 443\r\n", "PROXY TCP4 1.2.3.4 5.6.7.8 1 70000\r\n",
                "PROXY TCP4 1.2.3.4  5.6.7.8 1 2\r\n", "PROXY TCP4 1.2.3.4 5.6.7.8 1 2\n", "PROXY TCP6 1.2.3.4 5.6.7.8 1 2\r\n",
                "PROXY TCP4 ::1 ::1 1 2\r\n", "PROXY TCP4 01.2.3.4 5.6.7.8 1 2\r\n", "PROXY UDP4 1.2.3.4 5.6.7.8 1 2\r\n",
                "PROXY TCP4 1.2.3.4 5.6.7.8 1 2 3\r\n", "PROXY TCP4 1.2.3.4 5.6.7.8 1 \r\n"}) {
            assertEquals(400, Integer.parseInt(outcome(ProxyProtocolParser.Mode.AUTO, Splits.bytes(line + HTTP))
                    .split(" ")[1]), line);
        }
        assertEquals("error 400 invalid PROXY protocol v1 line: no CRLF within 107 bytes",
                outcome(ProxyProtocolParser.Mode.V1, Splits.bytes("PROXY " + "1".repeat(120))));
    }

    @Test
    void v2Ipv4AndIpv6() {
        byte[] ipv4 = join(v2(0x21, 0x11, "c0a8010ac0a801013039 01bb".replace(" ", "")), Splits.bytes(HTTP));
        assertEquals("v2 /192.168.1.10:12345 -> /192.168.1.1:443 | " + LEFT + " left",
                outcome(ProxyProtocolParser.Mode.AUTO, ipv4));
        assertEquals("v2 /192.168.1.10:12345 -> /192.168.1.1:443 | " + LEFT + " left",
                outcome(ProxyProtocolParser.Mode.V2, ipv4));
        byte[] ipv6 = join(v2(0x21, 0x21, "20010db8000000000000000000000001" + "20010db8000000000000000000000002"
                + "d4310050" + "0300040000abcd"), Splits.bytes(HTTP)); // a CRC32c TLV after the addresses is skipped
        assertEquals("v2 /[2001:db8:0:0:0:0:0:1]:54321 -> /[2001:db8:0:0:0:0:0:2]:80 | " + LEFT + " left",
                outcome(ProxyProtocolParser.Mode.AUTO, ipv6));
    }

    @Test
    void v2LocalAndUnspecKeepThePeer() {
        assertEquals("v2 null -> null | " + LEFT + " left",
                outcome(ProxyProtocolParser.Mode.AUTO, join(v2(0x20, 0x00, ""), Splits.bytes(HTTP))));
        assertEquals("v2 null -> null | " + LEFT + " left",
                outcome(ProxyProtocolParser.Mode.AUTO, join(v2(0x20, 0x11, "7f0000017f00000100500050"), Splits.bytes(HTTP))));
        assertEquals("v2 null -> null | " + LEFT + " left",
                outcome(ProxyProtocolParser.Mode.AUTO, join(v2(0x21, 0x00, ""), Splits.bytes(HTTP))));
    }

    @Test
    void v2Malformed() {
        assertEquals("error 400 invalid PROXY protocol v2 header: version not 2",
                outcome(ProxyProtocolParser.Mode.AUTO, join(v2(0x11, 0x11, "c0a8010ac0a80101303901bb"), Splits.bytes(HTTP))));
        assertEquals("error 400 invalid PROXY protocol v2 header: command not LOCAL or PROXY",
                outcome(ProxyProtocolParser.Mode.AUTO, join(v2(0x22, 0x11, "c0a8010ac0a80101303901bb"), Splits.bytes(HTTP))));
        assertEquals("error 400 invalid PROXY protocol v2 header: address block shorter than its family's addresses",
                outcome(ProxyProtocolParser.Mode.AUTO, join(v2(0x21, 0x11, "c0a8010ac0a80101"), Splits.bytes(HTTP))));
        assertEquals("error 400 invalid PROXY protocol v2 header: address family and protocol not TCP over IPv4 or "
                + "IPv6, nor UNSPEC", outcome(ProxyProtocolParser.Mode.AUTO, join(v2(0x21, 0x12, "c0a8010ac0a80101303901bb"),
                Splits.bytes(HTTP))));
        byte[] huge = join(SIGNATURE, new byte[] {0x21, 0x11, 0x10, 0x01});
        assertEquals("error 400 invalid PROXY protocol v2 header: address block longer than 4096 bytes",
                outcome(ProxyProtocolParser.Mode.AUTO, huge));
    }

    @Test
    void plainHttpIsLeftAlone() {
        assertEquals("none | " + LEFT + " left", outcome(ProxyProtocolParser.Mode.AUTO, Splits.bytes(HTTP)));
        assertEquals("none | " + (LEFT + 2) + " left", outcome(ProxyProtocolParser.Mode.AUTO, Splits.bytes("\r\n" + HTTP)));
        assertEquals("none | 20 left", outcome(ProxyProtocolParser.Mode.AUTO, Splits.bytes("\r\n\r\nGET / HTTP/1.0\r\n")));
        // each version alone does not know the other's header: it is HTTP, for the request parser to refuse
        byte[] v2 = join(v2(0x21, 0x11, "c0a8010ac0a80101303901bb"), Splits.bytes(HTTP));
        assertEquals("none | " + v2.length + " left", outcome(ProxyProtocolParser.Mode.V1, v2));
        String v1 = "PROXY TCP4 192.168.0.1 192.168.0.11 56324 443\r\n" + HTTP;
        assertEquals("none | " + v1.length() + " left", outcome(ProxyProtocolParser.Mode.V2, Splits.bytes(v1)));
        assertEquals("none | " + v1.length() + " left", outcome(ProxyProtocolParser.Mode.OFF, Splits.bytes(v1)));
    }

    @Test
    void waitsWhileThePrefixCouldStillBeAHeader() {
        assertEquals("incomplete", outcome(ProxyProtocolParser.Mode.AUTO, Splits.bytes("PROX")));
        assertEquals("incomplete", outcome(ProxyProtocolParser.Mode.AUTO, Splits.bytes("\r\n\r\n\0\r\nQU")));
        assertEquals("incomplete", outcome(ProxyProtocolParser.Mode.AUTO, Splits.bytes("PROXY TCP4 1.2.3.4")));
    }

    @Test
    void modeNames() {
        assertEquals(ProxyProtocolParser.Mode.AUTO, ProxyProtocolParser.Mode.of("auto"));
        assertEquals(ProxyProtocolParser.Mode.V2, ProxyProtocolParser.Mode.of("v2"));
        assertThrows(IllegalArgumentException.class, () -> ProxyProtocolParser.Mode.of("v3"));
    }
}
