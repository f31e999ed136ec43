package io.scrumops.bridge.alignment.transform;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.scrumops.bridge.alignment.transform.RichText.Block;
import io.scrumops.bridge.alignment.transform.RichText.Code;
import io.scrumops.bridge.alignment.transform.RichText.ListBlock;
import io.scrumops.bridge.alignment.transform.RichText.Paragraph;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The text formats of the two sides: Jira's Atlassian Document Format (REST v3) and wiki markup (REST v2, webhooks),
 * ServiceNow plain text (the canonical text itself) and HTML (HTML fields, knowledge articles). Each reads into
 * {@link RichText} blocks and writes from them, keeping paragraphs, lists, links and code blocks; other markup is
 * reduced to its text.
 */
public enum TextFormat {

    PLAIN {
        @Override
        List<Block> readText(String text) {
            return RichText.parse(text);
        }

        @Override
        String writeText(List<Block> blocks) {
            return RichText.render(blocks);
        }
    },

    WIKI {
        @Override
        List<Block> readText(String text) {
            return Wiki.read(text);
        }

        @Override
        String writeText(List<Block> blocks) {
            return Wiki.write(blocks);
        }
    },

    HTML {
        @Override
        List<Block> readText(String text) {
            return Html.read(text);
        }

        @Override
        String writeText(List<Block> blocks) {
            return Html.write(blocks);
        }
    },

    /** Reads an ADF document or, as Jira webhooks and REST v2 give it, a wiki-markup string; writes ADF. */
    ADF {
        @Override
        List<Block> readText(String text) {
            return Wiki.read(text);
        }

        @Override
        String writeText(List<Block> blocks) {
            return Adf.write(blocks).toString();
        }
    };

    abstract List<Block> readText(String text);

    abstract String writeText(List<Block> blocks);

    /** The canonical text of a value in this format; null when it holds no text. */
    public String toCanonical(String text) {
        if (text == null) {
            return null;
        }
        String canonical = RichText.render(RichText.normalize(readText(text)));
        return canonical.isEmpty() ? null : canonical;
    }

    /** The canonical text of a Jira JSON value: an ADF document, or a wiki-markup string. */
    public static String canonicalOfJira(JsonNode value) {
        if (value == null || value.isNull() || value.isMissingNode()) {
            return null;
        }
        if (value.isObject()) {
            String canonical = RichText.render(RichText.normalize(Adf.read(value)));
            return canonical.isEmpty() ? null : canonical;
        }
        return WIKI.toCanonical(value.asText());
    }

    /** Canonical text written in this format. */
    public String fromCanonical(String canonical) {
        return writeText(RichText.parse(canonical == null ? "" : canonical));
    }

    /** The ADF document of a canonical text (REST v3). */
    public static JsonNode adfOf(String canonical) {
        return Adf.write(RichText.parse(canonical == null ? "" : canonical));
    }

    public static TextFormat named(String name) {
        return valueOf(name.toUpperCase(Locale.ROOT));
    }

    /** Jira wiki markup. */
    static final class Wiki {

        private static final Pattern CODE_START = Pattern.compile("^\\{(code|noformat)(?::([^}]*))?\\}(.*)$");
        private static final Pattern BULLET = Pattern.compile("^\\s*[*-]+ (.*)$");
        private static final Pattern NUMBERED = Pattern.compile("^\\s*#+ (.*)$");
        private static final Pattern HEADING = Pattern.compile("^h[1-6]\\. (.*)$");
        private static final Pattern WIKI_LINK = Pattern.compile("\\[([^\\]|\\n]*)\\|([^\\]\\s]+)\\]|\\[((?:https?|mailto|ftp):[^\\]\\s]+)\\]");

        private Wiki() {
        }

