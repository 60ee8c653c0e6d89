package io.junicorn.master.arbiter;

import io.junicorn.common.ExitStatus;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** What a daemon's starting process prints when the master halts before it served. */
class HaltServerTest {
    @Test
    void aSignalIsNamedAsTheReason() {
        assertEquals("stopped by signal TERM before its workers were ready",
                new HaltServer("signal TERM", ExitStatus.OK, true).whyNotStarted());
    }

    @Test
    void aFailureIsItsOwnReason() {
        assertEquals("App failed to load.",
                new HaltServer("App failed to load.", ExitStatus.APP_LOAD_ERROR, true).whyNotStarted());
    }
}
