package io.junicorn.examples.boot;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.servlet.support.SpringBootServletInitializer;

/**
 * A Spring Boot application deployed the traditional way: a SpringBootServletInitializer, which a Servlet
 * container starts through Spring's ServletContainerInitializer, as Tomcat does with a war. Nothing in it
 * names junicorn:
 *
 * <pre>
 * dist/bin/junicorn -w 2 -k virtual --class-path 'dist/examples/spring-boot-app/*' io.junicorn.examples.boot.Application
 * </pre>
 *
 * Boot configures its own Logback (its format, on stdout); junicorn's lines keep theirs on stderr.
 */
@SpringBootApplication
public class Application extends SpringBootServletInitializer {

    @Override
    protected SpringApplicationBuilder configure(SpringApplicationBuilder builder) {
        return builder.sources(Application.class);
    }

    /** Boot's own way, with the embedded Tomcat on the class path; junicorn never calls it. */
    public static void main(String[] args) {
        SpringApplication.run(Application.class, args);
    }
}
