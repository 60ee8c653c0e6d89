/* The embedded JVM: which Java home, is it new enough, and creating the VM so that HotSpot keeps
 * its hands off the control signals (research notes C4, C5). */
#include <dlfcn.h>
#include <errno.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "error.h"
#include "jvm.h"

#define MINIMUM_JAVA 21
#define JAVA_THREAD_STACK (4 * 1024 * 1024)

typedef jint (JNICALL *create_java_vm_function)(JavaVM **, void **, void *);

int jn_add_jvm_option(struct jn_jvm_options *options, const char *format, ...)
{
    JavaVMOption *grown;
    va_list args;
    char *text;
    int length;

    if (options->count == options->capacity) {
        options->capacity = options->capacity == 0 ? 32 : options->capacity * 2;
        grown = realloc(options->items, (size_t) options->capacity * sizeof *grown);
        if (grown == NULL)
            return jn_fail(errno, "realloc(%d JVM options)", options->capacity);
        options->items = grown;
    }
    va_start(args, format);
    length = vasprintf(&text, format, args);
    va_end(args);
    if (length == -1)
        return jn_fail(ENOMEM, "vasprintf(JVM option %s)", format);
    options->items[options->count].optionString = text;
    options->items[options->count].extraInfo = NULL;
    options->count++;
    return 0;
}

int jn_add_jvm_option_words(struct jn_jvm_options *options, const char *text,
                            const char *separators)
{
    size_t length;

    while (*text != '\0') {
        text += strspn(text, separators);
        length = strcspn(text, separators);
        if (length > 0 && jn_add_jvm_option(options, "%.*s", (int) length, text) == -1)
            return -1;
        text += length;
    }
    return 0;
}

/* Returns the feature version in home/release (17 for "17.0.15", 8 for "1.8.0_402"), or 0 when
 * the file or the line is missing: the JNI version check in jn_create_jvm() still guards then. */
static int read_java_version(const char *home)
{
    char path[4096], line[256];
    int major = 0, minor = 0;
    FILE *release;

    snprintf(path, sizeof path, "%s/release", home);
    release = fopen(path, "re");
    if (release == NULL)
        return 0;
    while (fgets(line, sizeof line, release) != NULL)
        if (sscanf(line, "JAVA_VERSION=\"%d.%d", &major, &minor) >= 1)
            break;
    fclose(release);
    return major == 1 ? minor : major;
}

/* origin names where home came from in messages: "JAVA_HOME=/usr/lib/jvm/java-17". */
static char *check_java_home(const char *home, const char *origin)
{
    char libjvm[4096];
    int version;

    snprintf(libjvm, sizeof libjvm, "%s/lib/server/libjvm.so", home);
    if (access(libjvm, R_OK) == -1) {
        jn_refuse(errno, "%s has no lib/server/libjvm.so (%s); junicorn needs a Java 21 or newer "
                  "runtime (use --java-home or JUNICORN_JAVA_HOME)", origin, strerror(errno));
        return NULL;
    }
    version = read_java_version(home);
    if (version > 0 && version < MINIMUM_JAVA) {
        jn_refuse(ENOEXEC, "%s is Java %d; junicorn needs Java %d or newer "
                  "(use --java-home or JUNICORN_JAVA_HOME)", origin, version, MINIMUM_JAVA);
        return NULL;
    }
    return strdup(home);
}

static char *check_named_java_home(const char *name, const char *home)
{
    char origin[4200];

    snprintf(origin, sizeof origin, "%s=%s", name, home);
    return check_java_home(home, origin);
}

/* --java-home DIR or --java-home=DIR; *missing is set when the flag has no value. */
static const char *find_java_home_argument(int argc, char **args, int *missing)
{
    int i;

    *missing = 0;
    for (i = 0; i < argc && strcmp(args[i], "--") != 0; i++) {
        if (strncmp(args[i], "--java-home=", 12) == 0)
            return args[i] + 12;
        if (strcmp(args[i], "--java-home") == 0) {
            *missing = i + 1 >= argc;
            return *missing ? NULL : args[i + 1];
        }
    }
    return NULL;
}

