package io.junicorn.master.control;

import io.junicorn.master.os.ProcessMemory;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** junicorn ctl's command line: the request it builds, and its exit statuses without a master. */
class ControlClientTest {

    @Test
    void wordsBecomeARequest() {
        ControlClient.Invocation invocation = ControlClient.parse(List.of("--socket", "/run/j.ctl", "workers", "add", "2"));
        assertEquals(Path.of("/run/j.ctl"), invocation.socket());
        assertEquals("{\"id\":1,\"command\":\"workers add\",\"args\":[\"2\"]}", invocation.request().toString());
        invocation = ControlClient.parse(List.of("shutdown", "quick", "--json", "--socket=/s"));
        assertTrue(invocation.json());
        assertEquals("{\"id\":1,\"command\":\"shutdown\",\"args\":[\"quick\"]}", invocation.request().toString());
    }

    @Test
    void usageErrors() {
        for (List<String> args : List.of(List.of("status"), List.of("--socket", "/s"), List.of("--socket", "/s", "workers"),
                List.of("--socket", "/s", "status", "now"), List.of("--socket", "/s", "--bogus", "status"),
                List.of("--socket"))) {
            assertThrows(IllegalArgumentException.class, () -> ControlClient.parse(args), args.toString());
        }
    }

    @Test
    void exitStatuses() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        ControlClient client = new ControlClient(new PrintStream(new ByteArrayOutputStream()),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        assertEquals(2, client.execute(List.of("frobnicate")));
        assertEquals(0, client.execute(List.of("--help")));
        assertEquals(1, client.execute(List.of("--socket", "/nonexistent/junicorn.ctl", "status")));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("/nonexistent/junicorn.ctl"));
    }

    @Test
    void pssLineIsReadInKilobytes() {
        assertEquals(37688, ProcessMemory.kilobytes("Pss:               37688 kB"));
        assertTrue(ProcessMemory.pss(ProcessHandle.current().pid()).orElseThrow() > 0);
    }
}
