package io.junicorn.websocket;

import jakarta.websocket.Endpoint;
import jakarta.websocket.server.ServerEndpoint;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import java.io.File;
import java.io.OutputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The scan over class files compiled into a temporary directory (and a jar of them), loaded by their own loader. */
class EndpointScannerTest {
    private static final Map<String, String> SOURCES = Map.of(
            "app/Annotated.java", """
                    package app;
                    @jakarta.websocket.server.ServerEndpoint("/scanned")
                    public class Annotated {
                        @jakarta.websocket.OnMessage public String echo(String text) { return text; }
                    }""",
            "app/Other.java", """
                    package app;
                    @jakarta.websocket.server.ServerEndpoint("/other")
                    public class Other {
                        @jakarta.websocket.OnMessage public String echo(String text) { return text; }
                    }""",
            "app/Base.java", """
                    package app;
                    public abstract class Base extends jakarta.websocket.Endpoint {
                    }""",
            "app/Indirect.java", """
                    package app;
                    public class Indirect extends Base {
                        @Override public void onOpen(jakarta.websocket.Session s, jakarta.websocket.EndpointConfig c) { }
                    }""",
            "app/Plain.java", """
                    package app;
                    public class Plain implements Runnable {
                        @Override public void run() { long big = 1L << 40; double d = 1.5; String s = "x" + big + d; }
                    }""");

    private static final String CONFIG = """
            package app;
            import jakarta.websocket.Endpoint;
            import jakarta.websocket.server.ServerEndpointConfig;
            import java.util.HashSet;
            import java.util.Set;
            public class Config implements jakarta.websocket.server.ServerApplicationConfig {
                @Override public Set<ServerEndpointConfig> getEndpointConfigs(Set<Class<? extends Endpoint>> scanned) {
                    Set<ServerEndpointConfig> configs = new HashSet<>();
                    for (Class<? extends Endpoint> type : scanned) {
                        configs.add(ServerEndpointConfig.Builder.create(type, "/programmatic").build());
                    }
                    return configs;
                }
                @Override public Set<Class<?>> getAnnotatedEndpointClasses(Set<Class<?>> scanned) {
                    Set<Class<?>> chosen = new HashSet<>();
                    for (Class<?> type : scanned) {
                        if (type.getSimpleName().equals("Annotated")) chosen.add(type);
                    }
                    return chosen;
                }
            }""";

    /** Records which classes it defines: the scan must load only candidates. */
    static final class RecordingLoader extends URLClassLoader {
        final Set<String> defined = ConcurrentHashMap.newKeySet();

        RecordingLoader(Path root) throws Exception {
            super(new URL[] {root.toUri().toURL()}, EndpointScannerTest.class.getClassLoader());
        }

        @Override
        protected Class<?> findClass(String name) throws ClassNotFoundException {
            defined.add(name);
            return super.findClass(name);
        }
    }

    @Test
    void findsAnnotatedAndProgrammaticEndpointsLoadingOnlyThem(@TempDir Path dir) throws Exception {
        Path classes = compile(dir, SOURCES);
        try (RecordingLoader loader = new RecordingLoader(classes)) {
            EndpointScanner.Found found = EndpointScanner.scan(List.of(classes), loader);
            assertEquals(Set.of("app.Annotated", "app.Other"), names(found.annotated()));
            assertEquals(Set.of("app.Indirect"), names(Set.copyOf(found.endpoints())));
            assertTrue(found.applicationConfigs().isEmpty());
            assertTrue(!loader.defined.contains("app.Plain"), "a class that is no candidate is never loaded");

            JunicornServerContainer container = new JunicornServerContainer(loader);
            WebSocketExtension.deploy(container, found);
            assertNotNull(container.match("/scanned"));
            assertNotNull(container.match("/other"));
            assertNull(container.match("/programmatic"), "without a ServerApplicationConfig, an Endpoint has no path");
        }
    }

    @Test
    void aServerApplicationConfigChoosesWhatIsDeployed(@TempDir Path dir) throws Exception {
        Map<String, String> sources = new java.util.HashMap<>(SOURCES);
        sources.put("app/Config.java", CONFIG);
        Path classes = compile(dir, sources);
        Path jar = dir.resolve("app.jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar)); Stream<Path> files = Files.walk(classes)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                out.putNextEntry(new JarEntry(classes.relativize(file).toString().replace(File.separatorChar, '/')));
                Files.copy(file, out);
                out.closeEntry();
            }
        }
        try (RecordingLoader loader = new RecordingLoader(jar)) {
            EndpointScanner.Found found = EndpointScanner.scan(List.of(jar), loader);
            assertEquals(1, found.applicationConfigs().size());
            JunicornServerContainer container = new JunicornServerContainer(loader);
            WebSocketExtension.deploy(container, found);
            assertNotNull(container.match("/scanned"));
            assertNull(container.match("/other"), "the ServerApplicationConfig left it out");
            assertEquals(Endpoint.class, container.match("/programmatic").endpoint().config().getEndpointClass()
                    .getSuperclass().getSuperclass());
        }
    }

    @Test
    void classFileSummaryReadsTheHeader() throws Exception {
        byte[] bytes;
        try (var in = SessionTest.Echo.class.getResourceAsStream("SessionTest$Echo.class")) {
            bytes = in.readAllBytes();
        }
        ClassFileSummary summary = ClassFileSummary.read(bytes);
        assertEquals("io/junicorn/websocket/SessionTest$Echo", summary.name());
        assertEquals("java/lang/Object", summary.superName());
        assertTrue(summary.concrete());
        assertTrue(summary.mentionsServerEndpoint());
        assertTrue(SessionTest.Echo.class.isAnnotationPresent(ServerEndpoint.class));
    }

    private static Path compile(Path dir, Map<String, String> sources) throws Exception {
        Path src = dir.resolve("src");
        Path out = dir.resolve("classes");
        Files.createDirectories(out);
        List<String> arguments = new ArrayList<>(List.of("-d", out.toString(), "-proc:none", "-classpath",
                codeSource(jakarta.websocket.Endpoint.class) + File.pathSeparator
                        + codeSource(ServerEndpoint.class)));
        for (Map.Entry<String, String> source : sources.entrySet()) {
            Path file = src.resolve(source.getKey());
            Files.createDirectories(file.getParent());
            Files.writeString(file, source.getValue());
            arguments.add(file.toString());
        }
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        OutputStream errors = new java.io.ByteArrayOutputStream();
        assertEquals(0, javac.run(null, null, errors, arguments.toArray(String[]::new)), errors::toString);
        return out;
    }

    private static String codeSource(Class<?> type) throws Exception {
        return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
    }

    private static Set<String> names(Set<? extends Class<?>> classes) {
        Set<String> names = new java.util.HashSet<>();
        for (Class<?> type : classes) {
            names.add(type.getName());
        }
        return names;
    }
}
