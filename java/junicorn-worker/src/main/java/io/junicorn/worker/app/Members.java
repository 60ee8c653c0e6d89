package io.junicorn.worker.app;

import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * CLASS::member and CLASS::factory(args): a public static field's value, a public static no-arg method's
 * result, or the result of the public static method whose parameters fit the literals (a Long fits long, int,
 * short, byte within their range, the floating types and Number; a Double fits double, float and Number; a
 * String fits String and CharSequence; a Boolean fits boolean; anything fits Object). The closest fit wins.
 */
final class Members {
    private static final int NO_FIT = Integer.MAX_VALUE;

    private Members() {
    }

    /** The value of {@code member}, or empty when the class has no public static member of that name. */
    static Optional<Object> value(Class<?> type, String member, String spec) throws AppLoadException {
        try {
            Field field = type.getField(member);
            if (Modifier.isStatic(field.getModifiers())) {
                return Optional.of(nonNull(field.get(null), spec));
            }
        } catch (NoSuchFieldException e) {
            // not a field: a method, perhaps
        } catch (IllegalAccessException e) {
            throw new AppLoadException(spec + ": cannot read " + member + ": " + e.getMessage(), e);
        }
        for (Method method : type.getMethods()) {
            if (method.getName().equals(member) && method.getParameterCount() == 0
                    && Modifier.isStatic(method.getModifiers())) {
                return Optional.of(nonNull(invoke(method, List.of(), spec), spec));
            }
        }
        return Optional.empty();
    }

    /** The result of the factory fitting {@code arguments}; throws naming the literals' types when none fits. */
    static Object call(Class<?> type, String member, List<Object> arguments, String spec) throws AppLoadException {
        Method best = null;
        int bestCost = NO_FIT;
        boolean tie = false;
        for (Method method : type.getMethods()) {
            if (!method.getName().equals(member) || !Modifier.isStatic(method.getModifiers())
                    || method.getParameterCount() != arguments.size()) {
                continue;
            }
            int cost = cost(method.getParameterTypes(), arguments);
            if (cost < bestCost) {
                best = method;
                bestCost = cost;
                tie = false;
            } else if (cost == bestCost && cost != NO_FIT) {
                tie = true;
            }
        }
        if (best == null) {
            throw new AppLoadException(spec + ": " + type.getName() + " has no public static method " + member
                    + "(" + String.join(", ", arguments.stream().map(a -> a.getClass().getSimpleName()).toList())
                    + ")", null);
        }
        if (tie) {
            throw new AppLoadException(spec + ": more than one public static method " + member
                    + " fits the arguments equally", null);
        }
        Class<?>[] parameters = best.getParameterTypes();
        List<Object> converted = new ArrayList<>();
        for (int i = 0; i < parameters.length; i++) {
            converted.add(convert(arguments.get(i), parameters[i]));
        }
        return nonNull(invoke(best, converted, spec), spec);
    }

    private static Object invoke(Method method, List<Object> arguments, String spec) throws AppLoadException {
        try {
            return method.invoke(null, arguments.toArray());
        } catch (InvocationTargetException e) {
            throw new AppLoadException(spec + " threw " + e.getCause(), e.getCause());
        } catch (IllegalAccessException e) {
            throw new AppLoadException(spec + ": cannot call " + method.getName() + ": " + e.getMessage(), e);
        }
    }

    private static Object nonNull(Object value, String spec) throws AppLoadException {
        if (value == null) {
            throw new AppLoadException(spec + " is null", null);
        }
        return value;
    }

    private static int cost(Class<?>[] parameters, List<Object> arguments) {
        int total = 0;
        for (int i = 0; i < parameters.length; i++) {
            int cost = cost(parameters[i], arguments.get(i));
            if (cost == NO_FIT) {
                return NO_FIT;
            }
            total += cost;
        }
        return total;
    }

    /** 0: the literal's own type; 1: a conversion; 2: a supertype (Object, Number, CharSequence). */
    private static int cost(Class<?> parameter, Object argument) {
        if (argument instanceof String) {
            return parameter == String.class ? 0 : parameter == CharSequence.class || parameter == Object.class ? 2 : NO_FIT;
        }
        if (argument instanceof Boolean) {
            return parameter == boolean.class || parameter == Boolean.class ? 0 : parameter == Object.class ? 2 : NO_FIT;
        }
        if (argument instanceof Long value) {
            if (parameter == long.class || parameter == Long.class) {
                return 0;
            }
            if ((parameter == int.class || parameter == Integer.class) && value == value.intValue()
                    || (parameter == short.class || parameter == Short.class) && value == value.shortValue()
                    || (parameter == byte.class || parameter == Byte.class) && value == value.byteValue()
                    || parameter == BigInteger.class || parameter == double.class || parameter == Double.class
                    || parameter == float.class || parameter == Float.class || parameter == BigDecimal.class) {
                return 1;
            }
            return parameter == Number.class || parameter == Object.class ? 2 : NO_FIT;
        }
        if (argument instanceof Double) {
            if (parameter == double.class || parameter == Double.class) {
                return 0;
            }
            if (parameter == float.class || parameter == Float.class || parameter == BigDecimal.class) {
                return 1;
            }
            return parameter == Number.class || parameter == Object.class ? 2 : NO_FIT;
        }
        return NO_FIT;
    }

    private static Object convert(Object argument, Class<?> parameter) {
        if (argument instanceof Long value) {
            if (parameter == int.class || parameter == Integer.class) {
                return value.intValue();
            }
            if (parameter == short.class || parameter == Short.class) {
                return value.shortValue();
            }
            if (parameter == byte.class || parameter == Byte.class) {
                return value.byteValue();
            }
            if (parameter == double.class || parameter == Double.class) {
                return value.doubleValue();
            }
            if (parameter == float.class || parameter == Float.class) {
                return value.floatValue();
            }
            if (parameter == BigInteger.class) {
                return BigInteger.valueOf(value);
            }
            if (parameter == BigDecimal.class) {
                return BigDecimal.valueOf(value);
            }
        }
        if (argument instanceof Double value) {
            if (parameter == float.class || parameter == Float.class) {
                return value.floatValue();
            }
            if (parameter == BigDecimal.class) {
                return BigDecimal.valueOf(value);
            }
        }
        return argument;
    }
}
