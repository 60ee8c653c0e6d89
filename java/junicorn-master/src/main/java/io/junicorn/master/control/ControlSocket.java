package io.junicorn.master.control;

import io.junicorn.master.os.ProcessMemory;

import io.junicorn.common.settings.Config;
import io.junicorn.common.settings.Registry;
import io.junicorn.common.settings.SettingsException;
import io.junicorn.master.arbiter.MasterControl;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Objects;

/**
 * --control-socket: a unix socket, mode control_socket_mode (0600), served by a {@code junicorn-control} thread of
 * the master, one virtual thread per client so a silent client holds up no one. {@code junicorn ctl} is its client.
 */
public final class ControlSocket implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ControlSocket.class);

    private final Path path;
    private final Object fileKey;
    private final ServerSocketChannel server;
    private final ControlCommands commands;
    private volatile boolean closed;

    private ControlSocket(Path path, Object fileKey, ServerSocketChannel server, ControlCommands commands) {
        this.path = path;
        this.fileKey = fileKey;
        this.server = server;
        this.commands = commands;
    }

    /** Opens the socket when control_socket is set (null otherwise); a live socket there is a SettingsException. */
    public static ControlSocket open(Config config, MasterControl control) {
        String setting = config.string(Registry.CONTROL_SOCKET);
        if (setting.isEmpty()) {
            return null;
        }
        Path path = Path.of(setting).toAbsolutePath();
        try {
            removeStale(path);
            ServerSocketChannel server = bindPrivately(path, Registry.socketMode(config.string(Registry.CONTROL_SOCKET_MODE)));
            Object fileKey = Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).fileKey();
            ControlSocket socket = new ControlSocket(path, fileKey, server,
                    new ControlCommands(control, ProcessMemory::pss));
            Thread.ofPlatform().name("junicorn-control").daemon(true).start(socket::serve);
            log.info("Control socket at: {}", path);
            return socket;
        } catch (IOException e) {
            throw new SettingsException("control_socket = " + setting + ": " + e.getMessage());
        }
    }

    /** A socket file left by a master that died is removed; one that answers belongs to a running master. */
    private static void removeStale(Path path) throws IOException {
        if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        if (!Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).isOther()) {
            throw new IOException("exists and is not a socket; not replacing it");
        }
        try {
            SocketChannel.open(UnixDomainSocketAddress.of(path)).close();
        } catch (java.net.ConnectException e) {
            Files.delete(path);
            return;
        }
        throw new IOException("another process serves it (another junicorn master?)");
    }

    /**
     * Binds in a fresh directory only this user can enter, sets control_socket_mode, then renames the socket into
     * place, so there is no moment at which the socket exists under its name with the umask's mode.
     */
    private static ServerSocketChannel bindPrivately(Path path, int mode) throws IOException {
        Path directory = Files.createTempDirectory(path.getParent(), ".junicorn-ctl-",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        Path temporary = directory.resolve("s");
        ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        try {
            server.bind(UnixDomainSocketAddress.of(temporary));
            Files.setPosixFilePermissions(temporary, permissions(mode));
            Files.move(temporary, path, StandardCopyOption.ATOMIC_MOVE);
            return server;
        } catch (IOException e) {
            server.close();
            throw e;
        } finally {
            Files.deleteIfExists(temporary);
            Files.delete(directory);
        }
    }

    /** 0660 as rw-rw----. */
    private static java.util.Set<java.nio.file.attribute.PosixFilePermission> permissions(int mode) {
        StringBuilder text = new StringBuilder();
        for (int bit = 8; bit >= 0; bit--) {
            text.append((mode & (1 << bit)) != 0 ? "rwx".charAt((8 - bit) % 3) : '-');
        }
        return PosixFilePermissions.fromString(text.toString());
    }

    private void serve() {
        while (!closed) {
            try {
                SocketChannel client = server.accept();
                Thread.ofVirtual().name("junicorn-control-client").start(() -> converse(client));
            } catch (ClosedChannelException e) {
                return;
            } catch (IOException e) {
                log.warn("control socket: accept failed: {}", e.getMessage());
            }
        }
    }

    private void converse(SocketChannel client) {
        try (client; InputStream in = new BufferedInputStream(Channels.newInputStream(client));
             OutputStream out = Channels.newOutputStream(client)) {
            for (String line = JsonLines.read(in); line != null; line = JsonLines.read(in)) {
                if (!line.isBlank()) {
                    JsonLines.write(out, commands.answer(line));
                }
            }
        } catch (IOException e) {
            log.debug("control socket client: {}", e.getMessage());
        }
    }

    /** Removes the socket file, unless another master has since put its own there. */
    @Override
    public void close() {
        closed = true;
        try {
            server.close();
            Object current = Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).fileKey();
            if (Objects.equals(current, fileKey)) {
                Files.delete(path);
            }
        } catch (IOException e) {
            log.debug("control socket {} not removed: {}", path, e.getMessage());
        }
    }
}
