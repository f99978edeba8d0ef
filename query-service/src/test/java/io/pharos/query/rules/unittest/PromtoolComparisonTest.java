package io.pharos.query.rules.unittest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Runs Debian's {@code promtool test rules} (Prometheus 2.42) and Pharos's runner on the same
 * example files: the outcome and the standard output must be the same, and where the examples
 * keep the expected error output ({@code fail/*.stderr}) both must print exactly that. Skipped
 * when {@code /usr/bin/promtool} is not installed.
 *
 * <p>The examples set {@code interval} in every test group: promtool 2.42 loads input series of
 * a group without one at interval 0 (newer versions default it to {@code evaluation_interval}, as
 * Pharos does).
 */
class PromtoolComparisonTest {
    private static final Path PROMTOOL = Path.of("/usr/bin/promtool");

    static Stream<String> examples() throws IOException {
        Path dir = RuleTestRunnerTest.examples();
        try (Stream<Path> files = Stream.of("pass", "fail", "readme").flatMap(d -> list(dir.resolve(d)))) {
            return files.filter(p -> p.getFileName().toString().endsWith(".test.yml"))
                    .map(p -> dir.relativize(p).toString()).sorted().toList().stream();
        }
    }

    private static Stream<Path> list(Path dir) {
        try {
            return Files.list(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @ParameterizedTest
    @MethodSource("examples")
    void sameOutcomeAsPromtool(String example) throws IOException, InterruptedException {
        Assumptions.assumeTrue(Files.isExecutable(PROMTOOL), "promtool not installed");
        Path file = RuleTestRunnerTest.examples().resolve(example);
        Process p = new ProcessBuilder(List.of(PROMTOOL.toString(), "test", "rules", file.toString()))
                .redirectOutput(ProcessBuilder.Redirect.PIPE).redirectError(ProcessBuilder.Redirect.PIPE).start();
        byte[] out = p.getInputStream().readAllBytes();
        byte[] err = p.getErrorStream().readAllBytes();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String promtoolOut = new String(out, StandardCharsets.UTF_8);
        String promtoolErr = new String(err, StandardCharsets.UTF_8);

        RuleTestRunnerTest.Outcome pharos = RuleTestRunnerTest.run(file.toString());
        assertThat(pharos.exitCode()).as("exit code; promtool printed:%n%s", promtoolErr).isEqualTo(p.exitValue());
        assertThat(pharos.out()).isEqualTo(promtoolOut);
        Path golden = file.resolveSibling(file.getFileName().toString().replace(".test.yml", ".stderr"));
        if (Files.exists(golden)) {
            assertThat(promtoolErr).isEqualTo(Files.readString(golden));
            assertThat(pharos.err()).isEqualTo(promtoolErr);
        }
    }
}
