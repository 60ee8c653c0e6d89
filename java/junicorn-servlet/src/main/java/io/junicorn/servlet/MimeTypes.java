package io.junicorn.servlet;

import java.net.URLConnection;
import java.util.Locale;
import java.util.Map;

/** ServletContext.getMimeType: the types web applications serve most, then the JDK's own table. */
final class MimeTypes {
    private static final Map<String, String> COMMON = Map.ofEntries(
            Map.entry("html", "text/html"), Map.entry("htm", "text/html"), Map.entry("css", "text/css"),
            Map.entry("js", "text/javascript"), Map.entry("mjs", "text/javascript"),
            Map.entry("json", "application/json"), Map.entry("txt", "text/plain"), Map.entry("xml", "application/xml"),
            Map.entry("svg", "image/svg+xml"), Map.entry("png", "image/png"), Map.entry("jpg", "image/jpeg"),
            Map.entry("jpeg", "image/jpeg"), Map.entry("gif", "image/gif"), Map.entry("webp", "image/webp"),
            Map.entry("ico", "image/x-icon"), Map.entry("pdf", "application/pdf"), Map.entry("wasm", "application/wasm"),
            Map.entry("woff", "font/woff"), Map.entry("woff2", "font/woff2"), Map.entry("csv", "text/csv"),
            Map.entry("map", "application/json"));

    private MimeTypes() {
    }

    static String of(String file) {
        if (file == null) {
            return null;
        }
        int dot = file.lastIndexOf('.');
        if (dot < 0) {
            return null;
        }
        String type = COMMON.get(file.substring(dot + 1).toLowerCase(Locale.ROOT));
        return type != null ? type : URLConnection.guessContentTypeFromName(file);
    }
}
