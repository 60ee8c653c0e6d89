package io.junicorn.worker;

import com.sun.net.httpserver.HttpExchange;
import io.junicorn.common.Heartbeat;
import io.junicorn.common.settings.Config;
import io.junicorn.common.settings.Registry;
import io.junicorn.common.settings.Setting;
import io.junicorn.engine.EngineConfig;
import io.junicorn.engine.tls.TlsServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class WarmUpTest {

    @Test
    @Timeout(30)
    void theWarmUpRequestIsAnsweredWithoutTheApplicationOrTheWorkersObservers() throws Exception {
        AtomicInteger applicationCalls = new AtomicInteger();
        WorkerContext context = context(applicationCalls);
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

    @Test
    @Timeout(60)
    void withTlsTheWarmUpShakesHandsFirst(@TempDir Path directory) throws Exception {
        Path keystore = directory.resolve("server.p12");
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "server", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=localhost",
                "-validity", "2", "-storetype", "PKCS12", "-keystore", keystore.toString(), "-storepass", "secret",
                "-keypass", "secret").redirectErrorStream(true).start();
        assertTrue(keytool.waitFor(30, TimeUnit.SECONDS) && keytool.exitValue() == 0,
                new String(keytool.getInputStream().readAllBytes()));
        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (var in = Files.newInputStream(keystore)) {
            keys.load(in, "secret".toCharArray());
        }
        KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keyManagers.init(keys, "secret".toCharArray());
        SSLContext server = SSLContext.getInstance("TLS");
        server.init(keyManagers.getKeyManagers(), null, null);
        EngineConfig plain = context(new AtomicInteger()).engineConfig(true);

        assertTrue(WarmUp.run(plain.withTls(new TlsServer(server, List.of("TLSv1.3", "TLSv1.2"), List.of(),
                TlsServer.ClientAuth.NONE)), true), "answered over TLS");
        assertFalse(WarmUp.run(plain.withTls(new TlsServer(server, List.of("TLSv1.3", "TLSv1.2"), List.of(),
                TlsServer.ClientAuth.NEED)), false), "a required client certificate fails it, and nothing else");
    }

    private static WorkerContext context(AtomicInteger applicationCalls) {
        Map<String, Object> values = new HashMap<>();
        for (Setting setting : Registry.ALL) {
            values.put(setting.name(), setting.defaultValue(Map.of()));
        }
        WorkerConfig config = new WorkerConfig(0, 1, 1, "test", List.of(), 1, 0, new Config(values, "test"), 0, 0, 0,
                false);
        return new WorkerContext(List.of(), exchange -> applicationCalls.incrementAndGet(), config,
                new HeartbeatSlot(ByteBuffer.allocateDirect(Heartbeat.SLOT_SIZE)), null);
    }
}
