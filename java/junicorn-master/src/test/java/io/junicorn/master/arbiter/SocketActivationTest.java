package io.junicorn.master.arbiter;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Reading sd_listen_fds(3)'s variables: only for this pid, fds from 3, names when they match the count. */
class SocketActivationTest {

    @Test
    void fdsFromThreeWithTheirNames() {
        Optional<SocketActivation> activation = SocketActivation.fromEnvironment(
                Map.of("LISTEN_PID", "42", "LISTEN_FDS", "2", "LISTEN_FDNAMES", "http:admin"), 42);
        assertEquals(new SocketActivation(List.of(3, 4), List.of("http", "admin")), activation.orElseThrow());
    }

    @Test
    void namesThatDoNotMatchTheCountAreDropped() {
        assertEquals(List.of(""), SocketActivation.fromEnvironment(
                Map.of("LISTEN_PID", "42", "LISTEN_FDS", "1", "LISTEN_FDNAMES", "a:b"), 42).orElseThrow().names());
    }

    @Test
    void variablesForAnotherProcessOrMalformedAreIgnored() {
        assertEquals(Optional.empty(), SocketActivation.fromEnvironment(Map.of("LISTEN_PID", "41", "LISTEN_FDS", "1"), 42));
        assertEquals(Optional.empty(), SocketActivation.fromEnvironment(Map.of("LISTEN_PID", "42", "LISTEN_FDS", "0"), 42));
        assertEquals(Optional.empty(), SocketActivation.fromEnvironment(Map.of("LISTEN_PID", "42", "LISTEN_FDS", "x"), 42));
        assertEquals(Optional.empty(), SocketActivation.fromEnvironment(Map.of("LISTEN_FDS", "1"), 42));
        assertEquals(Optional.empty(), SocketActivation.fromEnvironment(Map.of(), 42));
    }
}
