package io.pharos.alertmanager.storage;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * A JSON snapshot file written by versions before the state store (the silences in
 * {@code silences.json}, the notification log in {@code nflog.json}), imported into a table of
 * a new store once so that an upgrade loses nothing.
 *
 * @param file where the old version kept it
 * @param table the table its records go to
 * @param decoder turns the file's content into the table's records
 */
public record LegacySnapshot(Path file, String table, Decoder decoder) {

    /** One record of a table. */
    public record KeyValue(byte[] key, byte[] value) {
    }

    @FunctionalInterface
    public interface Decoder {
        /** The records the file holds, encoded as the table stores them; throws when it cannot be read. */
        List<KeyValue> decode(byte[] content) throws IOException;
    }
}
