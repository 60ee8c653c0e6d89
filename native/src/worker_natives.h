/* The natives a worker JVM gets from its launcher (io.junicorn.worker.WorkerNatives). */
#ifndef JN_WORKER_NATIVES_H
#define JN_WORKER_NATIVES_H

#include <jni.h>

/* Registers heartbeatSlot(), waitSignal(int) and parentPid() over the given heartbeat slot and
 * signalfd, and unixDatagramOpen/Send/Close for StatsD and syslog at unix://PATH. Fails with a
 * message when the class or one of the methods is missing. */
int jn_register_worker_natives(JNIEnv *env, void *heartbeat_slot, int signal_fd);

#endif
