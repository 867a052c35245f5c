package io.momentum.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HtmlTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '~', value = {
            "<script>alert(1)</script> | &lt;script&gt;alert(1)&lt;/script&gt;",
            "Tom & Jerry               | Tom &amp; Jerry",
            "~say \"hi\"~              | say &quot;hi&quot;",
            "it's                      | it&#39;s",
            "`template`                | &#96;template&#96;",
            "&amp;                     | &amp;amp;",
            "plain text é ✓            | plain text é ✓"})
    void escapesEverythingThatCouldEndTextOrAnAttribute(String raw, String escaped) {
        assertEquals(escaped, Html.escape(raw));
    }

    @org.junit.jupiter.api.Test
    void nullBecomesEmpty() {
        assertEquals("", Html.escape(null));
    }
}
