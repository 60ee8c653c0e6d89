package io.junicorn.servlet;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.ServletException;
import jakarta.servlet.UnavailableException;
import jakarta.servlet.http.HttpServletRequest;

import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Turns what a dispatch left behind into the response (Servlet 6.1 section 10.9): a thrown exception or a
 * sendError becomes an ERROR dispatch to the matching error page with the jakarta.servlet.error.* attributes,
 * or the container's short HTML report when no page matches. An exception after the response was committed
 * cannot be reported to the client any more: it is rethrown so the engine cuts the connection and the client
 * sees a truncated response rather than a complete-looking one.
 */
final class ErrorDispatch {
    private ErrorDispatch() {
    }

    /** {@code request}: the request as the failed dispatch saw it; {@code failure}: what it threw, or null. */
    static void afterDispatch(ContainerRequest base, HttpServletRequest request, String servletName, Throwable failure)
            throws IOException {
        ContainerResponse response = base.containerResponse();
        if (failure != null) {
            if (response.output().isCommitted()) {
                throw new IOException("servlet " + servletName + " failed after the response was committed", failure);
            }
            Throwable root = rootCause(failure);
            UpgradeRefused refused = upgradeRefused(failure);
            if (refused != null) {
                root = refused;
            }
            int status;
            if (refused != null) {
                status = 501; // the server lacks what the request needs (RFC 9110 §15.6.2); the message says what
                AppServletContext.log.warn("{} {} answered 501: {}", request.getMethod(), request.getRequestURI(),
                        refused.getMessage());
            } else if (root instanceof RequestRejected rejected) {
                status = rejected.status();
                AppServletContext.log.info("{} {} rejected with {}: {}", request.getMethod(), request.getRequestURI(),
                        status, rejected.getMessage());
            } else {
                status = root instanceof UnavailableException ? 503 : 500;
                AppServletContext.log.error("Servlet.service() for servlet {} threw exception on {} {}", servletName,
                        request.getMethod(), request.getRequestURI(), failure);
            }
            ErrorPages pages = base.context().errorPages();
            Optional<String> page = pages.forException(failure);
            if (page.isEmpty() && root != failure) {
                page = pages.forException(root);
            }
            if (page.isEmpty()) {
                page = pages.forStatus(status);
            }
            // a rejected request's message is about the client's request and may be shown to it
            serve(base, request, servletName, page, status, root.getMessage(), root,
                    root instanceof RequestRejected || refused != null);
        } else if (response.errorStatus() != 0) {
            int status = response.errorStatus();
            serve(base, request, servletName, base.context().errorPages().forStatus(status), status,
                    response.errorMessage(), null, true);
        }
    }

    /** ServletException.getRootCause, then its cause, until none: section 10.9.2 matches pages against it. */
    /** An UpgradeRefused anywhere in the causes (a framework may wrap what the application's upgrade() threw). */
    private static UpgradeRefused upgradeRefused(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof UpgradeRefused refused) {
                return refused;
            }
        }
        return null;
    }

    static Throwable rootCause(Throwable failure) {
        Throwable current = failure;
        while (current instanceof ServletException servletException && servletException.getRootCause() != null
                && servletException.getRootCause() != current) {
            current = servletException.getRootCause();
        }
        return current;
    }

    private static void serve(ContainerRequest base, HttpServletRequest request, String servletName,
                              Optional<String> page, int status, String message, Throwable exception,
                              boolean showMessage) throws IOException {
        ContainerResponse response = base.containerResponse();
        Optional<Dispatcher> dispatcher = page.map(location -> Dispatcher.forPath(base.context(), location));
        Optional<ServletMapping> target = page.flatMap(location -> {
            int question = location.indexOf('?');
            try {
                return base.context().mapper().map(RequestPath.decode(question < 0 ? location
                        : location.substring(0, question)));
            } catch (RequestPath.BadPathException e) {
                return Optional.empty();
            }
        });
        if (dispatcher.isEmpty() || target.isEmpty()) {
            response.writeErrorReport(status, showMessage ? message : null);
            return;
        }
        response.beginErrorPage(status);
        Map<String, Object> attributes = new HashMap<>();
        attributes.put(RequestDispatcher.ERROR_STATUS_CODE, status);
        attributes.put(RequestDispatcher.ERROR_REQUEST_URI, request.getRequestURI());
        attributes.put(RequestDispatcher.ERROR_METHOD, request.getMethod());
        if (request.getQueryString() != null) {
            attributes.put(RequestDispatcher.ERROR_QUERY_STRING, request.getQueryString());
        }
        if (servletName != null) {
            attributes.put(RequestDispatcher.ERROR_SERVLET_NAME, servletName);
        }
        attributes.put(RequestDispatcher.ERROR_MESSAGE, message == null ? "" : message);
        if (exception != null) {
            attributes.put(RequestDispatcher.ERROR_EXCEPTION, exception);
            attributes.put(RequestDispatcher.ERROR_EXCEPTION_TYPE, exception.getClass());
        }
        String location = page.get();
        int question = location.indexOf('?');
        DispatchedRequest errorRequest = DispatchedRequest.error(base, target.get(),
                base.getContextPath() + (question < 0 ? location : location.substring(0, question)),
                question < 0 ? null : location.substring(question + 1), attributes);
        try {
            Invocation.run(base.context(), DispatcherType.ERROR, errorRequest, response, target.get().servlet(),
                    target.get());
        } catch (ServletException | IOException | RuntimeException e) {
            AppServletContext.log.error("the error page {} failed for status {}", location, status, e);
            if (response.output().isCommitted()) {
                throw new IOException("the error page " + location + " failed after committing", e);
            }
            response.writeErrorReport(500, null);
            return;
        }
        if (response.errorStatus() != 0) {
            // the error page itself called sendError: answer with the report rather than loop
            response.writeErrorReport(response.errorStatus(), response.errorMessage());
        }
    }
}
