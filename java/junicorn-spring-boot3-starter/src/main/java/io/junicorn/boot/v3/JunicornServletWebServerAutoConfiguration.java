package io.junicorn.boot.v3;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.condition.SearchStrategy;
import org.springframework.boot.web.servlet.server.ServletWebServerFactory;
import org.springframework.context.annotation.Bean;

/**
 * junicorn as the servlet web server on Spring Boot 3. Boot 3's ServletWebServerFactoryAutoConfiguration applies the
 * server.* customizers to any servlet factory and makes Tomcat, Jetty or Undertow only when no factory is defined,
 * so this runs before it; an application that declares its own ServletWebServerFactory keeps it.
 */
@AutoConfiguration(beforeName = "org.springframework.boot.autoconfigure.web.servlet.ServletWebServerFactoryAutoConfiguration")
@ConditionalOnClass(name = "org.springframework.boot.web.servlet.server.ServletWebServerFactory")
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
public class JunicornServletWebServerAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean(value = ServletWebServerFactory.class, search = SearchStrategy.CURRENT)
    JunicornServletWebServerFactory junicornServletWebServerFactory() {
        return new JunicornServletWebServerFactory();
    }
}
