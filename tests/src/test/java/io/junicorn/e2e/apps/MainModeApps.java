package io.junicorn.e2e.apps;

import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.net.InetSocketAddress;

/** Main methods that fail in each way main mode reports. */
public final class MainModeApps {
    private MainModeApps() {
    }

    /** Throws before creating any server. */
    public static final class Throws {
        private Throws() {
        }

        public static void main(String[] args) {
            throw new IllegalStateException("no database configured");
        }
    }

    /** Creates a server but returns without starting it. */
    public static final class Returns {
        private Returns() {
        }

        public static void main(String[] args) throws IOException {
            HttpServer.create(new InetSocketAddress(8080), 0).createContext("/", exchange -> exchange.close());
        }
    }

    /** Blocks forever without starting a server. */
    public static final class NeverStarts {
        private NeverStarts() {
        }

        public static void main(String[] args) throws InterruptedException {
            Thread.sleep(Long.MAX_VALUE);
        }
    }

    /** Asks for an HttpsServer, which junicorn refuses. */
    public static final class Https {
        private Https() {
        }

        public static void main(String[] args) throws IOException {
            com.sun.net.httpserver.HttpsServer.create(new InetSocketAddress(8443), 0).start();
        }
    }
}
