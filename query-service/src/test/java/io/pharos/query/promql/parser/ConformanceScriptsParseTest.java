package io.pharos.query.promql.parser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.pharos.query.promql.ast.Expr;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every query of the upstream PromQL test scripts ({@code shared/conformance/promql/*.test},
 * Prometheus 3.14) goes through the parser: those expected to succeed must parse and print back
 * to text that parses to the same tree; those marked {@code expect fail} must fail at parse time
 * when the expected error is a parse error, and otherwise (the failure happens during evaluation in
 * Prometheus) must parse. Load lines, including native histogram literals, are not queries and are
 * skipped.
 */
class ConformanceScriptsParseTest {

    private static final Pattern EVAL_INSTANT =
            Pattern.compile("^eval(?:_(fail|warn|ordered|info))?\\s+instant\\s+(?:at\\s+(.+?))?\\s+(.+)$");
    private static final Pattern EVAL_RANGE =
            Pattern.compile("^eval(?:_(fail|warn|info))?\\s+range\\s+from\\s+(.+)\\s+to\\s+(.+)\\s+step\\s+(.+?)\\s+(.+)$");
    private static final Pattern EXPECT_FAIL = Pattern.compile("^expect\\s+fail(?:\\s+(msg|regex):\\s*(.*))?$");

    /** One eval command of a script. */
    record Eval(String file, int line, String query, boolean expectFail, String failMessage, String failRegex) {
    }

    @Test
    void everyScriptQueryParsesAsPrometheusDoes() throws IOException {
        Path dir = sharedDir().resolve("conformance").resolve("promql");
        assumeTrue(Files.isDirectory(dir), "conformance scripts not present at " + dir);
        List<Path> scripts;
        try (Stream<Path> s = Files.list(dir)) {
            scripts = s.filter(p -> p.getFileName().toString().endsWith(".test")).sorted().toList();
        }
        assumeTrue(!scripts.isEmpty(), "no *.test scripts in " + dir);
        Map<String, Boolean> nativeHistogram = readIndex(dir.resolve("evals-index.tsv"));

        List<Eval> evals = new ArrayList<>();
        for (Path script : scripts) {
            evals.addAll(readEvals(script));
        }

        List<String> problems = new ArrayList<>();
        int parsed = 0;
        int roundTripped = 0;
        int failExpected = 0;
        int failedAtParse = 0;
        int failDeferredToEvaluation = 0;
        int nhParsed = 0;
        int nhTotal = 0;
        for (Eval e : evals) {
            boolean nh = nativeHistogram.getOrDefault(e.file() + ":" + e.line(), false);
            nhTotal += nh ? 1 : 0;
            String where = e.file() + ":" + e.line() + ": " + e.query();
            Expr expr;
            try {
                expr = PromqlParser.parseExpr(e.query());
            } catch (ParseException ex) {
                if (e.expectFail()) {
                    failExpected++;
                    if (expectsParseError(e)) {
                        failedAtParse++;
                        if (e.failMessage() != null && !e.failMessage().equals(ex.getMessage())) {
                            problems.add(where + "\n    wrong message: " + ex.getMessage() + "\n    expected: " + e.failMessage());
                        }
                        if (e.failRegex() != null && !Pattern.compile(e.failRegex()).matcher(ex.getMessage()).find()) {
                            problems.add(where + "\n    message does not match /" + e.failRegex() + "/: " + ex.getMessage());
                        }
                    } else {
                        problems.add(where + "\n    rejected by the parser, but Prometheus fails it only when evaluating: "
                                + ex.getMessage());
                    }
                } else {
                    problems.add(where + "\n    " + ex.getMessage());
                }
                continue;
            }
            parsed++;
            nhParsed += nh ? 1 : 0;
            if (e.expectFail()) {
                failExpected++;
                if (expectsParseError(e)) {
                    problems.add(where + "\n    parsed, but the script expects a parse error");
                } else {
                    failDeferredToEvaluation++;
                }
            }
            String printed = expr.toString();
            try {
                Expr again = PromqlParser.parseExpr(printed);
                if (again.toString().equals(printed) && Shapes.of(again).equals(Shapes.of(expr))) {
                    roundTripped++;
                } else {
                    problems.add(where + "\n    prints as " + printed + "\n    which prints back as " + again);
                }
            } catch (ParseException ex) {
                problems.add(where + "\n    prints as " + printed + "\n    which does not parse: " + ex.getMessage());
            }
        }

        System.out.printf(Locale.ROOT, "PromQL conformance scripts: %d scripts, %d eval queries%n", scripts.size(),
                evals.size());
        System.out.printf(Locale.ROOT, "  parsed: %d of %d (native-histogram evals: %d of %d; others: %d of %d)%n",
                parsed, evals.size(), nhParsed, nhTotal, parsed - nhParsed, evals.size() - nhTotal);
        System.out.printf(Locale.ROOT, "  printed and re-parsed to the same text: %d%n", roundTripped);
        System.out.printf(Locale.ROOT, "  expect fail: %d (rejected by the parser as expected: %d; "
                + "valid syntax that Prometheus rejects during evaluation: %d)%n", failExpected, failedAtParse,
                failDeferredToEvaluation);
        System.out.printf(Locale.ROOT, "  problems: %d%n", problems.size());
        problems.forEach(p -> System.out.println("  - " + p));

        assertThat(evals).hasSizeGreaterThan(1000);
        if (!nativeHistogram.isEmpty()) {
            assertThat(evals).hasSize(nativeHistogram.size());
        }
        assertThat(problems).isEmpty();
    }

    /**
     * Whether the script's expected failure is a parse error. Prometheus words those
     * {@code 1:5: parse error: ...}; every other {@code expect fail} in the scripts is an
     * evaluation error of a syntactically valid query.
     */
    private static boolean expectsParseError(Eval e) {
        String expected = e.failMessage() != null ? e.failMessage() : e.failRegex();
        return expected != null && expected.contains("parse error");
    }

    static List<Eval> readEvals(Path script) throws IOException {
        List<String> lines = Files.readAllLines(script, StandardCharsets.UTF_8);
        String file = script.getFileName().toString();
        List<Eval> out = new ArrayList<>();
        int i = 0;
        while (i < lines.size()) {
            String line = lines.get(i).strip();
            i++;
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String cmd = line.split("\\s+", 2)[0].toLowerCase(Locale.ROOT);
            if (cmd.equals("clear")) {
                continue;
            }
            if (cmd.startsWith("load")) {
                // load and load_with_nhcb own the series lines below them (which may hold {{...}} histograms).
                while (i < lines.size() && !isBlockEnd(lines.get(i))) {
                    i++;
                }
                continue;
            }
            if (!cmd.startsWith("eval")) {
                throw new IllegalStateException(file + ":" + i + ": unknown command: " + line);
            }
            int headerLine = i;
            String query;
            String suffix;
            Matcher m = EVAL_INSTANT.matcher(line);
            Matcher r = EVAL_RANGE.matcher(line);
            if (m.matches()) {
                suffix = m.group(1);
                query = m.group(3);
            } else if (r.matches()) {
                suffix = r.group(1);
                query = r.group(5);
            } else {
                throw new IllegalStateException(file + ":" + headerLine + ": unreadable eval line: " + line);
            }
            boolean expectFail = "fail".equals(suffix);
            String message = null;
            String regex = null;
            while (i < lines.size() && !isBlockEnd(lines.get(i))) {
                String l = lines.get(i).strip();
                i++;
                Matcher f = EXPECT_FAIL.matcher(l);
                if (f.matches()) {
                    expectFail = true;
                    if ("msg".equals(f.group(1))) {
                        message = f.group(2).strip();
                    } else if ("regex".equals(f.group(1))) {
                        regex = f.group(2).strip();
                    }
                } else if (l.startsWith("expected_fail_message")) {
                    message = l.substring("expected_fail_message".length()).strip();
                    break;
                } else if (l.startsWith("expected_fail_regexp")) {
                    regex = l.substring("expected_fail_regexp".length()).strip();
                    break;
                }
            }
            out.add(new Eval(file, headerLine, query, expectFail, message, regex));
        }
        return out;
    }

    private static boolean isBlockEnd(String line) {
        String l = line.strip();
        return l.isEmpty() || l.startsWith("#");
    }

    /** file:line to whether the eval involves native histograms, from the index when present. */
    private static Map<String, Boolean> readIndex(Path index) throws IOException {
        Map<String, Boolean> out = new HashMap<>();
        if (!Files.exists(index)) {
            return out;
        }
        List<String> lines = Files.readAllLines(index, StandardCharsets.UTF_8);
        for (String l : lines.subList(1, lines.size())) {
            String[] f = l.split("\t");
            if (f.length > 3) {
                out.put(f[0] + ":" + f[1], f[3].equals("yes"));
            }
        }
        return out;
    }

    static Path sharedDir() {
        String prop = System.getProperty("pharos.shared.dir");
        if (prop != null && !prop.isBlank() && !prop.contains("${")) {
            return Path.of(prop);
        }
        return Path.of("..", "..", "shared");
    }
}
