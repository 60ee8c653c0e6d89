package io.junicorn.common.app;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The APP argument, parsed: {@code CLASS}, {@code CLASS::member}, {@code CLASS::factory(args)} ({@code :} for
 * gunicorn's habit works as well as {@code ::}), the path of a jar whose manifest names its Main-Class, or the
 * path of a war ({@link WebArchive}).
 * Pure text: the master refuses a malformed APP before any worker starts, and the worker resolves the same
 * parse against its class path.
 *
 * <p>Factory arguments are literals, as gunicorn's {@code ast.literal_eval}: strings in {@code '...'} or
 * {@code "..."} with backslash escapes (n, t, r, b, f, 0, backslash, both quotes, x and two hex digits, u and
 * four), integers ({@link Long}), decimals ({@link Double}) and {@code true}/{@code false} ({@code True}/{@code
 * False} too). A spec ending in {@code .jar} or {@code .war} without a colon is a jar's or war's path.
 *
 * @param className the class's binary name, or null for a jar
 * @param member    the static field or method after {@code ::}, or null
 * @param arguments the factory's arguments when the member was called with {@code (...)}, else null
 * @param jar       the jar's (or war's) path when APP names one, else null
 */
public record AppSpec(String className, String member, List<Object> arguments, String jar) {
    /** Parses APP; throws {@link AppSpecException} saying where and why it is malformed. */
    public static AppSpec parse(String text) {
        if (text == null || text.isBlank()) {
            throw new AppSpecException("APP is empty: expected CLASS, CLASS::member, CLASS::factory(args), a jar or a war");
        }
        String spec = text.strip();
        String lower = spec.toLowerCase(Locale.ROOT);
        if ((lower.endsWith(".jar") || lower.endsWith(".war")) && spec.indexOf(':') < 0) {
            return new AppSpec(null, null, null, spec);
        }
        return new Parser(spec).parse();
    }

    /** True when APP names a jar whose manifest Main-Class is the application. */
    public boolean isJar() {
        return jar != null && !isWar();
    }

    /** True when APP names a war: its WEB-INF/ is the application, as a servlet container deploys it. */
    public boolean isWar() {
        return jar != null && WebArchive.isWar(jar);
    }

    /** The spec as the user would write it, with :: and literals normalised. */
    @Override
    public String toString() {
        if (jar != null) {
            return jar;
        }
        StringBuilder text = new StringBuilder(className);
        if (member != null) {
            text.append("::").append(member);
        }
        if (arguments != null) {
            text.append('(');
            for (int i = 0; i < arguments.size(); i++) {
                text.append(i == 0 ? "" : ", ").append(literal(arguments.get(i)));
            }
            text.append(')');
        }
        return text.toString();
    }

