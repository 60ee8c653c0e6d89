package io.junicorn.master.settings;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.javaprop.JavaPropsMapper;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.junicorn.common.settings.Kind;
import io.junicorn.common.settings.Registry;
import io.junicorn.common.settings.Setting;
import io.junicorn.common.settings.SettingsException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A config file: TOML, YAML, JSON or Java properties by extension, whose keys are the settings' names
 * (gunicorn's: {@code workers = 4}, {@code bind = ["127.0.0.1:8000"]}). Values may be the format's own
 * numbers, booleans and lists, or text; either way they pass the same checks as on the command line.
 */
final class ConfigFile {
    private ConfigFile() {
    }

    /**
     * The settings the file sets, by name (the application under "app"). {@code shown} is how messages name
     * the file: as the operator wrote it.
     */
    static Map<String, Object> read(Path path, String shown) {
        ObjectMapper mapper = mapperFor(shown);
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(path);
        } catch (NoSuchFileException e) {
            throw new SettingsException("config file " + shown + " does not exist");
        } catch (IOException e) {
            throw new SettingsException("cannot read config file " + shown + ": " + e);
        }
        JsonNode root;
        try {
            root = mapper.readTree(bytes);
        } catch (JsonProcessingException e) {
            throw new SettingsException("config file " + shown + " does not parse: " + oneLine(e));
        } catch (IOException e) {
            throw new SettingsException("cannot read config file " + shown + ": " + e);
        }
        if (root == null || root.isMissingNode() || root.isNull()) {
            return Map.of();
        }
        if (!root.isObject()) {
            throw new SettingsException("config file " + shown + " must hold name = value settings, not a "
                    + describe(root));
        }
        Map<String, Object> values = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> entry : root.properties()) {
            Setting setting = known(entry.getKey(), shown);
            values.put(setting.name(), value(setting, entry.getValue(), "in " + shown));
        }
        return values;
    }

    private static ObjectMapper mapperFor(String shown) {
        String name = shown.toLowerCase(Locale.ROOT);
        if (name.endsWith(".toml")) {
            return TomlMapper.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();
        }
        if (name.endsWith(".yaml") || name.endsWith(".yml")) {
            return YAMLMapper.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();
        }
        if (name.endsWith(".json")) {
            return JsonMapper.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();
        }
        if (name.endsWith(".properties")) {
            return JavaPropsMapper.builder().build();
        }
        throw new SettingsException("config file " + shown + " has no known extension: use .toml, .yaml, .yml, "
                + ".json or .properties");
    }

    private static Setting known(String key, String shown) {
        Setting setting = Registry.named(key).orElseThrow(() -> unknown(key, shown));
        if (setting == Registry.CONFIG) {
            throw new SettingsException("config in " + shown + ": a config file cannot name another; use -c");
        }
        return setting;
    }

    private static SettingsException unknown(String key, String shown) {
        String message = "unknown setting '" + key + "' in " + shown;
        String reason = AbsentGunicornSettings.reason(key).orElse(null);
        if (reason != null) {
            return new SettingsException(message + ": gunicorn's " + key + " is not junicorn's. " + reason);
        }
        List<String> names = Registry.ALL.stream().map(Setting::name).toList();
        return new SettingsException(message + ClosestName.of(key, names).map(name -> "; did you mean '" + name
                + "'?").orElse("; see junicorn --help or docs/settings.md"));
    }

    /** A list accepts a list or a single string; any other setting one value of the format's own types. */
    private static Object value(Setting setting, JsonNode node, String where) {
        if (setting.kind() == Kind.LIST && node.isArray()) {
            Object joined = List.of();
            for (JsonNode entry : node) {
                joined = Kind.LIST.combine(joined, setting.parse(text(setting, entry, where), where));
            }
            return joined;
        }
        return setting.parse(text(setting, node, where), where);
    }

    private static String text(Setting setting, JsonNode node, String where) {
        if (!node.isValueNode() || node.isNull()) {
            throw new SettingsException(setting.name() + " " + where + ": expected "
                    + (setting.kind() == Kind.LIST ? "a string or a list of strings" : "a single value")
                    + ", got " + describe(node));
        }
        return node.asText();
    }

    private static String describe(JsonNode node) {
        if (node.isArray()) {
            return "a list";
        }
        if (node.isObject()) {
            return "a table";
        }
        return node.isNull() ? "no value" : "'" + node.asText() + "'";
    }

    /**
     * The parser's message on one line. SnakeYAML's spans several, its statements unindented and each
     * followed by an indented quote of the source; the statements are kept, the quotes dropped.
     */
    private static String oneLine(JsonProcessingException e) {
        JsonLocation where = e.getLocation();
        String message = e.getOriginalMessage().lines().filter(line -> !line.isBlank() && !line.startsWith(" "))
                .collect(java.util.stream.Collectors.joining(": "));
        return where == null || where.getLineNr() < 1 ? message
                : "line " + where.getLineNr() + ", column " + where.getColumnNr() + ": " + message;
    }
}
