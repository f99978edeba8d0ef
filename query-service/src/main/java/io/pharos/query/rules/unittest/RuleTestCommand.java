package io.pharos.query.rules.unittest;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * {@code promtool test rules} for Pharos: {@code RuleTestCommand [--run REGEX]... FILE...}.
 * Exits 0 when every test file passes, 1 when any fails (or the arguments are wrong).
 */
public final class RuleTestCommand {
    private static final String USAGE = "usage: RuleTestCommand [--run REGEX]... TEST_FILE...\n"
            + "Runs rule unit tests in promtool's format.\n"
            + "  --run REGEX  only run test groups whose name matches; may be given more than once";

    private RuleTestCommand() {
    }

    public static void main(String[] args) {
        quietLogging();
        System.exit(run(args));
    }

    /**
     * Rule evaluation failures are logged by the rule manager and also reported as test failures;
     * like promtool, the command prints only the report. Set {@code -Dslf4j.provider} to log anyway.
     */
    private static void quietLogging() {
        if (System.getProperty("slf4j.provider") == null) {
            System.setProperty("slf4j.internal.verbosity", "WARN");
            System.setProperty("slf4j.provider", "org.slf4j.helpers.NOP_FallbackServiceProvider");
        }
    }

    /** Parses the arguments and runs the files; the exit code. */
    static int run(String[] args) {
        List<String> files = new ArrayList<>();
        List<String> runs = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("-h") || a.equals("--help")) {
                System.out.println(USAGE);
                return 0;
            } else if (a.equals("--run")) {
                if (i + 1 >= args.length) {
                    return usage("--run needs a regular expression");
                }
                runs.add(args[++i]);
            } else if (a.startsWith("--run=")) {
                runs.add(a.substring("--run=".length()));
            } else if (a.startsWith("-") && a.length() > 1) {
                return usage("unknown flag " + a);
            } else {
                files.add(a);
            }
        }
        if (files.isEmpty()) {
            return usage("no test files given");
        }
        Pattern run = null;
        if (!runs.isEmpty()) {
            try {
                run = Pattern.compile(String.join("|", runs));
            } catch (PatternSyntaxException e) {
                return usage("bad --run expression: " + e.getDescription());
            }
        }
        return new RuleTestRunner(System.out, System.err, new GoTemplateExpander(), run).run(files);
    }

    private static int usage(String problem) {
        System.err.println("error: " + problem);
        System.err.println(USAGE);
        return 1;
    }
}
