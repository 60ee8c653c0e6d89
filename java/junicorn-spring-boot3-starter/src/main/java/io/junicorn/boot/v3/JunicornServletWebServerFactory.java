package io.junicorn.boot.v3;

import io.junicorn.boot.BootServerSettings;
import io.junicorn.boot.JunicornWebServers;
import org.springframework.boot.web.server.ErrorPage;
import org.springframework.boot.web.server.WebServer;
import org.springframework.boot.web.servlet.ServletContextInitializer;
import org.springframework.boot.web.servlet.server.AbstractServletWebServerFactory;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ApplicationContextAware;
import org.springframework.context.EnvironmentAware;
import org.springframework.core.env.Environment;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Spring Boot 3's ServletWebServerFactory for junicorn: the counterpart of TomcatServletWebServerFactory. */
public class JunicornServletWebServerFactory extends AbstractServletWebServerFactory
        implements ApplicationContextAware, EnvironmentAware {
    private ApplicationContext context;
    private Environment environment;

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
        List<BootServerSettings.ErrorPage> errorPages = new ArrayList<>();
        for (ErrorPage page : getErrorPages()) {
            errorPages.add(new BootServerSettings.ErrorPage(page.getStatusCode(), page.getExceptionName(), page.getPath()));
        }
        return JunicornWebServers.create(this, new BootServerSettings(getContextPath(), getSession().getTimeout(),
                getSession().isPersistent(), errorPages, Arrays.asList(mergeInitializers(initializers))),
                context, environment);
    }
}
