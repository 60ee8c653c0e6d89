package io.junicorn.bench;

import io.junicorn.http.RequestHead;
import io.junicorn.http.RequestParser;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * {@link RequestParser} over typical heads, one connection's parser reused with reset() as the engine
 * does. Run with {@code scripts/bench jmh}; the score is the time to parse one head (for the pipelined
 * batch, all {@link #PIPELINED} heads of one read).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class ParserBenchmark {
    static final int PIPELINED = 16;

    /** What wrk sends. */
    static final byte[] SHORT_GET = ascii("GET / HTTP/1.1\r\nHost: 127.0.0.1:8000\r\n\r\n");

    /** A browser's navigation: 12 fields, cookies, a long User-Agent. */
    static final byte[] BROWSER_GET = ascii("GET /articles/2024/http-smuggling?ref=home&page=2 HTTP/1.1\r\n"
            + "Host: www.example.com\r\n"
            + "User-Agent: Mozilla/5.0 (X11; Linux x86_64; rv:131.0) Gecko/20100101 Firefox/131.0\r\n"
            + "Accept: text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8\r\n"
            + "Accept-Language: en-US,en;q=0.5\r\n"
            + "Accept-Encoding: gzip, deflate, br, zstd\r\n"
            + "Referer: https://www.example.com/\r\n"
            + "Connection: keep-alive\r\n"
            + "Cookie: session=5f2b8c1e9a7d4e3f; theme=dark; consent=1\r\n"
            + "Upgrade-Insecure-Requests: 1\r\n"
            + "Sec-Fetch-Dest: document\r\n"
            + "Sec-Fetch-Mode: navigate\r\n"
            + "Priority: u=0, i\r\n"
            + "\r\n");

    static final byte[] PIPELINED_BATCH = repeat(SHORT_GET, PIPELINED);

    private final RequestParser parser = new RequestParser();

    @Benchmark
    public RequestHead shortGet() {
        return parseOne(SHORT_GET);
    }

    @Benchmark
    public RequestHead browserGet() {
        return parseOne(BROWSER_GET);
    }

    @Benchmark
    public void pipelinedBatch(Blackhole heads) {
        ByteBuffer in = ByteBuffer.wrap(PIPELINED_BATCH);
        while (in.hasRemaining()) {
            parser.reset();
            heads.consume(parser.parse(in));
        }
    }

    private RequestHead parseOne(byte[] head) {
        parser.reset();
        return parser.parse(ByteBuffer.wrap(head));
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] repeat(byte[] one, int times) {
        byte[] all = new byte[one.length * times];
        for (int i = 0; i < times; i++) {
            System.arraycopy(one, 0, all, i * one.length, one.length);
        }
        return all;
    }
}
