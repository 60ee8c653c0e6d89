package io.junicorn.common.settings;

import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Every setting junicorn knows, in one table that drives the command line, JUNICORN_CMD_ARGS,
 * --print-config and the settings docs. Names and flags are gunicorn's where gunicorn has the setting.
 */
public final class Registry {
    private static final String SERVER = "Server socket";
    private static final String WORKERS = "Worker processes";
    private static final String JVM = "Java";
    private static final String PROCESS = "Server mechanics";
    private static final String LOGGING = "Logging";
    private static final String METRICS = "Metrics";
    private static final String CONTROL = "Control";
    private static final String HOOKS = "Server hooks";

    public static final Setting BIND = new Setting("bind", SERVER, List.of("-b", "--bind"), Kind.LIST,
            env -> List.of(env.containsKey("PORT") ? "0.0.0.0:" + env.get("PORT") : "127.0.0.1:8000"),
            "['127.0.0.1:8000'], or ['0.0.0.0:$PORT'] when PORT is set", value -> ((List<?>) value)
                    .forEach(address -> BindAddress.parse((String) address)),
            "The socket to bind: HOST:PORT, [IPv6]:PORT, HOST (port 8000) or unix:PATH. Repeat to bind several; "
                    + "the first -b replaces the default.");
    public static final Setting BACKLOG = new Setting("backlog", SERVER, List.of("--backlog"), Kind.INTEGER,
            constant(2048), "2048", atLeast(1),
            "The listen queue length of each listener. The kernel caps it at net.core.somaxconn.");
    public static final Setting REUSE_PORT = new Setting("reuse_port", SERVER, List.of("--reuse-port"), Kind.FLAG,
            constant(false), "False", any(),
            "Set SO_REUSEPORT on the listeners, so that another server can bind the same port. "
                    + "The listeners stay shared by all workers, so no queued connection is lost when one exits.");

    public static final Setting WORKERS_COUNT = new Setting("workers", WORKERS, List.of("-w", "--workers"),
            Kind.INTEGER, env -> env.containsKey("WEB_CONCURRENCY") ? Kind.INTEGER.parse(env.get("WEB_CONCURRENCY")) : 1,
            "1, or $WEB_CONCURRENCY", atLeast(1),
            "The number of worker processes, each its own JVM. TTIN and TTOU change it while running.");
    public static final Setting WORKER_CLASS = new Setting("worker_class", WORKERS, List.of("-k", "--worker-class"),
            Kind.STRING, constant("sync"), "sync", Registry::checkWorkerClass,
            "How a worker serves: sync (one request at a time, no keep-alive), virtual (a virtual thread per "
                    + "connection, keep-alive), or the name of a class implementing io.junicorn.worker.WorkerClass.");
    public static final Setting WORKER_CONNECTIONS = new Setting("worker_connections", WORKERS,
            List.of("--worker-connections"), Kind.INTEGER, constant(1000), "1000", atLeast(1),
            "The most connections one virtual worker serves at once; more wait in the listen queue.");
    public static final Setting MAX_REQUESTS = new Setting("max_requests", WORKERS, List.of("--max-requests"),
            Kind.INTEGER, constant(0), "0", atLeast(0),
            "Restart a worker gracefully after this many requests, to bound slow leaks. 0 turns it off.");
    public static final Setting MAX_REQUESTS_JITTER = new Setting("max_requests_jitter", WORKERS,
            List.of("--max-requests-jitter"), Kind.INTEGER, constant(0), "0", atLeast(0),
            "Add a random 0..N to each worker's max_requests so workers do not all restart at once.");
    public static final Setting TIMEOUT = new Setting("timeout", WORKERS, List.of("-t", "--timeout"), Kind.SECONDS,
            constant(30.0), "30", any(),
            "A worker whose loop has not ticked for this many seconds gets ABRT (it logs every thread's stack), "
                    + "then KILL, and is replaced. For sync workers this bounds each request. 0 turns it off.");
    public static final Setting GRACEFUL_TIMEOUT = new Setting("graceful_timeout", WORKERS,
            List.of("--graceful-timeout"), Kind.SECONDS, constant(30.0), "30", any(),
            "After TERM (or a reload), workers have this long to finish in-flight requests before KILL.");
    public static final Setting KEEPALIVE = new Setting("keepalive", WORKERS, List.of("--keep-alive"), Kind.SECONDS,
            constant(2.0), "2", any(),
            "How long a virtual worker keeps an idle keep-alive connection open.");
    public static final Setting BOOT_TIMEOUT = new Setting("boot_timeout", WORKERS, List.of("--boot-timeout"),
            Kind.SECONDS, constant(120.0), "120", any(),
            "A worker that has not reported ready this many seconds after its spawn is killed and replaced. "
                    + "0 turns it off.");

