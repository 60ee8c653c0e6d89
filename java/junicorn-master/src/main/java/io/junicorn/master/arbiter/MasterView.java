package io.junicorn.master.arbiter;

import io.junicorn.common.settings.Config;
import io.junicorn.hooks.Master;

/** The master as hooks see it, a snapshot taken for each call. */
record MasterView(long pid, Config settings, int numWorkers) implements Master {
}
