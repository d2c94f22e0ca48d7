package glassbox.app.web;

import glassbox.engine.Committee;
import glassbox.engine.ModelFile;
import glassbox.engine.Network;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A real lab server for tests: the shipped models copied into a temporary folder (so saving a model
 * from live training does not touch the repository), real MNIST, a free port on 127.0.0.1.
 */
final class LabServer implements AutoCloseable {
    final WebServer server;
    final Path models;
    final String base;
    final HttpClient http = HttpClient.newHttpClient();

    static { System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn"); }

    LabServer() { this(List.of()); }

    /** A server that also answers to the given public host names (serve --public-name). */
    LabServer(List<String> publicNames) {
        try {
            models = Files.createTempDirectory("glassbox-models");
            try (Stream<Path> s = Files.list(repoModels())) {
                for (Path p : s.filter(p -> p.toString().endsWith(".gbx")).toList()) Files.copy(p, models.resolve(p.getFileName()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server = new WebServer(models).start("127.0.0.1", 0, publicNames);
        base = "http://127.0.0.1:" + server.port();
    }

    static Path repoModels() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent())
            if (Files.isRegularFile(p.resolve("models/mlp-16-16.gbx"))) return p.resolve("models");
        throw new IllegalStateException("cannot find the repository's models/mlp-16-16.gbx");
    }

    /** Saves a committee of the named models (files in the folder) as NAME.gbx; the next GET /api/models lists it. */
    List<Network> addCommittee(String name, String... memberNames) throws IOException {
        List<Network> members = Stream.of(memberNames).map(m -> ModelFile.load(models.resolve(m + ".gbx")).network()).toList();
        ModelFile.save(new Committee(members), Map.of("members", List.of(memberNames)), models.resolve(name + ".gbx"));
        return members;
    }

    HttpResponse<String> get(String path) { return send(HttpRequest.newBuilder(URI.create(base + path)).GET().build()); }

    HttpResponse<String> post(String path, String json) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build());
    }

    /** Sends raw bytes as one request on a fresh connection (any Host, any framing) and reads the answer. */
    RawHttp.Response raw(String request) { return RawHttp.send("127.0.0.1", server.port(), request.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1)); }

    HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override public void close() throws IOException {
        server.stop();
        try (Stream<Path> s = Files.list(models)) { for (Path p : s.toList()) Files.deleteIfExists(p); }
        Files.deleteIfExists(models);
    }
}
