package io.junicorn.servlet;

import jakarta.servlet.http.HttpServletRequest;

import java.util.regex.Pattern;

/**
 * sendRedirect's location made absolute by RFC 3986 section 5.2 against the request URL: "?page=2" keeps the
 * request's path, "../up" climbs from its directory (never above the root), "" is the request itself. The
 * specification lets a container send a relative location as it is, but an absolute URL is what every client
 * understands, and Tomcat sends it too. java.net.URI.resolve follows the older RFC 2396, which drops the last
 * segment for a query-only reference, and refuses locations with characters such as spaces that Tomcat sends
 * as given, so the resolution is done here on the text.
 */
final class RedirectLocation {
    private static final Pattern SCHEME = Pattern.compile("^[A-Za-z][A-Za-z0-9+.-]*:");

    private RedirectLocation() {
    }

    static String absolute(HttpServletRequest request, String location) {
        if (location == null) {
            throw new IllegalArgumentException("sendRedirect: the location is null");
        }
        if (location.indexOf('\r') >= 0 || location.indexOf('\n') >= 0) {
            // a location taken from the request must not add header fields of its own
            throw new IllegalArgumentException("sendRedirect: the location contains a line break");
        }
        if (SCHEME.matcher(location).find()) {
            return location;
        }
        if (location.startsWith("//")) {
            return request.getScheme() + ":" + location;
        }
        StringBuffer url = ContainerRequest.requestUrl(request, "");
        String requestUri = request.getRequestURI();
        String query = request.getQueryString();
        if (location.isEmpty()) {
            return url.append(requestUri).append(query == null ? "" : "?" + query).toString();
        }
        if (location.startsWith("#")) {
            return url.append(requestUri).append(query == null ? "" : "?" + query).append(location).toString();
        }
        if (location.startsWith("?")) {
            return url.append(requestUri).append(location).toString();
        }
        int end = firstOf(location, '?', '#');
        String path = location.substring(0, end);
        if (!path.startsWith("/")) {
            path = requestUri.substring(0, requestUri.lastIndexOf('/') + 1) + path;
        }
        return url.append(RequestPath.removeDotSegments(path, false))
                .append(location, end, location.length()).toString();
    }

    private static int firstOf(String text, char a, char b) {
        int first = text.length();
        int i = text.indexOf(a);
        if (i >= 0) {
            first = i;
        }
        i = text.indexOf(b);
        return i >= 0 && i < first ? i : first;
    }
}
