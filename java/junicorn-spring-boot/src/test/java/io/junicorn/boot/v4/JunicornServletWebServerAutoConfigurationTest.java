package io.junicorn.boot.v4;

import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.tomcat.autoconfigure.servlet.TomcatServletWebServerAutoConfiguration;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.servlet.ServletWebServerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/** The Boot 4 auto-configuration: junicorn's factory for a servlet application, before Tomcat's, Boot's customizers on it. */
class JunicornServletWebServerAutoConfigurationTest {
    private final WebApplicationContextRunner runner = new WebApplicationContextRunner().withConfiguration(
            AutoConfigurations.of(JunicornServletWebServerAutoConfiguration.class));

    @Test
    void aServletApplicationGetsJunicornsFactoryWithBootsServerProperties() {
        runner.withPropertyValues("server.servlet.context-path=/shop", "server.compression.enabled=true")
                .run(context -> {
                    assertThat(context).hasSingleBean(ServletWebServerFactory.class);
                    JunicornServletWebServerFactory factory = context.getBean(JunicornServletWebServerFactory.class);
                    assertThat(factory.getContextPath()).isEqualTo("/shop");
                    assertThat(factory.getCompression().getEnabled()).isTrue();
                });
    }

    @Test
    void junicornComesBeforeTomcatWhenBothAreThere() {
        runner.withConfiguration(AutoConfigurations.of(TomcatServletWebServerAutoConfiguration.class))
                .run(context -> {
                    assertThat(context).hasSingleBean(ServletWebServerFactory.class);
                    assertThat(context).hasSingleBean(JunicornServletWebServerFactory.class);
                    assertThat(context).doesNotHaveBean(TomcatServletWebServerFactory.class);
                });
    }

    @Configuration(proxyBeanMethods = false)
    static class OwnFactory {
        @Bean
        TomcatServletWebServerFactory ownFactory() {
            return new TomcatServletWebServerFactory();
        }
    }

    @Test
    void anApplicationsOwnFactoryIsKept() {
        runner.withUserConfiguration(OwnFactory.class).run(context -> {
            assertThat(context).hasSingleBean(ServletWebServerFactory.class);
            assertThat(context).doesNotHaveBean(JunicornServletWebServerFactory.class);
        });
    }

    @Test
    void notForAnApplicationThatIsNoServletWebApplication() {
        new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(JunicornServletWebServerAutoConfiguration.class))
                .run(context -> assertThat(context).doesNotHaveBean(ServletWebServerFactory.class));
    }
}
