# Sourced by the scripts in scripts/: locates a JDK >= 21 and defines the paths they share.
# shellcheck shell=bash

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
DIST=${JUNICORN_DIST:-$ROOT/dist}  # JUNICORN_DIST: build elsewhere, e.g. one tree per parallel checkout

die() {
    echo "junicorn: $*" >&2
    exit 1
}

java_major() {  # JAVA_HOME -> major version from its release file, or nothing
    sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$1/release" 2>/dev/null
}

# The first JDK >= 21 among JUNICORN_JAVA_HOME, JAVA_HOME, the system's JVM folder (newest first) and the
# java on PATH. The machine's default java may be older (17 here), so PATH comes last.
find_jdk() {
    local candidate major
    local candidates=("${JUNICORN_JAVA_HOME:-}" "${JAVA_HOME:-}")
    while IFS= read -r candidate; do
        candidates+=("$candidate")
    done < <(ls -d /usr/lib/jvm/*/ 2>/dev/null | sed 's:/$::' | sort -rV)
    if command -v javac >/dev/null 2>&1; then
        candidates+=("$(dirname "$(dirname "$(readlink -f "$(command -v javac)")")")")
    fi
    for candidate in "${candidates[@]}"; do
        [ -n "$candidate" ] && [ -x "$candidate/bin/javac" ] && [ -f "$candidate/include/jni.h" ] || continue
        major=$(java_major "$candidate")
        if [ -n "$major" ] && [ "$major" -ge 21 ]; then
            echo "$candidate"
            return 0
        fi
    done
    return 1
}

use_jdk() {
    JAVA_HOME=$(find_jdk) || die "no JDK 21 or newer found: install one (e.g. apt-get install openjdk-21-jdk-headless) or set JUNICORN_JAVA_HOME"
    export JAVA_HOME
    export PATH="$JAVA_HOME/bin:$PATH"
    command -v mvn >/dev/null 2>&1 || die "Maven (mvn) is not installed: apt-get install maven"
    command -v gcc >/dev/null 2>&1 || die "gcc is not installed: apt-get install gcc make"
}

mvn_quiet() {
    # Maven 3.8 on JDK 24+ warns about its own use of sun.misc.Unsafe; that noise is not ours.
    mvn -B -q "$@" 2>&1 | grep -v -e '^WARNING: .*sun.misc.Unsafe' -e '^WARNING: Please consider reporting' \
        -e 'terminally deprecated method in sun.misc.Unsafe' -e 'will be removed in a future release'
    return "${PIPESTATUS[0]}"
}
