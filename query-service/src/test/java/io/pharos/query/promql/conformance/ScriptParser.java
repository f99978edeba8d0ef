package io.pharos.query.promql.conformance;

import io.pharos.model.labels.Labels;
import io.pharos.query.promql.parser.Durations;
import io.pharos.query.promql.testing.SeriesLabels;
import io.pharos.query.promql.testing.SeriesValues;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Reads the PromQL test-script format ({@code shared/conformance/promql/FORMAT.md}): lines are
 * trimmed, comments count as empty lines, a block ends at the first empty line.
 */
final class ScriptParser {
    private static final Pattern LOAD = Pattern.compile("^load(?:_(with_nhcb))?\\s+(.+?)$");
    private static final Pattern EVAL_INSTANT = Pattern.compile(
            "^eval(?:_(fail|warn|ordered|info))?\\s+instant\\s+(?:at\\s+(.+?))?\\s+(.+)$");
    private static final Pattern EVAL_RANGE = Pattern.compile(
            "^eval(?:_(fail|warn|info))?\\s+range\\s+from\\s+(.+)\\s+to\\s+(.+)\\s+step\\s+(.+?)\\s+(.+)$");
    private static final Pattern EXPECT = Pattern.compile(
            "^expect\\s+(ordered|fail|warn|no_warn|info|no_info)(?:\\s+(regex|msg):(.+))?$");
    private static final Pattern EXPECT_RANGE = Pattern.compile(
            "^expect range vector\\s+from\\s+(.+)\\s+to\\s+(.+)\\s+step\\s+(.+)$");

    private ScriptParser() {
    }

    static Script parse(String file, String text) {
        String[] raw = text.split("\n", -1);
        String[] lines = new String[raw.length];
        for (int i = 0; i < raw.length; i++) {
            String l = raw[i].strip();
            lines[i] = l.startsWith("#") ? "" : l;
        }
        List<Script.Command> commands = new ArrayList<>();
        for (int i = 0; i < lines.length; i++) {
            String l = lines[i];
            if (l.isEmpty()) {
                continue;
            }
            String first = l.split("[\t ]+", 2)[0].toLowerCase(Locale.ROOT);
            if (first.equals("clear")) {
                commands.add(new Script.Clear(i + 1));
            } else if (first.startsWith("load")) {
                i = parseLoad(lines, i, commands);
            } else if (first.startsWith("eval")) {
                i = parseEval(file, lines, i, commands);
            } else {
                throw new IllegalArgumentException(file + ":" + (i + 1) + ": invalid command " + l);
            }
        }
        return new Script(file, commands);
    }

    private static int parseLoad(String[] lines, int i, List<Script.Command> commands) {
        java.util.regex.Matcher m = LOAD.matcher(lines[i]);
        if (!m.matches()) {
            throw new IllegalArgumentException("line " + (i + 1) + ": invalid load command");
        }
        long interval = Durations.parse(m.group(2));
        Map<Labels, Script.LoadedSeries> series = new LinkedHashMap<>();
        int headerLine = i + 1;
        while (i + 1 < lines.length && !lines[i + 1].isEmpty()) {
            i++;
            String[] parts = SeriesLabels.splitLine(lines[i]);
            if (parts[0].endsWith("@st")) {
                continue; // start timestamps: not stored by Pharos, files using them are skipped
            }
            if (parts[1].contains("{{")) {
                continue; // native histograms: not stored by Pharos, evals using them are skipped
            }
            Labels labels = SeriesLabels.parse(parts[0]);
            List<Double> values = SeriesValues.parse(parts[1]);
            series.put(labels, new Script.LoadedSeries(labels, values.toArray(new Double[0])));
        }
        commands.add(new Script.Load(headerLine, interval, m.group(1) != null, new ArrayList<>(series.values())));
        return i;
    }

