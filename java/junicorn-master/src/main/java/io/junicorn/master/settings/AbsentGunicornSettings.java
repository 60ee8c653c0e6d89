package io.junicorn.master.settings;

import java.util.List;
import java.util.Optional;

/**
 * gunicorn's settings that junicorn does not have, each with the reason: a later part of the project brings
 * it, or it cannot apply to a JVM server. Registering them as settings that silently do nothing would
 * mislead operators; instead docs/settings.md lists them and a config file naming one is told why.
 */
final class AbsentGunicornSettings {
    record Entry(List<String> names, String reason) {
    }

    private static final String HOOKS = "The class named by hooks implements io.junicorn.hooks.ServerHooks, one "
            + "method per gunicorn hook.";

    static final List<Entry> ALL = List.of(
            new Entry(List.of("wsgi_app"), "Called app here: the application is a Java class, not a WSGI callable."),
            new Entry(List.of("asgi_loop", "asgi_lifespan", "asgi_disconnect_grace_period", "root_path"),
                    "Python's ASGI; the application API here is com.sun.net.httpserver."),
            new Entry(List.of("http_parser"), "There is one parser, junicorn's own strict RFC 9112 codec."),
            new Entry(List.of("reload_engine"), "There is one engine: inotify (Java's WatchService on Linux); "
                    + "reload and reload_extra_files are here."),
            new Entry(List.of("spew"), "A Python line tracer; on the JVM use JFR or an agent through jvm_opt."),
            new Entry(List.of("check_config", "print_config"), "Command-line actions here (--check-config, "
                    + "--print-config), not settings."),
            new Entry(List.of("preload_app"), "A JVM cannot fork once it runs, so every worker is its own JVM and "
                    + "loads the application itself; the worker AOT cache (JDK 25+) shortens the boot instead."),
            new Entry(List.of("sendfile"), "The handler API writes to an OutputStream; there is no file response "
                    + "to hand to sendfile()."),
            new Entry(List.of("enable_stdio_inheritance"), "A daemon's output always goes to the errorlog file "
                    + "(or /dev/null when it is '-'), so that a JVM's own writes to fds 1 and 2 are kept with the log."),
            new Entry(List.of("worker_tmp_dir"), "Heartbeats live in one shared-memory region (a memfd), not in "
                    + "temporary files, so there is no directory to choose."),
            new Entry(List.of("tmp_upload_dir"), "Request bodies stream to the application; junicorn writes no "
                    + "temporary files."),
            new Entry(List.of("forwarder_headers"), "It lets WSGI's SCRIPT_NAME and PATH_INFO headers through from "
                    + "trusted proxies; a Java exchange has no script name, and header_map decides about names "
                    + "with underscores."),
            new Entry(List.of("pythonpath"), "Python's import path; class_path is junicorn's."),
            new Entry(List.of("paste", "raw_paste_global_conf"), "PasteDeploy is Python's."),
            new Entry(List.of("protocol", "uwsgi_allow_ips"), "junicorn speaks HTTP/1.1; the uWSGI binary protocol "
                    + "is not planned."),
            new Entry(List.of("disable_redirect_access_to_syslog"), "syslog carries the error log only, so there "
                    + "is no access-log redirect to disable."),
            new Entry(List.of("logger_class", "logconfig_dict", "logconfig_json"), "Python logging; logconfig "
                    + "takes a Logback configuration file, and log_format = json gives structured lines."),
            new Entry(List.of("default_proc_name"), "Internal to gunicorn; proc_name defaults to the application."),
            new Entry(List.of("on_starting", "on_reload", "when_ready", "pre_fork", "post_fork", "post_worker_init",
                    "worker_int", "worker_abort", "pre_exec", "pre_request", "post_request", "child_exit",
                    "worker_exit", "nworkers_changed", "on_exit"), HOOKS),
            new Entry(List.of("ssl_version"), "Deprecated in gunicorn; tls_protocols names the TLS versions to "
                    + "accept (TLSv1.3, TLSv1.2; older ones are disabled in the JDK)."),
            new Entry(List.of("suppress_ragged_eofs"), "A client that closes without close_notify ends its "
                    + "connection as an end of stream, always: HTTP/1.1 framing (Content-Length, chunked) tells a "
                    + "truncated request apart, which is what the Python option was for."),
            new Entry(List.of("do_handshake_on_connect"), "Java's SSLEngine hands the handshake to the connection's "
                    + "first read, which the header timeout bounds; there is no socket wrapping to do it earlier."),
            new Entry(List.of("ssl_context"), HOOKS),
            new Entry(List.of("http2_cleartext"), "h2c follows http_protocols: with h2 in it, plain listeners "
                    + "serve h2c by prior knowledge and by Upgrade beside HTTP/1.1 (the preface tells them apart)."),
            new Entry(List.of("dirty_apps", "dirty_workers", "dirty_timeout", "dirty_threads",
                    "dirty_graceful_timeout", "on_dirty_starting", "dirty_post_fork", "dirty_worker_init",
                    "dirty_worker_exit"), "gunicorn's side pool for long tasks; not planned: run such work in the "
                    + "application's own executor or in a separate junicorn."),
            new Entry(List.of("control_socket_disable"), "The control socket is off unless control_socket names "
                    + "one, so there is nothing to disable."));

    private AbsentGunicornSettings() {
    }

    static Optional<String> reason(String name) {
        return ALL.stream().filter(entry -> entry.names().contains(name)).map(Entry::reason).findFirst();
    }
}
