package io.junicorn.servlet;

import com.sun.net.httpserver.Headers;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** server.compression's decisions: which responses are gzipped, and that Vary tells caches so. */
class ResponseCompressionTest {
    private final ResponseCompression compression = new ResponseCompression(List.of("application/json", " Text/HTML "), 1024);

    @Test
    void aConfiguredTypeOfTheMinimumSizeToAGzipClientIsCompressed() {
        Headers response = new Headers();
        assertTrue(compression.applies(accepting("gzip"), response, "GET", 200, "application/json", 1024));
        assertEquals(List.of("Accept-Encoding"), response.get("Vary"));
        assertTrue(compression.applies(accepting("gzip"), new Headers(), "GET", 200, "text/html;charset=UTF-8", 5000),
                "parameters and case do not matter");
        assertTrue(compression.applies(accepting("gzip"), new Headers(), "POST", 201, "application/json", -1),
                "a response of unknown length is compressed");
    }

    @Test
    void otherTypesAreLeftAloneWithoutVary() {
        Headers response = new Headers();
        assertFalse(compression.applies(accepting("gzip"), response, "GET", 200, "image/png", 50_000));
        assertNull(response.get("Vary"));
        assertFalse(compression.applies(accepting("gzip"), response, "GET", 200, null, 50_000));
        assertFalse(compression.applies(accepting("gzip"), response, "GET", 200, "application/json-seq", 50_000));
        assertFalse(ResponseCompression.NONE.applies(accepting("gzip"), response, "GET", 200, "application/json", 50_000));
        assertNull(response.get("Vary"));
    }

    @Test
    void aSmallResponseIsNotCompressedButVaries() {
        Headers response = new Headers();
        assertFalse(compression.applies(accepting("gzip"), response, "GET", 200, "application/json", 1023));
        assertEquals(List.of("Accept-Encoding"), response.get("Vary"));
    }

    @Test
    void acceptEncodingWithQualityValues() {
        assertTrue(ResponseCompression.acceptsGzip(List.of("deflate, gzip;q=0.5")));
        assertTrue(ResponseCompression.acceptsGzip(List.of("br", "x-gzip")), "any of several fields");
        assertTrue(ResponseCompression.acceptsGzip(List.of("*")));
        assertTrue(ResponseCompression.acceptsGzip(List.of("GZip ; Q=1")));
        assertFalse(ResponseCompression.acceptsGzip(List.of("gzip;q=0")));
        assertFalse(ResponseCompression.acceptsGzip(List.of("gzip; q=0.000")));
        assertFalse(ResponseCompression.acceptsGzip(List.of("*;q=0")));
        assertFalse(ResponseCompression.acceptsGzip(List.of("gzip;q=nonsense")), "a malformed weight refuses");
        assertFalse(ResponseCompression.acceptsGzip(List.of("identity, br")));
        assertFalse(ResponseCompression.acceptsGzip(null));
        assertFalse(compression.applies(new Headers(), new Headers(), "GET", 200, "application/json", 5000),
                "no Accept-Encoding: no gzip");
    }

    @Test
    void headNoContentNotModifiedPartialAndEncodedResponsesAreNotCompressed() {
        assertFalse(compression.applies(accepting("gzip"), new Headers(), "HEAD", 200, "application/json", 5000));
        for (int status : new int[] {204, 206, 304, 101}) {
            assertFalse(compression.applies(accepting("gzip"), new Headers(), "GET", status, "application/json", 5000),
                    "status " + status);
        }
        Headers encoded = new Headers();
        encoded.add("Content-Encoding", "br");
        assertFalse(compression.applies(accepting("gzip"), encoded, "GET", 200, "application/json", 5000));
        Headers range = new Headers();
        range.add("Content-Range", "bytes 0-99/5000");
        assertFalse(compression.applies(accepting("gzip"), range, "GET", 200, "application/json", 5000));
    }

    @Test
    void varyIsAddedOnceBesideTheApplicationsOwn() {
        Headers response = new Headers();
        response.add("Vary", "Origin");
        compression.applies(accepting("gzip"), response, "GET", 200, "application/json", 5000);
        assertEquals(List.of("Origin", "Accept-Encoding"), response.get("Vary"));
        Headers already = new Headers();
        already.add("Vary", "origin, accept-encoding");
        compression.applies(accepting("gzip"), already, "GET", 200, "application/json", 5000);
        assertEquals(List.of("origin, accept-encoding"), already.get("Vary"));
    }

    private static Headers accepting(String acceptEncoding) {
        Headers request = new Headers();
        request.add("Accept-Encoding", acceptEncoding);
        return request;
    }
}
