package io.junicorn.websocket;

import jakarta.websocket.Endpoint;
import jakarta.websocket.server.ServerApplicationConfig;
import jakarta.websocket.server.ServerEndpoint;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Modifier;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Finds an application's WebSocket classes as Tomcat's WsSci does through @HandlesTypes, without loading every
 * class: each class file's header and constant pool are read (ClassFileSummary), and only candidates are loaded:
 * classes that mention @ServerEndpoint, and concrete classes whose superclasses (as far as the scanned roots hold
 * them) reach jakarta.websocket.Endpoint or whose supertypes implement ServerApplicationConfig.
 */
final class EndpointScanner {
    private static final String ENDPOINT = "jakarta/websocket/Endpoint";
    private static final String APPLICATION_CONFIG = "jakarta/websocket/server/ServerApplicationConfig";

    /** The loaded classes the scan found. */
    record Found(Set<Class<?>> annotated, Set<Class<? extends Endpoint>> endpoints,
                 List<Class<? extends ServerApplicationConfig>> applicationConfigs) {
    }

    private EndpointScanner() {
    }

    static Found scan(List<Path> roots, ClassLoader loader) throws IOException {
        Map<String, ClassFileSummary> classes = new HashMap<>();
        for (Path root : roots) {
            read(root, classes);
        }
        Set<Class<?>> annotated = new LinkedHashSet<>();
        Set<Class<? extends Endpoint>> endpoints = new LinkedHashSet<>();
        List<Class<? extends ServerApplicationConfig>> configs = new ArrayList<>();
        for (ClassFileSummary summary : classes.values().stream()
                .sorted(java.util.Comparator.comparing(ClassFileSummary::name)).toList()) {
            boolean endpoint = summary.concrete() && reaches(summary, ENDPOINT, classes, false);
            boolean config = summary.concrete() && reaches(summary, APPLICATION_CONFIG, classes, true);
            if (!summary.mentionsServerEndpoint() && !endpoint && !config) {
                continue;
            }
            Class<?> type = load(summary.name(), loader);
            if (type == null) {
                continue;
            }
            boolean concrete = !type.isInterface() && !Modifier.isAbstract(type.getModifiers());
            if (type.isAnnotationPresent(ServerEndpoint.class) && concrete) {
                annotated.add(type);
            }
            if (concrete && Endpoint.class.isAssignableFrom(type)) {
                endpoints.add(type.asSubclass(Endpoint.class));
            }
            if (concrete && ServerApplicationConfig.class.isAssignableFrom(type)) {
                configs.add(type.asSubclass(ServerApplicationConfig.class));
            }
        }
        return new Found(annotated, endpoints, configs);
    }

    /** Whether the class's superclasses (or, with interfaces, any supertype) reach {@code target}. */
    private static boolean reaches(ClassFileSummary summary, String target, Map<String, ClassFileSummary> classes,
                                   boolean interfaces) {
        Set<String> seen = new HashSet<>();
        List<ClassFileSummary> pending = new ArrayList<>(List.of(summary));
        while (!pending.isEmpty()) {
            ClassFileSummary next = pending.removeLast();
            if (!seen.add(next.name())) {
                continue;
            }
            List<String> parents = new ArrayList<>();
            if (next.superName() != null) {
                parents.add(next.superName());
            }
            if (interfaces) {
                parents.addAll(next.interfaces());
            }
            for (String parent : parents) {
                if (parent.equals(target)) {
                    return true;
                }
                ClassFileSummary known = classes.get(parent);
                if (known != null) {
                    pending.add(known);
                }
            }
        }
        return false;
    }

    private static Class<?> load(String internalName, ClassLoader loader) {
        String name = internalName.replace('/', '.');
        try {
            return Class.forName(name, false, loader);
        } catch (ClassNotFoundException | LinkageError e) {
            WsSession.log.debug("WebSocket scan: {} not loaded: {}", name, e.toString());
            return null;
        }
    }

    /** A directory's class files, or a jar's (opened as a zip file system, which also reaches nested jars' paths). */
    private static void read(Path root, Map<String, ClassFileSummary> classes) throws IOException {
        if (Files.isDirectory(root)) {
            walk(root, classes);
        } else if (Files.isRegularFile(root)) {
            try (FileSystem jar = FileSystems.newFileSystem(root)) {
                for (Path top : jar.getRootDirectories()) {
                    walk(top, classes);
                }
            }
        }
    }

    private static void walk(Path root, Map<String, ClassFileSummary> classes) throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            files.filter(file -> file.toString().endsWith(".class") && !file.getFileName().toString().equals("module-info.class")
                            && !file.toString().contains("META-INF/versions/"))
                    .forEach(file -> {
                        try {
                            ClassFileSummary summary = ClassFileSummary.read(Files.readAllBytes(file));
                            classes.putIfAbsent(summary.name(), summary);
                        } catch (IOException e) {
                            WsSession.log.debug("WebSocket scan: {} skipped: {}", file, e.getMessage());
                        }
                    });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }
}
