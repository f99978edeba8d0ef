package io.pharos.alertmanager.timeinterval;

import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.List;

/**
 * One entry of a {@code time_intervals:} definition. A time is inside when it satisfies every
 * constraint that is set; a constraint left unset (null) accepts any time. Within a constraint,
 * the ranges are alternatives.
 *
 * @param times minutes of the day, start inclusive, end exclusive
 * @param weekdays 0 (Sunday) to 6 (Saturday)
 * @param daysOfMonth 1 to 31, or -1 (the last day) to -31, counted in the month of the time
 * @param months 1 (January) to 12
 * @param years calendar years
 * @param location the zone the time is read in; UTC when not given
 */
public record TimeInterval(
        List<TimeRange> times,
        List<Range> weekdays,
        List<Range> daysOfMonth,
        List<Range> months,
        List<Range> years,
        ZoneId location) {

    /** An inclusive range of integers. */
    public record Range(int begin, int end) {
        boolean contains(int v) {
            return v >= begin && v <= end;
        }
    }

    /** Minutes since midnight: {@code [startMinute, endMinute)}. */
    public record TimeRange(int startMinute, int endMinute) {
        boolean contains(int minute) {
            return minute >= startMinute && minute < endMinute;
        }
    }

    public TimeInterval {
        times = times == null ? null : List.copyOf(times);
        weekdays = weekdays == null ? null : List.copyOf(weekdays);
        daysOfMonth = daysOfMonth == null ? null : List.copyOf(daysOfMonth);
        months = months == null ? null : List.copyOf(months);
        years = years == null ? null : List.copyOf(years);
    }

    /** Whether the instant, read in this interval's location, lies inside. */
    public boolean contains(Instant instant) {
        ZonedDateTime t = instant.atZone(location == null ? ZoneOffset.UTC : location);
        if (times != null) {
            int minute = t.getHour() * 60 + t.getMinute();
            if (times.stream().noneMatch(r -> r.contains(minute))) {
                return false;
            }
        }
        if (daysOfMonth != null && !inDaysOfMonth(t)) {
            return false;
        }
        if (months != null && months.stream().noneMatch(r -> r.contains(t.getMonthValue()))) {
            return false;
        }
        if (weekdays != null) {
            int weekday = t.getDayOfWeek().getValue() % 7; // Sunday = 0
            if (weekdays.stream().noneMatch(r -> r.contains(weekday))) {
                return false;
            }
        }
        return years == null || years.stream().anyMatch(r -> r.contains(t.getYear()));
    }

    private boolean inDaysOfMonth(ZonedDateTime t) {
        int days = YearMonth.from(t).lengthOfMonth();
        for (Range r : daysOfMonth) {
            int begin = r.begin() < 0 ? days + r.begin() + 1 : r.begin();
            int end = r.end() < 0 ? days + r.end() + 1 : r.end();
            if (begin > days) {
                continue; // e.g. 31 in a 30-day month
            }
            begin = clamp(begin, -days, days);
            end = clamp(end, -days, days);
            if (t.getDayOfMonth() >= begin && t.getDayOfMonth() <= end) {
                return true;
            }
        }
        return false;
    }

    private static int clamp(int n, int min, int max) {
        return Math.max(min, Math.min(max, n));
    }
}
