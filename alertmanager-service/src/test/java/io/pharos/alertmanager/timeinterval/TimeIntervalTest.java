package io.pharos.alertmanager.timeinterval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pharos.alertmanager.config.AlertmanagerConfig;
import io.pharos.alertmanager.config.ConfigException;
import io.pharos.alertmanager.config.ConfigLoader;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TimeIntervalTest {
    private static TimeInterval only(String yaml) throws ConfigException {
        AlertmanagerConfig c = new ConfigLoader().parse("""
                route: {receiver: r}
                receivers: [{name: r}]
                time_intervals:
                  - name: t
                    time_intervals:
                """ + yaml.indent(6));
        return c.timeIntervals().get(0).timeIntervals().get(0);
    }

    private static boolean in(TimeInterval ti, String instant) {
        return ti.contains(Instant.parse(instant));
    }

    @Test
    void businessHoursOnWeekdays() throws Exception {
        TimeInterval ti = only("""
                - times: [{start_time: '09:00', end_time: '17:30'}]
                  weekdays: ['monday:friday']
                """);
        assertThat(in(ti, "2024-05-01T09:00:00Z")).isTrue(); // Wednesday
        assertThat(in(ti, "2024-05-01T17:29:59Z")).isTrue();
        assertThat(in(ti, "2024-05-01T17:30:00Z")).as("end is exclusive").isFalse();
        assertThat(in(ti, "2024-05-01T08:59:59Z")).isFalse();
        assertThat(in(ti, "2024-05-04T12:00:00Z")).as("Saturday").isFalse();
        assertThat(in(ti, "2024-05-05T12:00:00Z")).as("Sunday").isFalse();
    }

    @Test
    void negativeDaysOfMonthCountFromTheEnd() throws Exception {
        TimeInterval lastThree = only("- days_of_month: ['-3:-1']");
        assertThat(in(lastThree, "2024-02-27T00:00:00Z")).isTrue(); // leap year: 27, 28, 29
        assertThat(in(lastThree, "2024-02-26T23:59:59Z")).isFalse();
        assertThat(in(lastThree, "2023-02-26T00:00:00Z")).isTrue(); // 26, 27, 28
        assertThat(in(lastThree, "2024-04-28T00:00:00Z")).isTrue();
        assertThat(in(lastThree, "2024-04-27T00:00:00Z")).isFalse();

        TimeInterval firstToSecondLast = only("- days_of_month: ['1:-2']");
        assertThat(in(firstToSecondLast, "2024-04-29T10:00:00Z")).isTrue();
        assertThat(in(firstToSecondLast, "2024-04-30T10:00:00Z")).isFalse();

        TimeInterval thirtyFirst = only("- days_of_month: ['31']");
        assertThat(in(thirtyFirst, "2024-05-31T10:00:00Z")).isTrue();
        assertThat(in(thirtyFirst, "2024-04-30T10:00:00Z")).as("no 31st in April").isFalse();
    }

    @Test
    void monthsYearsAndLocation() throws Exception {
        TimeInterval ti = only("""
                - months: ['december', 'january:february', '7']
                  years: ['2024:2025']
                  times: [{start_time: '00:00', end_time: '06:00'}]
                  location: Europe/Berlin
                """);
        assertThat(in(ti, "2024-12-31T22:30:00Z")).as("23:30 in Berlin, outside 00-06").isFalse();
        assertThat(in(ti, "2024-12-31T23:30:00Z")).as("00:30 on Jan 1 2025 in Berlin").isTrue();
        assertThat(in(ti, "2024-07-10T03:00:00Z")).isTrue();
        assertThat(in(ti, "2024-06-10T03:00:00Z")).isFalse();
        assertThat(in(ti, "2026-01-10T03:00:00Z")).isFalse();
        assertThat(ti.location().getId()).isEqualTo("Europe/Berlin");
    }

    @Test
    void anIntervalNameMatchesWhenAnyOfItsEntriesDoes() {
        TimeInterval weekend = new TimeInterval(null, List.of(new TimeInterval.Range(0, 0), new TimeInterval.Range(6, 6)),
                null, null, null, null);
        TimeInterval night = new TimeInterval(List.of(new TimeInterval.TimeRange(0, 360)), null, null, null, null, null);
        Intervener i = new Intervener(Map.of("off", List.of(weekend, night), "never", List.of()));
        assertThat(i.containing(List.of("off", "never"), Instant.parse("2024-05-04T12:00:00Z"))).containsExactly("off");
        assertThat(i.containing(List.of("off"), Instant.parse("2024-05-01T03:00:00Z"))).containsExactly("off");
        assertThat(i.containing(List.of("off"), Instant.parse("2024-05-01T12:00:00Z"))).isEmpty();
        assertThatThrownBy(() -> i.containing(List.of("nope"), Instant.EPOCH)).hasMessageContaining("doesn't exist");
    }

    @Test
    void invalidDefinitionsAreRejectedWithAlertmanagersWording() {
        assertRejected("- weekdays: ['friday:monday']", "start day cannot be before end day");
        assertRejected("- weekdays: ['funday']", "funday is not a valid weekday");
        assertRejected("- days_of_month: ['0']", "0 is not a valid day of the month: out of range");
        assertRejected("- days_of_month: ['-1:5']", "end day must be negative if start day is negative");
        assertRejected("- days_of_month: ['10:-25']", "end day -25 is always before start day 10");
        assertRejected("- months: ['march:january']", "end month january is before start month march");
        assertRejected("- months: ['smarch']", "smarch is not a valid month");
        assertRejected("- years: ['2025:2020']", "end year 2020 is before start year 2025");
        assertRejected("- times: [{start_time: '10:00', end_time: '09:00'}]",
                "start time cannot be equal or greater than end time");
        assertRejected("- times: [{start_time: '25:00', end_time: '26:00'}]",
                "couldn't parse timestamp 25:00, invalid format");
        assertRejected("- times: [{start_time: '10:00'}]", "both start and end times must be provided");
        assertRejected("- location: Mars/Olympus", "unknown time zone Mars/Olympus");
        assertRejected("- hours: ['1']", "field hours not found");
    }

    private static void assertRejected(String yaml, String message) {
        assertThatThrownBy(() -> only(yaml)).isInstanceOf(ConfigException.class).hasMessageContaining(message);
    }
}
