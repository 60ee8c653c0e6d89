package io.junicorn.servlet;

import jakarta.servlet.MultipartConfigElement;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.MultipartConfig;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.Part;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** getParts: fields and files, in memory and on disk, the limits, and parameters from text parts. */
class MultipartTest {

    @MultipartConfig(fileSizeThreshold = 16, maxFileSize = 100_000)
    public static final class Upload extends HttpServlet {
        @Override
        protected void doPost(HttpServletRequest request, HttpServletResponse response)
                throws IOException, ServletException {
            StringBuilder out = new StringBuilder("title=" + request.getParameter("title"));
            for (Part part : request.getParts()) {
                out.append('|').append(part.getName()).append(':').append(part.getSubmittedFileName()).append(':')
                        .append(part.getContentType()).append(':').append(part.getSize()).append(':')
                        .append(new String(part.getInputStream().readAllBytes(), StandardCharsets.UTF_8).length());
            }
            response.setCharacterEncoding("UTF-8");
            response.getWriter().print(out);
        }
    }

    public static final class NoConfig extends HttpServlet {
        @Override
        protected void doPost(HttpServletRequest request, HttpServletResponse response)
                throws IOException, ServletException {
            request.getParts();
        }
    }

    /** Saves the file part where the X-Save-To header says, as Spring's MultipartFile.transferTo does. */
    public static final class Save extends HttpServlet {
        @Override
        protected void doPost(HttpServletRequest request, HttpServletResponse response)
                throws IOException, ServletException {
            request.getPart("file").write(request.getHeader("X-Save-To"));
            response.getWriter().print("saved");
        }
    }

    /** An error page that reads a parameter, as Spring's /error does. */
    public static final class ErrorPage extends HttpServlet {
        @Override
        protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
            response.getWriter().print("error page " + request.getAttribute("jakarta.servlet.error.status_code")
                    + " title=" + request.getParameter("title"));
        }
    }

    private static byte[] body(String boundary, String fileContent) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"title\"\r\n\r\nHällo\r\n"
                + "--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a;b.txt\"\r\n"
                + "Content-Type: text/plain\r\n\r\n" + fileContent + "\r\n--" + boundary + "--\r\n")
                .getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }

    @Test
    void partsAndTheirTextFieldsAsParameters() throws Exception {
        try (Harness harness = Harness.deploy(context -> {
            context.addServlet("upload", Upload.class).addMapping("/upload");
            context.addServlet("plain", NoConfig.class).addMapping("/plain");
            var limited = context.addServlet("limited", Upload.class);
            limited.addMapping("/limited");
            limited.setMultipartConfig(new MultipartConfigElement("", 10, -1, 0));
        })) {
            String big = "x".repeat(5000) + "\r\n--almost-boundary\r\n" + "y".repeat(100);
            HttpResponse<String> response = harness.post("/upload", "multipart/form-data; boundary=XyZ",
                    body("XyZ", big));
            assertEquals(200, response.statusCode(), response.body());
            assertEquals("title=Hällo|title:null:null:6:5|file:a;b.txt:text/plain:" + big.length() + ":" + big.length(),
                    response.body());

            response = harness.post("/limited", "multipart/form-data; boundary=XyZ", body("XyZ", "more than ten bytes"));
            assertEquals(413, response.statusCode());
            assertTrue(response.body().contains("part file exceeds maxFileSize (10 bytes)"), response.body());

            response = harness.post("/upload", "multipart/form-data; boundary=XyZ",
                    "--XyZ\r\nContent-Disposition: form-data\r\n\r\nno name\r\n--XyZ--\r\n".getBytes(StandardCharsets.UTF_8));
            assertEquals(400, response.statusCode());

            response = harness.post("/plain", "multipart/form-data; boundary=XyZ", body("XyZ", "x"));
            assertEquals(500, response.statusCode());
        }
    }

    @Test
    void aWrittenPartOutlivesTheRequest(@TempDir Path directory) throws Exception {
        try (Harness harness = Harness.deploy(context -> {
            var save = context.addServlet("save", Save.class);
            save.addMapping("/save");
            save.setMultipartConfig(new MultipartConfigElement(directory.toString(), -1, -1, 16));
        })) {
            // over the threshold: on disk, where write moves the temporary file
            for (String content : new String[] {"small", "x".repeat(5000)}) {
                Path target = directory.resolve("upload-" + content.length() + ".txt");
                HttpResponse<String> response = harness.send(harness.request("/save")
                        .header("Content-Type", "multipart/form-data; boundary=XyZ")
                        .header("X-Save-To", target.toString())
                        .POST(HttpRequest.BodyPublishers.ofByteArray(body("XyZ", content))));
                assertEquals("saved", response.body());
                // once the request is over its temporary files are deleted, but not the file the application wrote
                long deadline = System.nanoTime() + 10_000_000_000L;
                while (temporaryFiles(directory) > 0 && System.nanoTime() < deadline) {
                    Thread.sleep(10);
                }
                assertEquals(0, temporaryFiles(directory));
                assertEquals(content, Files.readString(target));
            }
        }
    }

    @Test
    void aBodyOverTheLimitFailsOnceAndTheErrorPageCanStillReadParameters() throws Exception {
        try (Harness harness = Harness.deploy(context -> {
            var limited = context.addServlet("limited", Upload.class);
            limited.addMapping("/limited");
            limited.setMultipartConfig(new MultipartConfigElement("", 10, -1, 0));
            context.addServlet("errors", ErrorPage.class).addMapping("/errors");
            context.setInitParameter(ErrorPages.INIT_PARAMETER, "/errors");
        })) {
            HttpResponse<String> response = harness.post("/limited", "multipart/form-data; boundary=XyZ",
                    body("XyZ", "more than ten bytes"));
            // the parse failure is remembered (as Tomcat does): the body is not read a second time
            assertEquals(413, response.statusCode());
            assertEquals("error page 413 title=null", response.body());
        }
    }

    private static long temporaryFiles(Path directory) throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            return files.filter(file -> file.getFileName().toString().startsWith("junicorn-part-")).count();
        }
    }

    @Test
    void dispositionParametersMayBeQuotedWithSemicolons() {
        String disposition = "form-data; name=\"f\"; filename=\"x\\\"y;z.txt\"";
        assertEquals("f", MultipartParser.dispositionParameter(disposition, "name"));
        assertEquals("x\"y;z.txt", MultipartParser.dispositionParameter(disposition, "filename"));
        assertTrue(MultipartParser.dispositionParameter("form-data", "name") == null);
    }
}
