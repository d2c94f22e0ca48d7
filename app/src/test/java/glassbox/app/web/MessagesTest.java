package glassbox.app.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The two message files, /i18n/en.json and /i18n/zh.json: the same keys, no empty text, the same
 * {placeholders}, every Chinese text written in Chinese, and every key the pages name statically present.
 * (Keys built at run time are checked in Chromium by LanguagesBrowserTest.)
 */
class MessagesTest {
    static final Path WEB = Path.of("src/main/resources/web");
    static final Pattern PLACEHOLDER = Pattern.compile("\\{(\\w+)}");
    static final Pattern CJK = Pattern.compile("[\\u3400-\\u9fff]");
    /** Names and notation that stay as they are in Chinese text. */
    static final Pattern KEPT_AS_IS = Pattern.compile(
            "(?i)glassbox|mnist|fashion-mnist|relu|leakyrelu|sigmoid|tanh|softmax|linear|sgd|adam|cnn|mlp|xor|gbx|json|api|png|csv|id|\\d+|[xyz]\\d*");

    static Map<String, String> messages(String language) throws IOException {
        @SuppressWarnings("unchecked")
        Map<String, String> m = new ObjectMapper().readValue(WEB.resolve("i18n/" + language + ".json").toFile(), LinkedHashMap.class);
        return m;
    }

    static Set<String> placeholders(String text) {
        Set<String> names = new TreeSet<>();
        Matcher m = PLACEHOLDER.matcher(text);
        while (m.find()) names.add(m.group(1));
        return names;
    }

    @Test void both_languages_have_the_same_keys_and_placeholders_and_no_empty_text() throws IOException {
        Map<String, String> en = messages("en"), zh = messages("zh");
        assertThat(zh.keySet()).as("keys of zh.json").containsExactlyInAnyOrderElementsOf(en.keySet());
        for (String key : en.keySet()) {
            assertThat(en.get(key)).as("en " + key).isNotBlank();
            assertThat(zh.get(key)).as("zh " + key).isNotBlank();
            assertThat(placeholders(zh.get(key))).as("placeholders of " + key).isEqualTo(placeholders(en.get(key)));
        }
    }

    @Test void every_chinese_text_is_chinese_or_a_name_kept_as_is() throws IOException {
        for (Map.Entry<String, String> e : messages("zh").entrySet()) {
            String text = e.getValue();
            if (CJK.matcher(text).find()) continue;
            String words = PLACEHOLDER.matcher(text).replaceAll(" ").replaceAll("<[^>]*>", " ");
            for (String word : words.split("[^A-Za-z0-9-]+"))
                if (!word.isEmpty()) assertThat(KEPT_AS_IS.matcher(word).matches()).as("untranslated zh " + e.getKey() + ": " + text).isTrue();
        }
    }

    @Test void every_key_a_page_names_is_in_the_messages() throws IOException {
        Set<String> known = messages("en").keySet();
        Pattern named = Pattern.compile("data-i18n(?:-html)?=\"([\\w.-]+)\"|\\bt\\(\"([\\w.-]+)\"|data-i18n-attr=\"([^\"]+)\"");
        try (Stream<Path> files = Files.walk(WEB)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".html") || p.toString().endsWith(".js")).toList()) {
                Matcher m = named.matcher(Files.readString(f).replaceAll("(?m)^\\s*//.*$", ""));   // not the examples in comments
                while (m.find()) {
                    if (m.group(3) != null) {
                        for (String pair : m.group(3).split(";"))
                            if (pair.contains(":")) assertThat(known).as(f + " names").contains(pair.substring(pair.indexOf(':') + 1).trim());
                    } else {
                        assertThat(known).as(f + " names").contains(m.group(1) != null ? m.group(1) : m.group(2));
                    }
                }
            }
        }
    }
}
