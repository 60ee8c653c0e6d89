# Sourced by scripts/build and scripts/package: records a worker AOT cache for an installation tree.
# shellcheck shell=bash

# JDK 25's AOT cache (JEP 514) halves a worker's time to ready and trims its memory (research D). It is
# recorded by one worker serving the hello example's Training app and written when that worker exits; workers use it only
# with the Java runtime that wrote it (WorkerSpawner), so HOME's launcher runs on that runtime here.
# Without it junicorn works the same, only slower to boot.
train_worker_aot_cache() {  # HOME JAVA_HOME: writes HOME/lib/worker.aot with the runtime in JAVA_HOME
    local home=$1 java=$2 major log port master cache="$1/lib/worker.aot"
    major=$(java_major "$java")
    if [ "$major" -lt 25 ] || ! command -v curl >/dev/null; then
        echo "no worker AOT cache (needs JDK 25+ and curl); workers use the default CDS archive" >&2
        return 0
    fi
    log=$(mktemp)
    "$home/bin/junicorn" --java-home "$java" -w 1 -k virtual -b 127.0.0.1:0 \
        --jvm-opt=-XX:AOTCacheOutput="$cache" --class-path "$home/examples/hello.jar" io.junicorn.examples.Training \
        >"$log" 2>&1 &
    master=$!
    for _ in $(seq 1 300); do
        port=$(sed -n 's/.*Listening at: http:\/\/127.0.0.1:\([0-9]*\) .*/\1/p' "$log")
        [ -n "$port" ] && curl -s -o /dev/null "http://127.0.0.1:$port/" && break
        sleep 0.05
    done
    if [ -n "$port" ]; then
        for _ in $(seq 1 100); do
            curl -s "http://127.0.0.1:$port/plain" "http://127.0.0.1:$port/chunked" >/dev/null || break
            curl -s -d 'training body' "http://127.0.0.1:$port/echo" >/dev/null || break
        done
    fi
    kill -TERM "$master"
    wait "$master" || true
    if [ -s "$cache" ]; then
        echo "recorded the worker AOT cache $(du -h "$cache" | cut -f1)" >&2
    else
        echo "warning: no worker AOT cache recorded; log:" >&2
        cat "$log" >&2
    fi
    rm -f "$log"
}
