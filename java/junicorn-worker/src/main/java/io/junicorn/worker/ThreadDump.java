package io.junicorn.worker;

import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/** The stacks of every platform thread and of the worker's request threads, as one log message. */
final class ThreadDump {
    private ThreadDump() {
    }

    static String of(Iterable<Thread> requestThreads) {
        Set<Thread> threads = new LinkedHashSet<>();
        Map<Thread, StackTraceElement[]> platform = Thread.getAllStackTraces();
        threads.addAll(platform.keySet());
        requestThreads.forEach(threads::add);
        StringBuilder dump = new StringBuilder(4096);
        for (Thread thread : threads) {
            StackTraceElement[] stack = platform.containsKey(thread) ? platform.get(thread) : thread.getStackTrace();
            dump.append('\n').append('"').append(thread.getName()).append('"')
                    .append(thread.isVirtual() ? " virtual" : "")
                    .append(thread.isDaemon() ? " daemon" : "")
                    .append(" tid=").append(thread.threadId())
                    .append(' ').append(thread.getState()).append('\n');
            for (StackTraceElement frame : stack) {
                dump.append("\tat ").append(frame).append('\n');
            }
        }
        return dump.toString();
    }
}
