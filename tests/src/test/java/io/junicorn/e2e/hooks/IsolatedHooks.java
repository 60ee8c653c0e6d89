package io.junicorn.e2e.hooks;

import io.junicorn.hooks.Master;
import io.junicorn.hooks.ServerHooks;
import io.junicorn.hooks.Worker;

/**
 * Hooks that say what they see, in the master (on_starting) and in a worker (post_fork), through the JDK's
 * System.Logger, which junicorn writes to its error log: {@code isolated-hooks: HOOK slf4j=... engine=...
 * context=...} (IsolationTest). junicorn's SLF4J and engine must be out of their sight, and their own loader the
 * thread's context class loader.
 */
public final class IsolatedHooks implements ServerHooks {
    private static final System.Logger log = System.getLogger(IsolatedHooks.class.getName());

    @Override
    public void onStarting(Master master) {
        report("on_starting");
    }

    @Override
    public void postFork(Worker worker) {
        report("post_fork");
    }

    private static void report(String hook) {
        ClassLoader own = IsolatedHooks.class.getClassLoader();
        log.log(System.Logger.Level.INFO, "isolated-hooks: " + hook
                + " slf4j=" + found(own, "org.slf4j.LoggerFactory")
                + " engine=" + found(own, "io.junicorn.engine.Http1Connection")
                + " api=" + found(own, "io.junicorn.app.AsyncHandler")
                + " context=" + (Thread.currentThread().getContextClassLoader() == own ? "own" : "other"));
    }

    private static String found(ClassLoader loader, String name) {
        try {
            Class.forName(name, false, loader);
            return "visible";
        } catch (ClassNotFoundException e) {
            return "hidden";
        }
    }
}
