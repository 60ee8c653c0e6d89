/* The test harness: CHECK records a pass or a failure and goes on; the runner prints the tally. */
#ifndef JN_CHECK_H
#define JN_CHECK_H

#include <stddef.h>
#include <sys/types.h>

#define CHECK(condition) check_condition((condition) != 0, #condition, __FILE__, __LINE__)

void check_condition(int passed, const char *text, const char *file, int line);

/* Polls jn_reap(pid) until it has exited or timeout_ms passed; returns jn_reap's result. */
int wait_for_exit(int pid, int *status, int timeout_ms);

/* Reads fd into buffer (NUL-terminated) until EOF, until `until` appears (when not NULL) or
 * timeout_ms passes; returns the bytes read so far. */
size_t read_output(int fd, char *buffer, size_t size, const char *until, int timeout_ms);

/* Milliseconds on CLOCK_MONOTONIC. */
long monotonic_ms(void);

/* main()'s arguments, for the process title test. */
extern int test_argc;
extern char **test_argv;

void test_signals(void);
void test_spawn(void);
void test_listen(void);
void test_heartbeat(void);
void test_proctitle(void);
void test_launcher(void);
void test_sdnotify(void);
void test_unixdgram(void);
void test_inherited(void);
void test_process(void);

#endif
