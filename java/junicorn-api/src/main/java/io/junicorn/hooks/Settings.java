package io.junicorn.hooks;

/** The settings in force, as hooks read them: by the names of {@code --print-config} and the config file. */
public interface Settings {
    /**
     * The value of the setting {@code name} ({@code "workers"}, {@code "bind"}, {@code "certfile"}, ...): a
     * {@code String}, {@code Integer}, {@code Double}, {@code Boolean} or {@code List<String>}, as
     * {@code --print-config} shows it; null for a name junicorn has no setting for.
     */
    Object get(String name);
}
