package io.junicorn.examples.spring;

import jakarta.servlet.Filter;
import jakarta.servlet.MultipartConfigElement;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRegistration;
import org.springframework.web.servlet.support.AbstractAnnotationConfigDispatcherServletInitializer;

/**
 * A Spring MVC application without Spring Boot, as it would be deployed in Tomcat: Spring's
 * SpringServletContainerInitializer finds this WebApplicationInitializer, which registers the
 * DispatcherServlet at "/" and the filters. Run it with
 * {@code junicorn -w 2 --class-path 'dist/examples/spring-mvc/*' io.junicorn.examples.spring.WebInitializer}.
 */
public class WebInitializer extends AbstractAnnotationConfigDispatcherServletInitializer {

    @Override
    public void onStartup(ServletContext servletContext) throws ServletException {
        // junicorn reads no web.xml: error pages are a context init parameter; every error goes to /error
        servletContext.setInitParameter("io.junicorn.servlet.error-pages", "/error");
        super.onStartup(servletContext);
    }

    @Override
    protected Class<?>[] getRootConfigClasses() {
        return null;
    }

    @Override
    protected Class<?>[] getServletConfigClasses() {
        return new Class<?>[] {WebConfig.class};
    }

    @Override
    protected String[] getServletMappings() {
        return new String[] {"/"};
    }

    /** Uploads are parsed by the container (getParts): the DispatcherServlet needs a multipart configuration. */
    @Override
    protected void customizeRegistration(ServletRegistration.Dynamic registration) {
        registration.setMultipartConfig(new MultipartConfigElement("", 1024 * 1024, 2 * 1024 * 1024, 64 * 1024));
    }

    @Override
    protected Filter[] getServletFilters() {
        return new Filter[] {new ServedByFilter()};
    }
}
