package com.greenvue.images.upload;

import java.text.Normalizer;
import java.util.Locale;
import java.util.UUID;

/**
 * API.md's file-name rule: slug of the listing title + '-' + first 8 hex digits of the id +
 * '.webp'. The slug is lower-case ASCII only, so no user text can ever shape a storage path.
 */
public final class FileNames {

    static final int MAX_SLUG = 60;
    static final String FALLBACK = "listing";

    private FileNames() {
    }

    public static String fileName(String listingTitle, UUID id) {
        return slug(listingTitle) + "-" + id.toString().substring(0, 8) + ".webp";
    }

    public static String slug(String title) {
        if (title == null) {
            return FALLBACK;
        }
        String folded = Normalizer.normalize(title, Normalizer.Form.NFKD)
                .replaceAll("\\p{M}+", "")
                .toLowerCase(Locale.ROOT)
                // letters NFKD does not split into base + accent (lower-cased first, so ẞ/Đ/Þ fold too)
                .replace("ß", "ss").replace("æ", "ae").replace("œ", "oe").replace("ø", "o").replace("ł", "l")
                .replace("đ", "d").replace("ð", "d").replace("þ", "th").replace("ı", "i").replace("ħ", "h");
        String slug = trimDashes(folded.replaceAll("[^a-z0-9]+", "-"));
        if (slug.length() > MAX_SLUG) {
            slug = trimDashes(slug.substring(0, MAX_SLUG));
        }
        return slug.isEmpty() ? FALLBACK : slug;
    }

    private static String trimDashes(String s) {
        int start = 0;
        int end = s.length();
        while (start < end && s.charAt(start) == '-') {
            start++;
        }
        while (end > start && s.charAt(end - 1) == '-') {
            end--;
        }
        return s.substring(start, end);
    }
}
