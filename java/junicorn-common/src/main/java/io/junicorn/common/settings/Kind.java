package io.junicorn.common.settings;

import java.util.ArrayList;
import java.util.List;

/** How a setting's text becomes a value; the same for the command line, the environment and config files. */
public enum Kind {
    INTEGER("INT") {
        @Override
        Object parse(String text) {
            if (!text.matches("-?[0-9]{1,9}")) {
                throw new IllegalArgumentException("expected a whole number, got '" + text + "'");
            }
            return Integer.valueOf(text);
        }
    },
    SECONDS("SECONDS") {
        @Override
        Object parse(String text) {
            if (!text.matches("[0-9]{1,9}(\\.[0-9]{1,6})?")) {
                throw new IllegalArgumentException("expected seconds such as 30 or 0.5, got '" + text + "'");
            }
            return Double.valueOf(text);
        }
    },
    STRING("STRING") {
        @Override
        Object parse(String text) {
            return text;
        }
    },
    /** Repeatable: every occurrence adds one entry. */
    LIST("STRING") {
        @Override
        Object parse(String text) {
            return List.of(text);
        }

        @Override
        public Object combine(Object earlier, Object later) {
            List<Object> joined = new ArrayList<>((List<?>) earlier);
            joined.addAll((List<?>) later);
            return List.copyOf(joined);
        }
    },
    FLAG("") {
        @Override
        Object parse(String text) {
            return switch (text) {
                case "true", "yes", "1", "on" -> Boolean.TRUE;
                case "false", "no", "0", "off" -> Boolean.FALSE;
                default -> throw new IllegalArgumentException("expected true or false, got '" + text + "'");
            };
        }
    };

    public final String metavar;

    Kind(String metavar) {
        this.metavar = metavar;
    }

    abstract Object parse(String text);

    /** The text that parses back to the value: what config files and the worker's environment carry. */
    String format(Object value) {
        if (value instanceof Double seconds) {
            return java.math.BigDecimal.valueOf(seconds).stripTrailingZeros().toPlainString();
        }
        return String.valueOf(value);
    }

    /** Two values of the same source for one setting: the later wins, except for lists, which add up. */
    public Object combine(Object earlier, Object later) {
        return later;
    }
}
