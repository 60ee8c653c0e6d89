package io.junicorn.common.app;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The application's class path as --class-path gives it: each value one or more entries separated by ':',
 * each entry a jar, a directory, or {@code dir/*} for the directory's jars (sorted by name), as {@code java -cp}
 * reads them. Expanded by junicorn because a worker's {@code -Djava.class.path} is taken literally.
 */
public final class ClassPath {
    private ClassPath() {
    }

    /** The entries, absolute, wildcards expanded; a wildcard over a missing directory adds nothing (as java). */
    public static List<Path> expand(List<String> values) {
        List<Path> entries = new ArrayList<>();
        for (String value : values) {
            for (String part : value.split(":")) {
                if (part.isEmpty()) {
                    continue;
                }
                if (part.equals("*") || part.endsWith("/*")) {
                    entries.addAll(jars(Path.of(part.substring(0, part.length() - 1).isEmpty() ? "."
                            : part.substring(0, part.length() - 1)).toAbsolutePath()));
                } else {
                    entries.add(Path.of(part).toAbsolutePath());
                }
            }
        }
        return entries;
    }

    private static List<Path> jars(Path directory) {
        if (!Files.isDirectory(directory)) {
            return List.of();
        }
        List<Path> jars = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(directory)) {
            for (Path file : files) {
                if (file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".jar") && Files.isRegularFile(file)) {
                    jars.add(file);
                }
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot list " + directory + " for its jars: " + e.getMessage(), e);
        }
        jars.sort(null);
        return jars;
    }
}
