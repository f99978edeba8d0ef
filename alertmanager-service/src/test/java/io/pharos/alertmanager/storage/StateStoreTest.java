package io.pharos.alertmanager.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pharos.alertmanager.notify.NotificationLog;
import io.pharos.alertmanager.notify.PersistentNotificationLog;
import io.pharos.alertmanager.silence.Silence;
import io.pharos.alertmanager.silence.SilenceState;
import io.pharos.alertmanager.silence.Silences;
import io.pharos.alertmanager.testing.MutableClock;
import io.pharos.model.labels.Labels;
import io.pharos.model.labels.Matcher;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StateStoreTest {
    private static final Instant T0 = Instant.parse("2024-05-01T10:00:00Z");
    private static final List<String> TABLES = List.of(Silences.TABLE, PersistentNotificationLog.TABLE);

    /** {@code silences.json} as versions before the state store wrote it: one active silence, one expired. */
    private static final String LEGACY_SILENCES = """
            {"version":1,"silences":[
             {"id":"6f1c1f6e-2b49-4c39-9a43-1c2a1d0e0c01","matchers":[{"name":"alertname","type":"=","value":"Disk"},
               {"name":"env","type":"!~","value":"dev|test"}],"startsAt":"2024-05-01T09:00:00Z",
               "endsAt":"2024-05-01T12:00:00Z","updatedAt":"2024-05-01T09:00:00.5Z","createdBy":"me","comment":"disk swap"},
             {"id":"6f1c1f6e-2b49-4c39-9a43-1c2a1d0e0c02","matchers":[{"name":"alertname","type":"=","value":"Cpu"}],
               "startsAt":"2024-05-01T08:00:00Z","endsAt":"2024-05-01T08:30:00Z","updatedAt":"2024-05-01T08:30:00Z",
               "createdBy":"you","comment":"done"}]}
            """;
    /** {@code nflog.json} as versions before the state store wrote it. */
    private static final String LEGACY_NFLOG = """
            {"version":1,"entries":[
             {"groupKey":"{}:{alertname=\\"Disk\\"}","receiver":{"name":"team","integration":"webhook","index":0},
              "timestamp":"2024-05-01T09:55:00Z","firing":["fedcba9876543210","0000000000000001"],"resolved":[],
              "expiresAt":"2024-05-01T17:55:00Z"}]}
            """;

    private final MutableClock clock = new MutableClock(T0);

    private static StateStore open(Path dir) {
        return StateStore.open(dir.resolve("state"), TABLES,
                List.of(Silences.legacySnapshot(dir.resolve("silences.json")),
                        PersistentNotificationLog.legacySnapshot(dir.resolve("nflog.json"))));
    }

    private Silences silences(StateStore store) {
        Silences s = new Silences(clock, Silences.DEFAULT_RETENTION, store.table(Silences.TABLE));
        s.load();
        return s;
    }

    private static void writeLegacy(Path dir) throws Exception {
        Files.writeString(dir.resolve("silences.json"), LEGACY_SILENCES);
        Files.writeString(dir.resolve("nflog.json"), LEGACY_NFLOG);
    }

    @Test
    void openingAStoreThatIsInUseNamesItsPathAndTheLikelyCause(@TempDir Path dir) {
        try (StateStore first = open(dir)) {
            assertThatThrownBy(() -> open(dir))
                    .isInstanceOf(StateStoreException.class)
                    .hasMessageContaining("cannot open the alertmanager state at " + dir.resolve("state").toAbsolutePath())
                    .hasMessageContaining("in use by another process")
                    .hasMessageContaining("--storage.path");
            first.table(Silences.TABLE).put(new byte[] {1}, new byte[] {2});
        }
    }

    @Test
    void legacySnapshotsAreImportedIntoANewStoreOnceAndRenamed(@TempDir Path dir) throws Exception {
        writeLegacy(dir);
        String disk = "6f1c1f6e-2b49-4c39-9a43-1c2a1d0e0c01";
        String cpu = "6f1c1f6e-2b49-4c39-9a43-1c2a1d0e0c02";
        try (StateStore store = open(dir)) {
            Silences silences = silences(store);
            assertThat(silences.list()).hasSize(2);
            Silence s = silences.get(disk).orElseThrow();
            assertThat(s.matchers()).containsExactly(Matcher.equal("alertname", "Disk"),
                    Matcher.of(Matcher.Type.NRE, "env", "dev|test"));
            assertThat(s.updatedAt()).isEqualTo(Instant.parse("2024-05-01T09:00:00.5Z"));
            assertThat(s.comment()).isEqualTo("disk swap");
            assertThat(silences.activeMatching(Labels.of("alertname", "Disk", "env", "prod"))).containsExactly(disk);
            assertThat(silences.get(cpu).orElseThrow().state(T0)).isEqualTo(SilenceState.EXPIRED);

            PersistentNotificationLog log = new PersistentNotificationLog(clock, store.table(PersistentNotificationLog.TABLE));
            assertThat(log.load()).isEqualTo(1);
            NotificationLog.Entry e = log.query(new NotificationLog.Receiver("team", "webhook", 0),
                    "{}:{alertname=\"Disk\"}").orElseThrow();
            assertThat(e.firing()).containsExactlyInAnyOrder(0xfedcba9876543210L, 1L);
            assertThat(e.expiresAt()).isEqualTo(Instant.parse("2024-05-01T17:55:00Z"));

            assertThat(dir.resolve("silences.json")).doesNotExist();
            assertThat(dir.resolve("nflog.json")).doesNotExist();
            assertThat(dir.resolve("silences.json.imported")).hasContent(LEGACY_SILENCES);
            assertThat(dir.resolve("nflog.json.imported")).hasContent(LEGACY_NFLOG);

            silences.expire(disk);
        }

        // The files are back, as after a crash between the import and the rename: the import is not repeated.
        writeLegacy(dir);
        clock.advance(Duration.ofMinutes(1));
        try (StateStore store = open(dir)) {
            assertThat(silences(store).get(disk).orElseThrow().state(clock.instant()))
                    .as("the state after the import wins").isEqualTo(SilenceState.EXPIRED);
            assertThat(dir.resolve("silences.json")).doesNotExist();
            assertThat(dir.resolve("silences.json.imported")).exists();
        }
    }

    @Test
    void anExistingStoreLeavesLegacySnapshotsAlone(@TempDir Path dir) throws Exception {
        try (StateStore store = open(dir)) {
            assertThat(silences(store).list()).isEmpty();
        }
        writeLegacy(dir);
        try (StateStore store = open(dir)) {
            assertThat(silences(store).list()).as("its state is newer than the file's").isEmpty();
        }
        assertThat(dir.resolve("silences.json")).hasContent(LEGACY_SILENCES);
        assertThat(dir.resolve("silences.json.imported")).doesNotExist();
    }

    @Test
    void aCorruptLegacySnapshotStopsTheStartNamingTheFile(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("silences.json"), "{\"version\":1,\"silences\":[{\"id\":");
        assertThatThrownBy(() -> open(dir))
                .isInstanceOf(StateStoreException.class)
                .hasMessageContaining("cannot import " + dir.resolve("silences.json").toAbsolutePath())
                .hasMessageContaining("move the file away");

        // Moved away as the message says: the store opens (it was released) and is still new.
        Files.move(dir.resolve("silences.json"), dir.resolve("broken.json"));
        Files.writeString(dir.resolve("nflog.json"), LEGACY_NFLOG);
        try (StateStore store = open(dir)) {
            PersistentNotificationLog log = new PersistentNotificationLog(clock, store.table(PersistentNotificationLog.TABLE));
            assertThat(log.load()).isEqualTo(1);
        }
    }

    @Test
    void valuesOfAnUnknownVersionAreNotSilentlyDropped(@TempDir Path dir) {
        try (StateStore store = open(dir)) {
            store.table(Silences.TABLE).put("some-id".getBytes(StandardCharsets.UTF_8), new byte[] {99, 1, 2});
            assertThatThrownBy(() -> silences(store))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("silence some-id")
                    .hasMessageContaining("unknown silence encoding version 99");
        }
    }

    @Test
    void aClosedStoreRefusesWork(@TempDir Path dir) {
        StateStore store = open(dir);
        StateTable table = store.table(Silences.TABLE);
        store.close();
        assertThatThrownBy(() -> table.put(new byte[] {1}, new byte[] {1}))
                .isInstanceOf(StateStoreException.class)
                .hasMessageContaining("is closed");
    }
}
