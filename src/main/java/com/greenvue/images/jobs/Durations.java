package com.greenvue.images.jobs;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Go's duration syntax ({@code 300ms}, {@code 10s}, {@code 1m30s}, {@code 1.5h}), as today's
 * job clients send it. Only positive durations; units ns, us/µs, ms, s, m, h.
 */
public final class Durations {

    private static final Pattern PART = Pattern.compile("(\\d+(?:\\.\\d*)?|\\.\\d+)(ns|us|µs|μs|ms|s|m|h)");

    private Durations() {
    }

    /** Parses a Go duration; throws {@link IllegalArgumentException} with a message naming the expected form. */
    public static Duration parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("is empty");
        }
        Matcher m = PART.matcher(text);
        int pos = 0;
        BigDecimal nanos = BigDecimal.ZERO;
        while (pos < text.length()) {
            if (!m.find(pos) || m.start() != pos) {
                throw new IllegalArgumentException("'" + text + "' is not a Go duration");
            }
            nanos = nanos.add(new BigDecimal(m.group(1)).multiply(BigDecimal.valueOf(unitNanos(m.group(2)))));
            pos = m.end();
        }
        return Duration.ofNanos(nanos.longValue());
    }

    /** Formats like Go's {@code Duration.String()} for whole milliseconds: {@code 1m30s}, {@code 500ms}. */
    public static String format(Duration d) {
        long ms = d.toMillis();
        if (ms < 1000) {
            return ms + "ms";
        }
        StringBuilder sb = new StringBuilder();
        long h = ms / 3_600_000;
        long m = (ms / 60_000) % 60;
        long s = (ms / 1000) % 60;
        long rest = ms % 1000;
        if (h > 0) {
            sb.append(h).append('h');
        }
        if (h > 0 || m > 0) {
            sb.append(m).append('m');
        }
        sb.append(s);
        if (rest > 0) {
            sb.append('.').append(String.format("%03d", rest).replaceAll("0+$", ""));
        }
        return sb.append('s').toString();
    }

    private static long unitNanos(String unit) {
        return switch (unit) {
            case "ns" -> 1L;
            case "us", "µs", "μs" -> 1_000L;
            case "ms" -> 1_000_000L;
            case "s" -> 1_000_000_000L;
            case "m" -> 60_000_000_000L;
            case "h" -> 3_600_000_000_000L;
            default -> throw new IllegalArgumentException("unknown unit " + unit);
        };
    }
}
