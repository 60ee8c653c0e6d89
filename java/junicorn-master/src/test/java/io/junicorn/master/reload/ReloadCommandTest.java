package io.junicorn.master.reload;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** junicorn reload's command line, and its usage errors without a master. */
class ReloadCommandTest {

    @Test
    void pidFromArgumentOrPidfile(@TempDir Path directory) throws Exception {
        assertEquals(new ReloadCommand.Invocation(123, 90), ReloadCommand.parse(List.of("123")));
        Path pidfile = directory.resolve("junicorn.pid");
        Files.writeString(pidfile, "456\n");
        assertEquals(new ReloadCommand.Invocation(456, 5),
                ReloadCommand.parse(List.of("--timeout", "5", "--pid", pidfile.toString())));
    }

    @Test
    void usageErrorsExitTwoWithoutTouchingAnyProcess() {
        for (List<String> args : List.<List<String>>of(List.of(), List.of("abc"), List.of("1", "2"), List.of("--timeout", "0", "1"),
                List.of("--pid"), List.of("--pid", "/nonexistent/junicorn.pid"))) {
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            int status = new ReloadCommand(System.out, new PrintStream(err, true, StandardCharsets.UTF_8))
                    .execute(args, () -> {
                        throw new AssertionError("no OS call on a usage error");
                    });
            assertEquals(2, status, args.toString());
            assertTrue(err.toString(StandardCharsets.UTF_8).contains(ReloadCommand.USAGE), args.toString());
        }
        assertThrows(IllegalArgumentException.class, () -> ReloadCommand.parse(List.of("--frobnicate")));
    }
}
