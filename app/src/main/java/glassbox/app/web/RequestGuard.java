package glassbox.app.web;

import glassbox.engine.BadInputException;
import io.javalin.http.Context;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * The one check every request passes before its handler, so that only the lab's own pages can drive it:
 * <ol>
 * <li>the Host header names this server (the address it listens on, its loopback equivalents, a machine
 *     address when it listens on all of them, or a --public-name): a DNS-rebound name gets 403;</li>
 * <li>the path has no ';' and every '%' escape is whole (400);</li>
 * <li>a request that can change something (anything but GET, HEAD, OPTIONS) comes from one of the lab's
 *     pages: its Origin is absent or names one of those hosts at the port the request was sent to (403);</li>
 * <li>such a request to /api/ with a body sends it as JSON, Content-Type application/json (415), and the
 *     body is read here, so a body that ends early or has broken chunks is a 400 for every route.</li>
 * </ol>
 * Only host names are compared in the Host check, not ports: the name is what a rebinding attack controls,
 * and a forwarded port (docker -p 9000:8080) keeps working.
 */
final class RequestGuard {
    private static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD", "OPTIONS", "TRACE");
    private static final List<String> LOOPBACK = List.of("127.0.0.1", "localhost", "[0:0:0:0:0:0:0:1]");
    private static final Pattern BAD_ESCAPE = Pattern.compile("%(?![0-9A-Fa-f]{2})");

    private final Set<String> names;
    private final Set<String> publicNames;
    private final boolean anyAddress;
    private final Set<String> localAddresses = ConcurrentHashMap.newKeySet();

    /**
     * A guard for a server listening on {@code host} (an address or a name; 0.0.0.0 or :: for every
     * address of the machine), that also answers to the given public names (at any port, http or https).
     */
    RequestGuard(String host, List<String> publicNames) {
        String h = canonical(hostName(host));
        this.anyAddress = h.equals("0.0.0.0") || h.equals("[0:0:0:0:0:0:0:0]");
        this.publicNames = new LinkedHashSet<>();
        for (String n : publicNames) this.publicNames.add(checkedPublicName(n));
        Set<String> ns = new LinkedHashSet<>();
        if (!anyAddress) ns.add(h);
        if (anyAddress || isLoopback(h)) ns.addAll(LOOPBACK);
        if (!anyAddress && !isLiteral(h)) {
            try { for (InetAddress a : InetAddress.getAllByName(host)) ns.add(literal(a)); }
            catch (UnknownHostException e) { /* the server could not listen there either */ }
        }
        this.names = java.util.Collections.unmodifiableSet(ns);
    }

    /** The names the Host header may carry, for the startup message and the docs. */
    Set<String> names() {
        Set<String> all = new LinkedHashSet<>();
        for (String n : names) all.add(n.equals("[0:0:0:0:0:0:0:1]") ? "[::1]" : n);
        all.addAll(publicNames);
        return all;
    }

    boolean servesEveryAddress() { return anyAddress; }

    void check(Context ctx) {
        String host = ctx.header("Host");
        if (host == null || host.isBlank()) throw new BadInputException("the request has no Host header; send the address you opened, e.g. Host: 127.0.0.1:8080.");
        if (!acceptsHost(host))
            throw new ApiException(403, "this lab answers to " + String.join(", ", names()) + ", not to the host '" + Models.shorten(host)
                    + "'; to reach it under that name, start it with --public-name NAME.");

        String uri = ctx.req().getRequestURI();
        if (uri != null && uri.indexOf(';') >= 0) throw new BadInputException("the path has a ';', which no lab address uses; escape it as %3B.");
        if (uri != null && BAD_ESCAPE.matcher(uri).find()) throw new BadInputException("the path has a '%' that is not followed by two hex digits; escape a '%' as %25.");
        String query = ctx.req().getQueryString();
        if (query != null && BAD_ESCAPE.matcher(query).find()) throw new BadInputException("the query has a '%' that is not followed by two hex digits; escape a '%' as %25.");

        if (SAFE_METHODS.contains(ctx.req().getMethod())) return;
        String origin = ctx.header("Origin");
        if (origin == null) {
            String site = ctx.header("Sec-Fetch-Site");
            if (site != null && !site.equals("same-origin") && !site.equals("none"))
                throw new ApiException(403, "the lab accepts changes only from its own pages, not from a " + Models.shorten(site) + " request.");
        } else if (!sameOrigin(origin, host)) {
            throw new ApiException(403, "the lab accepts changes only from its own pages, not from '" + Models.shorten(origin) + "'.");
        }

        if (!ctx.path().startsWith("/api/")) return;
        String type = ctx.header("Content-Type");
        boolean hasBody = ctx.req().getContentLengthLong() > 0 || ctx.header("Transfer-Encoding") != null;
        if ((type != null || hasBody) && !isJson(type))
            throw new ApiException(415, "send the request body as JSON with Content-Type: application/json"
                    + (type == null ? "" : ", not " + Models.shorten(type)) + ".");
        if (hasBody) readBody(ctx);
    }

