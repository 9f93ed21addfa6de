package com.greenvue.images.settings;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The problems {@link CheckedSettings#check} finds in one config mapping, each a message naming the
 * whole property and what it may be, e.g. {@code greenvue.processing.webp-quality must be between 0
 * and 100 (got 150)}. Names are given relative to the mapping's prefix ({@code webp-quality},
 * {@code local.dir}).
 */
public final class SettingProblems {

    private final String prefix;
    private final List<String> messages = new ArrayList<>();

    SettingProblems(String prefix) {
        this.prefix = prefix == null || prefix.isEmpty() ? "" : prefix + ".";
    }

    /** {@code min <= value <= max}. */
    public void between(String name, long value, long min, long max) {
        if (value < min || value > max) {
            add(name, "must be between " + min + " and " + max + " (got " + value + ")");
        }
    }

    /** {@code min <= value <= max} when set. */
    public void between(String name, Optional<? extends Number> value, long min, long max) {
        value.ifPresent(v -> between(name, v.longValue(), min, max));
    }

    /** {@code value >= min}. */
    public void atLeast(String name, long value, long min) {
        if (value < min) {
            add(name, "must be at least " + min + " (got " + value + ")");
        }
    }

    /** Not only white space (an empty value counts as unset for SmallRye Config, which reports it itself). */
    public void notBlank(String name, String value) {
        if (value == null || value.isBlank()) {
            add(name, "must not be empty");
        }
    }

    /** Zero or longer. */
    public void notNegative(String name, Duration value) {
        if (value.isNegative()) {
            add(name, "must be 0s or longer");
        }
    }

    /** Longer than zero. */
    public void positive(String name, Duration value) {
        if (value.isNegative() || value.isZero()) {
            add(name, "must be longer than 0s");
        }
    }

    /** {@code value >= min}, e.g. {@code must be 1s or longer}. */
    public void atLeast(String name, Duration value, Duration min) {
        if (value.compareTo(min) < 0) {
            add(name, "must be " + text(min) + " or longer");
        }
    }

    /** {@code PT1M30S} as {@code 1m30s}, the way the settings are written. */
    public static String text(Duration d) {
        return d.toString().substring(2).toLowerCase(Locale.ROOT);
    }

    private void add(String name, String problem) {
        messages.add(prefix + name + " " + problem);
    }

    /** The messages found so far, in the order of the checks. */
    public List<String> messages() {
        return List.copyOf(messages);
    }
}
