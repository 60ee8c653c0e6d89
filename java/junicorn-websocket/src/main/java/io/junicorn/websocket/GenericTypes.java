package io.junicorn.websocket;

import java.lang.reflect.GenericArrayType;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.util.HashMap;
import java.util.Map;

/**
 * The class a generic interface's one type parameter has in a concrete class: the T of {@code MessageHandler.Whole<T>}
 * or {@code Decoder.Text<T>}, through superclasses and superinterfaces that pass it on. A lambda's class keeps no
 * type arguments, so it resolves to null.
 */
final class GenericTypes {
    private GenericTypes() {
    }

    static Class<?> argument(Class<?> concrete, Class<?> generic) {
        return argument(concrete, generic, Map.of());
    }

    private static Class<?> argument(Type type, Class<?> generic, Map<TypeVariable<?>, Type> bound) {
        Class<?> raw;
        Map<TypeVariable<?>, Type> here = new HashMap<>();
        if (type instanceof ParameterizedType parameterized) {
            raw = (Class<?>) parameterized.getRawType();
            TypeVariable<?>[] parameters = raw.getTypeParameters();
            Type[] arguments = parameterized.getActualTypeArguments();
            for (int i = 0; i < parameters.length; i++) {
                here.put(parameters[i], arguments[i] instanceof TypeVariable<?> variable && bound.containsKey(variable)
                        ? bound.get(variable) : arguments[i]);
            }
        } else if (type instanceof Class<?> plain) {
            raw = plain;
        } else {
            return null;
        }
        if (raw == generic) {
            return type instanceof ParameterizedType ? toClass(here.get(generic.getTypeParameters()[0])) : null;
        }
        for (Type parent : raw.getGenericInterfaces()) {
            Class<?> found = argument(parent, generic, here);
            if (found != null) {
                return found;
            }
        }
        return raw.getGenericSuperclass() == null ? null : argument(raw.getGenericSuperclass(), generic, here);
    }

    private static Class<?> toClass(Type type) {
        if (type instanceof Class<?> plain) {
            return plain;
        }
        if (type instanceof ParameterizedType parameterized) {
            return (Class<?>) parameterized.getRawType();
        }
        if (type instanceof GenericArrayType array) {
            Class<?> component = toClass(array.getGenericComponentType());
            return component == null ? null : component.arrayType();
        }
        return null; // an unbound type variable: a lambda, or a generic class used raw
    }
}
