package glassbox.app.playground;

import glassbox.app.web.ApiException;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * The open playgrounds, with their limits: at most {@code maxSessions} at once, and a session not used
 * for {@code idleNanos} is dropped (training only runs inside a request, so an abandoned page stops
 * learning at once and its memory is freed at the next sweep, done on every request).
 */
final class Sessions {
    /** Thrown when every slot is taken: the page gets 429 and this sentence. */
    static final class TooManySessions extends ApiException {
        TooManySessions(String message) { super(429, message); }
    }

    private final Map<String, PlaygroundSession> open = new ConcurrentHashMap<>();
    private final int maxSessions;
    private final long idleNanos;
    private final LongSupplier clock;
    private final SecureRandom ids = new SecureRandom();

    Sessions(int maxSessions, long idleNanos, LongSupplier clock) {
        this.maxSessions = maxSessions;
        this.idleNanos = idleNanos;
        this.clock = clock;
    }

    /** 16 sessions, two minutes idle, the system clock, and a daemon thread that sweeps every 30 s even when no request comes. */
    static Sessions standard() {
        Sessions sessions = new Sessions(16, 120_000_000_000L, System::nanoTime);
        var sweeper = java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "playground-sweeper");
            t.setDaemon(true);
            return t;
        });
        sweeper.scheduleWithFixedDelay(sessions::sweep, 30, 30, java.util.concurrent.TimeUnit.SECONDS);
        return sessions;
    }

    synchronized PlaygroundSession create(PlaygroundConfig config) {
        sweep();
        if (open.size() >= maxSessions)
            throw new TooManySessions("too many playgrounds are open (" + maxSessions + "); close another tab or try again in two minutes.");
        byte[] bytes = new byte[12];
        ids.nextBytes(bytes);
        PlaygroundSession s = new PlaygroundSession(HexFormat.of().formatHex(bytes), config);
        s.lastUsed = clock.getAsLong();
        open.put(s.id, s);
        return s;
    }

    /** The session with this id, marked as used now; a one-sentence 404 when it is unknown or expired. */
    PlaygroundSession get(String id) {
        sweep();
        PlaygroundSession s = open.get(id);
        if (s == null) throw new UnknownSession("no playground session '" + clip(id) + "': it was closed or idle for two minutes; reload the page.");
        s.lastUsed = clock.getAsLong();
        return s;
    }

    void close(String id) { open.remove(id); }

    int size() { return open.size(); }

    /** Drops every session idle for longer than the timeout. */
    void sweep() {
        long now = clock.getAsLong();
        open.values().removeIf(s -> now - s.lastUsed > idleNanos);
    }

    static final class UnknownSession extends ApiException {
        UnknownSession(String message) { super(404, message); }
    }

    private static String clip(String s) { return s == null ? "" : s.length() > 30 ? s.substring(0, 30) + "…" : s; }
}
