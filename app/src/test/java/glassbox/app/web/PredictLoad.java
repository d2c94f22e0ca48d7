package glassbox.app.web;

import glassbox.data.Mnist;
import glassbox.engine.Dataset;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.StringJoiner;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A load generator for the predict endpoint, run by hand (not a test): N clients, each like a page
 * that is being drawn on, keep one request in flight and send the next when the answer arrives, at most
 * RATE per second each (0 = as fast as the server answers). Prints the round-trip latency median and
 * 99th percentile. Bodies are real MNIST test images: "pixels" (784 numbers) or "grey" (a 70x70 drawing
 * the server preprocesses, as the page sends while drawing). It sends only to this machine (127.0.0.1,
 * localhost, ::1), with at most 200 clients for at most 120 seconds.
 * <pre>
 *   java -cp ... glassbox.app.web.PredictLoad http://127.0.0.1:8080 [clients 50] [seconds 20] [rate 30] [pixels|grey] [model mlp-16-16]
 * </pre>
 */
public final class PredictLoad {
    public static void main(String[] args) throws Exception {
        String base = args.length > 0 ? args[0] : "http://127.0.0.1:8080";
        int clients = args.length > 1 ? Integer.parseInt(args[1]) : 50;
        int seconds = args.length > 2 ? Integer.parseInt(args[2]) : 20;
        int rate = args.length > 3 ? Integer.parseInt(args[3]) : 30;
        String kind = args.length > 4 ? args[4] : "pixels";
        String model = args.length > 5 ? args[5] : "mlp-16-16";
        String host = URI.create(base).getHost();
        if (host == null || !java.net.InetAddress.getByName(host).isLoopbackAddress())
            throw new IllegalArgumentException("PredictLoad sends load only to this machine (http://127.0.0.1:PORT), not to " + base + ".");
        if (clients < 1 || clients > 200 || seconds < 1 || seconds > 120)
            throw new IllegalArgumentException("use 1 to 200 clients for 1 to 120 seconds, not " + clients + " for " + seconds + ".");
        Dataset test = Mnist.loadTest("mnist");
        List<String> bodies = new ArrayList<>();
        for (int i = 0; i < 100; i++) bodies.add(kind.equals("grey") ? grey(test.input(i)) : pixels(test.input(i)));
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        URI uri = URI.create(base + "/api/models/" + model + "/predict");

        List<long[]> perClient = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger errors = new AtomicInteger();
        long warmUntil = System.nanoTime() + 3_000_000_000L, end = warmUntil + seconds * 1_000_000_000L;
        List<Thread> threads = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            final int id = c;
            threads.add(Thread.ofPlatform().start(() -> {
                long[] lat = new long[Math.max(1, seconds * 2000)];
                int n = 0, k = id;
                long period = rate > 0 ? 1_000_000_000L / rate : 0, next = System.nanoTime();
                while (System.nanoTime() < end) {
                    if (period > 0) {
                        long wait = next - System.nanoTime();
                        if (wait > 0) sleep(wait);
                        next = Math.max(next + period, System.nanoTime() - period);
                    }
                    HttpRequest r = HttpRequest.newBuilder(uri).header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(bodies.get(k++ % bodies.size()))).build();
                    long t0 = System.nanoTime();
                    try {
                        HttpResponse<String> res = http.send(r, HttpResponse.BodyHandlers.ofString());
                        if (res.statusCode() != 200 && errors.incrementAndGet() <= 3) System.err.println("status " + res.statusCode() + ": " + res.body());
                    } catch (Exception e) {
                        if (errors.incrementAndGet() <= 3) System.err.println("failed: " + e);
                        continue;
                    }
                    long t1 = System.nanoTime();
                    if (t0 >= warmUntil && n < lat.length) lat[n++] = t1 - t0;
                }
                perClient.add(java.util.Arrays.copyOf(lat, n));
            }));
        }
        for (Thread t : threads) t.join();
        long[] all = perClient.stream().flatMapToLong(java.util.Arrays::stream).sorted().toArray();
        System.out.printf(Locale.ROOT, "predict %s, %s bodies, %d clients, %s: %d requests in %d s (%.0f/s), errors %d%n", model, kind, clients,
                rate > 0 ? "at most " + rate + "/s each" : "as fast as answered", all.length, seconds, all.length / (double) seconds, errors.get());
        System.out.printf(Locale.ROOT, "latency ms: median %.2f  p90 %.2f  p99 %.2f  max %.2f%n",
                ms(all, 0.5), ms(all, 0.9), ms(all, 0.99), all.length == 0 ? 0 : all[all.length - 1] / 1e6);
    }

    static double ms(long[] sorted, double q) { return sorted.length == 0 ? 0 : sorted[(int) Math.min(sorted.length - 1, Math.floor(q * sorted.length))] / 1e6; }

    static void sleep(long nanos) {
        try { Thread.sleep(nanos / 1_000_000, (int) (nanos % 1_000_000)); } catch (InterruptedException e) { Thread.currentThread().interrupt(); }
    }

    static String pixels(float[] x) {
        StringJoiner j = new StringJoiner(",", "{\"pixels\":[", "]}");
        for (float v : x) j.add(String.format(Locale.ROOT, "%.3f", v));
        return j.toString();
    }

    /** The image scaled up to 70x70 (nearest neighbour, 2.5x) as a drawing the server preprocesses. */
    static String grey(float[] x) {
        StringJoiner j = new StringJoiner(",", "{\"width\":70,\"height\":70,\"grey\":[", "]}");
        for (int y = 0; y < 70; y++) for (int xx = 0; xx < 70; xx++) j.add(String.format(Locale.ROOT, "%.3f", x[(y * 28 / 70) * 28 + xx * 28 / 70]));
        return j.toString();
    }
}
