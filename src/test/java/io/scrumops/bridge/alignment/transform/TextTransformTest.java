package io.scrumops.bridge.alignment.transform;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.scrumops.bridge.adapter.PayloadFixtures;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TextTransformTest {

    private static final TextTransform WIKI_PLAIN = new TextTransform(TextFormat.WIKI, TextFormat.PLAIN);
    private static final TextTransform WIKI_HTML = new TextTransform(TextFormat.WIKI, TextFormat.HTML);
    private static final TextTransform ADF_HTML = new TextTransform(TextFormat.ADF, TextFormat.HTML);

    private static final String RICH_WIKI = """
            Checkout fails for card payments.

            Steps:
            # Open the [shop|https://shop.example.com/cart]
            # Pay by card

            * seen on web
            * seen on mobile

            {code:java}
            throw new IllegalStateException("declined");
              at Checkout.pay(Checkout.java:42)
            {code}""";

    private static final String RICH_CANONICAL = """
            Checkout fails for card payments.

            Steps:

            1. Open the [shop](https://shop.example.com/cart)
            2. Pay by card

            - seen on web
            - seen on mobile

            ```java
            throw new IllegalStateException("declined");
              at Checkout.pay(Checkout.java:42)
            ```""";

    @Test
    void readsTheAdfDescriptionOfTheRestV3Issue() {
        JsonNode description = PayloadFixtures.json("jira/rest-v3-get-issue.json").path("fields").path("description");

        assertThat(WIKI_PLAIN.fromJira(description)).isEqualTo("Main order flow broken");
        assertThat(ADF_HTML.toServiceNow(ADF_HTML.fromJira(description))).isEqualTo("<p>Main order flow broken</p>");
    }

    @Test
    void readsTheAdfCommentBodyOfTheRestV3Comments() {
        JsonNode body = PayloadFixtures.json("jira/rest-v3-get-comments.json").path("comments").get(0).path("body");

        assertThat(WIKI_PLAIN.fromJira(body)).startsWith("Lorem ipsum dolor sit amet").endsWith("augue semper.");
    }

    @Test
    void keepsTheLinkOfAWikiMarkupDescriptionFromAServerWebhook() {
        JsonNode description = PayloadFixtures.json("jira/webhook-server-issue_updated-commented.json")
                .path("issue").path("fields").path("description");

        String canonical = WIKI_HTML.fromJira(description);

        assertThat(canonical).isEqualTo("test\n\n_Issue created from a [message in Mattermost]"
                + "(https://chrisp.ngrok.io/testteam/pl/449w553cajrbfewz581uoxmb8o)_.");
        assertThat(WIKI_HTML.toServiceNow(canonical)).isEqualTo("<p>test</p>\n<p>_Issue created from a "
                + "<a href=\"https://chrisp.ngrok.io/testteam/pl/449w553cajrbfewz581uoxmb8o\">message in Mattermost</a>_.</p>");
        assertThat(WIKI_HTML.toJira(canonical).asText()).isEqualTo(description.asText());
    }

    @Test
    void readsParagraphsListsLinksAndCodeFromWikiMarkup() {
        assertThat(WIKI_PLAIN.fromJira(TextNode.valueOf(RICH_WIKI))).isEqualTo(RICH_CANONICAL);
    }

    @Test
    void writesHtmlWithParagraphsListsLinksAndCode() {
        assertThat(WIKI_HTML.toServiceNow(RICH_CANONICAL)).isEqualTo("""
                <p>Checkout fails for card payments.</p>
                <p>Steps:</p>
                <ol><li>Open the <a href="https://shop.example.com/cart">shop</a></li><li>Pay by card</li></ol>
                <ul><li>seen on web</li><li>seen on mobile</li></ul>
                <pre><code class="language-java">throw new IllegalStateException(&quot;declined&quot;);
                  at Checkout.pay(Checkout.java:42)</code></pre>""");
    }

    @Test
    void aRoundTripThroughEveryFormatGivesTheSameCanonicalText() {
        for (TextTransform transform : new TextTransform[]{WIKI_PLAIN, WIKI_HTML, ADF_HTML,
                new TextTransform(TextFormat.ADF, TextFormat.PLAIN)}) {
            assertThat(transform.fromServiceNow(transform.toServiceNow(RICH_CANONICAL))).as("servicenow " + transform)
                    .isEqualTo(RICH_CANONICAL);
            assertThat(transform.fromJira(transform.toJira(RICH_CANONICAL))).as("jira " + transform)
                    .isEqualTo(RICH_CANONICAL);
        }
    }

    @Test
    void repeatedRoundTripsNeitherGrowNorChangeTheWrittenText() {
        String html = WIKI_HTML.toServiceNow(WIKI_HTML.fromJira(TextNode.valueOf(RICH_WIKI)));
        String wiki = WIKI_HTML.toJira(WIKI_HTML.fromServiceNow(html)).asText();
        String htmlAgain = WIKI_HTML.toServiceNow(WIKI_HTML.fromJira(TextNode.valueOf(wiki)));

        assertThat(htmlAgain).isEqualTo(html);
        assertThat(WIKI_HTML.toJira(WIKI_HTML.fromServiceNow(htmlAgain)).asText()).isEqualTo(wiki);
    }

    @Test
    void readsHtmlAsServiceNowEditorsWriteIt() {
        String html = "<p>Line one<br/>line&nbsp;two</p><p><strong>Bold</strong> and <a href='https://x.example/a?b=1&amp;c=2'>a link</a></p>"
                + "<ul>\n  <li><p>first</p></li>\n  <li>second</li>\n</ul><pre>x &lt; y\nz</pre>";

        assertThat(WIKI_HTML.fromServiceNow(html)).isEqualTo("""
                Line one
                line two

                Bold and [a link](https://x.example/a?b=1&c=2)

                - first
                - second

                ```
                x < y
                z
                ```""");
    }

    @Test
    void plainServiceNowTextIsItsOwnCanonicalForm() {
        String plain = "Printer on floor 3 is jammed.\n\nTried:\n- power cycle\n- new paper";

        assertThat(WIKI_PLAIN.fromServiceNow(plain)).isEqualTo("Printer on floor 3 is jammed.\n\nTried:\n\n- power cycle\n- new paper");
        assertThat(WIKI_PLAIN.toJira(WIKI_PLAIN.fromServiceNow(plain)).asText())
                .isEqualTo("Printer on floor 3 is jammed.\n\nTried:\n\n* power cycle\n* new paper");
    }

    @Test
    void writesAdfForRestV3() {
        JsonNode adf = ADF_HTML.toJira("See [docs](https://d.example)\n\n- a");

        assertThat(adf.toString()).isEqualTo("{\"type\":\"doc\",\"version\":1,\"content\":["
                + "{\"type\":\"paragraph\",\"content\":[{\"type\":\"text\",\"text\":\"See \"},"
                + "{\"type\":\"text\",\"text\":\"docs\",\"marks\":[{\"type\":\"link\",\"attrs\":{\"href\":\"https://d.example\"}}]}]},"
                + "{\"type\":\"bulletList\",\"content\":[{\"type\":\"listItem\",\"content\":[{\"type\":\"paragraph\",\"content\":[{\"type\":\"text\",\"text\":\"a\"}]}]}]}]}");
    }

    @Test
    void anEmptyTextIsNoValue() {
        assertThat(WIKI_PLAIN.fromServiceNow("")).isNull();
        assertThat(WIKI_PLAIN.fromJira(null)).isNull();
        assertThat(WIKI_PLAIN.toServiceNow(null)).isEmpty();
    }
}
