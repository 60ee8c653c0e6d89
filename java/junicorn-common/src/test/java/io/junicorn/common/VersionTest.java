package io.junicorn.common;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** The version is the build's: the root pom's, the one scripts/package names the packages by. */
class VersionTest {

    @Test
    void isTheRootPomsVersion() throws Exception {
        String pom = Files.readString(Path.of("../../pom.xml"));
        assertTrue(pom.contains("<version>" + Version.VERSION + "</version>"), Version.VERSION);
        assertTrue(Version.VERSION.matches("\\d+\\.\\d+\\.\\d+(-SNAPSHOT)?"), Version.VERSION);
    }
}
