package io.junicorn.master;

import java.nio.file.Files;
import java.nio.file.Path;

/** Stand-in for the master's Main: reports what the launcher gave it. */
public final class Main {
    public static void main(String[] args) throws Exception {
        System.out.println("args=" + String.join("|", args));
        System.out.println("sr=" + System.getenv("_JAVA_SR_SIGNUM"));
        System.out.println("home=" + System.getProperty("junicorn.home"));
        System.out.println("launcher=" + System.getProperty("junicorn.launcher"));
        System.out.println("libjvm=" + System.getProperty("junicorn.libjvm"));
        System.out.println("aot=" + String.join(" ", java.lang.management.ManagementFactory.getRuntimeMXBean()
                .getInputArguments().stream().filter(option -> option.startsWith("-XX:AOT")).toList()));
        for (String line : Files.readAllLines(Path.of("/proc/thread-self/status"))) {
            if (line.startsWith("SigBlk:")) {
                System.out.println("sigblk=" + line.substring(7).trim());
            }
        }
        System.out.flush();
        if (args.length > 0 && args[0].equals("throw")) {
            throw new IllegalStateException("thrown on purpose");
        }
        if (args.length > 0 && args[0].equals("exit")) {
            System.exit(5);
        }
    }
}
