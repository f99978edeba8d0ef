package io.pharos.alertmanager.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.pharos.alertmanager.silence.Silences;
import io.pharos.alertmanager.storage.StateStore;
import io.pharos.alertmanager.testing.AlertmanagerHarness;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.http.ResponseEntity;

/** The silences API as plain Java; status codes and messages are what Alertmanager 0.25 answers. */
class SilencesControllerTest {
    private AlertmanagerHarness h;
    private SilencesController controller;

    @BeforeEach
    void setUp() throws Exception {
        h = new AlertmanagerHarness("""
                route: {receiver: r}
                receivers: [{name: r}]
                """);
        controller = new SilencesController(h.am);
    }

    @AfterEach
    void tearDown() {
        h.close();
    }

    private ResponseEntity<Object> post(String json) {
        return controller.post(json.getBytes(StandardCharsets.UTF_8));
    }

    private static String silence(String id, String matchers, String start, String end) {
        return """
                {%s"matchers": %s, "startsAt": "%s", "endsAt": "%s", "createdBy": "me", "comment": "c"}
                """.formatted(id == null ? "" : "\"id\": \"" + id + "\", ", matchers, start, end);
    }

    @SuppressWarnings("unchecked")
    private String create(String matchers, String start, String end) {
        ResponseEntity<Object> r = post(silence(null, matchers, start, end));
        assertThat(r.getStatusCode().value()).as(String.valueOf(r.getBody())).isEqualTo(200);
        return ((Map<String, String>) r.getBody()).get("silenceID");
    }

    @SuppressWarnings("unchecked")
    private List<GettableSilence> list(String... filter) {
        return (List<GettableSilence>) controller.list(filter.length == 0 ? null : List.of(filter)).getBody();
    }

    @Test
    void createGetListAndExpire() {
        String id = create("[{\"name\": \"alertname\", \"value\": \"A\", \"isRegex\": false}]",
                "2024-05-01T09:00:00Z", "2024-05-01T12:00:00Z");
        GettableSilence s = (GettableSilence) controller.get(id).getBody();
        assertThat(s.id()).isEqualTo(id);
        assertThat(s.status().state()).isEqualTo("active");
        assertThat(s.startsAt()).as("moved up to now").isEqualTo("2024-05-01T10:00:00.000Z");
        assertThat(s.endsAt()).isEqualTo("2024-05-01T12:00:00.000Z");
        assertThat(s.matchers()).containsExactly(new GettableSilence.ApiMatcher(true, false, "alertname", "A"));
        assertThat(s.createdBy()).isEqualTo("me");

        assertThat(controller.delete(id).getStatusCode().value()).isEqualTo(200);
        h.advance(Duration.ofSeconds(1));
        assertThat(((GettableSilence) controller.get(id).getBody()).status().state()).isEqualTo("expired");
        assertThat(controller.delete(id).getStatusCode().value()).as("expiring again is fine").isEqualTo(200);
    }

    @Test
    void listIsOrderedActivePendingExpiredAndFilteredByExactMatchers() {
        String expired = create("[{\"name\": \"a\", \"value\": \"1\", \"isRegex\": false}]", "2024-05-01T10:00:00Z",
                "2024-05-01T13:00:00Z");
        controller.delete(expired);
        h.advance(Duration.ofSeconds(1));
        String pending = create("[{\"name\": \"a\", \"value\": \"2\", \"isRegex\": false}]", "2024-05-02T10:00:00Z",
                "2024-05-02T13:00:00Z");
        String later = create("[{\"name\": \"b\", \"value\": \"x|y\", \"isRegex\": true, \"isEqual\": false}]",
                "2024-05-01T10:00:00Z", "2024-05-01T15:00:00Z");
        String sooner = create("[{\"name\": \"a\", \"value\": \"3\", \"isRegex\": false}]", "2024-05-01T10:00:00Z",
                "2024-05-01T11:00:00Z");
        assertThat(list()).extracting(GettableSilence::id).containsExactly(sooner, later, pending, expired);
        assertThat(list("b!~\"x|y\"")).extracting(GettableSilence::id).containsExactly(later);
        assertThat(list("b=~\"x|y\"")).as("the type must match too").isEmpty();
        assertThat(list("a=2")).extracting(GettableSilence::id).containsExactly(pending);
        assertThat(controller.list(List.of("==")).getStatusCode().value()).isEqualTo(400);
    }