    private static String literal(Object value) {
        if (!(value instanceof String s)) {
            return String.valueOf(value);
        }
        StringBuilder quoted = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"', '\\' -> quoted.append('\\').append(c);
                case '\n' -> quoted.append("\\n");
                case '\t' -> quoted.append("\\t");
                case '\r' -> quoted.append("\\r");
                default -> {
                    if (c < 0x20) {
                        quoted.append(String.format("\\u%04x", (int) c));
                    } else {
                        quoted.append(c);
                    }
                }
            }
        }
        return quoted.append('"').toString();
    }

    /** A malformed APP: the message quotes it and says what was expected where. */
    public static final class AppSpecException extends IllegalArgumentException {
        public AppSpecException(String message) {
            super(message);
        }
    }

    /** A recursive-descent reader over the spec; {@link #pos} is the next character. */
    private static final class Parser {
        private final String text;
        private int pos;

        Parser(String text) {
            this.text = text;
        }

        AppSpec parse() {
            String className = className();
            if (atEnd()) {
                return new AppSpec(className, null, null, null);
            }
            expect(':', "'::' or end of APP after the class name");
            if (peek() == ':') {
                pos++;
            }
            String member = identifier("a static field or method name");
            List<Object> arguments = null;
            if (!atEnd()) {
                expect('(', "'(' or end of APP after " + member);
                arguments = arguments();
            }
            if (!atEnd()) {
                throw error("unexpected text after ')'");
            }
            return new AppSpec(className, member, arguments == null ? null : List.copyOf(arguments), null);
        }

        private String className() {
            int start = pos;
            identifier("a class name");
            while (peek() == '.') {
                pos++;
                identifier("a class name part");
            }
            return text.substring(start, pos);
        }

        private String identifier(String what) {
            int start = pos;
            if (atEnd() || !Character.isJavaIdentifierStart(text.charAt(pos))) {
                throw error("expected " + what);
            }
            while (!atEnd() && Character.isJavaIdentifierPart(text.charAt(pos))) {
                pos++;
            }
            return text.substring(start, pos);
        }

        private List<Object> arguments() {
            List<Object> arguments = new ArrayList<>();
            skipSpaces();
            if (peek() == ')') {
                pos++;
                return arguments;
            }
            while (true) {
                skipSpaces();
                if (peek() == ')' && !arguments.isEmpty()) { // a trailing comma, as Python allows
                    pos++;
                    return arguments;
                }
                arguments.add(literal());
                skipSpaces();
                if (atEnd()) {
                    throw error("missing ')'");
                }
                char c = text.charAt(pos++);
                if (c == ')') {
                    return arguments;
                }
                if (c != ',') {
                    pos--;
                    throw error("expected ',' or ')' after an argument");
                }
            }
        }

        private Object literal() {
            if (atEnd()) {
                throw error("missing ')'");
            }
            char c = text.charAt(pos);
            if (c == '\'' || c == '"') {
                return string(c);
            }
            if (c == '+' || c == '-' || c == '.' || Character.isDigit(c)) {
                return number();
            }
            if (Character.isJavaIdentifierStart(c)) {
                int start = pos;
                String word = identifier("a literal");
                return switch (word) {
                    case "true", "True" -> Boolean.TRUE;
                    case "false", "False" -> Boolean.FALSE;
                    default -> {
                        pos = start;
                        throw error("'" + word + "' is not a literal: arguments are 'strings', numbers, true or false");
                    }
                };
            }
            throw error("expected a literal: 'string', \"string\", a number, true or false");
        }

        private String string(char quote) {
            int start = pos++;
            StringBuilder value = new StringBuilder();
            while (true) {
                if (atEnd()) {
                    pos = start;
                    throw error("string not closed by " + quote);
                }
                char c = text.charAt(pos++);
                if (c == quote) {
                    return value.toString();
                }
                if (c != '\\') {
                    value.append(c);
                    continue;
                }
                if (atEnd()) {
                    pos = start;
                    throw error("string not closed by " + quote);
                }
                char e = text.charAt(pos++);
                switch (e) {
                    case 'n' -> value.append('\n');
                    case 't' -> value.append('\t');
                    case 'r' -> value.append('\r');
                    case 'b' -> value.append('\b');
                    case 'f' -> value.append('\f');
                    case '0' -> value.append('\0');
                    case '\\', '\'', '"' -> value.append(e);
                    case 'x' -> value.append(hex(2));
                    case 'u' -> value.append(hex(4));
                    default -> {
                        pos -= 2;
                        throw error("unknown escape \\" + e);
                    }
                }
            }
        }

        private char hex(int digits) {
            int start = pos - 2;
            if (pos + digits > text.length()) {
                pos = start;
                throw error("escape needs " + digits + " hex digits");
            }
            try {
                int value = Integer.parseInt(text.substring(pos, pos + digits), 16);
                if (!text.substring(pos, pos + digits).chars().allMatch(d -> Character.digit(d, 16) >= 0)) {
                    throw new NumberFormatException();
                }
                pos += digits;
                return (char) value;
            } catch (NumberFormatException e) {
                pos = start;
                throw error("escape needs " + digits + " hex digits");
            }
        }

        private Object number() {
            int start = pos;
            if (peek() == '+' || peek() == '-') {
                pos++;
            }
            int digits = digits();
            boolean decimal = false;
            if (peek() == '.') {
                pos++;
                decimal = true;
                digits += digits();
            }
            if (digits == 0) {
                pos = start;
                throw error("expected a number");
            }
            if (peek() == 'e' || peek() == 'E') {
                pos++;
                if (peek() == '+' || peek() == '-') {
                    pos++;
                }
                if (digits() == 0) {
                    pos = start;
                    throw error("exponent without digits");
                }
                decimal = true;
            }
            if (!atEnd() && Character.isJavaIdentifierPart(text.charAt(pos))) {
                pos = start;
                throw error("not a number");
            }
            String literal = text.substring(start, pos).replace("_", "");
            if (decimal) {
                return Double.parseDouble(literal);
            }
            BigInteger value = new BigInteger(literal);
            if (value.bitLength() > 63) {
                pos = start;
                throw error("integer out of range of a long");
            }
            return value.longValue();
        }

        private int digits() {
            int count = 0;
            while (!atEnd() && (Character.isDigit(text.charAt(pos)) || (count > 0 && text.charAt(pos) == '_'))) {
                count += text.charAt(pos) == '_' ? 0 : 1;
                pos++;
            }
            return count;
        }

        private void expect(char c, String what) {
            if (atEnd() || text.charAt(pos) != c) {
                throw error("expected " + what);
            }
            pos++;
        }

        private void skipSpaces() {
            while (!atEnd() && Character.isWhitespace(text.charAt(pos))) {
                pos++;
            }
        }

        private char peek() {
            return atEnd() ? '\0' : text.charAt(pos);
        }

        private boolean atEnd() {
            return pos >= text.length();
        }

        private AppSpecException error(String why) {
            return new AppSpecException("APP " + text + " is malformed at column " + (pos + 1) + ": " + why
                    + " (APP is CLASS, CLASS::member, CLASS::factory(args), a jar or a war path)");
        }
    }
}
