package io.junicorn.engine;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * The {@code Date} field line (IMF-fixdate, RFC 9110 §5.6.7), formatted once per second and shared by
 * every connection. {@code DateTimeFormatter.RFC_1123_DATE_TIME} is not used: it writes one-digit days.
 */
final class DateCache {
    private static final DateTimeFormatter IMF_FIXDATE =
            DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US).withZone(ZoneOffset.UTC);

    private record Line(long second, byte[] bytes, String value) {
    }

    private static volatile Line current = new Line(Long.MIN_VALUE, new byte[0], "");

    private DateCache() {
    }

    /** {@code Date: <IMF-fixdate>\r\n} for the current second. */
    static byte[] dateLine() {
        return line().bytes;
    }

    /** The {@code <IMF-fixdate>} alone, for an HTTP/2 response's date field. */
    static String dateValue() {
        return line().value;
    }

    private static Line line() {
        long second = System.currentTimeMillis() / 1000;
        Line line = current;
        if (line.second != second) {
            String value = IMF_FIXDATE.format(Instant.ofEpochSecond(second));
            line = new Line(second, ("Date: " + value + "\r\n").getBytes(StandardCharsets.US_ASCII), value);
            current = line; // racing writers store equal values
        }
        return line;
    }
}
