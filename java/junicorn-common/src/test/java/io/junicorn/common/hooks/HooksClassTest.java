package io.junicorn.common.hooks;

import io.junicorn.common.settings.SettingsException;
import io.junicorn.hooks.ServerHooks;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The hooks setting names a class: each way it can be wrong is one line naming the setting and the value. */
class HooksClassTest {
    private static final ClassLoader LOADER = HooksClassTest.class.getClassLoader();

    public static final class Good implements ServerHooks {
    }

    public static final class NotHooks {
    }

    public static final class NeedsArgument implements ServerHooks {
        public NeedsArgument(String argument) {
        }
    }

    public static final class ThrowsInConstructor implements ServerHooks {
        public ThrowsInConstructor() {
            throw new IllegalStateException("no database");
        }
    }

    static final class NotPublic implements ServerHooks {
    }

    @Test
    void emptyMeansHooksThatDoNothing() {
        assertSame(HooksClass.NONE, HooksClass.instantiate("", LOADER, "anywhere"));
    }

    @Test
    void aPublicServerHooksClassIsInstantiated() {
        assertInstanceOf(Good.class, HooksClass.instantiate(Good.class.getName(), LOADER, "anywhere"));
    }

    @Test
    void eachFailureIsOneLine() {
        assertFails("com.example.Missing", "hooks = com.example.Missing: no such class on --class-path a.jar");
        assertFails(NotHooks.class.getName(),
                "hooks = " + NotHooks.class.getName() + ": does not implement io.junicorn.hooks.ServerHooks");
        assertFails(NeedsArgument.class.getName(),
                "hooks = " + NeedsArgument.class.getName() + ": has no public no-arg constructor");
        assertFails(ThrowsInConstructor.class.getName(), "hooks = " + ThrowsInConstructor.class.getName()
                + ": HooksClassTest$ThrowsInConstructor() threw java.lang.IllegalStateException: no database");
        assertFails(NotPublic.class.getName(), "hooks = " + NotPublic.class.getName() + ": is not a public class");
    }

    private static void assertFails(String name, String message) {
        SettingsException e = assertThrows(SettingsException.class,
                () -> HooksClass.instantiate(name, LOADER, "--class-path a.jar"));
        assertEquals(message, e.getMessage());
    }
}