    @SuppressWarnings("unchecked")
    @Test
    void updateKeepsTheIdWhenOnlyTheEndMoves() {
        String m = "[{\"name\": \"a\", \"value\": \"1\", \"isRegex\": false}]";
        String id = create(m, "2024-05-01T10:00:00Z", "2024-05-01T11:00:00Z");
        ResponseEntity<Object> r = post(silence(id, m, "2024-05-01T10:00:00Z", "2024-05-01T14:00:00Z"));
        assertThat(((Map<String, String>) r.getBody()).get("silenceID")).isEqualTo(id);
        ResponseEntity<Object> changed = post(silence(id, "[{\"name\": \"a\", \"value\": \"2\", \"isRegex\": false}]",
                "2024-05-01T10:00:00Z", "2024-05-01T14:00:00Z"));
        assertThat(((Map<String, String>) changed.getBody()).get("silenceID")).isNotEqualTo(id);
    }

    @Test
    void errorsAreThoseOfAlertmanager() {
        assertError(post(""), 422, "silence in body is required");
        assertError(post("{\"matchers\": [{\"name\": \"a\", \"value\": \"b\", \"isRegex\": false}]}"), 422,
                "comment in body is required");
        assertError(post(silence(null, "[]", "2024-05-01T10:00:00Z", "2024-05-01T11:00:00Z")), 422,
                "matchers in body should have at least 1 items");
        assertError(post(silence(null, "[{\"name\": \"a\", \"value\": \"b\"}]", "2024-05-01T10:00:00Z",
                "2024-05-01T11:00:00Z")), 422, "matchers.0.isRegex in body is required");
        String ok = "[{\"name\": \"a\", \"value\": \"b\", \"isRegex\": false}]";
        assertError(post(silence(null, ok, "2024-05-01T11:00:00Z", "2024-05-01T10:30:00Z")), 400,
                "Failed to create silence: start time must be before end time");
        assertError(post(silence(null, ok, "2024-05-01T08:00:00Z", "2024-05-01T09:00:00Z")), 400,
                "Failed to create silence: end time can't be in the past");
        assertError(post(silence(null, "[{\"name\": \"a\", \"value\": \"\", \"isRegex\": false}]",
                "2024-05-01T10:00:00Z", "2024-05-01T11:00:00Z")), 400,
                "silence invalid: at least one matcher must not match the empty string");
        assertError(post(silence(null, "[{\"name\": \"a\", \"value\": \"(\", \"isRegex\": true}]",
                "2024-05-01T10:00:00Z", "2024-05-01T11:00:00Z")), 400,
                "silence invalid: invalid label matcher 0: invalid regular expression \"(\"");
        assertError(post(silence("5d7c3b5a-0000-4000-8000-000000000000", ok, "2024-05-01T10:00:00Z",
                "2024-05-01T11:00:00Z")), 404, "silence not found");
        assertError(post("{not json"), 400, "parsing silence body");
        assertError(controller.get("xyz"), 422, "silenceID in path must be of type uuid: \"xyz\"");
        assertThat(controller.get("5d7c3b5a-0000-4000-8000-000000000000").getStatusCode().value()).isEqualTo(404);
        assertError(controller.delete("5d7c3b5a-0000-4000-8000-000000000000"), 500, "silence not found");
    }

    @Test
    void aSilenceTheStateStoreCannotKeepIsAnErrorNotASuccess(@TempDir Path dir) throws Exception {
        StateStore store = StateStore.open(dir.resolve("state"), List.of(Silences.TABLE), List.of());
        Silences durable = new Silences(Clock.fixed(AlertmanagerHarness.T0, ZoneOffset.UTC),
                Silences.DEFAULT_RETENTION, store.table(Silences.TABLE));
        try (AlertmanagerHarness am = new AlertmanagerHarness("route: {receiver: r}\nreceivers: [{name: r}]\n",
                AlertmanagerHarness.T0, durable, null)) {
            store.close(); // the disk is gone: nothing can be written any more
            ResponseEntity<Object> r = new SilencesController(am.am).post(silence(null,
                    "[{\"name\": \"alertname\", \"value\": \"A\", \"isRegex\": false}]",
                    "2024-05-01T09:00:00Z", "2024-05-01T12:00:00Z").getBytes(StandardCharsets.UTF_8));
            assertThat(r.getStatusCode().value()).isEqualTo(500);
            assertThat(String.valueOf(r.getBody())).startsWith("Failed to create silence: ");
            assertThat(durable.list()).isEmpty();
        }
    }

    private static void assertError(ResponseEntity<Object> r, int status, String message) {
        assertThat(r.getStatusCode().value()).as(String.valueOf(r.getBody())).isEqualTo(status);
        assertThat(String.valueOf(r.getBody())).contains(message);
    }
}
