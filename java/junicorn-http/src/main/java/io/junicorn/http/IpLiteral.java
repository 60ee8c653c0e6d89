package io.junicorn.http;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * An IP address written as text (a PROXY header, X-Forwarded-For, forwarded_allow_ips), parsed as
 * {@code inet_pton} would: never a host name, never a DNS lookup. IPv4 is four decimal octets without
 * leading zeros (inet_pton refuses "010.0.0.1", which some parsers read as octal); IPv6 is RFC 4291 text,
 * with no zone id.
 */
public final class IpLiteral {
    private IpLiteral() {
    }

    /** The address, or null when the text is not exactly an IPv4 or IPv6 literal. */
    public static InetAddress parse(String text) {
        if (text.indexOf(':') >= 0) {
            return ipv6(text);
        }
        byte[] v4 = ipv4(text);
        return v4 == null ? null : address(v4);
    }

    /** Four octets, or null. */
    static byte[] ipv4(String text) {
        byte[] octets = new byte[4];
        int octet = 0;
        int value = -1;
        for (int i = 0; i <= text.length(); i++) {
            char c = i < text.length() ? text.charAt(i) : '.';
            if (c >= '0' && c <= '9') {
                if (value == 0) {
                    return null; // a leading zero
                }
                value = (value < 0 ? 0 : value * 10) + (c - '0');
                if (value > 255) {
                    return null;
                }
            } else if (c == '.' && value >= 0 && octet < 4) {
                octets[octet++] = (byte) value;
                value = -1;
            } else {
                return null;
            }
        }
        return octet == 4 ? octets : null;
    }

    /**
     * Only hex digits, colons and dots reach the JDK, which then treats the text as an IPv6 literal
     * (and refuses a bad one) rather than as a name to look up.
     */
    private static InetAddress ipv6(String text) {
        if (text.isEmpty() || text.length() > 45) {
            return null;
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean hex = c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F';
            if (!hex && c != ':' && c != '.') {
                return null;
            }
        }
        int dot = text.indexOf('.');
        if (dot >= 0 && ipv4(text.substring(text.lastIndexOf(':') + 1)) == null) {
            return null; // an embedded IPv4 part follows the same rules as IPv4
        }
        try {
            return InetAddress.getByName(text);
        } catch (UnknownHostException e) {
            return null;
        }
    }

    static InetAddress address(byte[] bytes) {
        try {
            return InetAddress.getByAddress(bytes);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("an address of " + bytes.length + " bytes", e);
        }
    }
}
