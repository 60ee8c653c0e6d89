package io.junicorn.master.os;

/**
 * Who a spawned process runs as. Null user or group, umask -1, a null directory and a nice increment of 0 keep the
 * master's; a user without a group takes the user's primary group.
 */
public record Credentials(String user, String group, boolean initgroups, int umask, String directory,
                          int niceIncrement) {
    public static final Credentials UNCHANGED = new Credentials(null, null, false, -1, null, 0);

    public boolean changesIds() {
        return user != null || group != null;
    }
}