    public static final Setting CLASS_PATH = new Setting("class_path", JVM, List.of("--class-path"), Kind.LIST,
            constant(List.of()), "[]", any(),
            "Where the application's classes come from: jars and directories, separated by ':' or repeated.");
    public static final Setting JVM_OPT = new Setting("jvm_opt", JVM, List.of("--jvm-opt"), Kind.LIST,
            constant(List.of()), "[]", any(),
            "One more option for every worker JVM, such as -XX:+UseZGC or -Dkey=value. Repeatable; "
                    + "an -Xmx here replaces worker_heap.");
    public static final Setting JAVA_HOME = new Setting("java_home", JVM, List.of("--java-home"), Kind.STRING,
            env -> "", "the launcher's Java (--java-home, JUNICORN_JAVA_HOME, JAVA_HOME, or the build's JDK)", any(),
            "The Java runtime (21 or newer) for the master and the workers.");
    public static final Setting WORKER_HEAP = new Setting("worker_heap", JVM, List.of("--worker-heap"), Kind.STRING,
            constant("auto"), "auto", Registry::checkHeap,
            "Maximum heap of each worker JVM, such as 512m or 2g. auto: half the machine's (or the cgroup's) "
                    + "memory divided by the number of workers, instead of HotSpot's 25% of RAM for each.");

    public static final Setting PIDFILE = new Setting("pidfile", PROCESS, List.of("-p", "--pid"), Kind.STRING,
            constant(""), "None", any(),
            "Write the master's pid to this file; refuse to start if it names a live process.");
    public static final Setting PROC_NAME = new Setting("proc_name", PROCESS, List.of("-n", "--name"), Kind.STRING,
            constant(""), "the application", any(),
            "The name in process titles: junicorn: master [NAME], junicorn: worker [NAME].");

    public static final Setting LOGLEVEL = new Setting("loglevel", LOGGING, List.of("--log-level"), Kind.STRING,
            constant("info"), "info", value -> {
                if (!List.of("debug", "info", "warning", "error", "critical").contains(value)) {
                    throw new IllegalArgumentException("expected debug, info, warning, error or critical");
                }
            }, "The error log's level.");
    public static final Setting ERRORLOG = new Setting("errorlog", LOGGING, List.of("--error-logfile", "--log-file"),
            Kind.STRING, constant("-"), "'-'", any(),
            "The error log file; '-' is stderr. USR1 reopens it, for logrotate without copytruncate.");
    public static final Setting ACCESSLOG = new Setting("accesslog", LOGGING, List.of("--access-logfile"),
            Kind.STRING, constant(""), "None", any(),
            "The access log file; '-' is stdout. No access log unless set.");
    public static final Setting ACCESS_LOG_FORMAT = new Setting("access_log_format", LOGGING,
            List.of("--access-logformat"), Kind.STRING,
            constant("%(h)s %(l)s %(u)s %(t)s \"%(r)s\" %(s)s %(b)s \"%(f)s\" \"%(a)s\""),
            "%(h)s %(l)s %(u)s %(t)s \"%(r)s\" %(s)s %(b)s \"%(f)s\" \"%(a)s\"", any(),
            "The access log line, with gunicorn's atoms: h l u t r s m U q H b B f a T D M L p, {header}i, "
                    + "{header}o, {variable}e.");
    public static final Setting LOG_FORMAT = new Setting("log_format", LOGGING, List.of("--log-format"), Kind.STRING,
            constant("text"), "text", value -> {
                if (!List.of("text", "json").contains(value)) {
                    throw new IllegalArgumentException("expected text or json");
                }
            }, "The error log's line format: text (gunicorn's) or json (one JSON object per line).");
    public static final Setting LOGCONFIG = new Setting("logconfig", LOGGING, List.of("--log-config"), Kind.STRING,
            constant(""), "None", any(),
            "A logback configuration file that replaces junicorn's logging setup, in the master and every worker.");
    public static final Setting SYSLOG = new Setting("syslog", LOGGING, List.of("--log-syslog"), Kind.FLAG,
            constant(false), "False", any(), "Send the error log to syslog as well.");
    public static final Setting SYSLOG_ADDR = new Setting("syslog_addr", LOGGING, List.of("--log-syslog-to"),
            Kind.STRING, constant("udp://localhost:514"), "udp://localhost:514", any(),
            "Where syslog messages go: udp://HOST:PORT or unix:///dev/log style paths.");
    public static final Setting SYSLOG_PREFIX = new Setting("syslog_prefix", LOGGING, List.of("--log-syslog-prefix"),
            Kind.STRING, constant(""), "None", any(), "The program name in syslog lines: junicorn.NAME.");
    public static final Setting SYSLOG_FACILITY = new Setting("syslog_facility", LOGGING,
            List.of("--log-syslog-facility"), Kind.STRING, constant("user"), "user", any(), "The syslog facility.");
    public static final Setting CAPTURE_OUTPUT = new Setting("capture_output", LOGGING, List.of("--capture-output"),
            Kind.FLAG, constant(false), "False", any(),
            "Send the application's stdout and stderr to the error log file.");

