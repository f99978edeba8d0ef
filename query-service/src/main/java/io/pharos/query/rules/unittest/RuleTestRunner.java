package io.pharos.query.rules.unittest;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Runs rule test files in {@code promtool test rules} format and reports as promtool does:
 * {@code Unit Testing:  FILE}, then {@code   SUCCESS}, or {@code   FAILED:} (on the error stream)
 * followed by each failure with what was expected and what was got. The exit code is 0 when every
 * file passes, 1 otherwise.
 */
public final class RuleTestRunner {
    private final PrintStream out;
    private final PrintStream err;
    private final TemplateExpander expander;
    private final Pattern run;

    /**
     * @param run when not null, only test groups whose {@code name} this pattern finds are run
     *            (promtool's {@code --run})
     */
    public RuleTestRunner(PrintStream out, PrintStream err, TemplateExpander expander, Pattern run) {
        this.out = out;
        this.err = err;
        this.expander = expander;
        this.run = run;
    }

    public RuleTestRunner(PrintStream out, PrintStream err) {
        this(out, err, new GoTemplateExpander(), null);
    }

    /** Runs every file in turn; 0 when all pass, 1 when any fails. */
    public int run(List<String> files) {
        boolean failed = false;
        for (String f : files) {
            out.println("Unit Testing:  " + f);
            out.flush();
            List<String> errors = testFile(f);
            if (errors.isEmpty()) {
                out.println("  SUCCESS");
            } else {
                failed = true;
                err.println("  FAILED:");
                for (String e : errors) {
                    err.println(e);
                    err.flush();
                    out.println();
                }
            }
            out.println();
            out.flush();
            err.flush();
        }
        return failed ? 1 : 0;
    }

    private List<String> testFile(String name) {
        RuleTestFile file;
        try {
            file = RuleTestFileReader.read(Path.of(name));
        } catch (RuntimeException e) {
            return List.of(e.getMessage() == null ? e.toString() : e.getMessage());
        }
        for (String pattern : file.unmatchedPatterns()) {
            err.println("  WARNING: no file match pattern " + pattern);
        }
        Map<String, Integer> order = new HashMap<>();
        for (int i = 0; i < file.groupEvalOrder().size(); i++) {
            String g = file.groupEvalOrder().get(i);
            if (order.putIfAbsent(g, i) != null) {
                return List.of("group name repeated in evaluation order: " + g);
            }
        }
        List<String> errors = new ArrayList<>();
        for (RuleTestFile.TestGroup group : file.tests()) {
            if (run != null && !run.matcher(group.name()).find()) {
                continue;
            }
            try {
                errors.addAll(new TestGroupRun(file, group, order, expander).run());
            } catch (RuntimeException e) {
                // A defect rather than a failing test: reported like one, so the other groups still run.
                errors.add("    unexpected error in test group " + (group.name().isEmpty() ? "#" + file.tests().indexOf(group)
                        : group.name()) + ": " + e);
            }
        }
        return errors;
    }
}