        static List<Block> read(String text) {
            List<Block> blocks = new ArrayList<>();
            String[] lines = text.replace("\r\n", "\n").replace('\r', '\n').split("\n", -1);
            StringBuilder paragraph = null;
            Boolean listOrdered = null;
            List<String> items = new ArrayList<>();
            for (int i = 0; i < lines.length; i++) {
                String line = lines[i];
                Matcher code = CODE_START.matcher(line.strip());
                if (code.matches()) {
                    paragraph = flush(blocks, paragraph);
                    listOrdered = flushList(blocks, listOrdered, items);
                    String tag = "{" + code.group(1) + "}";
                    String language = code.group(2) == null ? null : languageOf(code.group(2));
                    StringBuilder body = new StringBuilder();
                    String rest = code.group(3);
                    int end = rest.indexOf(tag);
                    if (end >= 0) {
                        blocks.add(new Code(language, rest.substring(0, end)));
                        continue;
                    }
                    boolean first = rest.isEmpty();
                    if (!first) {
                        body.append(rest);
                    }
                    int j = i + 1;
                    for (; j < lines.length; j++) {
                        int close = lines[j].indexOf(tag);
                        String part = close >= 0 ? lines[j].substring(0, close) : lines[j];
                        if (close >= 0 && part.isEmpty()) {
                            break;
                        }
                        if (!body.isEmpty() || !first) {
                            body.append('\n');
                        }
                        first = false;
                        body.append(part);
                        if (close >= 0) {
                            break;
                        }
                    }
                    blocks.add(new Code(language, body.toString()));
                    i = j;
                    continue;
                }
                Matcher bullet = BULLET.matcher(line);
                Matcher numbered = NUMBERED.matcher(line);
                if (bullet.matches() || numbered.matches()) {
                    paragraph = flush(blocks, paragraph);
                    boolean ordered = !bullet.matches();
                    if (listOrdered != null && listOrdered != ordered) {
                        listOrdered = flushList(blocks, listOrdered, items);
                    }
                    listOrdered = ordered;
                    items.add(inline(ordered ? numbered.group(1) : bullet.group(1)));
                    continue;
                }
                listOrdered = flushList(blocks, listOrdered, items);
                if (line.isBlank()) {
                    paragraph = flush(blocks, paragraph);
                    continue;
                }
                Matcher heading = HEADING.matcher(line.strip());
                String content = heading.matches() ? heading.group(1) : line.strip();
                if (heading.matches()) {
                    paragraph = flush(blocks, paragraph);
                }
                if (paragraph == null) {
                    paragraph = new StringBuilder();
                } else {
                    paragraph.append('\n');
                }
                paragraph.append(inline(content.replace("\\\\", "\n")));
                if (heading.matches()) {
                    paragraph = flush(blocks, paragraph);
                }
            }
            flush(blocks, paragraph);
            flushList(blocks, listOrdered, items);
            return blocks;
        }

        private static String languageOf(String options) {
            for (String option : options.split("\\|")) {
                if (!option.contains("=") && !option.isBlank()) {
                    return option.strip();
                }
            }
            return null;
        }

        private static String inline(String text) {
            Matcher m = WIKI_LINK.matcher(text);
            StringBuilder out = new StringBuilder();
            while (m.find()) {
                String link = m.group(3) != null ? RichText.link(m.group(3), m.group(3)) : RichText.link(m.group(1), m.group(2));
                m.appendReplacement(out, Matcher.quoteReplacement(link));
            }
            m.appendTail(out);
            return out.toString();
        }

        private static StringBuilder flush(List<Block> blocks, StringBuilder paragraph) {
            if (paragraph != null && !paragraph.isEmpty()) {
                blocks.add(new Paragraph(paragraph.toString()));
            }
            return null;
        }

        private static Boolean flushList(List<Block> blocks, Boolean ordered, List<String> items) {
            if (ordered != null && !items.isEmpty()) {
                blocks.add(new ListBlock(ordered, items));
            }
            items.clear();
            return null;
        }

        static String write(List<Block> blocks) {
            List<String> parts = new ArrayList<>();
            for (Block block : blocks) {
                if (block instanceof Paragraph p) {
                    parts.add(links(p.text()));
                } else if (block instanceof ListBlock l) {
                    List<String> lines = new ArrayList<>();
                    l.items().forEach(item -> lines.add((l.ordered() ? "# " : "* ") + links(item)));
                    parts.add(String.join("\n", lines));
                } else if (block instanceof Code c) {
                    String open = c.language() == null ? "{code}" : "{code:" + c.language() + "}";
                    parts.add(open + "\n" + c.text() + (c.text().isEmpty() ? "" : "\n") + "{code}");
                }
            }
            return String.join("\n\n", parts);
        }

