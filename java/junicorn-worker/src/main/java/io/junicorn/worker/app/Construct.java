package io.junicorn.worker.app;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Modifier;

/** Instantiating an application class, with a message that says which rule it broke. */
final class Construct {
    private Construct() {
    }

    static Object noArg(Class<?> type) throws AppLoadException {
        if (Modifier.isAbstract(type.getModifiers())) {
            throw new AppLoadException(type.getName() + " is abstract: name a concrete class, or a static member "
                    + "or factory returning the instance (CLASS::member)", null);
        }
        try {
            return type.getConstructor().newInstance();
        } catch (NoSuchMethodException e) {
            throw new AppLoadException(type.getName() + " has no public no-arg constructor: add one, or name a "
                    + "static member or factory returning the instance (CLASS::member)", e);
        } catch (InvocationTargetException e) {
            throw new AppLoadException(type.getName() + "() threw " + e.getCause(), e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new AppLoadException(type.getName() + " cannot be instantiated: " + e, e);
        }
    }
}