    /** Reads the body once now (Javalin keeps it for the handler), so a broken one is refused the same way on every route. */
    private static void readBody(Context ctx) {
        try {
            ctx.bodyAsBytes();
        } catch (io.javalin.http.HttpResponseException e) {
            throw e;   // 413: too large
        } catch (Exception e) {   // Jetty's EofException or BadMessageException, thrown unchecked through Kotlin
            throw new BadInputException("the request body could not be read: it ended early or its chunked encoding is malformed.");
        }
    }

    /** True if a Host header "name[:port]" names this server (its port is not compared). */
    boolean acceptsHost(String host) {
        String name = authorityHost(host);
        return name != null && isOurs(name);
    }

    /** Origin "http://NAME:PORT" with NAME one of ours and PORT the one the request was sent to; a public name with any port. */
    private boolean sameOrigin(String origin, String host) {
        URI o;
        try { o = new URI(origin); }
        catch (URISyntaxException e) { return false; }
        if (o.getHost() == null || o.getRawPath() != null && !o.getRawPath().isEmpty() || o.getRawQuery() != null || o.getRawUserInfo() != null) return false;
        String scheme = o.getScheme() == null ? "" : o.getScheme().toLowerCase(Locale.ROOT);
        String name = canonical(o.getHost().toLowerCase(Locale.ROOT));
        if (publicNames.contains(name)) return scheme.equals("http") || scheme.equals("https");
        if (!scheme.equals("http") || !isOurs(name)) return false;
        int originPort = o.getPort() < 0 ? 80 : o.getPort();
        return originPort == authorityPort(host);
    }

    private boolean isOurs(String name) {
        if (names.contains(name) || publicNames.contains(name)) return true;
        return anyAddress && isLocalAddress(name);
    }

    /** For a server on every address: an address literal of one of this machine's interfaces (looked up when first seen). */
    private boolean isLocalAddress(String name) {
        if (localAddresses.contains(name)) return true;
        if (!isLiteral(name)) return false;
        try {
            InetAddress a = InetAddress.ofLiteral(unbracket(name));
            if (a.isAnyLocalAddress() || NetworkInterface.getByInetAddress(a) == null) return false;
        } catch (IllegalArgumentException | SocketException e) {
            return false;
        }
        if (localAddresses.size() < 256) localAddresses.add(name);
        return true;
    }

    /** The host name of a Host header "name[:port]" or "[v6]:port", lower-case, IPv6 in brackets; null when malformed. */
    static String authorityHost(String authority) {
        try {
            URI u = new URI("http://" + authority.trim() + "/");
            if (u.getHost() == null || u.getRawUserInfo() != null || !"/".equals(u.getRawPath())) return null;
            return canonical(u.getHost().toLowerCase(Locale.ROOT));
        } catch (URISyntaxException e) {
            return null;
        }
    }

    /** An address literal in one spelling ([::1] and [0:0:0:0:0:0:0:1] are one host); a name as it is. */
    private static String canonical(String h) {
        try { return literal(InetAddress.ofLiteral(unbracket(h))); }
        catch (IllegalArgumentException e) { return h; }
    }

    private static int authorityPort(String authority) {
        try { int p = new URI("http://" + authority.trim() + "/").getPort(); return p < 0 ? 80 : p; }
        catch (URISyntaxException e) { return -1; }
    }

    static boolean isJson(String contentType) {
        if (contentType == null) return false;
        String t = contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        return t.equals("application/json") || t.startsWith("application/") && t.endsWith("+json");
    }

    private static String hostName(String host) {
        String h = host.trim().toLowerCase(Locale.ROOT);
        if (h.contains(":") && !h.startsWith("[")) h = "[" + h + "]";
        return h;
    }

    private static String checkedPublicName(String n) {
        String name = n == null ? null : authorityHost(n);
        if (name == null || n.contains(":") && !n.startsWith("["))
            throw new BadInputException("--public-name takes a host name such as lab.school.example, without scheme or port, not '" + n + "'.");
        return name;
    }

    private static boolean isLoopback(String h) {
        if (LOOPBACK.contains(h)) return true;
        try { return isLiteral(h) && InetAddress.ofLiteral(unbracket(h)).isLoopbackAddress(); }
        catch (IllegalArgumentException e) { return false; }
    }

    private static boolean isLiteral(String h) {
        try { InetAddress.ofLiteral(unbracket(h)); return true; }
        catch (IllegalArgumentException e) { return false; }
    }

    private static String unbracket(String h) { return h.startsWith("[") && h.endsWith("]") ? h.substring(1, h.length() - 1) : h; }

    private static String literal(InetAddress a) {
        String s = a.getHostAddress();
        if (a instanceof Inet6Address) { int pct = s.indexOf('%'); return "[" + (pct < 0 ? s : s.substring(0, pct)) + "]"; }
        return s;
    }
}
