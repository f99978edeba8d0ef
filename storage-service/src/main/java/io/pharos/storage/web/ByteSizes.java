package io.pharos.storage.web;

import java.util.Locale;

/** Prometheus's byte sizes ({@code 512MB}, {@code 1GB}, {@code 0}): powers of 1024 per unit. */
final class ByteSizes {
    private ByteSizes() {
    }

    static long parse(String text) {
        String t = text.trim().toUpperCase(Locale.ROOT);
        if (t.isEmpty() || t.equals("0")) {
            return 0;
        }
        String[] units = {"EB", "PB", "TB", "GB", "MB", "KB", "B"};
        int[] powers = {6, 5, 4, 3, 2, 1, 0};
        for (int i = 0; i < units.length; i++) {
            if (t.endsWith(units[i])) {
                long n = Long.parseLong(t.substring(0, t.length() - units[i].length()).trim());
                return n << (10 * powers[i]);
            }
        }
        throw new IllegalArgumentException("invalid byte size \"" + text + "\" (use e.g. 512MB, 10GB)");
    }
}
