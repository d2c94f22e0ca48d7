package glassbox.lab;

import glassbox.engine.ModelFile;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * One experiment's report folder: PNG figures, result.json and index.html. The page is built in order
 * (headings, paragraphs, figures with their numbers, tables) and written last; every file goes through a
 * temporary file and a rename.
 */
public final class Report {
    public final Path dir;
    private final String title;
    private final StringBuilder body = new StringBuilder();
    private final List<String> pngs = new ArrayList<>();

    public Report(Path dir, String title) {
        this.dir = dir;
        this.title = title;
    }

    public List<String> pngs() { return List.copyOf(pngs); }

    public void png(String file, BufferedImage image) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, "png", bytes);
            writeReadable(dir.resolve(file), bytes.toByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + dir.resolve(file), e);
        }
        pngs.add(file);
    }

    public void heading(String text) { body.append("<h2>").append(escape(text)).append("</h2>\n"); }

    /** A paragraph of HTML written by the experiment (numbers already formatted). */
    public void paragraph(String html) { body.append("<p>").append(html).append("</p>\n"); }

    /** Draws and saves a figure, then shows it with its caption (HTML). */
    public void figure(String file, BufferedImage image, String captionHtml) {
        png(file, image);
        body.append("<figure><a href=\"").append(file).append("\"><img src=\"").append(file).append("\" alt=\"")
            .append(escape(file)).append("\"></a><figcaption>").append(captionHtml).append("</figcaption></figure>\n");
    }

    /** A table; cells are HTML. */
    public void table(List<String> head, List<List<String>> rows) {
        body.append("<table><thead><tr>");
        for (String h : head) body.append("<th>").append(h).append("</th>");
        body.append("</tr></thead><tbody>\n");
        for (List<String> r : rows) {
            body.append("<tr>");
            for (String c : r) body.append("<td>").append(c).append("</td>");
            body.append("</tr>\n");
        }
        body.append("</tbody></table>\n");
    }

    /** Writes index.html: the title, how it was run (command, seconds), the body, and links to the JSON. */
    public Path write(String subtitle) {
        String html = page(title, subtitle + "<p class=\"files\">Numbers: <a href=\"result.json\">result.json</a> (every figure on this page is drawn from it)."
                + " Figures: " + String.join(", ", pngs.stream().map(p -> "<a href=\"" + p + "\">" + p + "</a>").toList()) + ".</p>", body.toString());
        Path index = dir.resolve("index.html");
        try { writeReadable(index, html.getBytes(StandardCharsets.UTF_8)); }
        catch (IOException e) { throw new UncheckedIOException("cannot write " + index, e); }
        return index;
    }

    /** Writes through a temporary file and a rename, then makes the file readable by all (rw-r--r--) like any web page. */
    static void writeReadable(Path path, byte[] bytes) throws IOException {
        ModelFile.writeAtomically(path, bytes);
        try { java.nio.file.Files.setPosixFilePermissions(path, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--")); }
        catch (UnsupportedOperationException e) { /* not a POSIX file system: leave the default */ }
    }

    public static String page(String title, String intro, String body) {
        return "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>" + escape(title) + "</title>\n<style>"
                + "body{font-family:'DejaVu Sans',system-ui,sans-serif;max-width:1180px;margin:2em auto;padding:0 1em;color:#222;line-height:1.5}"
                + "figure{margin:1.5em 0}img{max-width:100%;border:1px solid #ddd}figcaption{color:#444;font-size:.95em;max-width:900px}"
                + "table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #ccc;padding:.25em .6em;text-align:right}"
                + "th{background:#f3f3f3}.files{color:#555;font-size:.9em}code{background:#f3f3f3;padding:0 .2em}.claim{font-size:1.1em;color:#333}"
                + "</style></head><body>\n<p><a href=\"../index.html\">all experiments</a></p>\n<h1>" + escape(title) + "</h1>\n"
                + intro + "\n" + body + "</body></html>\n";
    }

    public static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
