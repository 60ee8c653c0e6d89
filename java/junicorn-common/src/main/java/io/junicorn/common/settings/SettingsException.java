package io.junicorn.common.settings;

/** A bad setting: the message names the setting, the value and the expected form, for one error line. */
public final class SettingsException extends RuntimeException {
    public SettingsException(String message) {
        super(message, null, false, false);
    }
}
