package io.junicorn.servlet;

import jakarta.servlet.Filter;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** One servlet instance serves concurrent requests (section 2.2); the first requests wait for its single init. */
class ConcurrencyTest {
    static final int REQUESTS = 16;
    static final CountDownLatch arrived = new CountDownLatch(REQUESTS);
    static final AtomicInteger inits = new AtomicInteger();
    static final AtomicInteger instances = new AtomicInteger();

    public static final class Lazy extends HttpServlet {
        private final int instance = instances.incrementAndGet();

        @Override
        public void init() throws ServletException {
            inits.incrementAndGet();
            try {
                // every request has reached the filter chain and so waits on this init
                if (!arrived.await(20, TimeUnit.SECONDS)) {
                    throw new ServletException("the concurrent requests did not all arrive");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ServletException(e);
            }
        }

        @Override
        protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
            response.getWriter().print("instance " + instance + " q=" + request.getParameter("q"));
        }
    }

    @Test
    void concurrentFirstRequestsShareOneInitialisedInstance() throws Exception {
        Filter counting = (request, response, chain) -> {
            arrived.countDown();
            chain.doFilter(request, response);
        };
        try (Harness harness = Harness.deploy(context -> {
            context.addServlet("lazy", Lazy.class).addMapping("/lazy");
            context.addFilter("counting", counting).addMappingForUrlPatterns(null, false, "/*");
        }); ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<HttpResponse<String>>> responses = new ArrayList<>();
            for (int i = 0; i < REQUESTS; i++) {
                String path = "/lazy?q=" + i;
                responses.add(clients.submit(() -> harness.get(path)));
            }
            for (int i = 0; i < REQUESTS; i++) {
                HttpResponse<String> response = responses.get(i).get(30, TimeUnit.SECONDS);
                assertEquals(200, response.statusCode(), response.body());
                assertEquals("instance 1 q=" + i, response.body());
            }
            assertEquals(1, inits.get());
            assertTrue(instances.get() == 1, "instances: " + instances.get());
        }
    }
}