        private static String links(String text) {
            Matcher m = RichText.LINK.matcher(text);
            StringBuilder out = new StringBuilder();
            while (m.find()) {
                String label = m.group(1);
                String url = m.group(2);
                m.appendReplacement(out, Matcher.quoteReplacement(label.equals(url) ? "[" + url + "]" : "[" + label + "|" + url + "]"));
            }
            m.appendTail(out);
            return out.toString();
        }
    }

    /** HTML as ServiceNow HTML fields hold it. */
    static final class Html {

        private static final Pattern TOKEN = Pattern.compile("<(/?)([a-zA-Z][a-zA-Z0-9]*)([^>]*)>|<!--.*?-->", Pattern.DOTALL);
        private static final Pattern HREF = Pattern.compile("href\\s*=\\s*(\"([^\"]*)\"|'([^']*)'|([^\\s>]+))", Pattern.CASE_INSENSITIVE);
        private static final Pattern LANGUAGE = Pattern.compile("class\\s*=\\s*\"[^\"]*language-([A-Za-z0-9_+-]+)", Pattern.CASE_INSENSITIVE);

        private Html() {
        }

        static List<Block> read(String html) {
            List<Block> blocks = new ArrayList<>();
            StringBuilder inline = new StringBuilder();
            Deque<Boolean> lists = new ArrayDeque<>();
            List<String> items = new ArrayList<>();
            StringBuilder item = null;
            StringBuilder code = null;
            String codeLanguage = null;
            String href = null;
            StringBuilder linkText = null;
            Matcher m = TOKEN.matcher(html);
            int at = 0;
            while (true) {
                boolean found = m.find();
                String text = html.substring(at, found ? m.start() : html.length());
                if (code != null) {
                    code.append(decode(text));
                } else if (!text.isEmpty()) {
                    String words = decode(text.replaceAll("\\s+", " "));
                    (linkText != null ? linkText : item != null ? item : inline).append(words);
                }
                if (!found) {
                    break;
                }
                at = m.end();
                if (m.group(2) == null) {
                    continue; // a comment
                }
                boolean closing = !m.group(1).isEmpty();
                String tag = m.group(2).toLowerCase(Locale.ROOT);
                String attributes = m.group(3);
                if (code != null) {
                    if (closing && tag.equals("pre")) {
                        blocks.add(new Code(codeLanguage, trimNewlines(code.toString())));
                        code = null;
                    } else if (tag.equals("br")) {
                        code.append('\n');
                    } else if (!closing && tag.equals("code")) {
                        Matcher language = LANGUAGE.matcher(attributes);
                        if (language.find()) {
                            codeLanguage = language.group(1);
                        }
                    }
                    continue;
                }
                switch (tag) {
                    case "pre" -> {
                        if (!closing) {
                            flushInline(blocks, inline);
                            code = new StringBuilder();
                            Matcher language = LANGUAGE.matcher(attributes);
                            codeLanguage = language.find() ? language.group(1) : null;
                        }
                    }
                    case "a" -> {
                        if (!closing) {
                            Matcher h = HREF.matcher(attributes);
                            href = h.find() ? decode(firstNonNull(h.group(2), h.group(3), h.group(4))) : null;
                            linkText = href == null ? null : new StringBuilder();
                        } else if (linkText != null) {
                            (item != null ? item : inline).append(RichText.link(RichText.inline(linkText.toString()), href));
                            linkText = null;
                            href = null;
                        }
                    }
                    case "br" -> (item != null ? item : inline).append('\n');
                    case "ul", "ol" -> {
                        if (!closing) {
                            flushInline(blocks, inline);
                            if (lists.isEmpty()) {
                                items.clear();
                            }
                            lists.push(tag.equals("ol"));
                        } else if (!lists.isEmpty()) {
                            boolean ordered = lists.pop();
                            if (lists.isEmpty()) {
                                if (item != null) {
                                    items.add(RichText.inline(item.toString()));
                                    item = null;
                                }
                                blocks.add(new ListBlock(ordered, items));
                                items = new ArrayList<>();
                            }
                        }
                    }
                    case "li" -> {
                        if (item != null) {
                            items.add(RichText.inline(item.toString()));
                            item = null;
                        }
                        if (!closing && !lists.isEmpty()) {
                            item = new StringBuilder();
                        }
                    }
                    case "p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "table", "tr" -> {
                        if (item == null) {
                            flushInline(blocks, inline);
                        }
                    }
                    case "td", "th" -> {
                        if (closing) {
                            (item != null ? item : inline).append(' ');
                        }
                    }
                    default -> {
                    }
                }
            }
            if (code != null) {
                blocks.add(new Code(codeLanguage, trimNewlines(code.toString())));
            }
            if (item != null) {
                items.add(RichText.inline(item.toString()));
            }
            if (!items.isEmpty()) {
                blocks.add(new ListBlock(!lists.isEmpty() && lists.peekLast(), items));
            }
            flushInline(blocks, inline);
            return blocks;
        }

