package io.pharos.model.textparse;

import java.nio.charset.StandardCharsets;

/**
 * Turns byte ranges into Strings, handing out the same String for the same bytes: metric and
 * label names (and short label values) repeat on almost every line of a scrape, so the parsers
 * build each of them once per body instead of once per line.
 */
final class ByteStrings {
    private static final int MAX_CACHED = 64;
    private byte[][] keys = new byte[256][];
    private String[] values = new String[256];
    private int size;

    String get(byte[] buf, int from, int to) {
        int len = to - from;
        if (len > MAX_CACHED) {
            return new String(buf, from, len, StandardCharsets.UTF_8);
        }
        int h = 1;
        for (int i = from; i < to; i++) {
            h = 31 * h + buf[i];
        }
        h ^= h >>> 16;
        int mask = keys.length - 1;
        int slot = h & mask;
        while (true) {
            byte[] k = keys[slot];
            if (k == null) {
                break;
            }
            if (k.length == len && equal(k, buf, from)) {
                return values[slot];
            }
            slot = (slot + 1) & mask;
        }
        byte[] key = new byte[len];
        System.arraycopy(buf, from, key, 0, len);
        String s = new String(key, StandardCharsets.UTF_8);
        keys[slot] = key;
        values[slot] = s;
        if (++size * 2 > keys.length) {
            grow();
        }
        return s;
    }

    private static boolean equal(byte[] k, byte[] buf, int from) {
        for (int i = 0; i < k.length; i++) {
            if (k[i] != buf[from + i]) {
                return false;
            }
        }
        return true;
    }

    private void grow() {
        byte[][] oldKeys = keys;
        String[] oldValues = values;
        keys = new byte[oldKeys.length * 2][];
        values = new String[oldKeys.length * 2];
        int mask = keys.length - 1;
        for (int i = 0; i < oldKeys.length; i++) {
            byte[] k = oldKeys[i];
            if (k == null) {
                continue;
            }
            int h = 1;
            for (byte b : k) {
                h = 31 * h + b;
            }
            h ^= h >>> 16;
            int slot = h & mask;
            while (keys[slot] != null) {
                slot = (slot + 1) & mask;
            }
            keys[slot] = k;
            values[slot] = oldValues[i];
        }
    }
}
