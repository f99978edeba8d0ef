package io.pharos.query.rules.unittest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RuleTestCommandTest {
    private final PrintStream stdout = System.out;
    private final PrintStream stderr = System.err;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @BeforeEach
    void capture() {
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void restore() {
        System.setOut(stdout);
        System.setErr(stderr);
    }

    @Test
    void runsTheGivenFiles() {
        String file = RuleTestRunnerTest.examples().resolve("pass/node.test.yml").toString();
        assertThat(RuleTestCommand.run(new String[] {file})).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("Unit Testing:  " + file + "\n  SUCCESS\n\n");
    }

    @Test
    void runFlagFiltersTestGroups() {
        String file = RuleTestRunnerTest.examples().resolve("fail/alerts.test.yml").toString();
        assertThat(RuleTestCommand.run(new String[] {"--run", "no such group", file})).isZero();
        assertThat(RuleTestCommand.run(new String[] {"--run=wrong", file})).isEqualTo(1);
    }

    @Test
    void badArgumentsExitWithOneAndUsage() {
        assertThat(RuleTestCommand.run(new String[0])).isEqualTo(1);
        assertThat(RuleTestCommand.run(new String[] {"--diff", "x.yml"})).isEqualTo(1);
        assertThat(RuleTestCommand.run(new String[] {"--run"})).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("unknown flag --diff").contains("usage: ");
    }
}