        private static void flushInline(List<Block> blocks, StringBuilder inline) {
            String text = RichText.inlineBlock(inline.toString());
            if (!text.isEmpty()) {
                blocks.add(new Paragraph(text));
            }
            inline.setLength(0);
        }

        static String write(List<Block> blocks) {
            List<String> parts = new ArrayList<>();
            for (Block block : blocks) {
                if (block instanceof Paragraph p) {
                    parts.add("<p>" + inline(p.text()).replace("\n", "<br>") + "</p>");
                } else if (block instanceof ListBlock l) {
                    String tag = l.ordered() ? "ol" : "ul";
                    StringBuilder out = new StringBuilder("<" + tag + ">");
                    l.items().forEach(i -> out.append("<li>").append(inline(i)).append("</li>"));
                    parts.add(out.append("</").append(tag).append(">").toString());
                } else if (block instanceof Code c) {
                    parts.add("<pre><code" + (c.language() == null ? "" : " class=\"language-" + escape(c.language()) + "\"")
                            + ">" + escape(c.text()) + "</code></pre>");
                }
            }
            return String.join("\n", parts);
        }

        private static String inline(String text) {
            Matcher m = RichText.LINK.matcher(text);
            StringBuilder out = new StringBuilder();
            int at = 0;
            while (m.find()) {
                out.append(escape(text.substring(at, m.start())));
                out.append("<a href=\"").append(escape(m.group(2))).append("\">").append(escape(m.group(1))).append("</a>");
                at = m.end();
            }
            out.append(escape(text.substring(at)));
            return out.toString();
        }

        static String escape(String text) {
            return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
        }

