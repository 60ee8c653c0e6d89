package io.junicorn.common;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** JSON strings in --log-format json lines stay valid whatever a message holds. */
class JsonLineLayoutTest {

    @Test
    void escapesQuotesBackslashesAndControlCharacters() {
        StringBuilder json = new StringBuilder();
        JsonLineLayout.string(json, "say \"hi\"\\ \n\t\r\u0001 é");
        assertEquals("\"say \\\"hi\\\"\\\\ \\n\\t\\r\\u0001 é\"", json.toString());
    }
}
