package io.junicorn.servlet;

import jakarta.servlet.ServletContainerInitializer;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.HandlesTypes;

import java.lang.annotation.Annotation;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.Set;

/**
 * The ServletContainerInitializers the class path declares (META-INF/services, as Tomcat finds them in a
 * webapp's jars) and the classes each is handed.
 *
 * <p>Tomcat scans every class of the webapp for the types an initializer names in @HandlesTypes. junicorn does
 * not scan the class path (Spring alone is thousands of classes, loaded into every worker at each boot): the
 * application class APP names is the set. So {@code junicorn com.example.WebInitializer} hands Spring's
 * initializer exactly {WebInitializer}; an initializer whose @HandlesTypes does not select APP gets an empty
 * set, which for Spring and Jersey means "nothing of mine to start".
 */
final class ContainerInitializers {
    private ContainerInitializers() {
    }

    /** The initializers found by ServiceLoader through the application's class loader, in class path order. */
    static List<ServletContainerInitializer> discover(ClassLoader loader) throws ServletException {
        List<ServletContainerInitializer> found = new ArrayList<>();
        try {
            for (ServletContainerInitializer initializer : ServiceLoader.load(ServletContainerInitializer.class, loader)) {
                found.add(initializer);
            }
        } catch (ServiceConfigurationError e) {
            throw new ServletException("a ServletContainerInitializer on the class path cannot be loaded: "
                    + e.getMessage(), e);
        }
        return found;
    }

    /** Whether {@code type} is one of the classes {@code initializer}'s @HandlesTypes selects. */
    static boolean handles(Class<?> initializer, Class<?> type) {
        HandlesTypes handles = initializer.getAnnotation(HandlesTypes.class);
        if (handles == null) {
            return false;
        }
        for (Class<?> wanted : handles.value()) {
            if (wanted == type) {
                continue; // the type itself is not "a class that extends, implements or is annotated with" it
            }
            if (wanted.isAnnotation()) {
                if (annotated(type, wanted.asSubclass(Annotation.class))) {
                    return true;
                }
            } else if (wanted.isAssignableFrom(type)) {
                return true;
            }
        }
        return false;
    }

    private static boolean annotated(Class<?> type, Class<? extends Annotation> annotation) {
        if (type.isAnnotationPresent(annotation)) {
            return true;
        }
        return Arrays.stream(type.getDeclaredMethods()).anyMatch(m -> m.isAnnotationPresent(annotation))
                || Arrays.stream(type.getDeclaredFields()).anyMatch(f -> f.isAnnotationPresent(annotation));
    }

    /** The set {@code initializer} gets: {app} when its @HandlesTypes selects app, else empty (null if none declared). */
    static Set<Class<?>> classesFor(Class<?> initializer, Class<?> app) {
        if (initializer.getAnnotation(HandlesTypes.class) == null) {
            return null;
        }
        Set<Class<?>> classes = new LinkedHashSet<>();
        if (app != null && handles(initializer, app)) {
            classes.add(app);
        }
        return classes;
    }
}
