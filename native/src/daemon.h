/* Daemon mode for the launcher: detaching before any JVM or thread exists. */
#ifndef JN_DAEMON_H
#define JN_DAEMON_H

/*
 * Double fork with setsid between (the daemon can never reacquire a terminal), stdin from
 * /dev/null; stdout and stderr stay the caller's until the master has read its settings, so a bad
 * setting still reaches the operator's terminal (the master then moves them to the error log file
 * or /dev/null). Returns in the daemon with *ready_fd the write end of the readiness pipe. The
 * foreground process never returns: it exits 0 when the master writes "ready PID" to the pipe, or
 * prints what the master wrote ("failed REASON") or that it stopped without a word, and exits 1
 * (unicorn's launcher.rb does the same with its ready_pipe).
 */
int jn_daemonize(int *ready_fd);

#endif
