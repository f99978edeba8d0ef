package io.pharos.model.template;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.TextStyle;
import java.util.Locale;

/**
 * Go's {@code time.Time} for templates: {@code .StartsAt.Format "2006-01-02"}, {@code .Unix},
 * {@code .UTC}, printing as {@code 2024-05-01 10:00:00 +0000 UTC}. An unset time is Go's zero
 * time, {@code 0001-01-01 00:00:00 +0000 UTC}.
 */
public final class GoTime implements GoObject, Comparable<GoTime> {
    static final Instant ZERO_INSTANT = Instant.parse("0001-01-01T00:00:00Z");
    private static final ZoneId UTC = ZoneId.of("UTC");

    private final Instant instant;
    private final ZoneId zone;

    public GoTime(Instant instant, ZoneId zone) {
        this.instant = instant;
        this.zone = zone;
    }

    /** The time in UTC; null is the zero time. */
    public static GoTime of(Instant t) {
        return new GoTime(t == null ? ZERO_INSTANT : t, UTC);
    }

    public Instant instant() {
        return instant;
    }

    public ZoneId zone() {
        return zone;
    }

    public boolean isZero() {
        return instant.equals(ZERO_INSTANT);
    }

    ZonedDateTime zoned() {
        return instant.atZone(zone);
    }

    /** Formats with a Go reference-time layout such as {@code 2006-01-02T15:04:05Z07:00}. */
    public String format(String layout) {
        return format(zoned(), layout);
    }

    @Override
    public Object member(String name) {
        return switch (name) {
            case "Format" -> (Method) args -> {
                if (args.size() != 1) {
                    throw new TemplateException("wrong number of args for Format: want 1 got " + args.size());
                }
                return format(Values.string(args.get(0), "Format"));
            };
            case "Unix" -> GoObject.niladic(name, () -> instant.getEpochSecond());
            case "UnixMilli" -> GoObject.niladic(name, () -> instant.toEpochMilli());
            case "UnixNano" -> GoObject.niladic(name, () -> instant.getEpochSecond() * 1_000_000_000L + instant.getNano());
            case "UTC" -> GoObject.niladic(name, () -> new GoTime(instant, UTC));
            case "Local" -> GoObject.niladic(name, () -> new GoTime(instant, ZoneId.systemDefault()));
            case "IsZero" -> GoObject.niladic(name, this::isZero);
            case "Year" -> GoObject.niladic(name, () -> (long) zoned().getYear());
            case "YearDay" -> GoObject.niladic(name, () -> (long) zoned().getDayOfYear());
            case "Month" -> GoObject.niladic(name, () -> zoned().getMonth().getDisplayName(TextStyle.FULL, Locale.ENGLISH));
            case "Day" -> GoObject.niladic(name, () -> (long) zoned().getDayOfMonth());
            case "Weekday" -> GoObject.niladic(name, () -> zoned().getDayOfWeek().getDisplayName(TextStyle.FULL, Locale.ENGLISH));
            case "Hour" -> GoObject.niladic(name, () -> (long) zoned().getHour());
            case "Minute" -> GoObject.niladic(name, () -> (long) zoned().getMinute());
            case "Second" -> GoObject.niladic(name, () -> (long) zoned().getSecond());
            case "Nanosecond" -> GoObject.niladic(name, () -> (long) zoned().getNano());
            case "String" -> GoObject.niladic(name, this::toString);
            case "Before" -> (Method) args -> instant.isBefore(other(args, name).instant);
            case "After" -> (Method) args -> instant.isAfter(other(args, name).instant);
            case "Equal" -> (Method) args -> instant.equals(other(args, name).instant);
            case "Sub" -> (Method) args -> new GoDuration(Duration.between(other(args, name).instant, instant));
            case "Add" -> (Method) args -> {
                if (args.size() != 1 || !(args.get(0) instanceof GoDuration || args.get(0) instanceof Long)) {
                    throw new TemplateException("wrong type for value; expected time.Duration");
                }
                long nanos = args.get(0) instanceof GoDuration d ? d.nanos() : (Long) args.get(0);
                return new GoTime(instant.plusNanos(nanos), zone);
            };
            default -> NONE;
        };
    }