    public static final Setting STATSD_HOST = new Setting("statsd_host", METRICS, List.of("--statsd-host"),
            Kind.STRING, constant(""), "None", any(),
            "Send StatsD metrics (gunicorn's names) to HOST[:PORT] over UDP (port 8125 when not given).");
    public static final Setting STATSD_PREFIX = new Setting("statsd_prefix", METRICS, List.of("--statsd-prefix"),
            Kind.STRING, constant("junicorn"), "junicorn", any(), "The prefix of every StatsD metric name.");
    public static final Setting DOGSTATSD_TAGS = new Setting("dogstatsd_tags", METRICS, List.of("--dogstatsd-tags"),
            Kind.STRING, constant(""), "None", any(), "Comma-separated DogStatsD tags added to every metric.");
    public static final Setting METRICS_BIND = new Setting("metrics_bind", METRICS, List.of("--metrics-bind"),
            Kind.STRING, constant(""), "None", any(),
            "Serve Prometheus/OpenMetrics at http://HOST:PORT/metrics from the master, counting every worker.");

    public static final Setting CONTROL_SOCKET = new Setting("control_socket", CONTROL, List.of("--control-socket"),
            Kind.STRING, constant(""), "None", any(),
            "A unix socket (mode 0600) for `junicorn ctl`: status, workers add/remove, reload, reopen, shutdown.");

    public static final Setting HOOKS_CLASS = new Setting("hooks", HOOKS, List.of("--hooks"), Kind.STRING,
            constant(""), "None", any(),
            "A class implementing io.junicorn.hooks.ServerHooks, found on --class-path, whose methods run at "
                    + "gunicorn's hook points (on_starting ... on_exit).");

    public static final List<Setting> ALL = List.of(BIND, BACKLOG, REUSE_PORT, WORKERS_COUNT, WORKER_CLASS,
            WORKER_CONNECTIONS, MAX_REQUESTS, MAX_REQUESTS_JITTER, TIMEOUT, GRACEFUL_TIMEOUT, KEEPALIVE,
            BOOT_TIMEOUT, CLASS_PATH, JVM_OPT, JAVA_HOME, WORKER_HEAP, PIDFILE, PROC_NAME, LOGLEVEL, ERRORLOG,
            ACCESSLOG, ACCESS_LOG_FORMAT, LOG_FORMAT, LOGCONFIG, SYSLOG, SYSLOG_ADDR, SYSLOG_PREFIX, SYSLOG_FACILITY,
            CAPTURE_OUTPUT, STATSD_HOST, STATSD_PREFIX, DOGSTATSD_TAGS, METRICS_BIND, CONTROL_SOCKET, HOOKS_CLASS);

    private Registry() {
    }

    private static Function<Map<String, String>, Object> constant(Object value) {
        return env -> value;
    }

    private static Consumer<Object> any() {
        return value -> { };
    }

    private static Consumer<Object> atLeast(int minimum) {
        return value -> {
            if ((Integer) value < minimum) {
                throw new IllegalArgumentException("must be at least " + minimum);
            }
        };
    }

    private static void checkWorkerClass(Object value) {
        String name = (String) value;
        if (!name.equals("sync") && !name.equals("virtual") && !name.matches("([A-Za-z_$][\\w$]*\\.)+[A-Za-z_$][\\w$]*")) {
            throw new IllegalArgumentException("expected sync, virtual or a fully qualified class name");
        }
    }

    private static void checkHeap(Object value) {
        String heap = (String) value;
        if (!heap.equals("auto") && !heap.matches("[1-9][0-9]{0,6}[kKmMgG]")) {
            throw new IllegalArgumentException("expected auto or a size such as 512m or 2g");
        }
    }
}
