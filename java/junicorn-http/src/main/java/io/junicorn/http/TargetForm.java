package io.junicorn.http;

/**
 * The four forms of request-target (RFC 9112 §3.2) and the authority syntax they and Host share
 * (RFC 3986 §3.2). A target in none of the forms, or in a form its method may not use, is refused: a
 * server that guesses what {@code foo/bar} or {@code GET *} means routes differently from the proxy in
 * front of it.
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
            if (!isAuthority(target, 0, target.length(), false) || target.indexOf(':') < 0) {
                throw HttpException.badRequest("CONNECT needs an authority-form target (RFC 9112 §3.2.3)");
            }
        } else if (target.charAt(0) != '/' && !isAbsolute(target)) {
            throw HttpException.badRequest("request-target is not in origin or absolute form (RFC 9112 §3.2)");
        }
    }

    /** A Host field value: {@code uri-host [":" port]}, possibly empty (RFC 9112 §3.2, RFC 9110 §7.2). */
    static boolean isHostValue(String value) {
        return value.isEmpty() || isAuthority(value, 0, value.length(), false);
    }

    /** absolute-form: {@code scheme "://" authority} then an optional path, query or fragment. */
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
        while (end < n && target.charAt(end) != '/' && target.charAt(end) != '?' && target.charAt(end) != '#') {
            end++;
        }
        return end > start && isAuthority(target, start, end, true);
    }

    /** {@code [userinfo "@"] host [":" port]} in {@code s[from..to)}; userinfo only where allowed. */
    private static boolean isAuthority(String s, int from, int to, boolean userinfo) {
        int at = s.lastIndexOf('@', to - 1);
        if (at >= from) {
            if (!userinfo) {
                return false;
            }
            for (int i = from; i < at; i++) {
                char c = s.charAt(i);
                if (c != ':' && !Ascii.isClass(c, Ascii.HOST)) {
                    return false;
                }
            }
            from = at + 1;
        }
        int hostEnd;
        if (from < to && s.charAt(from) == '[') {
            int close = s.indexOf(']', from);
            if (close < 0 || close >= to || close == from + 1) {
                return false;
            }
            for (int i = from + 1; i < close; i++) {
                char c = s.charAt(i);
                if (c != ':' && c != '.' && Ascii.hexValue(c) < 0) {
                    return false;
                }
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
}
