package io.junicorn.boot;

import io.junicorn.app.ServletServer;
import jakarta.servlet.ServletContext;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.boot.web.server.AbstractConfigurableWebServerFactory;
import org.springframework.boot.web.server.Compression;
import org.springframework.boot.web.server.Shutdown;
import org.springframework.boot.web.server.Ssl;
import org.springframework.boot.web.server.WebServer;
import org.springframework.boot.web.server.WebServerException;
import org.springframework.boot.web.servlet.ServletContextInitializer;
import org.springframework.context.ApplicationContext;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.EnumerablePropertySource;
import org.springframework.core.env.Environment;
import org.springframework.core.env.PropertySource;
import org.springframework.util.unit.DataSize;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * What both Boot lines' factories do to build a {@link JunicornWebServer}: Boot's server properties turned into
 * junicorn's, each property junicorn cannot honour named in one WARN line, and the application deployed through
 * {@link ServletServer}.
 */
public final class JunicornWebServers {
    private static final Log log = LogFactory.getLog(JunicornWebServers.class);
    /** Read where Boot's own servers read it (their customizers); Boot's default. */
    private static final String MAX_HEADER_SIZE = "server.max-http-request-header-size";
    private static final DataSize DEFAULT_MAX_HEADER_SIZE = DataSize.ofKilobytes(8);
    /** The container-specific property trees of the servers junicorn replaces. */
    private static final List<String> OTHER_SERVERS = List.of("server.tomcat.", "server.jetty.", "server.undertow.");

    private JunicornWebServers() {
    }

    /**
     * @param context     the application's context, told REFUSING_TRAFFIC when a worker begins its graceful stop;
     *                    null when the factory has none
     * @param environment where server.max-http-request-header-size and other servers' properties are read; null
     *                    when the factory has none
     */
    public static WebServer create(AbstractConfigurableWebServerFactory factory, BootServerSettings settings,
                                   ApplicationContext context, Environment environment) {
        ServletServer server = ServletServer.find();
        boolean inWorker = server.inWorker();
        DataSize maxHeaderSize = maxHeaderSize(environment);
        reportUnhonoured(factory, settings, environment, inWorker, maxHeaderSize);
        if (inWorker) {
            log.info("server.port=" + factory.getPort() + (factory.getAddress() == null ? "" : " and server.address="
                    + factory.getAddress().getHostAddress()) + " do not apply in a junicorn worker: it serves on"
                    + " junicorn's listeners (--bind)");
        }
        ServletServer.Settings served = new ServletServer.Settings(settings.contextPath(), address(factory),
                compression(factory.getCompression()), (int) Math.min(Integer.MAX_VALUE, maxHeaderSize.toBytes()));
        ServletServer.Deployment deployment;
        try {
            deployment = server.deploy(served, (classes, servletContext) -> configure(servletContext, settings));
        } catch (jakarta.servlet.ServletException e) {
            throw new WebServerException("Unable to start embedded junicorn: " + e.getMessage(), e);
        }
        if (context != null) {
            deployment.onGracefulStop(() -> AvailabilityChangeEvent.publish(context, ReadinessState.REFUSING_TRAFFIC));
        }
        return new JunicornWebServer(deployment, factory.getShutdown() == Shutdown.GRACEFUL, inWorker,
                settings.contextPath());
    }

    /** What Tomcat's factory sets on its context besides running the initializers. */
    private static void configure(ServletContext servletContext, BootServerSettings settings)
            throws jakarta.servlet.ServletException {
        servletContext.setSessionTimeout(sessionTimeoutMinutes(settings.sessionTimeout()));
        if (!settings.errorPages().isEmpty()) {
            servletContext.setInitParameter("io.junicorn.servlet.error-pages", settings.errorPages().stream()
                    .map(BootServerSettings.ErrorPage::entry).collect(Collectors.joining(", ")));
        }
        for (ServletContextInitializer initializer : settings.initializers()) {
            initializer.onStartup(servletContext);
        }
    }

    /** As Tomcat's factory rounds it: whole minutes, at least one; none or zero: sessions never expire. */
    static int sessionTimeoutMinutes(Duration timeout) {
        if (timeout == null) {
            return 30;
        }
        if (timeout.isZero() || timeout.isNegative()) {
            return 0;
        }
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, timeout.toMinutes()));
    }

    /** Where the standalone server listens: server.address (null: every interface) and server.port; -1: nowhere. */
    private static InetSocketAddress address(AbstractConfigurableWebServerFactory factory) {
        if (factory.getPort() < 0) {
            return null;
        }
        return factory.getAddress() == null ? new InetSocketAddress(factory.getPort())
                : new InetSocketAddress(factory.getAddress(), factory.getPort());
    }

    private static ServletServer.Compression compression(Compression compression) {
        if (compression == null || !compression.getEnabled()) {
            return null;
        }
        return new ServletServer.Compression(Arrays.asList(compression.getMimeTypes()),
                (int) Math.min(Integer.MAX_VALUE, compression.getMinResponseSize().toBytes()));
    }

    private static DataSize maxHeaderSize(Environment environment) {
        String value = environment == null ? null : environment.getProperty(MAX_HEADER_SIZE);
        return value == null ? DEFAULT_MAX_HEADER_SIZE : DataSize.parse(value);
    }

    /** One WARN line per property that would change what Tomcat does and does not change what junicorn does. */
    private static void reportUnhonoured(AbstractConfigurableWebServerFactory factory, BootServerSettings settings,
                                         Environment environment, boolean inWorker, DataSize maxHeaderSize) {
        if (Ssl.isEnabled(factory.getSsl())) {
            warn("server.ssl", "junicorn serves TLS on its listeners: give junicorn --certfile and --keyfile");
        }
        if (factory.getHttp2() != null && factory.getHttp2().isEnabled()) {
            warn("server.http2.enabled", "junicorn's Servlet container serves HTTP/1.1");
        }
        if (factory.getServerHeader() != null) {
            warn("server.server-header", "junicorn sends its own Server field");
        }
        Compression compression = factory.getCompression();
        if (compression != null && compression.getEnabled() && compression.getExcludedUserAgents() != null
                && compression.getExcludedUserAgents().length > 0) {
            warn("server.compression.excluded-user-agents", "junicorn compresses for every client that accepts gzip");
        }
        if (settings.sessionPersistent()) {
            warn("server.servlet.session.persistent", "junicorn's sessions live in the worker's memory and end with it");
        }
        if (inWorker && !maxHeaderSize.equals(DEFAULT_MAX_HEADER_SIZE)) {
            warn(MAX_HEADER_SIZE, "in a junicorn worker --limit-request-line, --limit-request-fields and"
                    + " --limit-request-field_size apply");
        }
        for (String property : otherServersProperties(environment)) {
            warn(property, "it configures another server than junicorn");
        }
    }

    private static void warn(String property, String why) {
        log.warn(property + " is not honoured: " + why + " (docs/spring-boot.md)");
    }

    private static Set<String> otherServersProperties(Environment environment) {
        Set<String> names = new TreeSet<>();
        if (environment instanceof ConfigurableEnvironment configurable) {
            for (PropertySource<?> source : configurable.getPropertySources()) {
                if (source instanceof EnumerablePropertySource<?> enumerable) {
                    for (String name : enumerable.getPropertyNames()) {
                        if (OTHER_SERVERS.stream().anyMatch(name::startsWith)) {
                            names.add(name);
                        }
                    }
                }
            }
        }
        return names;
    }
}
