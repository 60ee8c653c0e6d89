package io.junicorn.common.app;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A Spring Boot executable jar that would start its own embedded server in every worker is refused, naming the fix. */
class AppJarTest {
    @TempDir
    Path dir;

    @Test
    void bootJarWithTomcatIsRefusedNamingTheStarter() throws IOException {
        Path jar = bootJar("4.0.7", "BOOT-INF/lib/spring-webmvc-7.0.jar", "BOOT-INF/lib/tomcat-embed-core-11.0.22.jar");
        AppSpec.AppSpecException e = assertThrows(AppSpec.AppSpecException.class, () -> AppJar.refuseBootEmbeddedServer(jar));
        assertEquals(jar + " is a Spring Boot executable jar with Tomcat (BOOT-INF/lib/tomcat-embed-core-11.0.22.jar),"
                + " which every worker would start on server.port: build it with io.junicorn:junicorn-spring-boot-starter"
                + " (junicorn-spring-boot3-starter on Boot 3) in place of spring-boot-starter-tomcat (docs/spring-boot.md)",
                e.getMessage());
    }

    @Test
    void bootWarWithJettyProvidedIsRefused() throws IOException {
        Path jar = bootJar("3.5.7", "WEB-INF/lib-provided/jetty-server-12.0.jar");
        AppSpec.AppSpecException e = assertThrows(AppSpec.AppSpecException.class, () -> AppJar.refuseBootEmbeddedServer(jar));
        assertTrue(e.getMessage().contains("with Jetty (WEB-INF/lib-provided/jetty-server-12.0.jar)"), e.getMessage());
    }

    @Test
    void bootJarWithTheStarterIsAcceptedEvenWithTomcatLeftIn() throws IOException {
        AppJar.refuseBootEmbeddedServer(bootJar("4.0.7", "BOOT-INF/lib/junicorn-spring-boot-0.1.0.jar",
                "BOOT-INF/lib/tomcat-embed-core-11.0.22.jar"));
        AppJar.refuseBootEmbeddedServer(bootJar("4.0.7", "BOOT-INF/lib/tomcat-embed-el-11.0.22.jar"));
    }

    @Test
    void aPlainJarIsNoBootJar() throws IOException {
        AppJar.refuseBootEmbeddedServer(jar(null, List.of("lib/tomcat-embed-core-11.0.22.jar")));
    }

    private Path bootJar(String bootVersion, String... libraries) throws IOException {
        return jar(bootVersion, List.of(libraries));
    }

    private Path jar(String bootVersion, List<String> entries) throws IOException {
        Path jar = Files.createTempFile(dir, "app", ".jar");
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, "org.springframework.boot.loader.launch.JarLauncher");
        if (bootVersion != null) {
            manifest.getMainAttributes().putValue("Spring-Boot-Version", bootVersion);
        }
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar), manifest)) {
            for (String entry : entries) {
                out.putNextEntry(new JarEntry(entry));
                out.closeEntry();
            }
        }
        return jar;
    }
}
