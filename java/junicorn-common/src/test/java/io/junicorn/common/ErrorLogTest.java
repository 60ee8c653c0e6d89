package io.junicorn.common;

import io.junicorn.common.settings.Config;
import io.junicorn.common.settings.SettingsException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Logging settings applied in-process: a logback file, and the previous setup kept when one is broken. */
class ErrorLogTest {
    @TempDir
    Path dir;

    @AfterEach
    void backToDefaults() {
        ErrorLog.configure(Config.decode("", "app"));
    }

    @Test
    void logConfigFileReplacesTheSetupAndBrokenOneKeepsThePrevious() throws Exception {
        Path errorLog = dir.resolve("error.log");
        ErrorLog.configure(Config.decode("errorlog=" + errorLog + "\n", "app"));
        Path custom = dir.resolve("custom.log");
        Path good = dir.resolve("good.xml");
        Files.writeString(good, "<configuration><appender name='f' class='ch.qos.logback.core.FileAppender'><file>"
                + custom + "</file><encoder><pattern>custom ${pid} %msg%n</pattern></encoder></appender>"
                + "<root level='INFO'><appender-ref ref='f'/></root></configuration>");
        ErrorLog.configure(Config.decode("logconfig=" + good + "\n", "app"));
        LoggerFactory.getLogger(ErrorLogTest.class).info("through the logback file");
        assertTrue(Files.readString(custom).contains("custom " + ProcessHandle.current().pid() + " through the logback file"));

        ErrorLog.configure(Config.decode("errorlog=" + errorLog + "\n", "app"));
        Path broken = dir.resolve("broken.xml");
        Files.writeString(broken, "<configuration><appender name='x' class='no.such.Appender'/>"
                + "<root><appender-ref ref='x'/></root></configuration>");
        SettingsException refused = assertThrows(SettingsException.class,
                () -> ErrorLog.configure(Config.decode("logconfig=" + broken + "\n", "app")));
        assertTrue(refused.getMessage().startsWith("logconfig = " + broken + ": "), refused.getMessage());
        LoggerFactory.getLogger(ErrorLogTest.class).info("still in the error log");
        assertTrue(Files.readString(errorLog).contains("] [INFO] still in the error log"));
        assertFalse(Files.readString(custom).contains("still in the error log"));
    }

    @Test
    void unopenableFileIsRefusedBeforeAnythingChanges() {
        SettingsException refused = assertThrows(SettingsException.class,
                () -> ErrorLog.configure(Config.decode("accesslog=" + dir.resolve("no/such/dir/a.log") + "\n", "app")));
        assertTrue(refused.getMessage().endsWith(": cannot open for appending: no such directory"), refused.getMessage());
        assertThrows(SettingsException.class,
                () -> ErrorLog.configure(Config.decode("syslog=true\nsyslog_addr=tcp://localhost:514\n", "app")));
    }
}
