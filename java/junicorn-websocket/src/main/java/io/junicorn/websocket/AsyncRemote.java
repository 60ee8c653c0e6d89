package io.junicorn.websocket;

import io.junicorn.http.websocket.WebSocketOpcode;
import jakarta.websocket.EncodeException;
import jakarta.websocket.RemoteEndpoint;
import jakarta.websocket.SendHandler;
import jakarta.websocket.SendResult;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Sends that return at once: queued in order and written by one virtual thread at a time, so a session's async
 * messages leave in the order they were sent. A send not written within the send timeout fails with a
 * SocketTimeoutException and drops the connection, as Tomcat does: a peer that reads nothing would otherwise hold
 * the queue for ever.
 */
final class AsyncRemote implements RemoteEndpoint.Async {
    /** One message's write. */
    private interface Send {
        void run() throws IOException, EncodeException;
    }

    private final WsSession session;
    private final BasicRemote basic;
    private final ConcurrentLinkedQueue<Runnable> queue = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean draining = new AtomicBoolean();
    private volatile long sendTimeoutMillis;
    private final Runnable abort;

    AsyncRemote(WsSession session, BasicRemote basic, long sendTimeoutMillis, Runnable abort) {
        this.session = session;
        this.basic = basic;
        this.sendTimeoutMillis = sendTimeoutMillis;
        this.abort = abort;
    }

    @Override
    public long getSendTimeout() {
        return sendTimeoutMillis;
    }

    @Override
    public void setSendTimeout(long timeoutMillis) {
        sendTimeoutMillis = timeoutMillis;
    }

    @Override
    public void sendText(String text, SendHandler handler) {
        BasicRemote.required(text, "text");
        notify(submit(() -> basic.sendText(text)), BasicRemote.required(handler, "handler"));
    }

    @Override
    public Future<Void> sendText(String text) {
        BasicRemote.required(text, "text");
        return submit(() -> basic.sendText(text));
    }

    @Override
    public Future<Void> sendBinary(ByteBuffer data) {
        BasicRemote.required(data, "data");
        return submit(() -> basic.sendBinary(data));
    }

    @Override
    public void sendBinary(ByteBuffer data, SendHandler handler) {
        BasicRemote.required(data, "data");
        notify(submit(() -> basic.sendBinary(data)), BasicRemote.required(handler, "handler"));
    }

    @Override
    public Future<Void> sendObject(Object data) {
        BasicRemote.required(data, "data");
        return submit(() -> basic.sendObject(data));
    }

    @Override
    public void sendObject(Object data, SendHandler handler) {
        BasicRemote.required(data, "data");
        notify(submit(() -> basic.sendObject(data)), BasicRemote.required(handler, "handler"));
    }

    @Override
    public void setBatchingAllowed(boolean allowed) {
        basic.setBatchingAllowed(allowed);
    }

    @Override
    public boolean getBatchingAllowed() {
        return basic.getBatchingAllowed();
    }

    @Override
    public void flushBatch() {
    }

    @Override
    public void sendPing(ByteBuffer applicationData) throws IOException {
        basic.outbound.control(WebSocketOpcode.PING, applicationData);
    }

    @Override
    public void sendPong(ByteBuffer applicationData) throws IOException {
        basic.outbound.control(WebSocketOpcode.PONG, applicationData);
    }

    private CompletableFuture<Void> submit(Send send) {
        CompletableFuture<Void> result = new CompletableFuture<>();
        queue.add(() -> {
            if (result.isDone()) {
                return; // timed out while queued
            }
            try {
                send.run();
                result.complete(null);
            } catch (IOException | EncodeException | RuntimeException e) {
                result.completeExceptionally(e);
            }
        });
        long timeout = sendTimeoutMillis;
        if (timeout > 0) {
            CompletableFuture.delayedExecutor(timeout, TimeUnit.MILLISECONDS).execute(() -> {
                if (result.completeExceptionally(new SocketTimeoutException("the message was not sent within the"
                        + " send timeout of " + timeout + " ms"))) {
                    abort.run();
                }
            });
        }
        drain();
        return result;
    }

    /** Starts a writer unless one runs; a writer that finds the queue empty stops, then checks again. */
    private void drain() {
        if (!queue.isEmpty() && draining.compareAndSet(false, true)) {
            Thread.ofVirtual().name("junicorn-ws-send-" + session.getId()).start(() -> {
                try {
                    for (Runnable send = queue.poll(); send != null; send = queue.poll()) {
                        send.run();
                    }
                } finally {
                    draining.set(false);
                    drain();
                }
            });
        }
    }

    private void notify(CompletableFuture<Void> sent, SendHandler handler) {
        sent.whenComplete((ignored, failure) -> handler.onResult(failure == null ? new SendResult(session)
                : new SendResult(session, failure)));
    }
}
