package io.junicorn.engine;

import com.sun.net.httpserver.HttpHandler;
import io.junicorn.http.AddressList;
import io.junicorn.http.ForwardedHeaders;
import io.junicorn.http.ParserOptions;
import io.junicorn.http.ProxyProtocolParser;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What a handler sees of its client behind proxies: getRemoteAddress() and the scheme attribute. */
class ForwardingTest {
    static final HttpHandler WHO = exchange -> {
        InetSocketAddress remote = exchange.getRemoteAddress();
        byte[] body = (remote.getAddress().getHostAddress() + " " + remote.getPort() + " "
                + exchange.getAttribute(ExchangeAttributes.REQUEST_SCHEME)).getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(200, body.length);
        exchange.getResponseBody().write(body);
        exchange.close();
    };

    private static EngineConfig config(String proxyProtocol, String proxyAllowIps, String forwardedAllowIps) {
        ForwardedHeaders forwarded = new ForwardedHeaders(AddressList.parse(forwardedAllowIps),
                ForwardedHeaders.schemeHeaders(ForwardedHeaders.DEFAULT_SECURE_SCHEME_HEADERS));
        return new EngineConfig(true, 5000, 5000, "junicorn-test", ParserOptions.DEFAULTS,
                new ProxySettings(ProxyProtocolParser.Mode.of(proxyProtocol), AddressList.parse(proxyAllowIps), forwarded));
    }

    @Test
    void aTrustedProxyNamesTheClientAndTheScheme() throws Exception {
        try (TestServer server = new TestServer(WHO); Socket s = server.connect()) {
            TestServer.send(s, "GET / HTTP/1.1\r\nHost: a\r\nX-Forwarded-For: 203.0.113.9\r\nX-Forwarded-Proto: https\r\n\r\n");
            assertEquals("203.0.113.9 0 https", TestServer.read(s).body());
            TestServer.send(s, "GET / HTTP/1.1\r\nHost: a\r\n\r\n");
            assertEquals("127.0.0.1 " + s.getLocalPort() + " http", TestServer.read(s).body(), "per request");
        }
    }

    @Test
    void anUntrustedPeerIsItself() throws Exception {
        try (TestServer server = new TestServer(WHO, config("off", "127.0.0.1", "10.0.0.0/8")); Socket s = server.connect()) {
            TestServer.send(s, "GET / HTTP/1.1\r\nHost: a\r\nX-Forwarded-For: 203.0.113.9\r\nX-Forwarded-Proto: https\r\n"
                    + "X-Forwarded-Ssl: off\r\n\r\n");
            assertEquals("127.0.0.1 " + s.getLocalPort() + " http", TestServer.read(s).body());
        }
    }

    @Test
    void schemeHeadersThatDisagreeAre400() throws Exception {
        try (TestServer server = new TestServer(WHO); Socket s = server.connect()) {
            TestServer.send(s, "GET / HTTP/1.1\r\nHost: a\r\nX-Forwarded-Proto: https\r\nX-Forwarded-Ssl: off\r\n\r\n");
            TestServer.Response r = TestServer.read(s);
            assertEquals("HTTP/1.1 400 Bad Request", r.statusLine());
            assertEquals("close", r.header("Connection"));
            assertTrue(TestServer.closedByServer(s));
        }
    }

    @Test
    void aProxyHeaderHoldsForTheWholeConnection() throws Exception {
        try (TestServer server = new TestServer(WHO, config("auto", "127.0.0.1", "")); Socket s = server.connect()) {
            TestServer.send(s, "PROXY TCP4 192.0.2.10 192.0.2.1 40000 80\r\nGET / HTTP/1.1\r\nHost: a\r\n\r\n");
            assertEquals("192.0.2.10 40000 http", TestServer.read(s).body());
            TestServer.send(s, "GET / HTTP/1.1\r\nHost: a\r\n\r\n");
            assertEquals("192.0.2.10 40000 http", TestServer.read(s).body());
        }
    }

    @Test
    void aProxyHeaderFromAPeerNotAllowedIs403() throws Exception {
        try (TestServer server = new TestServer(WHO, config("auto", "10.0.0.0/8", "")); Socket s = server.connect()) {
            TestServer.send(s, "PROXY TCP4 192.0.2.10 192.0.2.1 40000 80\r\nGET / HTTP/1.1\r\nHost: a\r\n\r\n");
            TestServer.Response r = TestServer.read(s);
            assertEquals("HTTP/1.1 403 Forbidden", r.statusLine());
            assertEquals("close", r.header("Connection"));
            assertTrue(TestServer.closedByServer(s));
            assertEquals(0, server.started.get(), "nothing after the header reached the handler");
        }
    }
}
