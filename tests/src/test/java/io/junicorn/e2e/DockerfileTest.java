package io.junicorn.e2e;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What the Docker image promises, checked in packaging/docker/Dockerfile where no engine can build it: the master
 * runs as PID 1 (exec-form ENTRYPOINT, no shell form anywhere), as a numeric non-root user, stops on TERM within
 * docker stop's 10 s, and has a health check. DockerImageTest proves the same on a real engine.
 */
class DockerfileTest {
    private static final Path DOCKERFILE = Path.of(System.getProperty("user.dir")).toAbsolutePath().getParent()
            .resolve("packaging/docker/Dockerfile");

    @Test
    void masterIsPidOneAsANumericNonRootUser() throws Exception {
        List<String> instructions = instructions();
        assertTrue(instructions.contains("ENTRYPOINT [\"/usr/bin/junicorn\"]"), "exec-form ENTRYPOINT");
        for (String instruction : instructions) {
            if (instruction.startsWith("CMD ") || instruction.startsWith("ENTRYPOINT ")) {
                assertTrue(instruction.matches("\\w+ \\[.*]"), "exec form, so no shell becomes PID 1: " + instruction);
            }
        }
        String user = value(instructions, "USER");
        assertTrue(user.matches("[1-9][0-9]*:[1-9][0-9]*"), "a numeric, non-root USER: " + user);
        assertEquals("SIGTERM", value(instructions, "STOPSIGNAL"));
        assertTrue(value(instructions, "FROM").matches("debian:bookworm-slim"), "a pinned base");
        assertTrue(value(instructions, "HEALTHCHECK").contains("CMD ["), "an exec-form HEALTHCHECK");
    }

    @Test
    void gracefulTimeoutEndsBeforeDockerStopKills() throws Exception {
        Matcher timeout = Pattern.compile("--graceful-timeout (\\d+)").matcher(value(instructions(), "ENV"));
        assertTrue(timeout.find(), "the image sets a graceful timeout");
        assertTrue(Integer.parseInt(timeout.group(1)) < 10, "below docker stop's default 10 s");
    }

    /** Instructions with continuation lines joined and comments left out. */
    private static List<String> instructions() throws Exception {
        String text = Files.readString(DOCKERFILE).replaceAll("(?m)^\\s*#.*\\n", "").replaceAll("\\\\\\n\\s*", "");
        return text.lines().map(String::strip).filter(line -> !line.isEmpty()).toList();
    }

    private static String value(List<String> instructions, String keyword) {
        return instructions.stream().filter(line -> line.startsWith(keyword + " ")).reduce((first, last) -> last)
                .map(line -> line.substring(keyword.length() + 1)).orElseThrow(() -> new AssertionError("no " + keyword));
    }
}
