package io.pharos.alertmanager.timeinterval;

import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The textual forms of time interval fields as alertmanager.yml writes them, with Alertmanager's
 * checks and error wording: {@code monday:friday}, {@code 1:5}, {@code -3:-1}, {@code january:march},
 * {@code 2020:2022}, {@code 09:00} to {@code 17:30}, {@code Europe/Berlin}. Errors are
 * {@link IllegalArgumentException}s.
 */
public final class TimeIntervalSyntax {
    private static final Pattern TIME = Pattern.compile("^((([01][0-9])|(2[0-3])):[0-5][0-9])$|(^24:00$)");

    private static final Map<String, Integer> WEEKDAYS = Map.of(
            "sunday", 0, "monday", 1, "tuesday", 2, "wednesday", 3, "thursday", 4, "friday", 5, "saturday", 6);

    private static final String[] MONTH_NAMES = {"january", "february", "march", "april", "may", "june", "july",
        "august", "september", "october", "november", "december"};

    private TimeIntervalSyntax() {
    }

    /** {@code monday}, {@code monday:friday} (case-insensitive). */
    public static TimeInterval.Range weekdays(String s) {
        TimeInterval.Range r = range(s, part -> {
            Integer d = WEEKDAYS.get(part);
            if (d == null) {
                throw new IllegalArgumentException(part + " is not a valid weekday");
            }
            return d;
        });
        if (r.begin() > r.end()) {
            throw new IllegalArgumentException("start day cannot be before end day");
        }
        return r;
    }

    /** {@code 1}, {@code 1:15}, {@code -7:-1}: day numbers, negative ones counted from the month's end. */
    public static TimeInterval.Range daysOfMonth(String s) {
        TimeInterval.Range r = range(s, TimeIntervalSyntax::integer);
        if (r.begin() == 0 || r.begin() < -31 || r.begin() > 31) {
            throw new IllegalArgumentException(r.begin() + " is not a valid day of the month: out of range");
        }
        if (r.end() == 0 || r.end() < -31 || r.end() > 31) {
            throw new IllegalArgumentException(r.end() + " is not a valid day of the month: out of range");
        }
        if (r.begin() < 0 && r.end() > 0) {
            throw new IllegalArgumentException("end day must be negative if start day is negative");
        }
        int checkBegin = r.begin() < 0 ? 28 + r.begin() : r.begin();
        int checkEnd = r.end() < 0 ? 28 + r.end() : r.end();
        if (checkBegin > checkEnd) {
            throw new IllegalArgumentException("end day " + r.end() + " is always before start day " + r.begin());
        }
        return r;
    }

    /** {@code january:march}, {@code 1:3}, {@code may}. */
    public static TimeInterval.Range months(String s) {
        TimeInterval.Range r = range(s, part -> {
            for (int i = 0; i < MONTH_NAMES.length; i++) {
                if (MONTH_NAMES[i].equals(part)) {
                    return i + 1;
                }
            }
            try {
                return Integer.parseInt(part);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(part + " is not a valid month");
            }
        });
        if (r.begin() > r.end()) {
            throw new IllegalArgumentException("end month " + monthName(r.end()) + " is before start month "
                    + monthName(r.begin()));
        }
        return r;
    }

    /** {@code 2024}, {@code 2020:2022}. */
    public static TimeInterval.Range years(String s) {
        TimeInterval.Range r = range(s, TimeIntervalSyntax::integer);
        if (r.begin() > r.end()) {
            throw new IllegalArgumentException("end year " + r.end() + " is before start year " + r.begin());
        }
        return r;
    }

    /** A {@code times:} entry from its {@code start_time} and {@code end_time}. */
    public static TimeInterval.TimeRange times(String start, String end) {
        if (start == null || start.isEmpty() || end == null || end.isEmpty()) {
            throw new IllegalArgumentException("both start and end times must be provided");
        }
        int s = minutes(start);
        int e = minutes(end);
        if (s >= e) {
            throw new IllegalArgumentException("start time cannot be equal or greater than end time");
        }
        return new TimeInterval.TimeRange(s, e);
    }

    /** An IANA zone name such as {@code Europe/Berlin}, or {@code UTC} / {@code Local}. */
    public static ZoneId location(String s) {
        if (s.equals("Local")) {
            return ZoneId.systemDefault();
        }
        if (s.isEmpty() || s.equals("UTC")) {
            return ZoneId.of("UTC");
        }
        try {
            return ZoneId.of(s);
        } catch (DateTimeException e) {
            throw new IllegalArgumentException("unknown time zone " + s);
        }
    }

    private static int minutes(String s) {
        if (!TIME.matcher(s).find()) {
            throw new IllegalArgumentException("couldn't parse timestamp " + s + ", invalid format");
        }
        String[] parts = s.split(":");
        return Integer.parseInt(parts[0]) * 60 + Integer.parseInt(parts[1]);
    }

    private interface Member {
        int parse(String s);
    }

    private static TimeInterval.Range range(String in, Member member) {
        String s = in.toLowerCase(Locale.ROOT);
        if (s.indexOf(':') >= 0) {
            String[] parts = s.split(":", -1);
            if (parts.length != 2) {
                throw new IllegalArgumentException("couldn't parse range " + s + ", invalid format");
            }
            return new TimeInterval.Range(member.parse(parts[0]), member.parse(parts[1]));
        }
        int v = member.parse(s);
        return new TimeInterval.Range(v, v);
    }

    private static int integer(String s) {
        try {
            return Integer.parseInt(s);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("strconv.Atoi: parsing \"" + s + "\": invalid syntax");
        }
    }

    private static String monthName(int m) {
        return m >= 1 && m <= 12 ? MONTH_NAMES[m - 1] : "";
    }
}
