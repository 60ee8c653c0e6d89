package io.junicorn.worker;

import java.nio.ByteOrder;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;

/** Stand-in for the worker's main: ticks, reports, waits for one signal. */
public final class WorkerMain {
    public static void main(String[] args) throws Exception {
        if ("throw".equals(System.getenv("JUNICORN_WORKER_CONF"))) {
            throw new IllegalStateException("worker failed on purpose");
        }
        var slot = WorkerNatives.heartbeatSlot().order(ByteOrder.nativeOrder());
        slot.putLong(0, 0x1234abcdL);
        System.out.println("capacity=" + slot.capacity());
        System.out.println("ppid=" + WorkerNatives.parentPid());
        System.out.println("env=" + System.getenv("JUNICORN_LIBJVM") + ","
                + System.getenv("JUNICORN_JVM_OPTS") + "," + System.getenv("JUNICORN_WORKER") + ","
                + System.getenv("_JAVA_SR_SIGNUM"));
        String cmdline = Files.readString(Path.of("/proc/self/cmdline"));
        System.out.println("cmdline=" + cmdline.replace('\0', '^'));
        if (System.inheritedChannel() instanceof ServerSocketChannel listener) {
            System.out.println("inherited=" + listener.getLocalAddress());
        }
        Path fd3 = Path.of("/proc/self/fd/3");
        System.out.println("fd3=" + (Files.exists(fd3, java.nio.file.LinkOption.NOFOLLOW_LINKS)
                ? Files.readSymbolicLink(fd3) : "closed"));
        System.out.println("timeout=" + WorkerNatives.waitSignal(50));
        System.out.println("ready");
        System.out.flush();
        System.out.println("signal=" + WorkerNatives.waitSignal(20000));
        System.out.flush();
    }
}
