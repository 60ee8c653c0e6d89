package io.junicorn.servlet;

import jakarta.servlet.SessionCookieConfig;
import jakarta.servlet.http.Cookie;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * The JSESSIONID cookie's settings (HttpOnly and the context path, "/" at the root, by default, as Tomcat and
 * Jetty do). Like the rest
 * of the context's configuration they are fixed once the context has started (the setters' javadoc).
 */
final class SessionCookies implements SessionCookieConfig {
    private final AppServletContext context;
    private volatile String name = "JSESSIONID";
    private final Map<String, String> attributes = Collections.synchronizedMap(new TreeMap<>(String.CASE_INSENSITIVE_ORDER));

    SessionCookies(AppServletContext context) {
        this.context = context;
        attributes.put("Path", "/");
        attributes.put("HttpOnly", "");
    }

    /** The cookie that carries {@code id}; Secure when the request came over https even if not configured. */
    Cookie cookie(String id, boolean secureRequest) {
        Cookie cookie = new Cookie(name, id);
        synchronized (attributes) {
            attributes.forEach(cookie::setAttribute);
        }
        if (secureRequest && getAttribute("Secure") == null) {
            cookie.setSecure(true);
        }
        return cookie;
    }

    @Override
    public void setName(String name) {
        context.checkNotStarted();
        this.name = name;
    }

    @Override
    public String getName() {
        return name;
    }

    @Override
    public void setDomain(String domain) {
        setAttribute("Domain", domain);
    }

    @Override
    public String getDomain() {
        return getAttribute("Domain");
    }

    @Override
    public void setPath(String path) {
        setAttribute("Path", path);
    }

    @Override
    public String getPath() {
        return getAttribute("Path");
    }

    @Override
    @SuppressWarnings("removal")
    public void setComment(String comment) {
        context.checkNotStarted();
    }

    @Override
    @SuppressWarnings("removal")
    public String getComment() {
        return null;
    }

    @Override
    public void setHttpOnly(boolean httpOnly) {
        setAttribute("HttpOnly", httpOnly ? "" : null);
    }

    @Override
    public boolean isHttpOnly() {
        return getAttribute("HttpOnly") != null;
    }

    @Override
    public void setSecure(boolean secure) {
        setAttribute("Secure", secure ? "" : null);
    }

    @Override
    public boolean isSecure() {
        return getAttribute("Secure") != null;
    }

    @Override
    public void setMaxAge(int maxAge) {
        setAttribute("Max-Age", maxAge < 0 ? null : Integer.toString(maxAge));
    }

    @Override
    public int getMaxAge() {
        String value = getAttribute("Max-Age");
        return value == null ? -1 : Integer.parseInt(value);
    }

    @Override
    public void setAttribute(String name, String value) {
        context.checkNotStarted();
        if (value == null) {
            attributes.remove(name);
        } else {
            attributes.put(name, value);
        }
    }

    @Override
    public String getAttribute(String name) {
        return attributes.get(name);
    }

    @Override
    public Map<String, String> getAttributes() {
        synchronized (attributes) {
            return Collections.unmodifiableMap(new TreeMap<>(attributes));
        }
    }
}
