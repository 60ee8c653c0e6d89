package io.junicorn.e2e;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.HealthCheck;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.Container.ExecResult;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.images.builder.ImageFromDockerfile;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The Docker image (packaging/docker/Dockerfile) as users run it: it serves on $PORT as uid 10001 with the
 * master as PID 1, JUNICORN_CMD_ARGS and WEB_CONCURRENCY apply, its HEALTHCHECK command passes, a HUP under
 * load fails no request and replaces every worker, the master reaps an orphaned grandchild, and a stop (TERM)
 * finishes a slow request in flight and exits 0 within Docker's grace period.
 *
 * <p>Runs against whatever Docker API Testcontainers finds (DOCKER_HOST): a Docker engine, or podman's
 * (scripts/test-image, which also passes -Djunicorn.image with the image it built and
 * -Djunicorn.image.network=host where containers get no network of their own). Without junicorn.image it builds
 * the image from target/packages/junicorn_*.deb. Skipped, with the reason, where no engine answers.
 */
class DockerImageTest {
    private static final Path REPOSITORY = Path.of(System.getProperty("user.dir")).toAbsolutePath().getParent();
    private static final String PREBUILT_IMAGE = System.getProperty("junicorn.image", "");
    private static final boolean HOST_NETWORK = "host".equals(System.getProperty("junicorn.image.network"));
    private static final int WORKERS = 3;
    private static final long BOOT_DEADLINE_MILLIS = 120_000;
    private static final long DEADLINE_MILLIS = 60_000;
    // below the image's graceful timeout (8 s), so that TERM lets it finish
    private static final double SLOW_REQUEST_SECONDS = 3;
    // docker stop's default grace period before KILL
    private static final int STOP_TIMEOUT_SECONDS = 10;

    // building the image installs the .deb with apt; the workers boot on a cold JVM
    @Timeout(value = 10, unit = TimeUnit.MINUTES)
    @Test
    void imageServesReloadsReapsAndStopsGracefully() throws Exception {
        assumeTrue(DockerClientFactory.instance().isDockerAvailable(), "no Docker engine answers (DOCKER_HOST or "
                + "/var/run/docker.sock): scripts/test-image runs this test against podman's API");
        int port = freePort();
        try (GenericContainer<?> container = container(port)) {
            container.start();
            int hostPort = HOST_NETWORK ? port : container.getMappedPort(port);

            awaitServing(container, hostPort);
            assertEquals("10001", exec(container, "id", "-u"));
            assertEquals("/usr/lib/junicorn/bin/junicorn", exec(container, "readlink", "/proc/1/exe"));
            assertTrue(exec(container, "grep", "^Uid:", "/proc/1/status").matches("Uid:\\s+10001\\s.*"),
                    "the master (PID 1) runs as 10001");
            await("WEB_CONCURRENCY=" + WORKERS + " workers", () -> workerPids(container).size() == WORKERS);
            // JUNICORN_CMD_ARGS adds --access-logfile -: the request above is in the container's output
            await("an access log line from JUNICORN_CMD_ARGS", () -> container.getLogs().contains("\"GET / HTTP/1.1\" 200"));

            assertHealthCheckPasses(container);
            assertOrphanReaped(container);
            assertReloadUnderLoad(container, hostPort);
            assertStopFinishesSlowRequest(container, hostPort);
        }
    }

    private static GenericContainer<?> container(int port) throws IOException {
        GenericContainer<?> container = PREBUILT_IMAGE.isEmpty() ? new GenericContainer<>(builtImage())
                : new GenericContainer<>(PREBUILT_IMAGE);
        container.withEnv("PORT", Integer.toString(port))
                .withEnv("WEB_CONCURRENCY", Integer.toString(WORKERS))
                .withEnv("JUNICORN_CMD_ARGS", "--graceful-timeout 8 --access-logfile -");
        if (HOST_NETWORK) {
            container.withNetworkMode("host");
        } else {
            container.withExposedPorts(port);
        }
        return container;
    }

    private static ImageFromDockerfile builtImage() throws IOException {
        Optional<Path> deb = builtDeb();
        assumeTrue(deb.isPresent(), "no target/packages/junicorn_*.deb: run scripts/package first");
        // a .deb from an earlier build would test other code than this dist/: scripts/package builds both anew
        assumeTrue(Files.getLastModifiedTime(deb.get()).compareTo(
                        Files.getLastModifiedTime(Junicorn.DIST.resolve("bin/junicorn"))) >= 0,
                deb.get() + " is older than " + Junicorn.DIST + ": run scripts/package again");
        return new ImageFromDockerfile("junicorn-e2e", true)
                .withFileFromPath("packaging/docker/Dockerfile", REPOSITORY.resolve("packaging/docker/Dockerfile"))
                .withFileFromPath("target/packages/" + deb.get().getFileName(), deb.get())
                .withDockerfilePath("packaging/docker/Dockerfile");
    }

