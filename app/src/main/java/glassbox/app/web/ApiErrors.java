package glassbox.app.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import glassbox.engine.BadInputException;
import io.javalin.config.JavalinConfig;
import io.javalin.http.HttpResponseException;

import java.util.Map;

/**
 * The one error map of the web lab, used by every route group: a refused request gets a 4xx status and
 * {"error": "one sentence"}, a bug a 500 with the same shape (and its trace in the log), never a page or a trace.
 * <pre>
 *   ApiException          its status (404, 409, 413, 429, 503 ...)
 *   BadInputException     400
 *   HttpResponseException Javalin's status (413 for a body over {@link WebServer#MAX_BODY})
 *   a body Jetty could not read  400
 *   anything else         500
 * </pre>
 */
public final class ApiErrors {
    private ApiErrors() {}

    public static void register(JavalinConfig cfg) {
        cfg.jetty.modifyServer(server -> server.setErrorHandler(new JettyErrors()));
        cfg.routes.exception(ApiException.class, (e, ctx) -> ctx.status(e.status).json(error(e.getMessage())));
        cfg.routes.exception(BadInputException.class, (e, ctx) -> ctx.status(400).json(error(e.getMessage())));
        cfg.routes.exception(HttpResponseException.class, (e, ctx) -> ctx.status(e.getStatus()).json(error(sentence(e))));
        cfg.routes.exception(Exception.class, (e, ctx) -> {
            if (isBrokenRequest(e)) {
                ctx.status(400).json(error("the request could not be read: it ended early or is malformed."));
                return;
            }
            e.printStackTrace();
            ctx.status(500).json(error("the server failed on this request (" + e.getClass().getSimpleName() + "); the log has details."));
        });
    }

    static Map<String, String> error(String message) { return Map.of("error", message); }

    /** Jetty's word for a request it could not parse or read to the end (the client's fault, not ours). */
    private static boolean isBrokenRequest(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause())
            if (t instanceof org.eclipse.jetty.http.BadMessageException || t instanceof org.eclipse.jetty.io.EofException) return true;
        return false;
    }

    private static String sentence(HttpResponseException e) {
        if (e.getStatus() == 413) return "the request body is too large; the lab accepts at most " + (WebServer.MAX_BODY >> 20) + " MB.";
        String m = e.getMessage() == null || e.getMessage().isBlank() ? "the request was refused" : e.getMessage();
        return m.endsWith(".") ? m : m + ".";
    }

    /** Jetty's own refusals, made before a request reaches the lab (a malformed URI or header): {"error": ...} too, never a page or a trace. */
    private static final class JettyErrors extends org.eclipse.jetty.server.handler.ErrorHandler {
        private static final ObjectMapper JSON = new ObjectMapper();

        JettyErrors() {
            setShowStacks(false);
            setShowCauses(false);
        }

        @Override protected void generateResponse(org.eclipse.jetty.server.Request request, org.eclipse.jetty.server.Response response, int code,
                                                  String message, Throwable cause, org.eclipse.jetty.util.Callback callback) {
            response.getHeaders().put(org.eclipse.jetty.http.HttpHeader.CONTENT_TYPE, "application/json");
            response.write(true, java.nio.ByteBuffer.wrap(body(code, message)), callback);
        }

        @Override public java.nio.ByteBuffer badMessageError(int code, String message, org.eclipse.jetty.http.HttpFields.Mutable fields) {
            fields.put(org.eclipse.jetty.http.HttpHeader.CONTENT_TYPE, "application/json");
            return java.nio.ByteBuffer.wrap(body(code, message));
        }

        private static byte[] body(int code, String message) {
            String why = message == null || message.isBlank() ? org.eclipse.jetty.http.HttpStatus.getMessage(code) : message;
            why = why.replaceAll("[\\r\\n]+", " ").toLowerCase(java.util.Locale.ROOT);
            if (why.length() > 80) why = why.substring(0, 80) + "...";
            String sentence = code == 400 ? "the request is malformed (" + why + "); check the URL's % escapes and the headers."
                    : "the server refused this request (" + code + ", " + why + ").";
            try { return JSON.writeValueAsBytes(Map.of("error", sentence)); }
            catch (com.fasterxml.jackson.core.JsonProcessingException e) { throw new IllegalStateException(e); }
        }
    }
}