    private static GoTime other(java.util.List<Object> args, String method) throws TemplateException {
        if (args.size() != 1 || !(args.get(0) instanceof GoTime t)) {
            throw new TemplateException("wrong type for value in " + method + "; expected time.Time");
        }
        return t;
    }

    @Override
    public String goType() {
        return "time.Time";
    }

    @Override
    public int compareTo(GoTime o) {
        return instant.compareTo(o.instant);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof GoTime t && t.instant.equals(instant);
    }

    @Override
    public int hashCode() {
        return instant.hashCode();
    }

    /** Go's {@code Time.String}: {@code 2006-01-02 15:04:05.999999999 -0700 MST}. */
    @Override
    public String toString() {
        return format("2006-01-02 15:04:05.999999999 -0700 MST");
    }

    // ---- Go layouts -------------------------------------------------------------------------

    static String format(ZonedDateTime t, String layout) {
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < layout.length()) {
            int consumed = chunk(t, layout, i, out);
            if (consumed == 0) {
                out.append(layout.charAt(i));
                i++;
            } else {
                i += consumed;
            }
        }
        return out.toString();
    }

    /** Appends the value of the layout element at {@code i}; returns its length, or 0 for a literal character. */
    private static int chunk(ZonedDateTime t, String l, int i, StringBuilder out) {
        char c = l.charAt(i);
        switch (c) {
            case 'J':
                if (l.startsWith("January", i)) {
                    out.append(t.getMonth().getDisplayName(TextStyle.FULL, Locale.ENGLISH));
                    return 7;
                }
                if (l.startsWith("Jan", i)) {
                    out.append(t.getMonth().getDisplayName(TextStyle.SHORT, Locale.ENGLISH));
                    return 3;
                }
                return 0;
            case 'M':
                if (l.startsWith("Monday", i)) {
                    out.append(t.getDayOfWeek().getDisplayName(TextStyle.FULL, Locale.ENGLISH));
                    return 6;
                }
                if (l.startsWith("Mon", i)) {
                    out.append(t.getDayOfWeek().getDisplayName(TextStyle.SHORT, Locale.ENGLISH));
                    return 3;
                }
                if (l.startsWith("MST", i)) {
                    out.append(zoneAbbreviation(t));
                    return 3;
                }
                return 0;
            case '0':
                if (l.startsWith("002", i)) {
                    out.append(String.format("%03d", t.getDayOfYear()));
                    return 3;
                }
                if (i + 1 < l.length() && l.charAt(i + 1) >= '1' && l.charAt(i + 1) <= '6') {
                    int v = switch (l.charAt(i + 1)) {
                        case '1' -> t.getMonthValue();
                        case '2' -> t.getDayOfMonth();
                        case '3' -> hour12(t);
                        case '4' -> t.getMinute();
                        case '5' -> t.getSecond();
                        default -> t.getYear() % 100;
                    };
                    out.append(String.format("%02d", v));
                    return 2;
                }
                return 0;
            case '1':
                if (l.startsWith("15", i)) {
                    out.append(String.format("%02d", t.getHour()));
                    return 2;
                }
                out.append(t.getMonthValue());
                return 1;
            case '2':
                if (l.startsWith("2006", i)) {
                    out.append(String.format("%04d", t.getYear()));
                    return 4;
                }
                out.append(t.getDayOfMonth());
                return 1;
            case '_':
                if (l.startsWith("_2006", i)) {
                    out.append('_').append(String.format("%04d", t.getYear()));
                    return 5;
                }
                if (l.startsWith("__2", i)) {
                    out.append(String.format("%3d", t.getDayOfYear()));
                    return 3;
                }
                if (l.startsWith("_2", i)) {
                    out.append(String.format("%2d", t.getDayOfMonth()));
                    return 2;
                }
                return 0;
            case '3':
                out.append(hour12(t));
                return 1;
            case '4':
                out.append(t.getMinute());
                return 1;
            case '5':
                out.append(t.getSecond());
                return 1;
            case 'P':
                if (l.startsWith("PM", i)) {
                    out.append(t.getHour() >= 12 ? "PM" : "AM");
                    return 2;
                }
                return 0;
            case 'p':
                if (l.startsWith("pm", i)) {
                    out.append(t.getHour() >= 12 ? "pm" : "am");
                    return 2;
                }
                return 0;
            case '-':
            case 'Z':
                return zone(t, l, i, out);
            case '.':
            case ',':
                if (i + 1 < l.length() && (l.charAt(i + 1) == '0' || l.charAt(i + 1) == '9')) {
                    char digit = l.charAt(i + 1);
                    int j = i + 1;
                    while (j < l.length() && l.charAt(j) == digit) {
                        j++;
                    }
                    if (j < l.length() && Character.isDigit(l.charAt(j))) {
                        return 0;
                    }
                    int n = j - i - 1;
                    String frac = String.format("%09d", t.getNano()).substring(0, Math.min(9, n));
                    if (digit == '9') {
                        int end = frac.length();
                        while (end > 0 && frac.charAt(end - 1) == '0') {
                            end--;
                        }
                        if (end > 0) {
                            out.append(c).append(frac, 0, end);
                        }
                    } else {
                        out.append(c).append(frac);
                    }
                    return j - i;
                }
                return 0;
            default:
                return 0;
        }
    }

    private static int zone(ZonedDateTime t, String l, int i, StringBuilder out) {
        String[] forms = {"070000", "07:00:00", "0700", "07:00", "07"};
        for (String f : forms) {
            if (l.startsWith(f, i + 1)) {
                int offset = t.getOffset().getTotalSeconds();
                boolean z = l.charAt(i) == 'Z';
                if (z && offset == 0) {
                    out.append('Z');
                    return 1 + f.length();
                }
                out.append(offset < 0 ? '-' : '+');
                int abs = Math.abs(offset);
                int h = abs / 3600;
                int m = (abs / 60) % 60;
                int s = abs % 60;
                out.append(String.format("%02d", h));
                switch (f) {
                    case "070000" -> out.append(String.format("%02d%02d", m, s));
                    case "07:00:00" -> out.append(String.format(":%02d:%02d", m, s));
                    case "0700" -> out.append(String.format("%02d", m));
                    case "07:00" -> out.append(String.format(":%02d", m));
                    default -> { }
                }
                return 1 + f.length();
            }
        }
        return 0;
    }

    private static int hour12(ZonedDateTime t) {
        int h = t.getHour() % 12;
        return h == 0 ? 12 : h;
    }

    private static String zoneAbbreviation(ZonedDateTime t) {
        if (t.getZone().equals(UTC) || t.getZone().equals(ZoneOffset.UTC)) {
            return "UTC";
        }
        String abbr = DateTimeFormatter.ofPattern("zzz", Locale.ENGLISH).format(t);
        if (abbr.startsWith("GMT") || abbr.startsWith("UTC") || abbr.matches(".*[0-9].*")) {
            // Go prints the numeric offset when the zone has no abbreviation.
            int offset = t.getOffset().getTotalSeconds();
            int abs = Math.abs(offset);
            String s = (offset < 0 ? "-" : "+") + String.format("%02d", abs / 3600);
            return abs % 3600 == 0 ? s : s + String.format("%02d", (abs / 60) % 60);
        }
        return abbr;
    }

    /** {@code 2024-05-01T10:00:00.123456789Z}: UTC, fraction trimmed of trailing zeros (Go's RFC3339Nano). */
    public static String rfc3339Nano(Instant t) {
        if (t == null) {
            return "0001-01-01T00:00:00Z";
        }
        String s = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss").withZone(UTC).format(t);
        int n = t.getNano();
        if (n == 0) {
            return s + "Z";
        }
        String frac = String.format("%09d", n).replaceAll("0+$", "");
        return s + "." + frac + "Z";
    }
}
