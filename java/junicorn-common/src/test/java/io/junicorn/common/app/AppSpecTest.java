package io.junicorn.common.app;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AppSpecTest {

    @Test
    void classAlone() {
        AppSpec spec = AppSpec.parse("com.example.Hello");
        assertEquals("com.example.Hello", spec.className());
        assertNull(spec.member());
        assertNull(spec.arguments());
        assertFalse(spec.isJar());
        assertEquals("Outer$Inner", AppSpec.parse("Outer$Inner").className());
        assertEquals("com.example.Hello", AppSpec.parse("  com.example.Hello ").className());
    }

    @Test
    void memberWithDoubleOrSingleColon() {
        for (String text : List.of("com.example.App::handler", "com.example.App:handler")) {
            AppSpec spec = AppSpec.parse(text);
            assertEquals("com.example.App", spec.className());
            assertEquals("handler", spec.member());
            assertNull(spec.arguments(), "no parentheses: a field or a no-arg method");
            assertEquals("com.example.App::handler", spec.toString());
        }
    }

    @Test
    void factoryWithoutArguments() {
        AppSpec spec = AppSpec.parse("App::create()");
        assertEquals(List.of(), spec.arguments());
        assertEquals("App::create()", spec.toString());
        assertEquals(List.of(), AppSpec.parse("App:create( )").arguments());
    }

    @Test
    void everyLiteral() {
        AppSpec spec = AppSpec.parse("App::make('one', \"two\", 3, -4, +5, 6.5, -.25, 1e3, 2.5E-1, true, false, True, False, 1_000)");
        assertEquals(Arrays.asList("one", "two", 3L, -4L, 5L, 6.5, -0.25, 1000.0, 0.25, true, false, true, false, 1000L),
                spec.arguments());
    }

    @Test
    void stringEscapes() {
        AppSpec spec = AppSpec.parse("App::f('a\\'b', \"c\\\"d\", 'e\\\\f', '\\n\\t\\r\\b\\f\\0', '\\x41\\u00e9', 'x,y)')");
        assertEquals(List.of("a'b", "c\"d", "e\\f", "\n\t\r\b\f\0", "A\u00e9", "x,y)"), spec.arguments());
    }

    @Test
    void spacesAndTrailingComma() {
        assertEquals(List.of("a", 1L), AppSpec.parse("App::f( 'a' ,  1 , )").arguments());
    }

    @Test
    void jarPath() {
        AppSpec spec = AppSpec.parse("build/app.jar");
        assertTrue(spec.isJar());
        assertEquals("build/app.jar", spec.jar());
        assertNull(spec.className());
        assertTrue(AppSpec.parse("/opt/App.JAR").isJar());
    }

    @Test
    void warPath() {
        AppSpec spec = AppSpec.parse("build/shop.war");
        assertTrue(spec.isWar());
        assertFalse(spec.isJar());
        assertEquals("build/shop.war", spec.jar());
        assertNull(spec.className());
        assertFalse(AppSpec.parse("build/app.jar").isWar());
    }

    @Test
    void toStringQuotesStrings() {
        assertEquals("App::f(\"it\\\"s\", 2, true, 1.5)", AppSpec.parse("App::f('it\"s', 2, true, 1.5)").toString());
    }

    @Test
    void errorsSayWhereAndWhat() {
        assertError("", "APP is empty");
        assertError("   ", "APP is empty");
        assertError("Foo::bar(", "column 10: missing ')'");
        assertError("Foo::bar('x'", "missing ')'");
        assertError("Foo::bar('x' 'y')", "expected ',' or ')' after an argument");
        assertError("Foo::bar('x)", "string not closed by '");
        assertError("Foo::bar(\"x\\", "string not closed by \"");
        assertError("Foo::bar('\\q')", "unknown escape \\q");
        assertError("Foo::bar('\\x4')", "escape needs 2 hex digits");
        assertError("Foo::bar('\\u12g4')", "escape needs 4 hex digits");
        assertError("Foo::bar(none)", "'none' is not a literal");
        assertError("Foo::bar(null)", "'null' is not a literal");
        assertError("Foo::bar(1x)", "not a number");
        assertError("Foo::bar(-)", "expected a number");
        assertError("Foo::bar(1e)", "exponent without digits");
        assertError("Foo::bar(99999999999999999999)", "integer out of range of a long");
        assertError("Foo::bar(,)", "expected a literal");
        assertError("Foo::bar() x", "unexpected text after ')'");
        assertError("Foo::", "expected a static field or method name");
        assertError("Foo:::bar", "expected a static field or method name");
        assertError("Foo::bar x", "expected '(' or end of APP after bar");
        assertError("1Foo", "column 1: expected a class name");
        assertError("com..Foo", "expected a class name part");
        assertError("com.Foo.", "expected a class name part");
        assertError("Foo-bar", "expected '::' or end of APP after the class name");
        assertError("Foo::bar(1,,2)", "expected a literal");
    }

    private static void assertError(String text, String expected) {
        AppSpec.AppSpecException e = assertThrows(AppSpec.AppSpecException.class, () -> AppSpec.parse(text));
        assertTrue(e.getMessage().contains(expected), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), "one line");
    }
}
