package io.junicorn.bench;

import io.junicorn.bench.websocket.BenchEcho;
import org.apache.catalina.Context;
import org.apache.catalina.LifecycleException;
import org.apache.catalina.servlets.DefaultServlet;
import org.apache.catalina.startup.Tomcat;
import org.apache.tomcat.websocket.server.WsSci;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;

/**
 * Embedded Tomcat 11 (its NIO connector and defaults) serving {@link BenchEcho} at /echo, deployed by Tomcat's own
 * WebSocket initializer as a war's annotated endpoint would be: the comparison server of scripts/bench-websocket. Listens on 127.0.0.1, on an ephemeral port; prints {@code listening on PORT}; runs until
 * killed.
 */
public final class TomcatWebSocketServer {
    private TomcatWebSocketServer() {
    }

    public static void main(String[] args) throws IOException, LifecycleException {
        Path base = Files.createTempDirectory("tomcat-websocket-bench-");
        Tomcat tomcat = new Tomcat();
        tomcat.setBaseDir(base.toString());
        tomcat.setHostname("127.0.0.1");
        tomcat.setPort(0);
        tomcat.getConnector().setProperty("address", "127.0.0.1");
        Context context = tomcat.addContext("", base.toString());
        context.addServletContainerInitializer(new WsSci(), Set.of(BenchEcho.class));
        // Tomcat answers 404 before any filter runs, its WebSocket filter included, where no servlet maps the path
        Tomcat.addServlet(context, "default", new DefaultServlet());
        context.addServletMappingDecoded("/", "default");
        tomcat.start();
        System.out.println("listening on " + tomcat.getConnector().getLocalPort());
        tomcat.getServer().await();
    }
}
