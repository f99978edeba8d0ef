package io.pharos.alertmanager.amtool;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Debian's {@code amtool} (Alertmanager 0.25) against the service on a loopback port: alerts
 * added and queried, silences added, queried, updated and expired, exactly as users run them.
 * Skipped when amtool is not installed ({@code apt-get install -y prometheus-alertmanager}).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"spring.config.name=pharos-alertmanager", "server.address=127.0.0.1",
            "pharos.alertmanager.reload-on-sighup=false"})
class AmtoolCompatibilityTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static Path amtool;
    private static Path configFile;
    private static Path storage;

    @Value("${local.server.port}")
    int port;

    @BeforeAll
    static void findAmtool() {
        amtool = Amtool.find().orElse(null);
        Assumptions.assumeTrue(amtool != null, "amtool not installed (apt-get install -y prometheus-alertmanager)");
    }

    @DynamicPropertySource
    static void config(DynamicPropertyRegistry registry) throws IOException {
        configFile = Files.createTempFile("alertmanager", ".yml");
        Files.writeString(configFile, """
                route:
                  receiver: default
                  group_by: [alertname]
                  routes:
                    - receiver: pager
                      matchers: [severity="page"]
                receivers:
                  - name: default
                  - name: pager
                inhibit_rules:
                  - source_matchers: [severity="page"]
                    target_matchers: [severity="ticket"]
                    equal: [alertname]
                """);
        storage = Files.createTempDirectory("alertmanager-data");
        registry.add("pharos.alertmanager.config-file", configFile::toString);
        registry.add("pharos.alertmanager.storage-path", storage::toString);
    }

    @AfterAll
    static void cleanUp() throws IOException {
        Files.deleteIfExists(configFile);
        org.springframework.util.FileSystemUtils.deleteRecursively(storage);
    }

    private Amtool.Result amtool(String... args) throws Exception {
        List<String> all = new ArrayList<>();
        all.add("--alertmanager.url=http://127.0.0.1:" + port);
        all.addAll(List.of(args));
        Amtool.Result r = Amtool.run(amtool, all);
        assertThat(r.exitCode()).as("amtool %s: %s", String.join(" ", args), r.stderr()).isZero();
        return r;
    }

    private JsonNode json(String... args) throws Exception {
        return JSON.readTree(amtool(args).out());
    }

    @Test
    void alertsAddAndQuery() throws Exception {
        amtool("alert", "add", "alertname=AmtoolDisk", "severity=page", "instance=db1", "--annotation=summary=disk full");
        amtool("alert", "add", "alertname=AmtoolDisk", "severity=ticket", "instance=db1");
        amtool("alert", "add", "alertname=AmtoolCpu", "instance=web1");

        JsonNode disk = json("alert", "query", "-o", "json", "alertname=AmtoolDisk");
        assertThat(disk.size()).as("the inhibited ticket is hidden by default").isEqualTo(1);
        JsonNode page = disk.get(0);
        assertThat(page.get("labels").get("severity").asString()).isEqualTo("page");
        assertThat(page.get("annotations").get("summary").asString()).isEqualTo("disk full");
        assertThat(page.get("receivers").get(0).get("name").asString()).isEqualTo("pager");
        assertThat(page.get("status").get("state").asString()).isEqualTo("active");

        // amtool asks for active=false&inhibited=true&silenced=false: the inhibited alerts only.
        JsonNode inhibited = json("alert", "query", "-o", "json", "--inhibited", "alertname=AmtoolDisk");
        assertThat(inhibited.size()).isEqualTo(1);
        JsonNode ticket = findBy(inhibited, "severity", "ticket");
        assertThat(ticket.get("status").get("state").asString()).isEqualTo("suppressed");
        assertThat(ticket.get("status").get("inhibitedBy").get(0).asString()).isEqualTo(page.get("fingerprint").asString());

        assertThat(json("alert", "query", "-o", "json", "--receiver=pager").size()).isEqualTo(1);
        assertThat(json("alert", "query", "-o", "json", "instance=~web.*").get(0).get("labels").get("alertname").asString())
                .isEqualTo("AmtoolCpu");
        Amtool.Result table = amtool("alert", "query", "-o", "extended", "alertname=AmtoolCpu");
        assertThat(table.out()).contains("alertname=\"AmtoolCpu\"").contains("active");
    }

    @Test
    void silencesAddQueryUpdateAndExpire() throws Exception {
        amtool("alert", "add", "alertname=AmtoolSilenced", "team=db");
        String id = amtool("silence", "add", "alertname=AmtoolSilenced", "--comment=maintenance", "--author=ops",
                "--duration=1h").out();
        assertThat(id).matches("[0-9a-f-]{36}");

        JsonNode silences = json("silence", "query", "-o", "json", "alertname=AmtoolSilenced");
        assertThat(silences.size()).isEqualTo(1);
        JsonNode s = silences.get(0);
        assertThat(s.get("id").asString()).isEqualTo(id);
        assertThat(s.get("status").get("state").asString()).isEqualTo("active");
        assertThat(s.get("createdBy").asString()).isEqualTo("ops");
        assertThat(s.get("comment").asString()).isEqualTo("maintenance");
        assertThat(s.get("matchers").get(0).get("name").asString()).isEqualTo("alertname");
        assertThat(amtool("silence", "query", "-q").out()).contains(id);

        assertThat(json("alert", "query", "-o", "json", "alertname=AmtoolSilenced").size()).as("hidden while silenced").isZero();
        JsonNode silenced = json("alert", "query", "-o", "json", "--silenced", "alertname=AmtoolSilenced");
        assertThat(silenced.get(0).get("status").get("silencedBy").get(0).asString()).isEqualTo(id);

        String endsBefore = s.get("endsAt").asString();
        Amtool.Result updated = amtool("silence", "update", id, "--duration=2h", "--comment=longer");
        assertThat(updated.out()).contains(id);
        JsonNode after = json("silence", "query", "-o", "json", "alertname=AmtoolSilenced").get(0);
        assertThat(after.get("id").asString()).as("an extension keeps the ID").isEqualTo(id);
        assertThat(after.get("comment").asString()).isEqualTo("longer");
        assertThat(after.get("endsAt").asString()).isGreaterThan(endsBefore);

        amtool("silence", "expire", id);
        Thread.sleep(5); // the end is "now"; a moment later it has passed
        assertThat(json("silence", "query", "-o", "json", "alertname=AmtoolSilenced").size()).isZero();
        JsonNode expired = json("silence", "query", "-o", "json", "--expired", "alertname=AmtoolSilenced");
        assertThat(expired.get(0).get("status").get("state").asString()).isEqualTo("expired");
        assertThat(json("alert", "query", "-o", "json", "alertname=AmtoolSilenced").size()).isEqualTo(1);
    }

    @Test
    void silenceImportOfAnAmtoolExport() throws Exception {
        String id = amtool("silence", "add", "job=amtool-import", "--comment=c", "--author=a", "--duration=30m").out();
        String exported = amtool("silence", "query", "-o", "json", "job=amtool-import").out();
        amtool("silence", "expire", id);
        Path file = Files.createTempFile("silences", ".json");
        try {
            Files.writeString(file, exported);
            Amtool.Result imported = amtool("silence", "import", file.toString());
            assertThat(imported.out()).matches("(?s)[0-9a-f-]{36}\\s*");
        } finally {
            Files.deleteIfExists(file);
        }
    }

    private static JsonNode findBy(JsonNode alerts, String label, String value) {
        for (JsonNode a : alerts) {
            if (value.equals(a.get("labels").path(label).asString(""))) {
                return a;
            }
        }
        throw new AssertionError("no alert with " + label + "=" + value + " in " + alerts);
    }
}
