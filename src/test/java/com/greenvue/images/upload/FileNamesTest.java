package com.greenvue.images.upload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.UUID;
import org.junit.jupiter.api.Test;

class FileNamesTest {

    private static final UUID ID = UUID.fromString("550e8400-e29b-41d4-a716-446655440000");

    @Test
    void slugsAPlainTitle() {
        assertEquals("my-listing-550e8400.webp", FileNames.fileName("My Listing", ID));
    }

    @Test
    void foldsAccentsAndCollapsesPunctuation() {
        assertEquals("cafe-a-paris-550e8400.webp", FileNames.fileName("Café  à Paris!!", ID));
    }

    @Test
    void foldsLettersWithoutADecompositionInEitherCase() {
        assertEquals("da-nang", FileNames.slug("Đà Nẵng"));
        assertEquals("strasse-strasse", FileNames.slug("STRAẞE straße"));
        assertEquals("aeroe-oeuvre-kobenhavn-lodz", FileNames.slug("ÆRØE Œuvre København Łódź"));
        assertEquals("thorsdottir-istanbul", FileNames.slug("Þórsdóttir İstanbul".replace("İ", "I")));
    }

    @Test
    void pathTraversalBecomesAHarmlessSlug() {
        assertEquals("etc-passwd-550e8400.webp", FileNames.fileName("../../etc/passwd", ID));
    }

    @Test
    void emptyOrAbsentTitleFallsBackToListing() {
        assertEquals("listing-550e8400.webp", FileNames.fileName(null, ID));
        assertEquals("listing-550e8400.webp", FileNames.fileName("", ID));
        assertEquals("listing-550e8400.webp", FileNames.fileName("   !!! ", ID));
        assertEquals("listing-550e8400.webp", FileNames.fileName("日本語", ID));
    }

    @Test
    void controlCharactersAndBidiOverridesNeverReachTheName() {
        String slug = FileNames.slug("evil\u202Egnp.exe\u0000\n\tname");
        assertEquals("evil-gnp-exe-name", slug);
    }

    @Test
    void longTitlesAreCutToSixtyCharactersWithoutATrailingDash() {
        String slug = FileNames.slug("a".repeat(59) + " bcdef");
        assertTrue(slug.length() <= 60, slug);
        assertEquals("a".repeat(59), slug);
        assertEquals(60, FileNames.slug("x".repeat(300)).length());
    }

    @Test
    void foldsLettersWithoutDecomposition() {
        assertEquals("strasse-aero-lodz", FileNames.slug("Straße Ærø Łódź"));
    }
}
