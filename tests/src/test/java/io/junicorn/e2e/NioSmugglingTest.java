package io.junicorn.e2e;

import org.junit.jupiter.api.BeforeAll;

/** Every SmugglingTest case against the event-loop worker, whose heads are read by a selector thread. */
class NioSmugglingTest extends SmugglingTest {

    @BeforeAll
    static void start() throws Exception {
        start("nio");
    }
}
