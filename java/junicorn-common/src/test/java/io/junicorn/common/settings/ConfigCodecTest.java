package io.junicorn.common.settings;

import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** A worker rebuilds exactly the master's settings from its environment. */
class ConfigCodecTest {

    @Test
    void encodeThenDecodeGivesTheSameSettings() {
        Map<String, Object> values = new LinkedHashMap<>();
        for (Setting setting : Registry.ALL) {
            values.put(setting.name(), setting.defaultValue(Map.of()));
        }
        values.put(Registry.BIND.name(), List.of("127.0.0.1:1", "unix:/tmp/a\\b\nc"));
        values.put(Registry.TIMEOUT.name(), 0.25);
        values.put(Registry.JVM_OPT.name(), List.of("-Dx=a=b", "-Dy= spaced "));
        values.put(Registry.REUSE_PORT.name(), true);
        values.put(Registry.WORKERS_COUNT.name(), 7);
        Config config = new Config(values, "app.Main");
        Config decoded = Config.decode(config.encode() + "spawn.other=ignored\n", "app.Main");
        for (Setting setting : Registry.ALL) {
            assertEquals(config.get(setting), decoded.get(setting), setting.name());
        }
        assertEquals("app.Main", decoded.app());
    }
}
