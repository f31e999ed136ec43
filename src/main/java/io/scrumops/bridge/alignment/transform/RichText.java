package io.scrumops.bridge.alignment.transform;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The canonical form of a rich text field: paragraphs, bullet and numbered lists, links and code blocks, written as
 * a small Markdown-like text. Paragraphs are separated by a blank line, list items start with {@code - } or
 * {@code 1. }, a code block is fenced by {@code ```} lines (the language after the first fence), a link is
 * {@code [text](url)}. Every format ({@link TextFormat}) reads into these blocks and writes from them; this text is
 * also what a ServiceNow plain-text field holds.
 */
public final class RichText {

    /** One block of a text. */
    public sealed interface Block permits Paragraph, ListBlock, Code {
    }

    /** A paragraph: inline canonical text (links as {@code [text](url)}), {@code \n} for a line break. */
    public record Paragraph(String text) implements Block {
    }

    /** A bullet ({@code ordered=false}) or numbered list of single-line items. */
    public record ListBlock(boolean ordered, List<String> items) implements Block {
        public ListBlock {
            items = List.copyOf(items);
        }
    }

    /** A code block; {@code language} may be null. */
    public record Code(String language, String text) implements Block {
    }

    static final Pattern LINK = Pattern.compile("\\[([^\\]\\n]*)\\]\\(([^)\\s]+)\\)");
    private static final Pattern BULLET = Pattern.compile("^\\s*[-*] (.*)$");
    private static final Pattern NUMBERED = Pattern.compile("^\\s*\\d+[.)] (.*)$");
    private static final String FENCE = "```";

    private RichText() {
    }

    /** Reads the canonical text (also a ServiceNow plain-text value) into blocks. */
    public static List<Block> parse(String text) {
        List<Block> blocks = new ArrayList<>();
        if (text == null) {
            return blocks;
        }
        String[] lines = text.replace("\r\n", "\n").replace('\r', '\n').split("\n", -1);
        StringBuilder paragraph = null;
        ListBlock list = null;
        List<String> items = null;
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            String trimmed = line.strip();
            if (trimmed.startsWith(FENCE)) {
                closeParagraph(blocks, paragraph);
                paragraph = null;
                closeList(blocks, list, items);
                list = null;
                String language = trimmed.substring(FENCE.length()).strip();
                StringBuilder code = new StringBuilder();
                int j = i + 1;
                while (j < lines.length && !lines[j].strip().equals(FENCE)) {
                    if (!code.isEmpty() || j > i + 1) {
                        code.append('\n');
                    }
                    code.append(lines[j]);
                    j++;
                }
                blocks.add(new Code(language.isEmpty() ? null : language, stripTrailingNewlines(code.toString())));
                i = j;
                continue;
            }
            Matcher bullet = BULLET.matcher(line);
            Matcher numbered = NUMBERED.matcher(line);
            boolean isBullet = bullet.matches();
            boolean isNumbered = !isBullet && numbered.matches();
            if (isBullet || isNumbered) {
                closeParagraph(blocks, paragraph);
                paragraph = null;
                if (list == null || list.ordered() != isNumbered) {
                    closeList(blocks, list, items);
                    list = new ListBlock(isNumbered, List.of());
                    items = new ArrayList<>();
                }
                items.add(inline(isBullet ? bullet.group(1) : numbered.group(1)));
                continue;
            }
            closeList(blocks, list, items);
            list = null;
            if (trimmed.isEmpty()) {
                closeParagraph(blocks, paragraph);
                paragraph = null;
                continue;
            }
            if (paragraph == null) {
                paragraph = new StringBuilder();
            } else {
                paragraph.append('\n');
            }
            paragraph.append(line.strip());
        }
        closeParagraph(blocks, paragraph);
        closeList(blocks, list, items);
        return blocks;
    }

    /** Writes blocks as the canonical text; {@code parse(render(b))} gives {@code b} again. */
    public static String render(List<Block> blocks) {
        List<String> parts = new ArrayList<>();
        for (Block block : blocks) {
            if (block instanceof Paragraph p) {
                parts.add(p.text());
            } else if (block instanceof ListBlock l) {
                StringBuilder out = new StringBuilder();
                for (int i = 0; i < l.items().size(); i++) {
                    if (i > 0) {
                        out.append('\n');
                    }
                    out.append(l.ordered() ? (i + 1) + ". " : "- ").append(l.items().get(i));
                }
                parts.add(out.toString());
            } else if (block instanceof Code c) {
                parts.add(FENCE + (c.language() == null ? "" : c.language()) + "\n" + c.text()
                        + (c.text().isEmpty() ? "" : "\n") + FENCE);
            }
        }
        return String.join("\n\n", parts);
    }

    /** Blocks in their normal form: empty paragraphs and lists dropped, inline text tidied. */
    public static List<Block> normalize(List<Block> blocks) {
        List<Block> result = new ArrayList<>();
        for (Block block : blocks) {
            if (block instanceof Paragraph p) {
                String text = inlineBlock(p.text());
                if (!text.isEmpty()) {
                    result.add(new Paragraph(text));
                }
            } else if (block instanceof ListBlock l) {
                List<String> items = l.items().stream().map(RichText::inline).filter(s -> !s.isEmpty()).toList();
                if (!items.isEmpty()) {
                    result.add(new ListBlock(l.ordered(), items));
                }
            } else if (block instanceof Code c) {
                result.add(new Code(c.language() == null || c.language().isBlank() ? null : c.language().strip(),
                        stripTrailingNewlines(c.text() == null ? "" : c.text().replace("\r\n", "\n"))));
            }
        }
        return result;
    }

    /** A link in canonical inline text. */
    static String link(String text, String url) {
        String label = text == null || text.isBlank() ? url : text.replace("[", "(").replace("]", ")").strip();
        return "[" + label + "](" + url + ")";
    }

    /** Single-line inline text: line breaks and runs of spaces become one space. */
    static String inline(String text) {
        return text == null ? "" : text.replaceAll("\\s+", " ").strip();
    }

    /** Paragraph text: each line tidied, empty lines dropped (a blank line would split the paragraph). */
    static String inlineBlock(String text) {
        if (text == null) {
            return "";
        }
        List<String> lines = new ArrayList<>();
        for (String line : text.split("\n")) {
            String tidy = line.replaceAll("[ \\t\\x0B\\f\\r\\u00A0]+", " ").strip();
            if (!tidy.isEmpty()) {
                lines.add(tidy);
            }
        }
        return String.join("\n", lines);
    }

    private static void closeParagraph(List<Block> blocks, StringBuilder paragraph) {
        if (paragraph != null && !paragraph.isEmpty()) {
            blocks.add(new Paragraph(inlineBlock(paragraph.toString())));
        }
    }

    private static void closeList(List<Block> blocks, ListBlock list, List<String> items) {
        if (list != null && items != null && !items.isEmpty()) {
            blocks.add(new ListBlock(list.ordered(), items));
        }
    }

    private static String stripTrailingNewlines(String text) {
        String result = text;
        while (result.endsWith("\n")) {
            result = result.substring(0, result.length() - 1);
        }
        while (result.startsWith("\n")) {
            result = result.substring(1);
        }
        return result;
    }
}
