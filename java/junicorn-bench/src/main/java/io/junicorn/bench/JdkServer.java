package io.junicorn.bench;

import com.sun.net.httpserver.HttpServer;
import io.junicorn.examples.Hello;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.Executors;

/**
 * The JDK's built-in HttpServer serving the Hello app itself, in one JVM: its dispatcher thread accepts and
 * reads, and two threads run the handler (the "2 I/O threads" of the comparison).
 * Prints {@code listening on PORT} once it accepts; runs until killed.
 */
public final class JdkServer {
    private JdkServer() {
    }

    public static void main(String[] args) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 2048);
        server.createContext("/", new Hello());
        server.setExecutor(Executors.newFixedThreadPool(2));
        server.start();
        System.out.println("listening on " + server.getAddress().getPort());
    }
}
