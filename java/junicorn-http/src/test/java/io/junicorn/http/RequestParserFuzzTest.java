package io.junicorn.http;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Coverage-guided fuzzing of {@link RequestParser} with Jazzer. Plain {@code mvn test} runs only the seeds
 * (src/test/resources/.../RequestParserFuzzTestInputs/parse) and gunicorn's corpus through the same checks;
 * {@code JAZZER_FUZZ=1} fuzzes for {@code maxDuration} (scripts/test does, for one minute).
 *
 * <p>For every input: no exception other than {@link HttpException} escapes; one input takes at most
 * {@link #PER_INPUT_SECONDS} (the {@code @Timeout} is Jazzer's per-input timeout while fuzzing); the result
 * is the same whole and byte by byte; and an accepted head re-serializes to a request that parses to the
 * same method, target, version and fields.
 */
class RequestParserFuzzTest {
    static final int PER_INPUT_SECONDS = 5;

    @FuzzTest(maxDuration = "60s")
    @Timeout(value = PER_INPUT_SECONDS, unit = TimeUnit.SECONDS)
    void parse(byte[] input) {
        check(input);
    }

    /** The corpus as seeds in every mode: the fuzzer starts from real requests, valid and hostile. */
    @Test
    void gunicornCorpusHoldsTheProperties() throws IOException {
        JsonNode cases = new ObjectMapper().readTree(CorpusTest.CORPUS.toFile());
        assertTrue(cases.size() > 0, "empty corpus " + CorpusTest.CORPUS);
        for (JsonNode c : cases) {
            byte[] raw = Base64.getDecoder().decode(c.get("raw_b64").asText());
            for (int flags = 0; flags < 4; flags++) {
                check(withOptionsByte((byte) flags, raw));
            }
        }
    }

    /** The first byte picks the compatibility switches, so the fuzzer explores them too; the rest is the wire. */
    static void check(byte[] input) {
        if (input.length == 0) {
            return;
        }
        ParserOptions options = options(input[0]);
        byte[] wire = Arrays.copyOfRange(input, 1, input.length);
        long started = System.nanoTime();
        String whole = outcome(options, wire, wire.length);
        String byteByByte = outcome(options, wire, 1);
        assertEquals(whole, byteByByte, "the read-size split changed the result");
        assertTrue(System.nanoTime() - started < TimeUnit.SECONDS.toNanos(PER_INPUT_SECONDS), "too slow");
        if (!whole.startsWith("error ") && !whole.equals("incomplete")) {
            RequestHead head = parseAll(new RequestParser(options), wire, wire.length);
            RequestHead again = parseAll(new RequestParser(options), serialize(head), Integer.MAX_VALUE);
            assertEquals(describe(head), again == null ? "incomplete" : describe(again),
                    "an accepted head did not survive re-serialization");
        }
    }

    static ParserOptions options(byte flags) {
        return new ParserOptions(ParserOptions.DEFAULT_REQUEST_LINE, ParserOptions.DEFAULT_FIELDS,
                ParserOptions.DEFAULT_FIELD_SIZE, (flags & 1) != 0, (flags & 2) != 0,
                ParserOptions.HeaderMap.values()[((flags >> 2) & 0xff) % 3], (flags & 16) != 0, (flags & 32) != 0,
                (flags & 64) != 0, (flags & 128) != 0);
    }

    private static byte[] withOptionsByte(byte flags, byte[] raw) {
        byte[] input = new byte[raw.length + 1];
        input[0] = flags;
        System.arraycopy(raw, 0, input, 1, raw.length);
        return input;
    }

    private static String outcome(ParserOptions options, byte[] wire, int pieceSize) {
        try {
            RequestHead head = parseAll(new RequestParser(options), wire, pieceSize);
            return head == null ? "incomplete" : describe(head);
        } catch (HttpException e) {
            return "error " + e.status() + " " + e.reason();
        }
    }

    /** The first head of {@code wire} fed in pieces of {@code pieceSize} bytes, or null if it is incomplete. */
    private static RequestHead parseAll(RequestParser parser, byte[] wire, int pieceSize) {
        for (int from = 0; from < wire.length; from += pieceSize) {
            int to = (int) Math.min(wire.length, (long) from + pieceSize);
            ByteBuffer piece = ByteBuffer.wrap(wire, from, to - from);
            RequestHead head = parser.parse(piece);
            if (head != null) {
                return head;
            }
            assertEquals(0, piece.remaining(), "the parser asked for more bytes without consuming these");
        }
        return null;
    }

    static byte[] serialize(RequestHead head) {
        StringBuilder s = new StringBuilder();
        s.append(head.method()).append(' ').append(head.target()).append(' ').append(head.version().text())
                .append("\r\n");
        for (int i = 0; i < head.fieldCount(); i++) {
            s.append(head.fieldName(i)).append(": ").append(head.fieldValue(i)).append("\r\n");
        }
        return s.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    static String describe(RequestHead head) {
        StringBuilder s = new StringBuilder(head.method()).append(' ').append(head.target()).append(' ')
                .append(head.version().text());
        for (int i = 0; i < head.fieldCount(); i++) {
            s.append('|').append(head.fieldName(i)).append(':').append(head.fieldValue(i));
        }
        return s.toString();
    }
}