static char *read_java_home_file(const char *lib, char *path, size_t size)
{
    char line[4096];
    FILE *file;

    snprintf(path, size, "%s/java-home", lib);
    file = fopen(path, "re");
    if (file == NULL)
        return NULL;
    if (fgets(line, sizeof line, file) == NULL)
        line[0] = '\0';
    fclose(file);
    line[strcspn(line, "\r\n")] = '\0';
    return line[0] != '\0' ? strdup(line) : NULL;
}

char *jn_find_java_home(int argc, char **args, const char *lib)
{
    char file_path[4096], origin[8400];
    const char *home;
    char *file_home, *checked;
    int missing;

    home = find_java_home_argument(argc, args, &missing);
    if (missing || (home != NULL && home[0] == '\0')) {
        jn_refuse(EINVAL, "--java-home needs a directory");
        return NULL;
    }
    if (home != NULL)
        return check_named_java_home("--java-home", home);
    home = getenv("JUNICORN_JAVA_HOME");
    if (home != NULL && home[0] != '\0')
        return check_named_java_home("JUNICORN_JAVA_HOME", home);
    home = getenv("JAVA_HOME");
    if (home != NULL && home[0] != '\0')
        return check_named_java_home("JAVA_HOME", home);

    file_home = read_java_home_file(lib, file_path, sizeof file_path);
    if (file_home == NULL) {
        jn_refuse(ENOENT, "no Java runtime found: set --java-home, JUNICORN_JAVA_HOME or "
                  "JAVA_HOME to a Java %d+ runtime", MINIMUM_JAVA);
        return NULL;
    }
    snprintf(origin, sizeof origin, "%s (named in %s)", file_home, file_path);
    checked = check_java_home(file_home, origin);
    free(file_home);
    return checked;
}

static const char *describe_jni_error(jint code)
{
    switch (code) {
    case JNI_ENOMEM:
        return "not enough memory";
    case JNI_EEXIST:
        return "a JVM already exists in this process";
    case JNI_EINVAL:
        return "invalid arguments (see the JVM's message above)";
    default:
        return "see the JVM's message above";
    }
}

static int call_create_java_vm(create_java_vm_function create, const char *libjvm,
                               struct jn_jvm_options *options, JavaVM **vm, JNIEnv **env)
{
    JavaVMInitArgs arguments = {
        .version = JNI_VERSION_21,
        .nOptions = options->count,
        .options = options->items,
        .ignoreUnrecognized = JNI_FALSE,
    };
    jint code;

    code = create(vm, (void **) env, &arguments);
    if (code == JNI_EVERSION)
        return jn_refuse(ENOEXEC, "%s does not support JNI_VERSION_21: junicorn needs Java %d or "
                         "newer", libjvm, MINIMUM_JAVA);
    if (code != JNI_OK)
        return jn_refuse(EINVAL, "JNI_CreateJavaVM(%s) failed with %d: %s", libjvm, (int) code,
                         describe_jni_error(code));
    return 0;
}

int jn_create_jvm(const char *libjvm, struct jn_jvm_options *options, JavaVM **vm, JNIEnv **env)
{
    create_java_vm_function create;
    void *library;
    int created;

    /* -Xrs keeps HotSpot from unblocking and handling HUP, INT, TERM and QUIT in its threads; its
     * suspend/resume signal (USR2 by default) would still swallow the master's USR2, so it moves
     * to a realtime signal. HotSpot reads the variable while it initializes. */
    if (setenv("_JAVA_SR_SIGNUM", JN_SR_SIGNAL, 1) == -1)
        return jn_fail(errno, "setenv(_JAVA_SR_SIGNUM=%s)", JN_SR_SIGNAL);
    if (jn_add_jvm_option(options, "-Xrs") == -1)
        return -1;

    library = dlopen(libjvm, RTLD_NOW | RTLD_GLOBAL);
    if (library == NULL)
        return jn_refuse(ENOENT, "dlopen(%s) failed: %s", libjvm, dlerror());
    create = (create_java_vm_function) dlsym(library, "JNI_CreateJavaVM");
    if (create == NULL)
        return jn_refuse(ENOENT, "dlsym(%s, JNI_CreateJavaVM) failed: %s", libjvm, dlerror());

    created = call_create_java_vm(create, libjvm, options, vm, env);
    /* The application's own child processes are not embedded JVMs; they get USR2 back. */
    unsetenv("_JAVA_SR_SIGNUM");
    return created;
}