    private static void awaitServing(GenericContainer<?> container, int port) throws InterruptedException {
        long deadline = System.currentTimeMillis() + BOOT_DEADLINE_MILLIS;
        while (true) {
            try {
                Http.Response response = Http.get(port, "/");
                assertEquals(200, response.status());
                assertEquals("Hello, World!", response.body().trim());
                return;
            } catch (IOException notYet) {
                if (!container.isRunning() || System.currentTimeMillis() > deadline) {
                    fail("the image did not serve on $PORT " + port + ": " + notYet + "\n" + container.getLogs());
                }
                Thread.sleep(200);
            }
        }
    }

    /**
     * The image's own HEALTHCHECK command, run in the container as the engine would run it, now: the engine's
     * own schedule needs a timer service (podman's uses systemd's, which CI machines lack). Read from the
     * container's config, which copies the image's (podman's image inspection leaves it out).
     */
    private static void assertHealthCheckPasses(GenericContainer<?> container) throws Exception {
        HealthCheck check = container.getDockerClient().inspectContainerCmd(container.getContainerId()).exec()
                .getConfig().getHealthcheck();
        List<String> test = check == null ? List.of() : check.getTest();
        assertTrue(!test.isEmpty() && test.get(0).equals("CMD"), "the image's HEALTHCHECK in exec form: " + test);
        ExecResult result = container.execInContainer(test.subList(1, test.size()).toArray(String[]::new));
        assertEquals(0, result.getExitCode(), "HEALTHCHECK " + test + ": " + result.getStderr());
    }

    /** A process whose parent exits is re-parented to PID 1, the master, which must reap it when it exits. */
    private static void assertOrphanReaped(GenericContainer<?> container) throws Exception {
        String orphan = exec(container, "sh", "-c", "sleep 5 >/dev/null 2>&1 & echo $!");
        // /proc/PID/stat: pid (comm) state ppid ...
        String parent = exec(container, "cat", "/proc/" + orphan + "/stat").replaceFirst("^.*\\) \\S+ (\\d+) .*$", "$1");
        assertEquals("1", parent, "the orphan's parent");
        await("the orphan " + orphan + " reaped by the master (not left a zombie)",
                () -> run(container, "test", "-e", "/proc/" + orphan).getExitCode() != 0);
    }

    private static void assertReloadUnderLoad(GenericContainer<?> container, int port) throws Exception {
        Set<Long> old = workerPids(container);
        try (Load load = new Load(port, 4)) {
            await("traffic before the reload", () -> load.ok() > 20);
            container.getDockerClient().killContainerCmd(container.getContainerId()).withSignal("HUP").exec();
            await("every worker replaced after HUP", () -> {
                Set<Long> now = workerPids(container);
                return now.size() == WORKERS && now.stream().noneMatch(old::contains);
            });
            int before = load.ok();
            await("traffic served by the new workers", () -> load.ok() > before + 20);
            load.close();
            assertEquals(List.of(), load.failures(), "requests failed during the HUP");
        }
    }

    private static void assertStopFinishesSlowRequest(GenericContainer<?> container, int port) throws Exception {
        DockerClient docker = container.getDockerClient();
        try (Socket client = new Socket()) {
            client.connect(new InetSocketAddress("127.0.0.1", port), Http.TIMEOUT_MILLIS);
            client.setSoTimeout(Http.TIMEOUT_MILLIS);
            Http.send(client, "GET /sleep?s=" + SLOW_REQUEST_SECONDS + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
            CompletableFuture<Http.Response> slow = CompletableFuture.supplyAsync(() -> {
                try {
                    return Http.read(client.getInputStream());
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            });
            long start = System.nanoTime();
            docker.stopContainerCmd(container.getContainerId()).withTimeout(STOP_TIMEOUT_SECONDS).exec();
            long stopMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            Http.Response response = slow.get(DEADLINE_MILLIS, TimeUnit.MILLISECONDS);
            assertEquals(200, response.status(), "the request in flight at stop: " + response.head());
            assertTrue(stopMillis < STOP_TIMEOUT_SECONDS * 1000L, "stopped in " + stopMillis + " ms");
        }
        Long status = docker.inspectContainerCmd(container.getContainerId()).exec().getState().getExitCodeLong();
        assertEquals(0L, status, "the master's exit status after stop (TERM)\n" + container.getLogs());
    }

    /**
     * The pids of PID 1's children in the container: its workers (the example starts no other process). Each
     * thread lists the children it forked, and the master spawns from more than one.
     */
    private static Set<Long> workerPids(GenericContainer<?> container) {
        try {
            String children = exec(container, "sh", "-c", "cat /proc/1/task/*/children");
            return children.isBlank() ? Set.of() : Arrays.stream(children.trim().split("\\s+"))
                    .map(Long::parseLong).collect(Collectors.toCollection(HashSet::new));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String exec(GenericContainer<?> container, String... command) throws Exception {
        ExecResult result = run(container, command);
        assertEquals(0, result.getExitCode(), String.join(" ", command) + ": " + result.getStderr());
        return result.getStdout().trim();
    }

    private static ExecResult run(GenericContainer<?> container, String... command) {
        try {
            return container.execInContainer(command);
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.currentTimeMillis() + DEADLINE_MILLIS;
        while (!condition.getAsBoolean()) {
            if (System.currentTimeMillis() > deadline) {
                fail("not within " + DEADLINE_MILLIS / 1000 + " s: " + what);
            }
            Thread.sleep(100);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
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
