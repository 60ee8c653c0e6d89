/* Finding, checking and creating the embedded JVM (launcher only). */
#ifndef JN_JVM_H
#define JN_JVM_H

#include <jni.h>

/* HotSpot's suspend/resume signal, moved off USR2 (a control signal) to a realtime signal. */
#define JN_SR_SIGNAL "40"

/* What jn_call_main() did. */
#define JN_MAIN_RETURNED 0
#define JN_MAIN_THREW 1

struct jn_jvm_options {
    JavaVMOption *items;
    int count;
    int capacity;
};

/* Appends one option, formatted like printf. Fails only when memory runs out. */
int jn_add_jvm_option(struct jn_jvm_options *options, const char *format, ...)
    __attribute__((format(printf, 2, 3)));

/* Appends each non-empty word of text, words being separated by any byte of separators. */
int jn_add_jvm_option_words(struct jn_jvm_options *options, const char *text,
                            const char *separators);

/* Finds the Java home for the master: --java-home in args (before "--"), JUNICORN_JAVA_HOME,
 * JAVA_HOME, then the line in lib/java-home. Returns it (malloc'd) once it has lib/server/libjvm.so
 * and is Java 21+; NULL with a message naming where it came from otherwise. */
char *jn_find_java_home(int argc, char **args, const char *lib);

/* Loads libjvm and creates the JVM on the calling thread with -Xrs and HotSpot's suspend/resume
 * signal moved to JN_SR_SIGNAL (see jvm.c for why). Fails with a message; the JVM has usually
 * printed its own reason (a bad option, say) to stderr already. */
int jn_create_jvm(const char *libjvm, struct jn_jvm_options *options, JavaVM **vm, JNIEnv **env);

/* Calls class_name's static main(String[]) with args. Returns JN_MAIN_RETURNED, JN_MAIN_THREW after
 * printing the exception, or -1 with a message when the class or its main is missing. */
int jn_call_main(JNIEnv *env, const char *class_name, int argc, char **args);

/* Runs body(argument) on a new thread with a 4 MiB stack and waits for it; its result goes to
 * *result. HotSpot does not want to run Java on the primordial thread, whose stack it cannot
 * guard. Fails when the thread cannot be created. */
int jn_run_on_new_thread(int (*body)(void *), void *argument, int *result);

#endif
