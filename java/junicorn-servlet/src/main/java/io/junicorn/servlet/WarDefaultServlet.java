package io.junicorn.servlet;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.net.URLConnection;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * A war's static files, as Tomcat's DefaultServlet serves them when the application maps nothing at "/": GET and
 * HEAD of the context's resources ({@link ContextResources}: the war's tree, then the jars' META-INF/resources),
 * with the type {@code getMimeType} gives, Last-Modified and If-Modified-Since; {@code index.html} for a directory,
 * a redirect to add the slash a directory's path lacks. WEB-INF/ and META-INF/ are never served (Servlet 6.1
 * section 10.5): they hold the classes and libraries.
 */
final class WarDefaultServlet extends HttpServlet {
    private static final String WELCOME_FILE = "index.html";

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String path = request.getServletPath() + (request.getPathInfo() == null ? "" : request.getPathInfo());
        if (path.isEmpty()) {
            path = "/";
        }
        String upper = path.toUpperCase(Locale.ROOT);
        if (upper.startsWith("/WEB-INF/") || upper.equals("/WEB-INF") || upper.startsWith("/META-INF/")
                || upper.equals("/META-INF")) {
            response.sendError(HttpServletResponse.SC_NOT_FOUND);
            return;
        }
        String realPath = getServletContext().getRealPath(path);
        if (realPath != null && !path.endsWith("/") && Files.isDirectory(Path.of(realPath))) {
            response.sendRedirect(request.getContextPath() + path + "/");
            return;
        }
        URL url = getServletContext().getResource(path.endsWith("/") ? path + WELCOME_FILE : path);
        if (url == null) {
            response.sendError(HttpServletResponse.SC_NOT_FOUND);
            return;
        }
        URLConnection connection = url.openConnection();
        long modified = connection.getLastModified();
        // HTTP dates have whole seconds
        if (modified > 0 && request.getDateHeader("If-Modified-Since") >= modified / 1000 * 1000) {
            response.setStatus(HttpServletResponse.SC_NOT_MODIFIED);
            return;
        }
        String type = getServletContext().getMimeType(path.endsWith("/") ? WELCOME_FILE : path);
        response.setContentType(type != null ? type : "application/octet-stream");
        if (modified > 0) {
            response.setDateHeader("Last-Modified", modified);
        }
        long length = connection.getContentLengthLong();
        if (length >= 0) {
            response.setContentLengthLong(length);
        }
        try (InputStream in = connection.getInputStream()) {
            in.transferTo(response.getOutputStream());
        }
    }
}
