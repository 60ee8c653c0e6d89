package io.junicorn.worker.nio;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class LoopCountTest {
    @Test
    void processorsAreSharedAmongTheWorkersWithAtLeastOneLoopEach() {
        assertEquals(2, NioWorker.loopCount(2, 1));
        assertEquals(1, NioWorker.loopCount(2, 2));
        assertEquals(1, NioWorker.loopCount(2, 5));
        assertEquals(4, NioWorker.loopCount(8, 2));
        assertEquals(2, NioWorker.loopCount(8, 3));
        assertEquals(1, NioWorker.loopCount(1, 1));
    }
}
