package io.junicorn.boot.v4;

import io.junicorn.boot.BootServerSettings;
import io.junicorn.boot.JunicornWebServers;
import org.springframework.boot.web.error.ErrorPage;
import org.springframework.boot.web.server.AbstractConfigurableWebServerFactory;
import org.springframework.boot.web.server.WebServer;
import org.springframework.boot.web.server.servlet.ConfigurableServletWebServerFactory;
import org.springframework.boot.web.server.servlet.ServletContextInitializers;
import org.springframework.boot.web.server.servlet.ServletWebServerSettings;
import org.springframework.boot.web.server.servlet.Session;
import org.springframework.boot.web.servlet.ServletContextInitializer;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ApplicationContextAware;
import org.springframework.context.EnvironmentAware;
import org.springframework.core.env.Environment;

import java.util.ArrayList;
import java.util.List;

/** Spring Boot 4's ServletWebServerFactory for junicorn: the counterpart of TomcatServletWebServerFactory. */
public class JunicornServletWebServerFactory extends AbstractConfigurableWebServerFactory
        implements ConfigurableServletWebServerFactory, ApplicationContextAware, EnvironmentAware {
    private final ServletWebServerSettings settings = new ServletWebServerSettings();
    private ApplicationContext context;
    private Environment environment;

    @Override
    public ServletWebServerSettings getSettings() {
        return settings;
    }

    @Override
    public void setApplicationContext(ApplicationContext context) {
        this.context = context;
    }

    @Override
    public void setEnvironment(Environment environment) {
        this.environment = environment;
    }

    @Override
    public WebServer getWebServer(ServletContextInitializer... initializers) {
        Session session = settings.getSession();
        List<BootServerSettings.ErrorPage> errorPages = new ArrayList<>();
        for (ErrorPage page : getErrorPages()) {
            errorPages.add(new BootServerSettings.ErrorPage(page.getStatusCode(), page.getExceptionName(), page.getPath()));
        }
        return JunicornWebServers.create(this, new BootServerSettings(getContextPath(), session.getTimeout(),
                session.isPersistent(), errorPages, ServletContextInitializers.from(settings, initializers)),
                context, environment);
    }
}
