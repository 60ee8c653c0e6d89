package io.junicorn.e2e;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** -u nobody -g nogroup -m 027: the workers run as nobody:nogroup with that umask and serve; the master stays root. */
class WorkerUserTest {

    @Test
    void workersDropPrivilegesAndServe() throws Exception {
        assumeTrue(status(ProcessHandle.current().pid(), "Uid:").startsWith("0\t"), "needs root");
        String nobody = id("-u", "nobody");
        String nogroup = group("nogroup");
        // The directory must let nobody in: the workers open the access log themselves.
        Path accessLog = Files.createTempDirectory("junicorn-user-", java.nio.file.attribute.PosixFilePermissions
                .asFileAttribute(java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x")))
                .resolve("access.log");
        try (Junicorn server = Junicorn.hello("-w", "2", "-u", "nobody", "-g", "nogroup", "-m", "027",
                "--access-logfile", accessLog.toString())) {
            for (long worker : server.awaitServingWorkers(2, Duration.ofSeconds(30))) {
                assertEquals(List.of(nobody, nobody, nobody, nobody), fields(status(worker, "Uid:")));
                assertEquals(List.of(nogroup, nogroup, nogroup, nogroup), fields(status(worker, "Gid:")));
                assertEquals(List.of(nogroup), fields(status(worker, "Groups:")));
                assertEquals("0027", status(worker, "Umask:"));
            }
            assertEquals("0", fields(status(server.pid(), "Uid:")).get(0), "the master keeps its user");
            assertEquals(nobody, Files.getAttribute(accessLog, "unix:uid").toString(), "workers can reopen the log");
            server.signal("USR1");
            assertEquals(200, Http.get(server.port(), "/").status());
            Junicorn.await("access log lines from the workers", Duration.ofSeconds(10), () -> {
                try {
                    return Files.readString(accessLog).contains("\"GET / HTTP/1.1\" 200");
                } catch (java.io.IOException e) {
                    return false;
                }
            });
            server.signal("TERM");
            assertEquals(0, server.awaitExit(Duration.ofSeconds(40)));
            server.assertNoUnexpectedErrors();
        }
    }

    private static String status(long pid, String field) throws java.io.IOException {
        return Files.readAllLines(Path.of("/proc/" + pid + "/status")).stream().filter(line -> line.startsWith(field))
                .map(line -> line.substring(field.length()).trim()).findFirst().orElseThrow();
    }

    private static List<String> fields(String value) {
        return List.of(value.split("\\s+"));
    }

    private static String id(String option, String user) throws Exception {
        Process process = new ProcessBuilder("id", option, user).start();
        String out = new String(process.getInputStream().readAllBytes()).trim();
        assumeTrue(process.waitFor() == 0, "user " + user + " exists");
        return out;
    }

    private static String group(String name) throws Exception {
        Process process = new ProcessBuilder("getent", "group", name).start();
        String out = new String(process.getInputStream().readAllBytes()).trim();
        assumeTrue(process.waitFor() == 0, "group " + name + " exists");
        return out.split(":")[2];
    }
}
