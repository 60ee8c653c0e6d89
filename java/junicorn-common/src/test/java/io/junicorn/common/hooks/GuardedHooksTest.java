package io.junicorn.common.hooks;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.junicorn.common.settings.Config;
import io.junicorn.hooks.Master;
import io.junicorn.hooks.ServerHooks;
import io.junicorn.hooks.Worker;
import io.junicorn.hooks.WorkerExit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What a hook throws is logged with the hook's gunicorn name and goes no further; what it does happens. */
class GuardedHooksTest {
    private static final Worker WORKER = new WorkerView(42, 1, 1);
    private static final Master MASTER = new Master() {
        @Override
        public long pid() {
            return 1;
        }

        @Override
        public Config settings() {
            return new Config(Map.of(), "app");
        }

        @Override
        public int numWorkers() {
            return 2;
        }
    };

    private final ListAppender<ILoggingEvent> events = new ListAppender<>();
    private final Logger logger = (Logger) LoggerFactory.getLogger(GuardedHooks.class);

    /** Throws from every hook, after noting which ran. */
    static final class Throwing implements ServerHooks {
        final List<String> ran = new ArrayList<>();

        private void fail(String hook) {
            ran.add(hook);
            throw new IllegalStateException("thrown by " + hook);
        }

        @Override
        public void onStarting(Master master) {
            fail("on_starting");
        }

        @Override
        public void onReload(Master master) {
            fail("on_reload");
        }

        @Override
        public void whenReady(Master master) {
            fail("when_ready");
        }

        @Override
        public void preFork(Master master, Worker worker) {
            fail("pre_fork");
        }

        @Override
        public void postFork(Worker worker) {
            fail("post_fork");
        }

        @Override
        public void postWorkerInit(Worker worker) {
            fail("post_worker_init");
        }

        @Override
        public void workerInt(Worker worker) {
            fail("worker_int");
        }

        @Override
        public void workerAbort(Worker worker) {
            fail("worker_abort");
        }

        @Override
        public void preExec(Master master) {
            fail("pre_exec");
        }

        @Override
        public void childExit(Master master, Worker worker, WorkerExit exit) {
            fail("child_exit");
        }

        @Override
        public void workerExit(Worker worker) {
            fail("worker_exit");
        }

        @Override
        public void nworkersChanged(Master master, int newValue, int oldValue) {
            fail("nworkers_changed");
        }

        @Override
        public void onExit(Master master) {
            throw new NoClassDefFoundError("com/example/Gone");
        }
    }

    /** Only into the list: the failures this test provokes would fill the build's output with stacks. */
    @BeforeEach
    void captureLog() {
        events.start();
        logger.addAppender(events);
        logger.setAdditive(false);
    }

    @AfterEach
    void releaseLog() {
        logger.setAdditive(true);
        logger.detachAppender(events);
    }

    @Test
    void everyFailureIsLoggedWithTheHooksNameAndSwallowed() {
        Throwing user = new Throwing();
        GuardedHooks hooks = new GuardedHooks(user);
        hooks.onStarting(MASTER);
        hooks.onReload(MASTER);
        hooks.whenReady(MASTER);
        hooks.preFork(MASTER, WORKER);
        hooks.postFork(WORKER);
        hooks.postWorkerInit(WORKER);
        hooks.workerInt(WORKER);
        hooks.workerAbort(WORKER);
        hooks.preExec(MASTER);
        hooks.childExit(MASTER, WORKER, new WorkerExit(0, 0));
        hooks.workerExit(WORKER);
        hooks.nworkersChanged(MASTER, 3, 2);
        hooks.onExit(MASTER);
        List<String> expected = List.of("on_starting", "on_reload", "when_ready", "pre_fork", "post_fork",
                "post_worker_init", "worker_int", "worker_abort", "pre_exec", "child_exit", "worker_exit",
                "nworkers_changed");
        assertEquals(expected, user.ran);
        List<String> messages = events.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
        assertEquals(expected.size() + 1, messages.size(), messages.toString());
        for (int i = 0; i < expected.size(); i++) {
            assertEquals("Hook " + expected.get(i) + " (" + Throwing.class.getName()
                    + ") failed: java.lang.IllegalStateException: thrown by " + expected.get(i), messages.get(i));
        }
        assertTrue(messages.getLast().startsWith("Hook on_exit (" + Throwing.class.getName()
                + ") failed: java.lang.NoClassDefFoundError: com/example/Gone"), messages.getLast());
    }

    @Test
    void closingClosesTheLoaderTheHooksCameFrom() {
        boolean[] closed = {false};
        new GuardedHooks(HooksClass.NONE, () -> closed[0] = true).close();
        assertTrue(closed[0]);
    }
}
