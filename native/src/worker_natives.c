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

/* libjunicorn's failure message as a java.io.IOException; the native returns, Java throws. */
static void throw_io_exception(JNIEnv *env)
{
    jclass io_exception = (*env)->FindClass(env, "java/io/IOException");

    if (io_exception != NULL)
        (*env)->ThrowNew(env, io_exception, jn_last_error());
}

static jint JNICALL unix_datagram_open(JNIEnv *env, jclass natives)
{
    int fd;

    (void) natives;
    fd = jn_unix_dgram_open();
    if (fd == -1)
        throw_io_exception(env);
    return fd;
}

/* 1 sent, 0 dropped (the receiver's queue is full); a failure throws. */
static jint JNICALL unix_datagram_send(JNIEnv *env, jclass natives, jint fd, jstring path,
                                       jbyteArray data, jint length)
{
    const char *name;
    jbyte *bytes;
    int result;

    (void) natives;
    if (length < 0 || length > (*env)->GetArrayLength(env, data)) {
        jn_refuse(EINVAL, "unixDatagramSend: length %d outside the array", (int) length);
        throw_io_exception(env);
        return -1;
    }
    name = (*env)->GetStringUTFChars(env, path, NULL);
    if (name == NULL)
        return -1;
    bytes = (*env)->GetByteArrayElements(env, data, NULL);
    if (bytes == NULL) {
        (*env)->ReleaseStringUTFChars(env, path, name);
        return -1;
    }
    result = jn_unix_dgram_send(fd, name, bytes, length);
    (*env)->ReleaseByteArrayElements(env, data, bytes, JNI_ABORT);
    (*env)->ReleaseStringUTFChars(env, path, name);
    if (result == -1)
        throw_io_exception(env);
    return result;
}

static void JNICALL unix_datagram_close(JNIEnv *env, jclass natives, jint fd)
{
    (void) natives;
    if (jn_close(fd) == -1)
        throw_io_exception(env);
}

int jn_register_worker_natives(JNIEnv *env, void *heartbeat, int signal_fd)
{
    JNINativeMethod methods[] = {
        { "heartbeatSlot", "()Ljava/nio/ByteBuffer;", (void *) heartbeat_slot },
        { "waitSignal", "(I)I", (void *) wait_signal },
        { "parentPid", "()I", (void *) parent_pid },
        { "unixDatagramOpen", "()I", (void *) unix_datagram_open },
        { "unixDatagramSend", "(ILjava/lang/String;[BI)I", (void *) unix_datagram_send },
        { "unixDatagramClose", "(I)V", (void *) unix_datagram_close },
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
                         "ByteBuffer heartbeatSlot(), int waitSignal(int), int parentPid(), "
                         "int unixDatagramOpen(), int unixDatagramSend(int, String, byte[], int) "
                         "and void unixDatagramClose(int)", WORKER_NATIVES_CLASS);
    }
    return 0;
}
