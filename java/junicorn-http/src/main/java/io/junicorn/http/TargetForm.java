package io.junicorn.http;

/**
 * The four forms of request-target (RFC 9112 §3.2) and the authority syntax they and Host share
 * (RFC 3986 §3.2). A target in none of the forms, or in a form its method may not use, is refused: a
 * server that guesses what {@code foo/bar} or {@code GET *} means routes differently from the proxy in
 * front of it. For the same reason an authority never carries userinfo (RFC 9110 §4.2.4) and a host never
 * spells an IPv4 address in a form other than four decimal octets (RFC 3986 §7.4).
 */
final class TargetForm {
    private TargetForm() {
    }

    /** Refuses a target that is not in a form the method may use; the bytes were checked already. */
    static void check(String method, String target) {
        if (target.equals("*")) {
            if (!method.equals("OPTIONS")) {
                throw HttpException.badRequest("asterisk-form is for OPTIONS only (RFC 9112 §3.2.4)");
            }
        } else if (method.equals("CONNECT")) {
            if (!isAuthority(target, 0, target.length()) || target.indexOf(':') < 0) {
                throw HttpException.badRequest("CONNECT needs an authority-form target (RFC 9112 §3.2.3)");
            }
        } else if (target.charAt(0) != '/' && !isAbsolute(target)) {
            throw HttpException.badRequest("request-target is not in origin or absolute form (RFC 9112 §3.2)");
        }
    }

    /** A Host field value: {@code uri-host [":" port]}, possibly empty (RFC 9112 §3.2, RFC 9110 §7.2). */
    static boolean isHostValue(String value) {
        return value.isEmpty() || isAuthority(value, 0, value.length());
    }

    /** absolute-form: {@code scheme "://" authority} then an optional path or query. */
    private static boolean isAbsolute(String target) {
        int n = target.length();
        if (!Ascii.isClass(target.charAt(0), Ascii.ALPHA)) {
            return false;
        }
        int i = 1;
        while (i < n && Ascii.isClass(target.charAt(i), Ascii.SCHEME)) {
            i++;
        }
        if (!target.startsWith("://", i)) {
            return false;
        }
        int start = i + 3;
        int end = start;
        while (end < n && target.charAt(end) != '/' && target.charAt(end) != '?') {
            end++;
        }
        if (end > start && target.lastIndexOf('@', end - 1) >= start) {
            // a client that sends http://user:pass@host/ leaks credentials, and a proxy that reads the
            // authority differently (user@evil@good, a:b@c) routes where the server does not
            throw HttpException.badRequest("userinfo in the request-target (RFC 9110 §4.2.4)");
        }
        return end > start && isAuthority(target, start, end);
    }

    /**
     * {@code host [":" port]} in {@code s[from..to)}; no userinfo (a Host field has none, and the target's is
     * refused before). Throws, rather than answering false, for an IPv4 address in an ambiguous spelling.
     */
    private static boolean isAuthority(String s, int from, int to) {
        int hostEnd;
        if (from < to && s.charAt(from) == '[') {
            int close = s.indexOf(']', from);
            if (close < 0 || close >= to || !isIpv6(s, from + 1, close)) {
                return false;
            }
            hostEnd = close + 1;
        } else {
            hostEnd = from;
            while (hostEnd < to && Ascii.isClass(s.charAt(hostEnd), Ascii.HOST)) {
                hostEnd++;
            }
            if (hostEnd == from) {
                return false;
            }
            refuseAmbiguousIpv4(s, from, hostEnd);
        }
        if (hostEnd == to) {
            return true;
        }
        if (s.charAt(hostEnd) != ':') {
            return false;
        }
        for (int i = hostEnd + 1; i < to; i++) {
            if (!Ascii.isClass(s.charAt(i), Ascii.DIGIT)) {
                return false;
            }
        }
        return true;
    }

    /**
     * An IPv6address (RFC 3986 §3.2.2) as inet_pton reads it, its embedded IPv4 part included. Only hex
     * digits, ':' and '.' reach the JDK, so this never looks a name up.
     */
    private static boolean isIpv6(String s, int from, int to) {
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c != ':' && c != '.' && Ascii.hexValue(c) < 0) {
                return false;
            }
        }
        String text = s.substring(from, to);
        return text.indexOf(':') >= 0 && IpLiteral.parse(text) != null;
    }

    /**
     * A reg-name whose last label is a number is read as an IPv4 address by the WHATWG URL parser, by
     * {@code inet_aton} and by many proxies, each in its own way: {@code 0127.0.0.1} is 87.0.0.1 (octal) to
     * one and 127.0.0.1 to another, and {@code 127.1}, {@code 0x7f.1} or {@code 2130706433} are 127.0.0.1 to
     * some and a name to others. Such a host is refused unless it is exactly four decimal octets without
     * leading zeros (RFC 3986 §3.2.2's IPv4address; §7.4 names the rare formats). A percent-encoded host is
     * decoded first, as the WHATWG parser does, and refused when it decodes to a number of any form: a parser
     * that does not decode looks it up as a name. An ordinary name costs a scan of its last label, no allocation.
     */
    private static void refuseAmbiguousIpv4(String s, int from, int to) {
        for (int i = from; i < to; i++) {
            if (s.charAt(i) == '%') {
                String decoded = percentDecoded(s.substring(from, to));
                if (decoded == null) {
                    throw HttpException.badRequest("invalid percent-encoding in host (RFC 3986 §3.2.2)");
                }
                refuseNumber(decoded, 0, decoded.length(), true);
                return;
            }
        }
        refuseNumber(s, from, to, false);
    }

    /** Refuses a host ending in a number unless it is a dotted quad, and always when it was percent-encoded. */
    private static void refuseNumber(String s, int from, int to, boolean encoded) {
        int end = to;
        boolean trailingDot = end - from > 1 && s.charAt(end - 1) == '.';
        if (trailingDot) {
            end--; // a fully qualified name's root: "127.0.0.1." is still 127.0.0.1 to the WHATWG parser
        }
        int label = Math.max(from, s.lastIndexOf('.', end - 1) + 1);
        if (isNumber(s, label, end) && (encoded || trailingDot || IpLiteral.ipv4(s.substring(from, end)) == null)) {
            throw HttpException.badRequest("IPv4 address not in dotted-decimal form in host (RFC 3986 §3.2.2, §7.4)");
        }
    }

    /** {@code s[from..to)} is a label the WHATWG IPv4 parser takes for a number: decimal, or hex after 0x. */
    private static boolean isNumber(String s, int from, int to) {
        if (from == to) {
            return false;
        }
        boolean hex = to - from >= 2 && s.charAt(from) == '0' && (s.charAt(from + 1) | 0x20) == 'x';
        for (int i = hex ? from + 2 : from; i < to; i++) {
            char c = s.charAt(i);
            if (hex ? Ascii.hexValue(c) < 0 : c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    /** {@code host} with each {@code %XX} decoded as one Latin-1 character, or null when one is malformed. */
    private static String percentDecoded(String host) {
        StringBuilder out = new StringBuilder(host.length());
        for (int i = 0; i < host.length(); i++) {
            char c = host.charAt(i);
            if (c == '%') {
                if (i + 2 >= host.length() || Ascii.hexValue(host.charAt(i + 1)) < 0
                        || Ascii.hexValue(host.charAt(i + 2)) < 0) {
                    return null;
                }
                c = (char) (Ascii.hexValue(host.charAt(i + 1)) * 16 + Ascii.hexValue(host.charAt(i + 2)));
                i += 2;
            }
            out.append(c);
        }
        return out.toString();
    }
}
