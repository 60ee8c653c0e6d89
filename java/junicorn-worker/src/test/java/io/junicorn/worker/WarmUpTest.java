package io.junicorn.worker;

import com.sun.net.httpserver.HttpExchange;
import io.junicorn.common.Heartbeat;
import io.junicorn.common.settings.Config;
import io.junicorn.common.settings.Registry;
import io.junicorn.common.settings.Setting;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class WarmUpTest {

    @Test
    @Timeout(30)
    void theWarmUpRequestIsAnsweredWithoutTheApplicationOrTheWorkersObservers() throws Exception {
        Map<String, Object> values = new HashMap<>();
        for (Setting setting : Registry.ALL) {
            values.put(setting.name(), setting.defaultValue(Map.of()));
        }
        WorkerConfig config = new WorkerConfig(0, 1, 1, "test", List.of(), 1, 0, new Config(values, "test"), 0, 0, 0,
                false);
        AtomicInteger applicationCalls = new AtomicInteger();
        ByteBuffer slot = ByteBuffer.allocateDirect(Heartbeat.SLOT_SIZE);
        WorkerContext context = new WorkerContext(List.of(), exchange -> applicationCalls.incrementAndGet(), config,
                new HeartbeatSlot(slot), null);
        AtomicInteger observed = new AtomicInteger();
        context.observe(new RequestObserver() {
            @Override
            public void requestStarted(HttpExchange exchange) {
                observed.incrementAndGet();
            }

            @Override
            public void requestFinished(HttpExchange exchange, long bodyBytes, long durationNanos) {
                observed.incrementAndGet();
            }
        });

        assertTrue(WarmUp.run(context.engineConfig(true), false), "answered 200 over loopback, on a platform thread");
        assertTrue(WarmUp.run(context.engineConfig(true), true), "and on a virtual thread");
        assertEquals(0, applicationCalls.get(), "the application never sees it");
        assertEquals(0, observed.get(), "nor do the access log, the metrics and the request count");
        assertEquals(0, context.openConnections());
    }
}
