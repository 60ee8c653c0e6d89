package io.junicorn.e2e;

/** Every SmugglingTest case against the event-loop worker, whose heads are read by a selector thread. */
class NioSmugglingTest extends SmugglingTest {

    @Override
    String workerClass() {
        return "nio";
    }
}
