package io.junicorn.e2e;

import com.github.dockerjava.api.DockerClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.images.builder.ImageFromDockerfile;
import org.testcontainers.junit.jupiter.Testcontainers;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The Docker image (packaging/docker/Dockerfile) built from the .deb: it becomes healthy, serves the example as
 * user 10001 with the master as PID 1, and `docker stop` ends it with status 0. Skipped where no Docker engine
 * runs, and where scripts/package has not built the .deb.
 */
@Testcontainers(disabledWithoutDocker = true)
class DockerImageTest {
    private static final Path REPOSITORY = Path.of(System.getProperty("user.dir")).toAbsolutePath().getParent();

    // building the image installs the .deb with apt, then up to 2 minutes for the health check
    @Timeout(value = 10, unit = TimeUnit.MINUTES)
    @Test
    void imageServesAsNonRootPidOneAndStopsGracefully() throws Exception {
        Optional<Path> deb = builtDeb();
        assumeTrue(deb.isPresent(), "no target/packages/junicorn_*.deb: run scripts/package first");
        // a .deb from an earlier build would test other code than this dist/: scripts/package builds both anew
        assumeTrue(Files.getLastModifiedTime(deb.get()).compareTo(
                        Files.getLastModifiedTime(Junicorn.DIST.resolve("lib/junicorn-master.jar"))) >= 0,
                deb.get() + " is older than " + Junicorn.DIST + ": run scripts/package again");
        ImageFromDockerfile image = new ImageFromDockerfile("junicorn-e2e", true)
                .withFileFromPath("packaging/docker/Dockerfile", REPOSITORY.resolve("packaging/docker/Dockerfile"))
                .withFileFromPath("target/packages/" + deb.get().getFileName(), deb.get())
                .withDockerfilePath("packaging/docker/Dockerfile");
        try (GenericContainer<?> container = new GenericContainer<>(image).withExposedPorts(8000)
                .waitingFor(Wait.forHealthcheck().withStartupTimeout(Duration.ofMinutes(2)))) {
            container.start();

            Http.Response response = Http.get(container.getHost(), container.getMappedPort(8000), "/");
            assertEquals(200, response.status());
            assertEquals("Hello, World!", response.body().trim());
            assertEquals("10001", container.execInContainer("id", "-u").getStdout().trim());
            assertEquals("/usr/lib/junicorn/bin/junicorn",
                    container.execInContainer("readlink", "/proc/1/exe").getStdout().trim());

            DockerClient docker = container.getDockerClient();
            docker.stopContainerCmd(container.getContainerId()).withTimeout(15).exec();
            Long status = docker.inspectContainerCmd(container.getContainerId()).exec().getState().getExitCodeLong();
            assertEquals(0L, status, "the master's exit status after docker stop (TERM)");
        }
    }

    private static Optional<Path> builtDeb() throws IOException {
        Path packages = REPOSITORY.resolve("target/packages");
        if (!Files.isDirectory(packages)) {
            return Optional.empty();
        }
        try (Stream<Path> files = Files.list(packages)) {
            return files.filter(file -> file.getFileName().toString().matches("junicorn_.*\\.deb")).findFirst();
        }
    }
}
