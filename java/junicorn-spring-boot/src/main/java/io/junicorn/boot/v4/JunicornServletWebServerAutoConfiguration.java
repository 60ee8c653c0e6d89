package io.junicorn.boot.v4;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.condition.SearchStrategy;
import org.springframework.boot.web.server.autoconfigure.servlet.ServletWebServerConfiguration;
import org.springframework.boot.web.server.servlet.ServletWebServerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

/**
 * junicorn as the servlet web server on Spring Boot 4, as TomcatServletWebServerAutoConfiguration makes Tomcat it:
 * Boot's server customizers (server.* properties, error pages) apply to {@link JunicornServletWebServerFactory}.
 * Ordered before Tomcat's and Jetty's, so that an application that still has one of them gets junicorn; one that
 * declares its own ServletWebServerFactory keeps it.
 */
@AutoConfiguration(beforeName = {
        "org.springframework.boot.tomcat.autoconfigure.servlet.TomcatServletWebServerAutoConfiguration",
        "org.springframework.boot.jetty.autoconfigure.servlet.JettyServletWebServerAutoConfiguration"})
@ConditionalOnClass(name = "org.springframework.boot.web.server.servlet.ServletWebServerFactory")
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@Import(ServletWebServerConfiguration.class)
public class JunicornServletWebServerAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean(value = ServletWebServerFactory.class, search = SearchStrategy.CURRENT)
    JunicornServletWebServerFactory junicornServletWebServerFactory() {
        return new JunicornServletWebServerFactory();
    }
}
