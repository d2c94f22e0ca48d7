package glassbox.app;

import glassbox.app.web.WebServer;
import glassbox.data.Mnist;
import glassbox.engine.Activation;
import glassbox.engine.Architecture;
import glassbox.engine.BadInputException;
import glassbox.engine.Cost;
import glassbox.engine.Initializer;
import glassbox.engine.ModelFile;
import glassbox.engine.Network;
import glassbox.engine.Trainer;
import glassbox.engine.TrainingSettings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

@Command(name = "serve", mixinStandardHelpOptions = true, description = "Start the web lab on http://127.0.0.1:8080 (the digit lab, playground, lessons, experiments).")
final class ServeCommand implements Callable<Integer> {
    private static volatile boolean running;

    @Spec CommandSpec spec;

    @Option(names = "--host", description = "address to listen on; anything but 127.0.0.1/localhost exposes the lab to the network (default: ${DEFAULT-VALUE})", defaultValue = "127.0.0.1")
    String host;
    @Option(names = "--port", description = "TCP port (default: ${DEFAULT-VALUE})", defaultValue = "8080")
    int port;
    @Option(names = "--public-name", split = ",", paramLabel = "NAME",
            description = "a host name the lab may be reached by besides the address it listens on (a DNS name or a proxy's, e.g. lab.school.example); repeatable. Requests naming any other host are refused (default: none)")
    List<String> publicNames = new ArrayList<>();
    @Option(names = "--models", description = "folder of .gbx models to serve (default: $GLASSBOX_HOME/models, else ./models)")
    Path models;

    /** True once the server is up, so main() does not exit under it. */
    static boolean running() { return running; }

    @Override public Integer call() throws IOException {
        if (port < 0 || port > 65535) throw new BadInputException("--port must be from 0 to 65535, not " + port + ".");
        System.setProperty("java.awt.headless", "true");
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", System.getProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn"));
        PrintWriter err = spec.commandLine().getErr();
        Path folder = models != null ? models : defaultModelFolder();
        if (!hasModel(folder)) trainDefault(folder, err);

        boolean exposed = !isLoopback(host);
        WebServer server;
        try {
            server = new WebServer(folder).start(host, port, publicNames);
        } catch (BadInputException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new BadInputException("cannot listen on " + host + ":" + port + " (" + rootMessage(e) + "); is another server using it? Try --port 8081.");
        }
        running = true;
        Runtime.getRuntime().addShutdownHook(new Thread(server::stop, "glassbox-shutdown"));
        if (exposed) {
            err.println("glassbox: WARNING: listening on " + host + ", so anyone who can reach this machine can use the lab and start trainings.");
            err.println("glassbox: it answers to " + String.join(", ", server.hostNames())
                    + (host.equals("0.0.0.0") || host.equals("::") ? " and this machine's addresses" : "")
                    + "; to open it by another name, add --public-name NAME.");
        }
        String shown = exposed && (host.equals("0.0.0.0") || host.equals("::")) ? "127.0.0.1" : host;
        spec.commandLine().getOut().println("Glassbox lab: http://" + (shown.contains(":") ? "[" + shown + "]" : shown) + ":" + server.port() + "/  (models from " + folder + "; Ctrl-C stops)");
        spec.commandLine().getOut().flush();
        err.flush();
        return 0;
    }

    static Path defaultModelFolder() {
        return glassbox.data.Home.folder("models");
    }

    private static boolean hasModel(Path folder) throws IOException {
        if (!Files.isDirectory(folder)) return false;
        try (var s = Files.list(folder)) { return s.anyMatch(p -> p.toString().endsWith(".gbx")); }
    }

    /** No model yet: train the videos' 784-16-16-10 for three epochs (seconds), with progress on the terminal. */
    private static void trainDefault(Path folder, PrintWriter err) throws IOException {
        err.println("glassbox: no models in " + folder + "; training a quick 784-16-16-10 (3 epochs, a few seconds) ...");
        err.flush();
        Mnist.Split split = Mnist.load("mnist");
        Cost cost = new Cost.Quadratic();
        Network net = Network.create(new Architecture("784-16-16-10", Mnist.SHAPE, new Activation.Sigmoid(), cost.defaultOutput(), cost), Initializer.NORMAL, 1);
        TrainingSettings settings = TrainingSettings.defaults().withEpochs(3);
        Trainer.Result r = Trainer.train(net, split.training(), split.test(), settings, new Progress(err, true));
        Map<String, Object> provenance = ModelFile.provenance("glassbox serve (first start, no models)", "mnist", 1, Initializer.NORMAL.id, settings, r.epochs(), r.testAccuracy());
        Path out = folder.resolve("quick-16-16.gbx");
        ModelFile.save(net, provenance, out);
        err.printf("glassbox: saved %s (test accuracy %.2f%%)%n", out, 100 * r.testAccuracy());
        err.flush();
    }

    static boolean isLoopback(String host) {
        if (host.equalsIgnoreCase("localhost")) return true;
        try { return InetAddress.getByName(host).isLoopbackAddress(); }
        catch (UnknownHostException e) { throw new BadInputException("--host " + host + " is not an address or a name this machine knows."); }
    }

    private static String rootMessage(Throwable e) {
        while (e.getCause() != null) e = e.getCause();
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}
