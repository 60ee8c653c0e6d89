package io.junicorn.worker.app;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MembersTest {
    public static final String FIELD = "field";
    public static final String NULL_FIELD = null;

    public static String noArg() {
        return "method";
    }

    public static String of(int value) {
        return "int " + value;
    }

    public static String of(long value) {
        return "long " + value;
    }

    public static String of(String value) {
        return "string " + value;
    }

    public static String of(double value, boolean flag) {
        return "double " + value + " " + flag;
    }

    public static String of(Object value, CharSequence text, BigDecimal amount) {
        return "object " + value + " " + text + " " + amount;
    }

    public static String small(byte value) {
        return "byte " + value;
    }

    public static String same(Integer value) {
        return "Integer";
    }

    public static String same(Short value) {
        return "Short";
    }

    public static String fails() {
        throw new IllegalStateException("no config");
    }

    @Test
    void fieldThenNoArgMethod() throws AppLoadException {
        assertEquals("field", Members.value(MembersTest.class, "FIELD", "spec").orElseThrow());
        assertEquals("method", Members.value(MembersTest.class, "noArg", "spec").orElseThrow());
        assertTrue(Members.value(MembersTest.class, "missing", "spec").isEmpty());
        assertTrue(assertThrows(AppLoadException.class, () -> Members.value(MembersTest.class, "NULL_FIELD", "X::NULL_FIELD"))
                .getMessage().contains("X::NULL_FIELD is null"));
        assertTrue(assertThrows(AppLoadException.class, () -> Members.value(MembersTest.class, "fails", "X::fails"))
                .getMessage().contains("X::fails threw java.lang.IllegalStateException: no config"));
    }

    @Test
    void closestFitWins() throws AppLoadException {
        assertEquals("long 5", Members.call(MembersTest.class, "of", List.of(5L), "spec"));
        assertEquals("string x", Members.call(MembersTest.class, "of", List.of("x"), "spec"));
        assertEquals("double 2.0 true", Members.call(MembersTest.class, "of", List.of(2L, true), "spec"));
        assertEquals("object 1 t 2.5", Members.call(MembersTest.class, "of", List.of(1L, "t", 2.5), "spec"));
        assertEquals("byte 7", Members.call(MembersTest.class, "small", List.of(7L), "spec"));
    }

    @Test
    void nothingFitsOrTwoFitEqually() {
        assertTrue(assertThrows(AppLoadException.class, () -> Members.call(MembersTest.class, "small", List.of(300L), "S"))
                .getMessage().contains("has no public static method small(Long)"));
        assertTrue(assertThrows(AppLoadException.class, () -> Members.call(MembersTest.class, "of", List.of(true), "S"))
                .getMessage().contains("has no public static method of(Boolean)"));
        assertTrue(assertThrows(AppLoadException.class, () -> Members.call(MembersTest.class, "same", List.of(1L), "S"))
                .getMessage().contains("more than one public static method same fits the arguments equally"));
    }
}
