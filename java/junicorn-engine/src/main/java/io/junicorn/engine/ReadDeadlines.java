package io.junicorn.engine;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Read timeouts for every connection (TCP and unix-domain): one shared daemon thread closes the channel of
 * a read that is still waiting past its deadline, which wakes the reader on a platform or a virtual thread
 * alike. SO_TIMEOUT would schedule a timer per read on a virtual thread; a unix channel has no adaptor.
 *
 * <p>A read arms its connection's deadline with one volatile write (no allocation, no scheduling); the
 * thread sleeps until the earliest armed deadline and is woken only when a read arms one earlier than
 * that. TCP connections never come here: their socket adaptor's {@code setSoTimeout} does the job.
 */
final class ReadDeadlines {
    /** Longest sleep of the thread; a bound, not a tick (a new earlier deadline wakes it). */
    private static final long MAX_SLEEP_NANOS = TimeUnit.SECONDS.toNanos(60);

    private static final Set<ConnectionIo.TimedReads> registered = ConcurrentHashMap.newKeySet();
    /**
     * When the thread will next look (nanoTime). While it scans, it is "far ahead", so that a deadline
     * armed during a scan always wakes it (the scan may have missed it).
     */
    private static volatile long wakeAt;
    private static volatile Thread thread;

    private ReadDeadlines() {
    }

    static void register(ConnectionIo.TimedReads io) {
        registered.add(io);
        if (thread == null) {
            start();
        }
    }

    static void deregister(ConnectionIo.TimedReads io) {
        registered.remove(io);
    }

    /** Called after a read armed {@code deadline}: wakes the thread when it planned to look later. */
    static void armed(long deadline) {
        if (deadline - wakeAt < 0) {
            LockSupport.unpark(thread);
        }
    }

    private static synchronized void start() {
        if (thread != null) {
            return;
        }
        wakeAt = System.nanoTime() + MAX_SLEEP_NANOS;
        Thread t = Thread.ofPlatform().daemon().name("junicorn-read-deadlines").unstarted(ReadDeadlines::loop);
        thread = t;
        t.start();
    }

    private static void loop() {
        while (true) {
            long now = System.nanoTime();
            wakeAt = now + MAX_SLEEP_NANOS; // an arm racing with the scan below unparks us
            long next = now + MAX_SLEEP_NANOS;
            for (ConnectionIo.TimedReads io : registered) {
                long deadline = io.deadline();
                if (deadline == ConnectionIo.TimedReads.DISARMED || deadline == ConnectionIo.TimedReads.EXPIRED) {
                    continue;
                }
                if (deadline - now <= 0) {
                    io.expire(deadline);
                } else if (deadline - next < 0) {
                    next = deadline;
                }
            }
            wakeAt = next;
            LockSupport.parkNanos(ReadDeadlines.class, next - System.nanoTime());
        }
    }
}
