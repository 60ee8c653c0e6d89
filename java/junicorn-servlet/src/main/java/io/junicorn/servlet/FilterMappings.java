package io.junicorn.servlet;

import jakarta.servlet.DispatcherType;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The filter mappings in the order the specification gives them (section 6.2.4): every mapping added with
 * isMatchAfter false before every one added with true; within a request's chain, the URL-pattern matches
 * first, then the servlet-name matches, each in mapping order.
 */
final class FilterMappings {
    /** One addMappingFor... call. A null or empty dispatcher set means REQUEST only, as the specification says. */
    record Mapping(FilterHolder filter, EnumSet<DispatcherType> dispatcherTypes, List<UrlPattern> urlPatterns,
                   List<String> servletNames) {
        Mapping {
            dispatcherTypes = dispatcherTypes == null || dispatcherTypes.isEmpty()
                    ? EnumSet.of(DispatcherType.REQUEST) : EnumSet.copyOf(dispatcherTypes);
        }
    }

    private final List<Mapping> before = new CopyOnWriteArrayList<>();
    private final List<Mapping> after = new CopyOnWriteArrayList<>();

    void add(Mapping mapping, boolean isMatchAfter) {
        (isMatchAfter ? after : before).add(mapping);
    }

    List<Mapping> of(FilterHolder filter) {
        return all().stream().filter(mapping -> mapping.filter() == filter).toList();
    }

    /**
     * The filters for one dispatch to {@code servletName} at {@code path} (null for a named dispatch, which URL
     * patterns do not select), in chain order; a filter appears once.
     */
    List<FilterHolder> chainFor(DispatcherType type, String path, String servletName) {
        List<FilterHolder> chain = new ArrayList<>();
        List<Mapping> mappings = all();
        for (Mapping mapping : mappings) {
            if (path != null && mapping.dispatcherTypes().contains(type)
                    && mapping.urlPatterns().stream().anyMatch(pattern -> pattern.matches(path))
                    && !chain.contains(mapping.filter())) {
                chain.add(mapping.filter());
            }
        }
        for (Mapping mapping : mappings) {
            if (mapping.dispatcherTypes().contains(type) && servletName != null
                    && (mapping.servletNames().contains(servletName) || mapping.servletNames().contains("*"))
                    && !chain.contains(mapping.filter())) {
                chain.add(mapping.filter());
            }
        }
        return chain;
    }

    private List<Mapping> all() {
        List<Mapping> all = new ArrayList<>(before);
        all.addAll(after);
        return all;
    }
}
