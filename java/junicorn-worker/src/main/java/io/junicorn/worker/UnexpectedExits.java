package io.junicorn.worker;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;

/**
 * What the worker says when something other than its own stop ends it, or should end it soon:
 * <ul>
 *   <li>an application calling {@code System.exit} while the worker serves. Nothing can refuse it since the
 *   Security Manager is gone, but the JDK (21 and newer) reports every {@code Runtime.exit} with its status
 *   and the caller's stack to the System.Logger {@code java.lang.Runtime} at DEBUG, which the JDK backs with
 *   java.util.logging: that report becomes one ERROR line with the stack, and the master replaces the
 *   worker as it would after any exit;</li>
 *   <li>an error no thread caught: logged with its stack; an OutOfMemoryError or InternalError retires the
 *   worker gracefully, as one thrown by a request does.</li>
 * </ul>
 */
final class UnexpectedExits {
    private static final Logger log = LoggerFactory.getLogger(UnexpectedExits.class);
    /** Held here: java.util.logging keeps its loggers only weakly, and a collected one forgets its handler. */
    private static java.util.logging.Logger runtimeExits;
    private static volatile boolean exiting;

    private UnexpectedExits() {
    }

    static void watch(WorkerContext context) {
        Thread.setDefaultUncaughtExceptionHandler((thread, error) -> {
            log.error("Uncaught in thread {}: {}", thread.getName(), error.toString(), error);
            if (error instanceof VirtualMachineError fatal && !(fatal instanceof StackOverflowError)) {
                context.unrecoverableError(fatal);
            }
        });
        runtimeExits = java.util.logging.Logger.getLogger("java.lang.Runtime");
        runtimeExits.setUseParentHandlers(false);
        runtimeExits.setLevel(Level.FINE);
        runtimeExits.addHandler(new Handler() {
            @Override
            public void publish(LogRecord record) {
                if (!exiting) {
                    Throwable caller = record.getThrown(); // "Runtime.exit(N)" with the caller's stack
                    log.error("The application called {}: the worker exits now and the master starts another",
                            caller == null ? "Runtime.exit" : caller.getMessage(), caller);
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        });
    }

    /** The worker's own exit, which is no news. */
    static void exit(int status) {
        exiting = true;
        System.exit(status);
    }
}
