/* Natives registered by the launcher rather than loaded by Java: no JNA in the worker, and
 * RegisterNatives is not a "restricted method" under JEP 472, so no native-access warning. */
#include <errno.h>
#include <unistd.h>

#include "junicorn.h"
#include "error.h"
#include "worker_natives.h"

#define WORKER_NATIVES_CLASS "io/junicorn/worker/WorkerNatives"

static void *worker_heartbeat_slot;
static int worker_signal_fd = -1;

static jobject JNICALL heartbeat_slot(JNIEnv *env, jclass natives)
{
    (void) natives;
    return (*env)->NewDirectByteBuffer(env, worker_heartbeat_slot, JN_HEARTBEAT_SLOT_SIZE);
}

/* -errno rather than an exception: the worker's signal loop decides what a failure means. */
static jint JNICALL wait_signal(JNIEnv *env, jclass natives, jint timeout_ms)
{
    int signal_number;

    (void) env;
    (void) natives;
    signal_number = jn_signals_wait(worker_signal_fd, timeout_ms);
    return signal_number == -1 ? -errno : signal_number;
}

static jint JNICALL parent_pid(JNIEnv *env, jclass natives)
{
    (void) env;
    (void) natives;
    return getppid();
}

int jn_register_worker_natives(JNIEnv *env, void *heartbeat, int signal_fd)
{
    JNINativeMethod methods[] = {
        { "heartbeatSlot", "()Ljava/nio/ByteBuffer;", (void *) heartbeat_slot },
        { "waitSignal", "(I)I", (void *) wait_signal },
        { "parentPid", "()I", (void *) parent_pid },
    };
    jclass natives;

    worker_heartbeat_slot = heartbeat;
    worker_signal_fd = signal_fd;
    natives = (*env)->FindClass(env, WORKER_NATIVES_CLASS);
    if (natives == NULL) {
        (*env)->ExceptionDescribe(env);
        return jn_refuse(ENOENT, "class %s is not on the class path", WORKER_NATIVES_CLASS);
    }
    if ((*env)->RegisterNatives(env, natives, methods, sizeof methods / sizeof methods[0]) != 0) {
        (*env)->ExceptionDescribe(env);
        return jn_refuse(ENOENT, "RegisterNatives(%s) failed: it must declare static native "
                         "ByteBuffer heartbeatSlot(), int waitSignal(int) and int parentPid()",
                         WORKER_NATIVES_CLASS);
    }
    return 0;
}