/* Decodes argv bytes as the JVM's default charset (UTF-8 since JDK 18); NewStringUTF would read
 * them as modified UTF-8 and garble characters outside the BMP. */
static jobjectArray new_string_array(JNIEnv *env, int argc, char **args)
{
    jclass string_class;
    jmethodID from_bytes;
    jobjectArray array;
    jbyteArray bytes;
    jstring string;
    jsize length;
    int i;

    string_class = (*env)->FindClass(env, "java/lang/String");
    if (string_class == NULL)
        return NULL;
    from_bytes = (*env)->GetMethodID(env, string_class, "<init>", "([B)V");
    array = (*env)->NewObjectArray(env, argc, string_class, NULL);
    if (from_bytes == NULL || array == NULL)
        return NULL;
    for (i = 0; i < argc; i++) {
        length = (jsize) strlen(args[i]);
        bytes = (*env)->NewByteArray(env, length);
        if (bytes == NULL)
            return NULL;
        (*env)->SetByteArrayRegion(env, bytes, 0, length, (const jbyte *) args[i]);
        string = (*env)->NewObject(env, string_class, from_bytes, bytes);
        if (string == NULL)
            return NULL;
        (*env)->SetObjectArrayElement(env, array, i, string);
        (*env)->DeleteLocalRef(env, bytes);
        (*env)->DeleteLocalRef(env, string);
    }
    return array;
}

int jn_call_main(JNIEnv *env, const char *class_name, int argc, char **args)
{
    jclass main_class;
    jmethodID main_method;
    jobjectArray java_args;

    main_class = (*env)->FindClass(env, class_name);
    if (main_class == NULL) {
        (*env)->ExceptionDescribe(env);
        return jn_refuse(ENOENT, "class %s is not on the class path", class_name);
    }
    main_method = (*env)->GetStaticMethodID(env, main_class, "main", "([Ljava/lang/String;)V");
    if (main_method == NULL) {
        (*env)->ExceptionDescribe(env);
        return jn_refuse(ENOENT, "class %s has no static void main(String[])", class_name);
    }
    java_args = new_string_array(env, argc, args);
    if (java_args == NULL) {
        (*env)->ExceptionDescribe(env);
        return jn_refuse(ENOMEM, "cannot pass %d arguments to %s.main", argc, class_name);
    }

    (*env)->CallStaticVoidMethod(env, main_class, main_method, java_args);
    if ((*env)->ExceptionCheck(env)) {
        (*env)->ExceptionDescribe(env);
        return JN_MAIN_THREW;
    }
    return JN_MAIN_RETURNED;
}

struct thread_call {
    int (*body)(void *);
    void *argument;
    int result;
};

static void *run_thread_call(void *call_pointer)
{
    struct thread_call *call = call_pointer;

    call->result = call->body(call->argument);
    return NULL;
}

int jn_run_on_new_thread(int (*body)(void *), void *argument, int *result)
{
    struct thread_call call = { .body = body, .argument = argument };
    pthread_attr_t attributes;
    pthread_t thread;
    int err;

    err = pthread_attr_init(&attributes);
    if (err != 0)
        return jn_fail(err, "pthread_attr_init()");
    err = pthread_attr_setstacksize(&attributes, JAVA_THREAD_STACK);
    if (err == 0)
        err = pthread_create(&thread, &attributes, run_thread_call, &call);
    pthread_attr_destroy(&attributes);
    if (err != 0)
        return jn_fail(err, "pthread_create(stack %d bytes)", JAVA_THREAD_STACK);
    err = pthread_join(thread, NULL);
    if (err != 0)
        return jn_fail(err, "pthread_join(Java main thread)");
    *result = call.result;
    return 0;
}
