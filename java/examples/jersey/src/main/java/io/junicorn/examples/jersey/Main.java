package io.junicorn.examples.jersey;

import com.sun.net.httpserver.HttpServer;
import org.glassfish.jersey.jdkhttp.JdkHttpServerFactory;

import java.net.URI;

/**
 * The Jersey application as its authors run it on the JDK's server, unchanged: under junicorn this main runs
 * in each worker and the server it creates is served on junicorn's listeners, whatever address it names.
 */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        HttpServer server = JdkHttpServerFactory.createHttpServer(URI.create("http://localhost:8080/"), new ExampleApp());
        Runtime.getRuntime().addShutdownHook(new Thread(() -> server.stop(0)));
        System.out.println("Jersey example listening on " + server.getAddress());
    }
}
