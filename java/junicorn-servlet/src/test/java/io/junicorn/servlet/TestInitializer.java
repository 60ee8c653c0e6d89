package io.junicorn.servlet;

import jakarta.servlet.ServletContainerInitializer;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.HandlesTypes;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.util.Set;

/**
 * A ServletContainerInitializer declared in this module's test META-INF/services, the way Spring's is in
 * spring-web's jar: it registers a servlet for each {@link Marker} class it is handed, and nothing otherwise.
 */
@HandlesTypes(TestInitializer.Marker.class)
public final class TestInitializer implements ServletContainerInitializer {
    /** What an application implements to be found by this initializer (Spring's WebApplicationInitializer). */
    public interface Marker {
        String greeting();
    }

    /** An application class found through the initializer. */
    public static final class Greeter implements Marker {
        @Override
        public String greeting() {
            return "hello from the initializer";
        }
    }

    @Override
    public void onStartup(Set<Class<?>> classes, ServletContext context) throws ServletException {
        for (Class<?> type : classes) {
            context.addListener(context.createListener(ListenerShim.class));
            Marker marker = instantiate(type);
            context.addServlet(type.getName(), new HttpServlet() {
                @Override
                protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
                    response.getWriter().print(marker.greeting());
                }
            }).addMapping("/greet");
        }
    }

    private static Marker instantiate(Class<?> type) throws ServletException {
        try {
            return (Marker) type.getConstructor().newInstance();
        } catch (ReflectiveOperationException e) {
            throw new ServletException(e);
        }
    }

    /** Proves createListener instantiates listener classes for initializers. */
    public static final class ListenerShim implements jakarta.servlet.ServletContextListener {
    }
}
