package io.junicorn.servlet;

import jakarta.servlet.ServletContainerInitializer;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.HandlesTypes;

import java.lang.annotation.Annotation;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
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
 * application class APP names is the set, and for a war the classes of its WEB-INF/classes, the application's own
 * (never those of WEB-INF/lib's jars). So {@code junicorn com.example.WebInitializer} hands Spring's
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
        try {
            return Arrays.stream(type.getDeclaredMethods()).anyMatch(m -> m.isAnnotationPresent(annotation))
                    || Arrays.stream(type.getDeclaredFields()).anyMatch(f -> f.isAnnotationPresent(annotation));
        } catch (LinkageError | TypeNotPresentException e) {
            return false; // a member's type is missing (a war's optional integration): Tomcat's scan skips it too
        }
    }

    /**
     * The set {@code initializer} gets: those of {@code candidates} its @HandlesTypes selects, maybe none (null if
     * it declares no @HandlesTypes).
     */
    static Set<Class<?>> classesFor(Class<?> initializer, Collection<Class<?>> candidates) {
        if (initializer.getAnnotation(HandlesTypes.class) == null) {
            return null;
        }
        Set<Class<?>> classes = new LinkedHashSet<>();
        for (Class<?> candidate : candidates) {
            if (handles(initializer, candidate)) {
                classes.add(candidate);
            }
        }
        return classes;
    }
}