    private static int parseEval(String file, String[] lines, int i, List<Script.Command> commands) {
        String header = lines[i];
        java.util.regex.Matcher instant = EVAL_INSTANT.matcher(header);
        java.util.regex.Matcher range = EVAL_RANGE.matcher(header);
        boolean isInstant = instant.matches();
        if (!isInstant && !range.matches()) {
            throw new IllegalArgumentException(file + ":" + (i + 1) + ": invalid eval command");
        }
        Script.Eval ev;
        String mod;
        if (isInstant) {
            mod = instant.group(1);
            ev = new Script.Eval(file, i + 1, instant.group(3), false);
            ev.start = Durations.parse(instant.group(2));
            ev.evalTime = ev.start;
        } else {
            mod = range.group(1);
            ev = new Script.Eval(file, i + 1, range.group(5), true);
            ev.start = Durations.parse(range.group(2));
            ev.end = Durations.parse(range.group(3));
            ev.step = Durations.parse(range.group(4));
        }
        if (mod != null) {
            switch (mod) {
                case "ordered" -> ev.ordered = true;
                case "fail" -> ev.fail = true;
                case "warn" -> ev.warn = true;
                case "info" -> ev.info = true;
                default -> throw new IllegalArgumentException(mod);
            }
        }
        boolean expectRangeVector = false;
        for (int j = 1; i + 1 < lines.length; j++) {
            i++;
            String line = lines[i];
            if (line.isEmpty()) {
                i--;
                break;
            }
            if (ev.fail && line.startsWith("expected_fail_message")) {
                ev.expects.computeIfAbsent(Script.ExpectType.FAIL, k -> new ArrayList<>())
                        .add(new Script.Expect(Script.ExpectType.FAIL, line.substring(21).strip(), null));
                break;
            }
            if (ev.fail && line.startsWith("expected_fail_regexp")) {
                ev.expects.computeIfAbsent(Script.ExpectType.FAIL, k -> new ArrayList<>()).add(new Script.Expect(
                        Script.ExpectType.FAIL, null, Pattern.compile(line.substring(20).strip())));
                break;
            }
            if (line.startsWith("expect range vector")) {
                java.util.regex.Matcher r = EXPECT_RANGE.matcher(line);
                if (!r.matches()) {
                    throw new IllegalArgumentException(file + ":" + (i + 1) + ": invalid range vector definition");
                }
                expectRangeVector = true;
                ev.start = Durations.parse(r.group(1));
                ev.end = Durations.parse(r.group(2));
                ev.step = Durations.parse(r.group(3));
                ev.evalTime = ev.end;
                ev.excludeFromRangeQuery = true;
                continue;
            }
            if (line.startsWith("expect string")) {
                ev.expectedString = unquote(line.substring("expect string".length()).strip());
                ev.excludeFromRangeQuery = true;
                continue;
            }
            if (line.split(" ")[0].equals("expect")) {
                java.util.regex.Matcher x = EXPECT.matcher(line.strip());
                if (!x.matches()) {
                    throw new IllegalArgumentException(file + ":" + (i + 1) + ": invalid expect line " + line);
                }
                Script.ExpectType type = Script.ExpectType.valueOf(x.group(1).toUpperCase(Locale.ROOT));
                Script.Expect expect;
                if (x.group(2) == null) {
                    expect = new Script.Expect(type, null, null);
                } else if (x.group(2).equals("msg")) {
                    expect = new Script.Expect(type, x.group(3).strip(), null);
                } else {
                    expect = new Script.Expect(type, null, Pattern.compile(x.group(3).strip()));
                }
                ev.expects.computeIfAbsent(type, k -> new ArrayList<>()).add(expect);
                j--;
                continue;
            }
            Double number = SeriesValues.parseNumber(line);
            if (number != null) {
                ev.expectedScalar = number;
                break;
            }
            String[] parts = SeriesLabels.splitLine(line);
            if (parts[1].contains("{{")) {
                ev.usesHistogramNotation = true;
                continue;
            }
            List<Double> values = SeriesValues.parse(parts[1]);
            if (values.size() > 1 && isInstant && !expectRangeVector) {
                throw new IllegalArgumentException(file + ":" + (i + 1) + ": multiple values in an instant evaluation");
            }
            ev.expected.add(new Script.ExpectedSeries(SeriesLabels.parse(parts[0]), j, values.toArray(new Double[0])));
        }
        commands.add(ev);
        return i;
    }

    /** Go's {@code strconv.Unquote} for double-quoted (with escapes) and back-quoted strings. */
    static String unquote(String s) {
        if (s.length() >= 2 && s.startsWith("`") && s.endsWith("`")) {
            return s.substring(1, s.length() - 1);
        }
        if (s.length() < 2 || !s.startsWith("\"") || !s.endsWith("\"")) {
            throw new IllegalArgumentException("expected string literal not valid: " + s);
        }
        StringBuilder b = new StringBuilder();
        for (int i = 1; i < s.length() - 1; i++) {
            char c = s.charAt(i);
            if (c != '\\') {
                b.append(c);
                continue;
            }
            char n = s.charAt(++i);
            switch (n) {
                case 'n' -> b.append('\n');
                case 't' -> b.append('\t');
                case 'r' -> b.append('\r');
                case '\\' -> b.append('\\');
                case '"' -> b.append('"');
                case '\'' -> b.append('\'');
                case 'a' -> b.append('\u0007');
                case 'b' -> b.append('\b');
                case 'f' -> b.append('\f');
                case 'v' -> b.append('\u000b');
                case 'x' -> {
                    b.append((char) Integer.parseInt(s.substring(i + 1, i + 3), 16));
                    i += 2;
                }
                case 'u' -> {
                    b.append((char) Integer.parseInt(s.substring(i + 1, i + 5), 16));
                    i += 4;
                }
                default -> throw new IllegalArgumentException("bad escape in " + s);
            }
        }
        return b.toString();
    }
}
