package io.junicorn.servlet;

import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collections;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What a servlet reads from the request: parameters, headers, cookies, paths, body. */
class RequestTest {

    /** Writes what the test asks about, one "name=value" line each. */
    public static final class Describe extends HttpServlet {
        @Override
        protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
            response.setContentType("text/plain;charset=UTF-8");
            var out = response.getWriter();
            out.println("method=" + request.getMethod());
            out.println("uri=" + request.getRequestURI());
            out.println("url=" + request.getRequestURL());
            out.println("query=" + request.getQueryString());
            out.println("servletPath=" + request.getServletPath());
            out.println("pathInfo=" + request.getPathInfo());
            out.println("mapping=" + request.getHttpServletMapping().getMappingMatch() + " "
                    + request.getHttpServletMapping().getPattern());
            out.println("scheme=" + request.getScheme() + " secure=" + request.isSecure());
            out.println("remote=" + request.getRemoteAddr());
            out.println("server=" + request.getServerName() + ":" + request.getServerPort());
            for (String name : Collections.list(request.getParameterNames())) {
                out.println("param " + name + "=" + String.join(",", request.getParameterValues(name)));
            }
            out.println("header x-multi=" + String.join(",", Collections.list(request.getHeaders("X-Multi"))));
            Cookie[] cookies = request.getCookies();
            out.println("cookies=" + (cookies == null ? "none" : Arrays.stream(cookies)
                    .map(c -> c.getName() + ":" + c.getValue()).collect(Collectors.joining(","))));
            out.println("locale=" + request.getLocale().toLanguageTag());
            out.println("date=" + request.getDateHeader("If-Modified-Since"));
        }
    }

    public static final class Body extends HttpServlet {
        @Override
        protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
            String text = request.getReader().lines().collect(Collectors.joining("\n"));
            response.setCharacterEncoding("UTF-8");
            response.getWriter().print(request.getCharacterEncoding() + "|" + text + "|" + request.getParameter("a"));
        }
    }

    private static Harness harness() throws Exception {
        return Harness.deploy(context -> {
            context.addServlet("describe", Describe.class).addMapping("/d/*");
            context.addServlet("body", Body.class).addMapping("/body");
        });
    }

    @Test
    void pathsQueryHeadersCookiesAndLocale() throws Exception {
        try (Harness harness = harness()) {
            HttpResponse<String> response = harness.get("/d/x%20y/z?b=2&a=1&b=3", "X-Multi", "one", "X-Multi", "two",
                    "Cookie", "k1=v1; k2=\"v2\"", "Accept-Language", "de;q=0.5, fr-CH");
            String body = response.body();
            assertEquals(200, response.statusCode());
            assertTrue(body.contains("uri=/d/x%20y/z\n"), body);
            assertTrue(body.contains("url=http://127.0.0.1:" + harness.uri("/").getPort() + "/d/x%20y/z\n"), body);
            assertTrue(body.contains("query=b=2&a=1&b=3\n"), body);
            assertTrue(body.contains("servletPath=/d\npathInfo=/x y/z\n"), body);
            assertTrue(body.contains("mapping=PATH /d/*\n"), body);
            assertTrue(body.contains("scheme=http secure=false\n"), body);
            assertTrue(body.contains("remote=127.0.0.1\n"), body);
            assertTrue(body.contains("param b=2,3\nparam a=1\n"), body);
            assertTrue(body.contains("header x-multi=one,two\n"), body);
            assertTrue(body.contains("cookies=k1:v1,k2:v2\n"), body);
            assertTrue(body.contains("locale=fr-CH\n"), body);
        }
    }

    @Test
    void dateHeadersAreReadInAllThreeHttpForms() throws Exception {
        try (Harness harness = harness()) {
            // RFC 9110 section 5.6.7: IMF-fixdate, the obsolete RFC 850 form and asctime name the same instant
            for (String date : new String[] {"Sun, 06 Nov 1994 08:49:37 GMT", "Sunday, 06-Nov-94 08:49:37 GMT",
                    "Sun Nov  6 08:49:37 1994"}) {
                String body = harness.get("/d/date", "If-Modified-Since", date).body();
                assertTrue(body.contains("date=784111777000\n"), date + ": " + body);
            }
            assertTrue(harness.get("/d/date").body().contains("date=-1\n"));
        }
    }

    @Test
    void formBodyParametersFollowTheQueryAndUseTheCharset() throws Exception {
        try (Harness harness = harness()) {
            HttpResponse<String> response = harness.send(harness.request("/d/form?name=q")
                    .header("Content-Type", "application/x-www-form-urlencoded; charset=ISO-8859-1")
                    .POST(HttpRequest.BodyPublishers.ofString("name=b%E9b%E9&name=two+words&empty=")));
            assertTrue(response.body().contains("param name=q,bébé,two words\nparam empty=\n"), response.body());
            // no charset: UTF-8
            response = harness.post("/d/form", "application/x-www-form-urlencoded",
                    "city=Z%C3%BCrich".getBytes(StandardCharsets.US_ASCII));
            assertTrue(response.body().contains("param city=Zürich\n"), response.body());
            // the query is part of the URI: UTF-8 whatever charset the body declares
            response = harness.send(harness.request("/d/form?q=%C3%A9t%C3%A9")
                    .header("Content-Type", "application/x-www-form-urlencoded; charset=ISO-8859-1")
                    .POST(HttpRequest.BodyPublishers.ofString("b=%E9t%E9")));
            assertTrue(response.body().contains("param q=été\nparam b=été\n"), response.body());
        }
    }

    @Test
    void aFormBodyOverTheLimitIsRejectedWith413() throws Exception {
        try (Harness harness = harness()) {
            byte[] body = ("a=" + "x".repeat(ContainerRequest.MAX_FORM_BYTES)).getBytes(StandardCharsets.US_ASCII);
            HttpResponse<String> response = harness.post("/d/big", "application/x-www-form-urlencoded", body);
            assertEquals(413, response.statusCode());
        }
    }

    @Test
    void anUnknownRequestCharsetIsTheClientsError() throws Exception {
        try (Harness harness = harness()) {
            HttpResponse<String> response = harness.post("/d/x", "application/x-www-form-urlencoded;charset=klingon",
                    "a=b".getBytes(StandardCharsets.US_ASCII));
            assertEquals(415, response.statusCode());
        }
    }

    @Test
    void readerDecodesTheBodyAndThenNoBodyParametersAreParsed() throws Exception {
        try (Harness harness = harness()) {
            HttpResponse<String> response = harness.post("/body?a=query", "application/x-www-form-urlencoded;charset=UTF-8",
                    "a=body&x=é".getBytes(StandardCharsets.UTF_8));
            assertEquals("UTF-8|a=body&x=é|query", response.body());
        }
    }

    @Test
    void theSchemeIsWhatTheEngineReportsFromATrustedProxy() throws Exception {
        try (Harness harness = harness()) {
            String body = harness.get("/d/s", "X-Test-Scheme", "https").body();
            assertTrue(body.contains("scheme=https secure=true\n"), body);
            assertTrue(body.contains("url=https://127.0.0.1:" + harness.uri("/").getPort() + "/d/s\n"), body);
        }
    }

    @Test
    void doubledSlashesDoNotGetPastAFilter() throws Exception {
        try (Harness harness = Harness.deploy(context -> {
            context.addServlet("describe", Describe.class).addMapping("/d/*");
            context.addServlet("other", Describe.class).addMapping("/");
            context.addFilter("guard", (request, response, chain) -> {
                ((HttpServletResponse) response).setHeader("X-Guarded", "yes");
                chain.doFilter(request, response);
            }).addMappingForUrlPatterns(null, false, "/d/*");
        })) {
            HttpResponse<String> response = harness.get("/", "X-Test-Target", "//d//x");
            assertEquals("yes", response.headers().firstValue("X-Guarded").orElse("no"));
            assertTrue(response.body().contains("servletPath=/d\npathInfo=/x\n"), response.body());
            assertTrue(response.body().contains("uri=//d//x\n"), response.body());
        }
    }

    @Test
    void badPathsAreRefusedBeforeTheApplication() throws Exception {
        try (Harness harness = harness()) {
            HttpResponse<String> response = harness.get("/d/a%2Fb");
            assertEquals(400, response.statusCode());
        }
    }
}
