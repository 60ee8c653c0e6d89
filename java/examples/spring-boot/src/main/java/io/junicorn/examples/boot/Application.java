package io.junicorn.examples.boot;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.servlet.support.SpringBootServletInitializer;

/**
 * A Spring Boot application with junicorn-spring-boot-starter in place of spring-boot-starter-tomcat, deployable in
 * the three ways its README shows: the executable jar ({@code junicorn spring-boot.jar}, or {@code java -jar
 * spring-boot.jar} without junicorn), this class by name with its libraries on --class-path (traditional
 * deployment: a SpringBootServletInitializer), and the war. Nothing in it names junicorn.
 */
@SpringBootApplication
public class Application extends SpringBootServletInitializer {

    @Override
    protected SpringApplicationBuilder configure(SpringApplicationBuilder builder) {
        return builder.sources(Application.class);
    }

    public static void main(String[] args) {
        SpringApplication.run(Application.class, args);
    }
}
