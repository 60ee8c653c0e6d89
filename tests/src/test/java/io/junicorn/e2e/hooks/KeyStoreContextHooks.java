package io.junicorn.e2e.hooks;

import io.junicorn.hooks.Settings;
import io.junicorn.hooks.ServerHooks;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.function.Supplier;

/**
 * An ssl_context hook serving the PKCS#12 key store named by -Djunicorn.test.keystore (password "test")
 * instead of certfile's certificate; with -Djunicorn.test.keystore=fail it throws. Used by TlsTest.
 */
public final class KeyStoreContextHooks implements ServerHooks {
    @Override
    public SSLContext sslContext(Settings settings, Supplier<SSLContext> defaultContext) {
        String path = System.getProperty("junicorn.test.keystore");
        if ("fail".equals(path)) {
            throw new IllegalStateException("KeyStoreContextHooks: no HSM today");
        }
        try (InputStream in = Files.newInputStream(Path.of(path))) {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(in, "test".toCharArray());
            KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(store, "test".toCharArray());
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys.getKeyManagers(), null, null);
            return context;
        } catch (Exception e) {
            throw new IllegalStateException("KeyStoreContextHooks: " + e, e);
        }
    }
}
