package io.pharos.alertmanager.alert;

import io.pharos.model.labels.Labels;
import java.nio.charset.StandardCharsets;

/**
 * Alertmanager's alert fingerprint: FNV-1a (64 bit) over the label names and values in name
 * order, each followed by the byte 0xff. Using the same function as Alertmanager makes
 * fingerprints (in the API, in webhooks, in {@code inhibitedBy}) identical to a real
 * Alertmanager's for the same alert.
 */
public final class Fingerprint {
    private static final long OFFSET = 0xcbf29ce484222325L;
    private static final long PRIME = 0x100000001b3L;
    private static final int SEPARATOR = 0xff;

    private Fingerprint() {
    }

    public static long of(Labels labels) {
        long h = OFFSET;
        for (int i = 0; i < labels.size(); i++) {
            h = add(h, labels.name(i));
            h = addByte(h, SEPARATOR);
            h = add(h, labels.value(i));
            h = addByte(h, SEPARATOR);
        }
        return h;
    }

    private static long add(long h, String s) {
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            h = addByte(h, b & 0xff);
        }
        return h;
    }

    private static long addByte(long h, int b) {
        return (h ^ b) * PRIME;
    }
}
