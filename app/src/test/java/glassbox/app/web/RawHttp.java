package glassbox.app.web;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * HTTP/1.1 written by hand on a socket, for what java.net.http will not send: any Host header, broken
 * chunks, bad escapes. One request per connection; the answer is read until the server closes it or the
 * Content-Length is in (a chunked answer is read to its last chunk, and returned still chunked).
 */
final class RawHttp {
    private RawHttp() {}

    record Response(int status, String head, String body) {
        String header(String name) {
            for (String line : head.split("\r\n"))
                if (line.toLowerCase(Locale.ROOT).startsWith(name.toLowerCase(Locale.ROOT) + ":")) return line.substring(name.length() + 1).trim();
            return null;
        }
    }

    static Response send(String host, int port, byte[] request) {
        try (Socket s = new Socket(host, port)) {
            s.setSoTimeout(20_000);
            s.getOutputStream().write(request);
            s.getOutputStream().flush();
            try { s.shutdownOutput(); } catch (IOException e) { /* the server may have closed already */ }
            return read(s.getInputStream());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Response read(InputStream in) throws IOException {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        byte[] buf = new byte[8192];
        int headEnd = -1;
        long want = Long.MAX_VALUE;
        try {
            for (int n; (n = in.read(buf)) > 0; ) {
                all.write(buf, 0, n);
                String text = all.toString(StandardCharsets.ISO_8859_1);
                if (headEnd < 0 && (headEnd = text.indexOf("\r\n\r\n")) >= 0) {
                    Response partial = new Response(0, text.substring(0, headEnd), "");
                    String length = partial.header("Content-Length");
                    if (length != null) want = headEnd + 4 + Long.parseLong(length);
                }
                if (all.size() >= want) break;
                if (headEnd >= 0 && text.endsWith("\r\n0\r\n\r\n")) break;
            }
        } catch (SocketTimeoutException e) {
            if (all.size() == 0) throw e;
        }
        String text = all.toString(StandardCharsets.UTF_8);
        int end = text.indexOf("\r\n\r\n");
        if (!text.startsWith("HTTP/1.") || end < 0) throw new IOException("not an HTTP answer: " + text.substring(0, Math.min(200, text.length())));
        int status = Integer.parseInt(text.substring(9, 12));
        return new Response(status, text.substring(0, end), text.substring(end + 4));
    }
}
