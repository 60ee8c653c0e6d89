package io.junicorn.servlet;

import jakarta.servlet.http.HttpServletMapping;
import jakarta.servlet.http.MappingMatch;

/**
 * How a request reached its servlet: the pattern and the servlet path / path info split it implies
 * ({@link jakarta.servlet.http.HttpServletRequest#getHttpServletMapping()}; Spring MVC reads it on every request).
 */
record ServletMapping(ServletHolder servlet, String pattern, MappingMatch kind, String matchValue,
                      String servletPath, String pathInfo) implements HttpServletMapping {

    @Override
    public String getMatchValue() {
        return matchValue;
    }

    @Override
    public String getPattern() {
        return pattern;
    }

    @Override
    public String getServletName() {
        return servlet.getName();
    }

    @Override
    public MappingMatch getMappingMatch() {
        return kind;
    }
}
