package io.junicorn.websocket;

import jakarta.websocket.DecodeException;

import java.util.Map;

/**
 * The text messages the spec lets an endpoint take without a decoder: Java primitives and their boxes (JSR 356
 * §4.7 / §5.2: "the container will decode the text message into the Java primitive type"), and back for sending.
 */
final class TextConversions {
    private static final Map<Class<?>, Class<?>> BOXES = Map.of(boolean.class, Boolean.class, byte.class, Byte.class,
            char.class, Character.class, short.class, Short.class, int.class, Integer.class, long.class, Long.class,
            float.class, Float.class, double.class, Double.class);

    private TextConversions() {
    }

    static boolean converts(Class<?> type) {
        return BOXES.containsKey(type) || BOXES.containsValue(type);
    }

    static Class<?> boxed(Class<?> type) {
        return type.isPrimitive() ? BOXES.get(type) : type;
    }

    static Object fromText(String text, Class<?> type) throws DecodeException {
        Class<?> box = boxed(type);
        try {
            if (box == Boolean.class) {
                return Boolean.valueOf(text);
            }
            if (box == Character.class) {
                if (text.length() != 1) {
                    throw new DecodeException(text, "a char message must be one character long");
                }
                return text.charAt(0);
            }
            if (box == Byte.class) {
                return Byte.valueOf(text);
            }
            if (box == Short.class) {
                return Short.valueOf(text);
            }
            if (box == Integer.class) {
                return Integer.valueOf(text);
            }
            if (box == Long.class) {
                return Long.valueOf(text);
            }
            if (box == Float.class) {
                return Float.valueOf(text);
            }
            if (box == Double.class) {
                return Double.valueOf(text);
            }
        } catch (NumberFormatException e) {
            throw new DecodeException(text, "not a " + type.getSimpleName() + ": " + e.getMessage(), e);
        }
        throw new IllegalArgumentException("no text conversion to " + type.getName());
    }
}
