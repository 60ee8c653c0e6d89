package io.junicorn.common;

import ch.qos.logback.classic.net.SyslogAppender;
import ch.qos.logback.core.net.SyslogOutputStream;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.SocketException;
import java.net.UnknownHostException;

/**
 * logback's SyslogAppender sending to a unix datagram socket (syslog_addr = unix:///dev/log): it formats and splits
 * stack traces exactly as for UDP, one datagram per flush; only the stream under it differs. logback's stream
 * class opens a UDP socket in its constructor and asks it for its send buffer size; that socket sends nothing.
 */
final class UnixSyslogAppender extends SyslogAppender {
    private final UnixDatagramSocket socket;

    UnixSyslogAppender(UnixDatagramSocket socket) {
        this.socket = socket;
    }

    @Override
    public SyslogOutputStream createOutputStream() throws SocketException, UnknownHostException {
        return new SyslogOutputStream("127.0.0.1", SyslogAddress.DEFAULT_PORT) {
            private final ByteArrayOutputStream datagram = new ByteArrayOutputStream();

            @Override
            public void write(byte[] bytes, int offset, int length) {
                datagram.write(bytes, offset, length);
            }

            @Override
            public void write(int b) {
                datagram.write(b);
            }

            /** A full queue at the syslog daemon drops the line, as UDP would; a send that fails is logback's status. */
            @Override
            public void flush() throws IOException {
                if (datagram.size() > 0) {
                    byte[] bytes = datagram.toByteArray();
                    datagram.reset();
                    socket.send(bytes, bytes.length);
                }
            }

            @Override
            public void close() {
                super.close();
                try {
                    socket.close();
                } catch (IOException e) {
                    addWarn("closing the syslog socket " + socket.path() + ": " + e.getMessage());
                }
            }
        };
    }
}
