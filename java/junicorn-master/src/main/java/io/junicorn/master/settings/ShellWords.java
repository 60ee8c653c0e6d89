package io.junicorn.master.settings;

import io.junicorn.common.settings.SettingsException;
import java.util.ArrayList;
import java.util.List;

/** Splits JUNICORN_CMD_ARGS into words as a POSIX shell would (quotes and backslashes, no expansion). */
final class ShellWords {
    private ShellWords() {
    }

    static List<String> split(String text) {
        List<String> words = new ArrayList<>();
        StringBuilder word = null;
        char quote = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                } else if (c == '\\' && quote == '"' && i + 1 < text.length()) {
                    word.append(text.charAt(++i));
                } else {
                    word.append(c);
                }
            } else if (c == ' ' || c == '\t' || c == '\n') {
                if (word != null) {
                    words.add(word.toString());
                    word = null;
                }
            } else {
                if (word == null) {
                    word = new StringBuilder();
                }
                if (c == '\'' || c == '"') {
                    quote = c;
                } else if (c == '\\' && i + 1 < text.length()) {
                    word.append(text.charAt(++i));
                } else {
                    word.append(c);
                }
            }
        }
        if (quote != 0) {
            throw new SettingsException("JUNICORN_CMD_ARGS has an unterminated " + quote + " quote");
        }
        if (word != null) {
            words.add(word.toString());
        }
        return words;
    }
}
