package glassbox.lab;

import glassbox.engine.Json;
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
import java.util.Map;

/**
 * One experiment's report folder: PNG figures, result.json and index.html. The page is built in order
 * (headings, paragraphs, figures with their numbers, tables) and written last; every file goes through a
 * temporary file and a rename.
 */
public final class Report {
    /** Where the claims come from, as a reader knows them. */
    public static final String VIDEO = "3Blue1Brown, chapter 2", BLOG = "The blog “WTH does a neural network even learn?”", BOOK = "Nielsen, chapter 1";

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

    /** A heading the site's pages show in the reader's language (message key; the English stays for a report read from disk). */
    public void heading(String key, String english) {
        body.append("<h2 data-i18n=\"").append(key).append("\">").append(escape(english)).append("</h2>\n");
    }

    /** A paragraph of HTML written by the experiment (numbers already formatted). */
    public void paragraph(String html) { body.append("<p>").append(html).append("</p>\n"); }

    /**
     * A paragraph the site's pages show in the reader's language: the message key's HTML with {name}s
     * filled from params (numbers formatted here, so both languages print the same figures); the
     * English HTML is what a report read from disk shows.
     */
    public void paragraph(String key, Map<String, String> params, String englishHtml) { body.append(keyed(key, params, englishHtml)).append("\n"); }

    /** A paragraph that report.js fills from the message key and params; the English HTML inside for a report read from disk. */
    public static String keyed(String key, Map<String, String> params, String englishHtml) {
        return "<p data-report-key=\"" + key + "\" data-report-params=\"" + escape(Json.write(params)) + "\">" + englishHtml + "</p>";
    }

    /** Draws and saves a figure, then shows it with its caption (HTML). */
    public void figure(String file, BufferedImage image, String captionHtml) {
        png(file, image);
        body.append("<figure><a href=\"").append(file).append("\"><img src=\"").append(file).append("\" alt=\"")
            .append(escape(file)).append("\"></a><figcaption>").append(captionHtml).append("</figcaption></figure>\n");
    }

    /** A table; cells are HTML. */
    public void table(List<String> head, List<List<String>> rows) {
        body.append("<div class=\"table\"><table><thead><tr>");
        for (String h : head) body.append("<th>").append(h).append("</th>");
        body.append("</tr></thead><tbody>\n");
        for (List<String> r : rows) {
            body.append("<tr>");
            for (String c : r) body.append("<td>").append(c).append("</td>");
            body.append("</tr>\n");
        }
        body.append("</tbody></table></div>\n");
    }

    /** Writes index.html: the title, how it was run (command, seconds), the body, and links to the JSON. */
    public Path write(String subtitle) {
        String html = page(title, subtitle + "<p class=\"files\"><span data-i18n=\"report.numbers\">Numbers:</span> <a href=\"result.json\">result.json</a>"
                + " <span data-i18n=\"report.numbersNote\">(every figure on this page is drawn from it).</span>"
                + " <span data-i18n=\"report.figures\">Figures:</span> " + String.join(", ", pngs.stream().map(p -> "<a href=\"" + p + "\">" + p + "</a>").toList()) + ".</p>", body.toString());
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

    /**
     * A report page in the site's navigation and theme (/style.css, /nav.js) when the lab serves it;
     * report.js shows it in the reader's language. Read from disk, it is plain English with a small
     * style of its own, so it still reads well.
     */
    public static String page(String title, String intro, String body) {
        return "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
                + "<title>" + escape(title) + "</title>\n<link rel=\"icon\" href=\"/favicon.svg\" type=\"image/svg+xml\">"
                + "<link rel=\"stylesheet\" href=\"/style.css\"><link rel=\"stylesheet\" href=\"/experiments/report.css\">\n"
                + "<script type=\"module\" src=\"/nav.js\"></script><script type=\"module\" src=\"/experiments/report.js\"></script>\n<style>"
                + "body{font-family:system-ui,sans-serif;line-height:1.5}main{max-width:1180px;margin:0 auto;padding:0 1em}img{max-width:100%}"
                + ".table{overflow-x:auto}table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #888;padding:.25em .6em;text-align:right}"
                + "</style></head><body>\n<main class=\"page report\">\n<p><a href=\"../index.html\" data-i18n=\"report.all\">all experiments</a></p>\n"
                + "<h1>" + escape(title) + "</h1>\n" + intro + "\n" + body + "</main></body></html>\n";
    }

    public static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
