package io.junicorn.servlet;

import io.junicorn.engine.UpgradedConnection;
import io.junicorn.engine.UpgradedHttp1Connection;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.http.HttpUpgradeHandler;

import java.util.concurrent.CountDownLatch;
import java.util.function.Consumer;

/**
 * An {@link HttpUpgradeHandler} on the connection its request upgraded (Servlet 6.1 §2.3.3.5): the engine calls
 * {@link #accept} on the session's virtual thread once the 101 is sent; init(WebConnection) runs there, then, when
 * the handler set a ReadListener, this thread drives it ({@link UpgradeInput#driveReads}); the thread then waits for
 * the connection to close, by either side or by the worker, and destroy() runs once.
 */
final class UpgradeSession implements Consumer<UpgradedConnection> {
    private final AppServletContext context;
    private final HttpUpgradeHandler handler;

    UpgradeSession(AppServletContext context, HttpUpgradeHandler handler) {
        this.context = context;
        this.handler = handler;
    }

    @Override
    public void accept(UpgradedConnection connection) {
        Connection web = new Connection(connection);
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(context.getClassLoader());
        try {
            handler.init(web);
            web.input.driveReads();
            web.awaitClosed();
        } catch (RuntimeException | Error e) {
            if (e instanceof VirtualMachineError error && !(error instanceof StackOverflowError)) {
                throw error; // the engine logs it and aborts the connection
            }
            AppServletContext.log.error("HttpUpgradeHandler {} failed on the connection from {}; closing it",
                    handler.getClass().getName(), connection.remoteAddress(), e);
            connection.abort();
        } finally {
            try {
                handler.destroy();
            } catch (RuntimeException e) {
                AppServletContext.log.warn("HttpUpgradeHandler {} failed in destroy: {}", handler.getClass().getName(),
                        e.toString(), e);
            } finally {
                thread.setContextClassLoader(previous);
            }
        }
    }

    /**
     * The WebConnection: the two streams over the connection. Closing both (or the WebConnection) closes the
     * connection gracefully; a failed read or write closed it already.
     */
    static final class Connection implements JunicornWebConnection {
        private final UpgradedConnection connection;
        final UpgradeInput input;
        private final UpgradeOutput output;
        private final CountDownLatch closed = new CountDownLatch(1);

        Connection(UpgradedConnection connection) {
            this.connection = connection;
            this.input = new UpgradeInput(connection, this);
            this.output = new UpgradeOutput(connection, this);
            if (connection instanceof UpgradedHttp1Connection engine) {
                engine.whenClosed(this::ended); // a close of connection() itself, the worker's abort
            }
        }

        @Override
        public UpgradedConnection connection() {
            return connection;
        }

        @Override
        public ServletInputStream getInputStream() {
            return input;
        }

        @Override
        public ServletOutputStream getOutputStream() {
            return output;
        }

        @Override
        public void close() {
            input.closeStream();
            output.closeStream();
            streamClosed();
        }

        /** A stream closed, or failed: once both are closed the connection ends. */
        void streamClosed() {
            if (input.isClosed() && output.isClosed()) {
                connection.closeGracefully();
                ended();
            }
        }

        /** The connection is gone (a read or write failed, our close): the session's thread may go on to destroy(). */
        void ended() {
            closed.countDown();
            input.connectionEnded();
        }

        /** Until closed by the handler, a failure, the peer's reset, or the worker (its abort after the graceful stop). */
        void awaitClosed() {
            boolean interrupted = false;
            while (true) {
                try {
                    closed.await();
                    break;
                } catch (InterruptedException e) {
                    interrupted = true; // only the connection's end lets destroy() run
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