        static String decode(String text) {
            return text.replace("&nbsp;", " ").replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"")
                    .replace("&#39;", "'").replace("&apos;", "'").replace("&amp;", "&");
        }

        private static String trimNewlines(String text) {
            return text.replaceAll("^\\n+", "").replaceAll("\\n+$", "");
        }

        private static String firstNonNull(String... values) {
            for (String value : values) {
                if (value != null) {
                    return value;
                }
            }
            return null;
        }
    }

    /** Atlassian Document Format. */
    static final class Adf {

        private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

        private Adf() {
        }

        static List<Block> read(JsonNode doc) {
            List<Block> blocks = new ArrayList<>();
            blocks(doc.path("content"), blocks);
            return blocks;
        }

        private static void blocks(JsonNode content, List<Block> blocks) {
            for (JsonNode node : content) {
                String type = node.path("type").asText("");
                switch (type) {
                    case "paragraph", "heading" -> blocks.add(new Paragraph(inline(node.path("content"))));
                    case "bulletList", "orderedList" -> {
                        List<String> items = new ArrayList<>();
                        for (JsonNode item : node.path("content")) {
                            List<Block> inner = new ArrayList<>();
                            blocks(item.path("content"), inner);
                            List<String> texts = new ArrayList<>();
                            for (Block b : inner) {
                                if (b instanceof Paragraph p) {
                                    texts.add(p.text());
                                } else if (b instanceof ListBlock l) {
                                    texts.addAll(l.items());
                                } else if (b instanceof Code c) {
                                    texts.add(c.text());
                                }
                            }
                            items.add(RichText.inline(String.join(" ", texts)));
                        }
                        blocks.add(new ListBlock(type.equals("orderedList"), items));
                    }
                    case "codeBlock" -> {
                        StringBuilder text = new StringBuilder();
                        node.path("content").forEach(t -> text.append(t.path("text").asText("")));
                        String language = node.path("attrs").path("language").asText(null);
                        blocks.add(new Code(language, text.toString()));
                    }
                    case "blockquote", "panel", "expand", "nestedExpand", "layoutSection", "layoutColumn", "table",
                         "tableRow", "tableCell", "tableHeader", "listItem" -> blocks(node.path("content"), blocks);
                    default -> {
                        String text = inline(node.path("content"));
                        if (!text.isBlank()) {
                            blocks.add(new Paragraph(text));
                        }
                    }
                }
            }
        }

        private static String inline(JsonNode content) {
            StringBuilder out = new StringBuilder();
            for (JsonNode node : content) {
                JsonNode attrs = node.path("attrs");
                switch (node.path("type").asText("")) {
                    case "text" -> {
                        String text = node.path("text").asText("");
                        String href = null;
                        for (JsonNode mark : node.path("marks")) {
                            if ("link".equals(mark.path("type").asText())) {
                                href = mark.path("attrs").path("href").asText(null);
                            }
                        }
                        out.append(href == null ? text : RichText.link(text, href));
                    }
                    case "hardBreak" -> out.append('\n');
                    case "mention" -> out.append(attrs.path("text").asText(""));
                    case "emoji" -> out.append(attrs.path("text").asText(attrs.path("shortName").asText("")));
                    case "inlineCard" -> {
                        String url = attrs.path("url").asText(null);
                        if (url != null) {
                            out.append(RichText.link(url, url));
                        }
                    }
                    default -> out.append(inline(node.path("content")));
                }
            }
            return out.toString();
        }

        static ObjectNode write(List<Block> blocks) {
            ObjectNode doc = JSON.objectNode().put("type", "doc").put("version", 1);
            ArrayNode content = doc.putArray("content");
            for (Block block : blocks) {
                if (block instanceof Paragraph p) {
                    content.add(paragraph(p.text()));
                } else if (block instanceof ListBlock l) {
                    ObjectNode list = content.addObject().put("type", l.ordered() ? "orderedList" : "bulletList");
                    ArrayNode items = list.putArray("content");
                    l.items().forEach(i -> items.addObject().put("type", "listItem").putArray("content").add(paragraph(i)));
                } else if (block instanceof Code c) {
                    ObjectNode code = content.addObject().put("type", "codeBlock");
                    if (c.language() != null) {
                        code.putObject("attrs").put("language", c.language());
                    }
                    ArrayNode texts = code.putArray("content");
                    if (!c.text().isEmpty()) {
                        texts.addObject().put("type", "text").put("text", c.text());
                    }
                }
            }
            return doc;
        }

        private static ObjectNode paragraph(String text) {
            ObjectNode paragraph = JSON.objectNode().put("type", "paragraph");
            ArrayNode content = paragraph.putArray("content");
            String[] lines = text.split("\n", -1);
            for (int l = 0; l < lines.length; l++) {
                if (l > 0) {
                    content.addObject().put("type", "hardBreak");
                }
                Matcher m = RichText.LINK.matcher(lines[l]);
                int at = 0;
                while (m.find()) {
                    if (m.start() > at) {
                        content.addObject().put("type", "text").put("text", lines[l].substring(at, m.start()));
                    }
                    ObjectNode link = content.addObject().put("type", "text").put("text", m.group(1));
                    link.putArray("marks").addObject().put("type", "link").putObject("attrs").put("href", m.group(2));
                    at = m.end();
                }
                if (at < lines[l].length()) {
                    content.addObject().put("type", "text").put("text", lines[l].substring(at));
                }
            }
            return paragraph;
        }
    }
}
