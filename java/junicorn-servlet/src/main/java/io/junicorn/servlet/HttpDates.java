package io.junicorn.servlet;

import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;
import java.util.List;
import java.util.Locale;

/**
 * Request header dates in the three forms RFC 9110 section 5.6.7 obliges a recipient to accept: the
 * IMF-fixdate ("Sun, 06 Nov 1994 08:49:37 GMT"), the obsolete RFC 850 form ("Sunday, 06-Nov-94 08:49:37 GMT")
 * and asctime ("Sun Nov  6 08:49:37 1994"); old clients and proxies still send the last two in
 * If-Modified-Since.
 */
final class HttpDates {
    private static final DateTimeFormatter RFC_850 = new DateTimeFormatterBuilder()
            .appendPattern("EEEE, dd-MMM-")
            // two-digit years read as 1970 to 2069: an HTTP date before the epoch does not occur
            .appendValueReduced(ChronoField.YEAR, 2, 2, 1970)
            .appendPattern(" HH:mm:ss 'GMT'")
            .toFormatter(Locale.US); // English names: the root locale has no full day names
    private static final DateTimeFormatter ASCTIME =
            DateTimeFormatter.ofPattern("EEE MMM ppd HH:mm:ss yyyy", Locale.US);

    private HttpDates() {
    }

    /** The instant {@code value} names, in milliseconds since the epoch. */
    static long parse(String value) throws DateTimeParseException {
        String text = value.strip();
        try {
            return ZonedDateTime.parse(text, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant().toEpochMilli();
        } catch (DateTimeParseException imfFailed) {
            for (DateTimeFormatter format : List.of(RFC_850, ASCTIME)) {
                try {
                    return LocalDateTime.parse(text, format).toInstant(ZoneOffset.UTC).toEpochMilli();
                } catch (DateTimeParseException e) {
                    // try the next form
                }
            }
            throw imfFailed;
        }
    }
}
