# Sourced by scripts/build and scripts/package: records the AOT caches of an installation tree.
# shellcheck shell=bash

# JDK 25's AOT cache (JEP 514) halves a worker's time to ready and trims its memory (research D), and takes about
# a quarter off the master's CPU at start (docs/performance.md, "Start-up and respawn"). One run records both: a master
# with one worker serving the hello example's Training app; each JVM writes its cache when it exits. A cache
# serves only the Java runtime that wrote it: workers check that the master runs on it (WorkerSpawner), the
# launcher that the runtime's release file is the copy kept beside master.aot. So HOME's launcher runs on that
# runtime here. Without the caches junicorn works the same, only slower to start.
train_aot_caches() {  # HOME JAVA_HOME: writes HOME/lib/worker.aot and master.aot with the runtime in JAVA_HOME
    local home=$1 java=$2 major log port master cache="$1/lib/worker.aot" master_cache="$1/lib/master.aot"
    major=$(java_major "$java")
    rm -f "$cache" "$master_cache" "$master_cache.release"
    if [ "$major" -lt 25 ] || ! command -v curl >/dev/null; then
        echo "no AOT caches (needs JDK 25+ and curl); the JVMs use the default CDS archive" >&2
        return 0
    fi
    log=$(mktemp)
    JUNICORN_MASTER_JVM_OPTS="-XX:AOTCacheOutput=$master_cache" \
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
    if [ -s "$master_cache" ]; then
        cp "$java/release" "$master_cache.release"  # the launcher's test that it runs on the recording runtime
    fi
    if [ -s "$cache" ] && [ -s "$master_cache" ]; then
        echo "recorded the AOT caches: worker $(du -h "$cache" | cut -f1), master $(du -h "$master_cache" | cut -f1)" >&2
    else
        echo "warning: an AOT cache was not recorded (worker.aot, master.aot); log:" >&2
        cat "$log" >&2
    fi
    rm -f "$log"
}
