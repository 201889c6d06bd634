/*
 * A licensing time limit across the 2026 National Day holiday, from C.
 *
 * An application is accepted on Tuesday 2026-09-29. The statute gives 20 working days (行政许可法
 * art. 42); the National Day holiday (Oct 1-7) does not count, Saturday Oct 10 is a makeup workday.
 * A hearing (art. 45) stops the clock from Oct 12 to Oct 16, and the unit's leader grants the one
 * extension of 10 working days the statute allows.
 *
 * Build (after cargo build --release -p xiaoneng-c, which also writes target/release/xiaoneng.pc):
 *     cc deadline.c $(PKG_CONFIG_PATH=target/release pkg-config --cflags --libs xiaoneng)
 */
#include <stdio.h>
#include <string.h>

#include "xiaoneng.h"

/* Stops with the library's message when a call fails. */
#define TRY(call)                                                                                            \
    do {                                                                                                     \
        xn_status st_ = (call);                                                                              \
        if (st_ != XN_OK) {                                                                                  \
            fprintf(stderr, "%s failed (%d): %s\n", #call, (int)st_, xn_last_error());                       \
            goto fail;                                                                                       \
        }                                                                                                    \
    } while (0)

/* Unix seconds of a local time in China (UTC+08:00). */
static int64_t local_time(int32_t year, uint8_t month, uint8_t day, int hour, int minute) {
    xn_date date = {year, month, day};
    int64_t n = 0;
    xn_date_to_day(date, &n);
    return n * 86400 + hour * 3600 + minute * 60 - 8 * 3600;
}

static void print_day(const char *label, int64_t day) {
    xn_date d = {0, 0, 0};
    xn_day_to_date(day, &d);
    printf("%-22s %04d-%02d-%02d\n", label, (int)d.year, d.month, d.day);
}

static const char *state_name(xn_clock_state s) {
    switch (s) {
    case XN_STATE_NOT_STARTED: return "not started";
    case XN_STATE_RUNNING: return "running";
    case XN_STATE_PAUSED: return "paused";
    case XN_STATE_OVERDUE: return "overdue";
    case XN_STATE_COMPLETED_ON_TIME: return "completed on time";
    case XN_STATE_COMPLETED_LATE: return "completed late";
    }
    return "?";
}

static const char *signal_name(xn_signal s) {
    switch (s) {
    case XN_SIGNAL_NONE: return "none";
    case XN_SIGNAL_REMINDER: return "reminder";
    case XN_SIGNAL_YELLOW: return "yellow card";
    case XN_SIGNAL_RED: return "red card";
    }
    return "?";
}

int main(void) {
    const char *limit = "{\"schema\": 1,"
                        " \"limit\": {\"unit\": \"working_days\", \"amount\": 20},"
                        " \"started_at\": \"2026-09-29T10:00:00+08:00\","
                        " \"extension_rule\": {\"max_count\": 1, \"max_total\": 10},"
                        " \"signals\": {\"reminder_before\": {\"unit\": \"working_days\", \"amount\": 3}}}";
    const char *note = "hearing requested by the applicant";
    const char *approver = "leader-01";
    const char *reason = "expert opinion needed on the site plan";
    xn_calendar *cal = NULL;
    xn_clock *clock = NULL;
    xn_clock_info st;
    xn_buffer json = {0};
    int64_t day = 0;
    bool workday = false;
    int rc = 1;

    if (xn_abi_version() != XN_ABI_VERSION) {
        fprintf(stderr, "library ABI %u, header ABI %d\n", xn_abi_version(), XN_ABI_VERSION);
        return 1;
    }
    TRY(xn_calendar_china(&cal));

    /* The calendar alone: 5 working days after 2026-09-30 skip the whole holiday. */
    TRY(xn_calendar_local_day(cal, local_time(2026, 9, 30, 12, 0), &day));
    TRY(xn_calendar_add_workdays(cal, day, 5, XN_START_NEXT_DAY, &day));
    print_day("5 working days after 2026-09-30:", day);
    TRY(xn_calendar_local_day(cal, local_time(2026, 10, 10, 12, 0), &day));
    TRY(xn_calendar_is_workday(cal, day, &workday));
    printf("2026-10-10 (Saturday) is %s\n\n", workday ? "a makeup workday" : "a day off");

    /* The clock. */
    TRY(xn_clock_from_json(limit, strlen(limit), &clock));
    TRY(xn_clock_status(clock, cal, local_time(2026, 9, 29, 10, 0), &st));
    print_day("accepted, deadline:", st.deadline_day);

    TRY(xn_clock_pause(clock, XN_PAUSE_HEARING, local_time(2026, 10, 12, 9, 0), note, strlen(note)));
    TRY(xn_clock_resume(clock, local_time(2026, 10, 16, 17, 0)));
    TRY(xn_clock_status(clock, cal, local_time(2026, 10, 19, 9, 0), &st));
    print_day("after the hearing:", st.deadline_day);

    TRY(xn_clock_extend(clock, cal, local_time(2026, 10, 20, 9, 0), 10, approver, strlen(approver), reason,
                        strlen(reason)));
    TRY(xn_clock_status(clock, cal, local_time(2026, 11, 18, 9, 0), &st));
    print_day("extended, deadline:", st.deadline_day);

    printf("\non 2026-11-18 09:00: %s, signal %s, %lld of %lld working days used (%lld.%02lld %%), "
           "%u extension(s)\n",
           state_name(st.state), signal_name(st.signal), (long long)st.used, (long long)st.budget,
           (long long)(st.share_used_bp / 100), (long long)(st.share_used_bp % 100), st.extensions);

    /* A wrong command is refused and changes nothing. */
    if (xn_clock_resume(clock, local_time(2026, 11, 18, 10, 0)) != XN_OK) {
        printf("resume refused: %s\n", xn_last_error());
    }

    /* The full status, with the derivation of the deadline, as JSON. */
    TRY(xn_clock_status_json(clock, cal, local_time(2026, 11, 18, 9, 0), &json));
    printf("\n%.*s\n", (int)json.len, json.data);
    rc = 0;

fail:
    xn_buffer_free(&json);
    xn_clock_free(clock);
    xn_calendar_free(cal);
    return rc;
}
