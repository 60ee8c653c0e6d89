package io.junicorn.common.hooks;

import io.junicorn.hooks.Worker;

/** A worker as hooks see it, built by the master from its worker table and by a worker from its spawn settings. */
public record WorkerView(long pid, long age, int generation) implements Worker {
}
