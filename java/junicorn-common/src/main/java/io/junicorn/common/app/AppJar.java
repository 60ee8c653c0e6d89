package io.junicorn.common.app;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.jar.Manifest;

/**
 * A jar named as APP, as {@code java -jar} runs it: its manifest's Main-Class is the application (main mode)
 * and its manifest's Class-Path brings its libraries, which the JVM follows by itself once the jar is on the
 * class path.
 */
public final class AppJar {
    private AppJar() {
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
