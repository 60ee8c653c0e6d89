package io.junicorn.common;

import org.junit.jupiter.api.Test;

import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** gunicorn's access log atoms (tests/test_logger.py) and its default format, byte for byte. */
class AccessLogFormatTest {
    static final String GUNICORN_DEFAULT = "%(h)s %(l)s %(u)s %(t)s \"%(r)s\" %(s)s %(b)s \"%(f)s\" \"%(a)s\"";
    /** Apache's combined-log example, which gunicorn's default format reproduces. */
    static final long APACHE_EXAMPLE_MILLIS = ZonedDateTime.of(2000, 10, 10, 13, 55, 36, 0,
            ZoneOffset.ofHours(-7)).toInstant().toEpochMilli();

    record FakeRequest(String remoteAddress, String method, String rawUri, String path, String query, String protocol,
                       int status, long bodyBytes, long durationNanos, Map<String, List<String>> requestHeaders,
                       Map<String, List<String>> responseHeaders) implements AccessLogFormat.Request {
        @Override
        public List<String> requestHeader(String name) {
            return find(requestHeaders, name);
        }

        @Override
        public List<String> responseHeader(String name) {
            return find(responseHeaders, name);
        }

        private static List<String> find(Map<String, List<String>> headers, String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(Map.Entry::getValue).findFirst().orElse(List.of());
        }
    }

    /** test_logger.py's request: GET /my/path?foo=bar, Accept and Content-Type JSON, one second. */
    static FakeRequest gunicornTestRequest(long sent, Map<String, List<String>> requestHeaders) {
        return new FakeRequest("127.0.0.1", "GET", "/my/path?foo=bar", "/my/path", "foo=bar", "HTTP/1.1", 200, sent,
                1_000_000_000L, requestHeaders, Map.of("Content-Type", List.of("application/json")));
    }

    static String format(String format, AccessLogFormat.Request request) {
        return AccessLogFormat.compile(format, 4242, Map.of("HOME", "/home/junicorn"), ZoneOffset.ofHours(-7),
                () -> APACHE_EXAMPLE_MILLIS).format(request);
    }

    @Test
    void atomsDefaults() {
        FakeRequest request = gunicornTestRequest(1024, Map.of("Accept", List.of("application/json")));
        assertEquals("GET /my/path?foo=bar HTTP/1.1", format("%(r)s", request));
        assertEquals("GET", format("%(m)s", request));
        assertEquals("/my/path", format("%(U)s", request));
        assertEquals("foo=bar", format("%(q)s", request));
        assertEquals("HTTP/1.1", format("%(H)s", request));
        assertEquals("1024", format("%(b)s", request));
        assertEquals("1024", format("%(B)s", request));
        assertEquals("application/json", format("%({accept}i)s", request));
        assertEquals("application/json", format("%({content-type}o)s", request));
    }

    @Test
    void atomsZeroBytes() {
        FakeRequest request = gunicornTestRequest(0, Map.of());
        assertEquals("0 0", format("%(b)s %(B)s", request));
    }

    @Test
    void userNameFromBasicAuthHeader() {
        for (String auth : List.of("Basic YnJrMHY6", "basic YnJrMHY6", "BASIC YnJrMHY6")) {
            assertEquals("brk0v", format("%(u)s", gunicornTestRequest(1024, Map.of("Authorization", List.of(auth)))));
        }
    }

    @Test
    void malformedBasicAuthHeaderGivesDash() {
        FakeRequest request = gunicornTestRequest(1024,
                Map.of("Authorization", List.of("Basic ixsTtkKzIpVTncfQjbBcnoRNoDfbnaXG")));
        assertEquals("-", format("%(u)s", request));
        assertEquals("-", format("%(u)s", gunicornTestRequest(1024, Map.of("Authorization", List.of("Bearer abc")))));
        assertEquals("-", format("%(u)s", gunicornTestRequest(1024, Map.of())));
    }

    @Test
    void defaultFormatIsApacheCombined() {
        FakeRequest request = new FakeRequest("127.0.0.1", "GET", "/apache_pb.gif", "/apache_pb.gif", "", "HTTP/1.0",
                200, 2326, 1_000_000L, Map.of(
                "Authorization", List.of("Basic ZnJhbms6c2VjcmV0"),
                "Referer", List.of("http://www.example.com/start.html"),
                "User-Agent", List.of("Mozilla/4.08 [en] (Win98; I ;Nav)")), Map.of());
        assertEquals("127.0.0.1 - frank [10/Oct/2000:13:55:36 -0700] \"GET /apache_pb.gif HTTP/1.0\" 200 2326 "
                + "\"http://www.example.com/start.html\" \"Mozilla/4.08 [en] (Win98; I ;Nav)\"",
                format(GUNICORN_DEFAULT, request));
    }

