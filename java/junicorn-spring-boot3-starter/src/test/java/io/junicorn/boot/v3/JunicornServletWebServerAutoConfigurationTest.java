package io.junicorn.boot.v3;

import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.web.servlet.ServletWebServerFactoryAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.web.servlet.server.ServletWebServerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Boot 3 auto-configuration: junicorn's factory for a servlet application, before Boot's
 * ServletWebServerFactoryAutoConfiguration, whose server.* customizers then apply to it.
 */
class JunicornServletWebServerAutoConfigurationTest {
    private final WebApplicationContextRunner runner = new WebApplicationContextRunner().withConfiguration(
            AutoConfigurations.of(ServletWebServerFactoryAutoConfiguration.class, JunicornServletWebServerAutoConfiguration.class));

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

    @Configuration(proxyBeanMethods = false)
    static class OwnFactory {
        @Bean
        ServletWebServerFactory ownFactory() {
            return initializers -> {
                throw new UnsupportedOperationException("never started in this test");
            };
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
