package io.pharos.model.textparse;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The OpenMetrics project's parser test suite (shared/conformance/openmetrics): every body
 * marked {@code shouldParse} is read to its end, every other one fails with an error naming a line.
 */
class OpenMetricsConformanceTest {
    private static final Pattern SHOULD_PARSE = Pattern.compile("\"shouldParse\"\\s*:\\s*(true|false)");

    static Path casesDir() {
        String shared = System.getProperty("pharos.shared.dir");
        Assumptions.assumeTrue(shared != null, "pharos.shared.dir is not set");
        Path dir = Path.of(shared, "conformance", "openmetrics");
        Assumptions.assumeTrue(Files.isDirectory(dir), "no OpenMetrics conformance cases at " + dir);
        return dir;
    }

    static void parseAll(byte[] body) {
        parseAll(body, true);
    }

    static void parseAll(byte[] body, boolean strict) {
        OpenMetricsParser p = new OpenMetricsParser(body, body.length, strict);
        io.pharos.model.labels.Labels.Builder b = io.pharos.model.labels.Labels.builder();
        ExpositionParser.Entry e;
        while ((e = p.next()) != null) {
            if (e == ExpositionParser.Entry.SERIES) {
                b.reset();
                p.labels(b);
                b.build();
            }
        }
    }

    @TestFactory
    Stream<DynamicTest> everyCaseIsAcceptedOrRejectedAsTheSuiteSays() throws IOException {
        Path dir = casesDir();
        List<DynamicTest> tests = new ArrayList<>();
        try (Stream<Path> cases = Files.list(dir)) {
            for (Path c : cases.filter(Files::isDirectory).sorted().toList()) {
                String json = Files.readString(c.resolve("test.json"));
                Matcher m = SHOULD_PARSE.matcher(json);
                if (!m.find()) {
                    continue;
                }
                boolean shouldParse = Boolean.parseBoolean(m.group(1));
                byte[] body = Files.readAllBytes(c.resolve("metrics"));
                tests.add(DynamicTest.dynamicTest(c.getFileName().toString(), () -> {
                    if (shouldParse) {
                        assertThatCode(() -> parseAll(body)).doesNotThrowAnyException();
                    } else {
                        assertThatThrownBy(() -> parseAll(body)).isInstanceOf(ExpositionParseException.class)
                                .hasMessageStartingWith("line ");
                    }
                }));
            }
        }
        Assumptions.assumeTrue(!tests.isEmpty(), "no cases found");
        return tests.stream();
    }
}