    @Test
    void missingValuesAreDashes() {
        FakeRequest request = gunicornTestRequest(5, Map.of());
        assertEquals("127.0.0.1 - - [10/Oct/2000:13:55:36 -0700] \"GET /my/path?foo=bar HTTP/1.1\" 200 5 \"-\" \"-\"",
                format(GUNICORN_DEFAULT, request));
        assertEquals("- - - - -", format("%(x)s %({nope}i)s %({nope}o)s %({NOPE}e)s %({accept}z)s", request));
    }

    @Test
    void requestTimes() {
        FakeRequest request = new FakeRequest("::1", "POST", "/", "/", "", "HTTP/1.1", 201, 0, 2_003_004_005L,
                Map.of(), Map.of());
        assertEquals("2 2003004 2003 2.003004", format("%(T)s %(D)s %(M)s %(L)s", request));
        FakeRequest quick = new FakeRequest("::1", "GET", "/", "/", "", "HTTP/1.1", 200, 0, 42_000L, Map.of(), Map.of());
        assertEquals("0 42 0 0.000042", format("%(T)s %(D)s %(M)s %(L)s", quick));
    }

    @Test
    void processEnvironmentAndPid() {
        FakeRequest request = gunicornTestRequest(1, Map.of());
        assertEquals("<4242> /home/junicorn /home/junicorn", format("%(p)s %({HOME}e)s %({home}e)s", request));
    }

    @Test
    void wsgiUrlSchemeIsTheRequestsScheme() {
        FakeRequest plain = gunicornTestRequest(1, Map.of());
        assertEquals("http", format("%({wsgi.url_scheme}e)s", plain));
        AccessLogFormat.Request tls = new AccessLogFormat.Request() {
            @Override public String remoteAddress() { return plain.remoteAddress(); }
            @Override public String method() { return plain.method(); }
            @Override public String rawUri() { return plain.rawUri(); }
            @Override public String path() { return plain.path(); }
            @Override public String query() { return plain.query(); }
            @Override public String protocol() { return plain.protocol(); }
            @Override public int status() { return plain.status(); }
            @Override public long bodyBytes() { return plain.bodyBytes(); }
            @Override public long durationNanos() { return plain.durationNanos(); }
            @Override public List<String> requestHeader(String name) { return plain.requestHeader(name); }
            @Override public List<String> responseHeader(String name) { return plain.responseHeader(name); }
            @Override public String scheme() { return "https"; }
        };
        assertEquals("https GET", format("%({WSGI.URL_SCHEME}e)s %(m)s", tls));
    }

    @Test
    void bracedNamesAreCaseInsensitiveAndLastRepeatWins() {
        FakeRequest request = gunicornTestRequest(1, Map.of("X-Trace", List.of("one", "two")));
        assertEquals("two two", format("%({X-TRACE}i)s %({x-trace}i)s", request));
    }

    @Test
    void doubleQuotesAreEscaped() {
        FakeRequest request = gunicornTestRequest(1, Map.of("User-Agent", List.of("say \"hi\"")));
        assertEquals("\"say \\\"hi\\\"\"", format("\"%(a)s\"", request));
    }

    @Test
    void percentSignsAndLiterals() {
        FakeRequest request = gunicornTestRequest(1, Map.of());
        assertEquals("100% GET", format("100%% %(m)s", request));
        assertEquals("", format("", request));
    }

    @Test
    void unsupportedConversionsAreRefused() {
        for (String bad : List.of("%(T)d", "%s", "%(h)", "%(h", "trailing %", "%(h)-10s")) {
            assertThrows(IllegalArgumentException.class, () -> AccessLogFormat.compile(bad), bad);
        }
    }

    @Test
    void localTimeZoneIsUsed() {
        AccessLogFormat utc = AccessLogFormat.compile("%(t)s", 1, Map.of(), ZoneId.of("UTC"), () -> APACHE_EXAMPLE_MILLIS);
        assertEquals("[10/Oct/2000:20:55:36 +0000]", utc.format(gunicornTestRequest(1, Map.of())));
    }
}
