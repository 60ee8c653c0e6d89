# Sourced by scripts/test-packages and scripts/test-image, whose debootstrap'd trees share $CACHE: two runs at
# once (two checkouts, or both scripts in one CI) would each `rm -rf` the other's half-built $BASE.partial. The
# creation holds an exclusive flock on $CACHE/.lock; a run that waited for it then finds the tree made.
# shellcheck shell=bash

CACHE_LOCK_FD=""

lock_cache() {
    mkdir -p "$CACHE"
    exec {CACHE_LOCK_FD}>"$CACHE/.lock"
    # debootstrap takes about a minute; 15 means the holder is stuck, and waiting longer helps nobody.
    flock --timeout 900 "$CACHE_LOCK_FD" || fail "another run has held $CACHE/.lock for 15 minutes"
}

# Closing the descriptor releases the lock; done before anything long-lived (podman's service) could inherit it.
unlock_cache() {
    exec {CACHE_LOCK_FD}>&-
}
