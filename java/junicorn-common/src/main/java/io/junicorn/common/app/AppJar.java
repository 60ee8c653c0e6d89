package io.junicorn.common.app;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Locale;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.Manifest;

/**
 * A jar named as APP, as {@code java -jar} runs it: its manifest's Main-Class is the application (main mode)
 * and its manifest's Class-Path brings its libraries, which the JVM follows by itself once the jar is on the
 * class path.
 */
public final class AppJar {
    /** The embedded servers Spring Boot starts from a jar's libraries, by the jar that brings each. */
    private static final Map<String, String> BOOT_EMBEDDED_SERVERS = Map.of("tomcat-embed-core-", "Tomcat",
            "jetty-server-", "Jetty", "undertow-core-", "Undertow");

    private AppJar() {
    }

    /**
     * Refuses a Spring Boot executable jar (or war) built with an embedded server instead of junicorn's starter:
     * its main would start that server on server.port in every worker, the first serving beside junicorn and the
     * next failing to bind, so the operator is told the fix before any of that. A jar with junicorn's starter may
     * still carry Tomcat (not excluded): the starter's factory wins then, so it is accepted.
     */
    public static void refuseBootEmbeddedServer(Path jar) {
        try (JarFile file = new JarFile(jar.toFile())) {
            Manifest manifest = file.getManifest();
            if (manifest == null || manifest.getMainAttributes().getValue("Spring-Boot-Version") == null) {
                return;
            }
            String server = null;
            String serverLibrary = null;
            boolean starter = false;
            for (JarEntry entry : Collections.list(file.entries())) {
                String name = entry.getName();
                String library = name.substring(name.lastIndexOf('/') + 1);
                if (!name.contains("-INF/lib") || !library.endsWith(".jar")) {
                    continue;
                }
                starter |= library.startsWith("junicorn-spring-boot");
                for (Map.Entry<String, String> embedded : BOOT_EMBEDDED_SERVERS.entrySet()) {
                    if (library.startsWith(embedded.getKey()) && server == null) {
                        server = embedded.getValue();
                        serverLibrary = name;
                    }
                }
            }
            if (server != null && !starter) {
                throw new AppSpec.AppSpecException(jar + " is a Spring Boot executable jar with " + server + " ("
                        + serverLibrary + "), which every worker would start on server.port: build it with io.junicorn:"
                        + "junicorn-spring-boot-starter (junicorn-spring-boot3-starter on Boot 3) in place of "
                        + "spring-boot-starter-" + server.toLowerCase(Locale.ROOT) + " (docs/spring-boot.md)");
            }
        } catch (IOException e) {
            throw new AppSpec.AppSpecException("APP " + jar + ": not a readable jar: " + e.getMessage());
        }
    }

    /** The Main-Class of {@code jar}; throws {@link AppSpec.AppSpecException} saying what is missing. */
    public static String mainClass(Path jar) {
        if (!Files.isRegularFile(jar)) {
            throw new AppSpec.AppSpecException("APP " + jar + ": no such jar");
        }
        try (JarFile file = new JarFile(jar.toFile())) {
            Manifest manifest = file.getManifest();
            String mainClass = manifest == null ? null : manifest.getMainAttributes().getValue(Attributes.Name.MAIN_CLASS);
            if (mainClass == null || mainClass.isBlank()) {
                throw new AppSpec.AppSpecException("APP " + jar + ": the jar's manifest has no Main-Class; name the "
                        + "application's class instead, with the jar in --class-path");
            }
            return mainClass.strip();
        } catch (IOException e) {
            throw new AppSpec.AppSpecException("APP " + jar + ": not a readable jar: " + e.getMessage());
        }
    }
}
