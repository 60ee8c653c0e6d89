package io.junicorn.common.hooks;

import io.junicorn.common.settings.SettingsException;
import io.junicorn.hooks.ServerHooks;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Modifier;

/**
 * Instantiates the class the {@code hooks} setting names. Each failure is one line naming the setting and the
 * value, since at start it is the master's whole error message.
 */
public final class HooksClass {
    /** No {@code hooks} setting: every hook does nothing. */
    public static final ServerHooks NONE = new ServerHooks() {
    };

    private HooksClass() {
    }

    /**
     * @param name   the setting's value; empty means {@link #NONE}
     * @param loader where to find the class
     * @param where  where the loader looks, for the message when the class is not there
     */
    public static ServerHooks instantiate(String name, ClassLoader loader, String where) {
        if (name.isEmpty()) {
            return NONE;
        }
        Class<?> type;
        try {
            type = Class.forName(name, true, loader);
        } catch (ClassNotFoundException e) {
            throw error(name, "no such class on " + where);
        } catch (LinkageError e) {
            throw error(name, "cannot be loaded: " + e);
        }
        if (!ServerHooks.class.isAssignableFrom(type)) {
            throw error(name, "does not implement " + ServerHooks.class.getName());
        }
        if (!Modifier.isPublic(type.getModifiers())) {
            throw error(name, "is not a public class");
        }
        try {
            return (ServerHooks) type.getConstructor().newInstance();
        } catch (NoSuchMethodException e) {
            throw error(name, "has no public no-arg constructor");
        } catch (InvocationTargetException e) {
            throw error(name, simpleName(name) + "() threw " + e.getCause());
        } catch (ReflectiveOperationException | LinkageError e) {
            throw error(name, "cannot be instantiated: " + e);
        }
    }

    private static SettingsException error(String name, String problem) {
        return new SettingsException("hooks = " + name + ": " + problem);
    }

    private static String simpleName(String name) {
        return name.substring(name.lastIndexOf('.') + 1);
    }
}
