/*
 * Tests of the C ABI (include/xiaoneng.h): every exported function, its success and error paths, real
 * values from the national calendar (docs/rules.md §2), and one calendar shared by two threads.
 *
 * Built and run by scripts/test-c with -std=c11 -Wall -Wextra -Werror -pedantic, under valgrind.
 * Prints one line per failed check and ends with "N passed, M failed"; exits non-zero on failure.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xiaoneng.h"

#include "check.h"

#define EQ_I64(a, b) check_eq_i64((int64_t)(a), (int64_t)(b), #a " == " #b, __LINE__)

static void check_eq_i64(int64_t a, int64_t b, const char *what, int line) {
    if (a == b) {
        passed++;
    } else {
        failed++;
        printf("FAIL line %d: %s: %lld != %lld\n", line, what, (long long)a, (long long)b);
    }
}

/* Day number of a date (through the library, checked). */
static int64_t D(int32_t y, uint8_t m, uint8_t d) {
    xn_date date = {y, m, d};
    int64_t day = 0;
    xn_status st = xn_date_to_day(date, &day);
    if (st != XN_OK) {
        printf("FAIL: xn_date_to_day(%d-%d-%d): %s\n", (int)y, m, d, xn_last_error());
        failed++;
    }
    return day;
}

/* Unix seconds of a local time in China (UTC+08:00). */
static int64_t T(int32_t y, uint8_t mo, uint8_t d, int h, int mi) {
    return D(y, mo, d) * 86400 + h * 3600 + mi * 60 - 8 * 3600;
}

static xn_calendar *china;

/* ------------------------------------------------------------------------------------------------ */

/* A thread's own last error: a failure here does not touch the main thread's. */
static void *fail_elsewhere(void *arg) {
    xn_status *seen = arg;
    seen[0] = xn_last_error_code(); /* nothing failed on this thread yet */
    seen[1] = xn_calendar_is_workday(china, D(2027, 1, 4), NULL);
    seen[2] = xn_last_error_code();
    seen[3] = strcmp(xn_last_error_field(), "out") == 0 ? XN_OK : XN_ERR_PANIC;
    return NULL;
}

static void test_versions_and_errors(void) {
    CHECK(xn_abi_version() == XN_ABI_VERSION);
    CHECK(XN_ABI_VERSION == 1);
    CHECK(xn_version() != NULL && strlen(xn_version()) > 0);
    CHECK(xn_last_error() != NULL);
    /* Stable status values. */
    CHECK(XN_OK == 0 && XN_ERR_NULL == 1 && XN_ERR_PARSE == 2 && XN_ERR_INVALID == 3);
    CHECK(XN_ERR_OUT_OF_RANGE == 4 && XN_ERR_STATE == 5 && XN_ERR_UTF8 == 6 && XN_ERR_PANIC == 7);
    CHECK(XN_ERR_BUFFER_TOO_SMALL == 8 && XN_ERR_NOT_FOUND == 9 && XN_ERR_FORBIDDEN == 10);
    CHECK(sizeof(xn_status) == 4);
    /* Nothing has failed on this thread yet: XN_OK and empty strings. */
    LAST(XN_OK, "", "");
    CHECK(strcmp(xn_last_error(), "") == 0 && strcmp(xn_last_error_reason(), "") == 0);
    /* A failure sets the message and its parts; a success does not clear them. */
    ERR(xn_calendar_china(NULL), XN_ERR_NULL, "`out`");
    CHECK(strcmp(xn_last_error(), "null pointer: `out` must not be NULL") == 0);
    LAST(XN_ERR_NULL, "out", "");
    CHECK(strcmp(xn_last_error_reason(), "must not be NULL") == 0);
    CHECK(xn_abi_version() == 1);
    CHECK(strstr(xn_last_error(), "`out`") != NULL);
    bool w = false;
    OK(xn_calendar_is_workday(china, D(2026, 10, 8), &w));
    LAST(XN_ERR_NULL, "out", "");
    /* The getters change nothing: their strings may be used together. */
    const char *message = xn_last_error(), *field = xn_last_error_field(), *reason = xn_last_error_reason();
    CHECK(xn_last_error_code() == XN_ERR_NULL && xn_last_error_value()[0] == '\0');
    CHECK(strcmp(message, "null pointer: `out` must not be NULL") == 0 && strcmp(field, "out") == 0 &&
          strcmp(reason, "must not be NULL") == 0);

    /* Each kind of failure, in parts. */
    xn_date feb30 = {2026, 2, 30};
    int64_t day = 0;
    ERR(xn_date_to_day(feb30, &day), XN_ERR_INVALID, "`date`");
    LAST(XN_ERR_INVALID, "date", "2026-02-30");
    CHECK(strcmp(xn_last_error_reason(), "not a calendar date") == 0);
    ERR(xn_calendar_add_workdays(china, D(2026, 10, 1), 1, 7, &day), XN_ERR_INVALID, "`rule`");
    LAST(XN_ERR_INVALID, "rule", "7");
    xn_calendar *cal = NULL;
    ERR(xn_calendar_from_json(S("{\"schema\": 1, \"base\": \"china\", \"days_off\": [{\"start\": \"2026-13-01\"}]}"),
                              &cal),
        XN_ERR_PARSE, "days_off[0].start");
    LAST(XN_ERR_PARSE, "days_off[0].start", "");
    CHECK(strstr(xn_last_error(), xn_last_error_reason()) != NULL);
    ERR(xn_calendar_from_json("{\"a\xff\"}", 6, &cal), XN_ERR_UTF8, "`json`");
    LAST(XN_ERR_UTF8, "json", "");
    CHECK(strstr(xn_last_error_reason(), "byte 3") != NULL);
    ERR(xn_calendar_is_workday(china, D(2027, 1, 4), &w), XN_ERR_OUT_OF_RANGE, "2027-01-04");
    LAST(XN_ERR_OUT_OF_RANGE, "", NULL);
    CHECK(strstr(xn_last_error_value(), "2027-01-04") != NULL);
    CHECK(strcmp(xn_last_error_reason(), "outside the calendar's covered range 2004-01-01..=2026-12-31") == 0);
    ERR(xn_calendar_local_day(china, INT64_MAX, &day), XN_ERR_OUT_OF_RANGE, "`at_unix`");
    LAST(XN_ERR_OUT_OF_RANGE, "at_unix", "9223372036854775807");
    CHECK(cal == NULL);

    /* Per thread: another thread starts with XN_OK and its failure stays there. */
    xn_status seen[4] = {XN_ERR_PANIC, XN_ERR_PANIC, XN_ERR_PANIC, XN_ERR_PANIC};
    pthread_t t;
    CHECK(pthread_create(&t, NULL, fail_elsewhere, seen) == 0);
    CHECK(pthread_join(t, NULL) == 0);
    CHECK(seen[0] == XN_OK && seen[1] == XN_ERR_NULL && seen[2] == XN_ERR_NULL && seen[3] == XN_OK);
    LAST(XN_ERR_OUT_OF_RANGE, "at_unix", "9223372036854775807");
}

static void test_dates(void) {
    int64_t day = -1;
    xn_date date = {0, 0, 0};
    xn_date epoch = {1970, 1, 1};
    xn_date nd = {2026, 10, 1};
    xn_date feb30 = {2026, 2, 30};
    OK(xn_date_to_day(epoch, &day));
    EQ_I64(day, 0);
    OK(xn_date_to_day(nd, &day));
    EQ_I64(day, 20727);
    OK(xn_day_to_date(20734, &date));
    CHECK(date.year == 2026 && date.month == 10 && date.day == 8);
    OK(xn_day_to_date(-1, &date));
    CHECK(date.year == 1969 && date.month == 12 && date.day == 31);
    day = 42;
    ERR(xn_date_to_day(feb30, &day), XN_ERR_INVALID, "invalid `date` = 2026-02-30: not a calendar date");
    EQ_I64(day, 42); /* untouched on error */
    ERR(xn_date_to_day(nd, NULL), XN_ERR_NULL, "`out_day`");
    ERR(xn_day_to_date(INT64_MAX, &date), XN_ERR_OUT_OF_RANGE, "not a representable date");
    ERR(xn_day_to_date(0, NULL), XN_ERR_NULL, "`out_date`");
}

static void test_buffers(void) {
    xn_buffer zero = {0};
    xn_buffer buf = {0};
    xn_buffer_free(NULL);
    xn_buffer_free(&zero);
    CHECK(zero.data == NULL && zero.len == 0);
    OK(xn_calendar_to_json(china, &buf));
    CHECK(buf.data != NULL && buf.len == strlen(buf.data));
    CHECK(strcmp(buf.data, "{\"schema\":1,\"base\":\"china\",\"utc_offset\":\"+08:00\","
                           "\"weekly_rest_days\":[\"sat\",\"sun\"]}") == 0 ||
          strstr(buf.data, "\"base\":\"china\"") != NULL);
    xn_buffer_free(&buf);
    CHECK(buf.data == NULL && buf.len == 0);
    xn_buffer_free(&buf); /* a freed buffer may be freed again */
}

static void test_calendar_construction(void) {
    xn_calendar *cal = NULL;
    xn_calendar *again = NULL;
    xn_calendar *next = NULL;
    xn_buffer json = {0};
    int64_t first = 0, last = 0, day = 0;
    int32_t offset = 0;
    bool w = false;
    const char bad_utf8[] = {'{', '"', (char)0xff, '"', '}'};

    ERR(xn_calendar_china(NULL), XN_ERR_NULL, "`out`");
    OK(xn_calendar_range(china, &first, &last));
    EQ_I64(first, D(2004, 1, 1));
    EQ_I64(last, D(2026, 12, 31));
    ERR(xn_calendar_range(NULL, &first, &last), XN_ERR_NULL, "`cal`");
    ERR(xn_calendar_range(china, NULL, &last), XN_ERR_NULL, "`first_day`");
    ERR(xn_calendar_range(china, &first, NULL), XN_ERR_NULL, "`last_day`");
    OK(xn_calendar_utc_offset(china, &offset));
    EQ_I64(offset, 8 * 3600);
    ERR(xn_calendar_utc_offset(NULL, &offset), XN_ERR_NULL, "`cal`");
    ERR(xn_calendar_utc_offset(china, NULL), XN_ERR_NULL, "`out_seconds`");
    OK(xn_calendar_local_day(china, T(2026, 10, 1, 0, 30), &day));
    EQ_I64(day, D(2026, 10, 1));
    OK(xn_calendar_local_day(china, T(2026, 9, 30, 23, 59), &day));
    EQ_I64(day, D(2026, 9, 30));
    ERR(xn_calendar_local_day(china, INT64_MAX, &day), XN_ERR_OUT_OF_RANGE, "`at_unix`");
    ERR(xn_calendar_local_day(NULL, 0, &day), XN_ERR_NULL, "`cal`");
    ERR(xn_calendar_local_day(china, 0, NULL), XN_ERR_NULL, "`out_day`");

    /* JSON: an overlay on the national calendar (a local festival), the string not NUL-terminated. */
    {
        const char doc[] = "{\"schema\": 1, \"base\": \"china\", \"days_off\": [{\"start\": \"2026-03-05\", "
                           "\"name\": \"local festival\"}]}XXXX";
        OK(xn_calendar_from_json(doc, sizeof doc - 1 - 4, &cal));
        OK(xn_calendar_is_workday(cal, D(2026, 3, 5), &w));
        CHECK(!w);
        OK(xn_calendar_is_workday(china, D(2026, 3, 5), &w));
        CHECK(w);
        OK(xn_calendar_to_json(cal, &json));
        CHECK(strstr(json.data, "local festival") != NULL);
        OK(xn_calendar_from_json(json.data, json.len, &again));
        OK(xn_calendar_is_workday(again, D(2026, 3, 5), &w));
        CHECK(!w);
        xn_buffer_free(&json);
        xn_calendar_free(again);
        xn_calendar_free(cal);
        cal = NULL;
    }
    ERR(xn_calendar_from_json(S("{\"schema\": 1, \"base\": \"china\", \"days_of\": []}"), &cal), XN_ERR_PARSE,
        "days_of");
    ERR(xn_calendar_from_json(S("{\"schema\": 1, \"base\": \"china\", \"days_off\": [{\"start\": \"2026-13-01\"}]}"),
                              &cal),
        XN_ERR_PARSE, "days_off[0].start");
    ERR(xn_calendar_from_json(S("{\"schema\": 1, \"range\": {\"start\": \"2026-01-01\", \"end\": \"2026-12-31\"}, "
                                "\"office_hours\": [{\"start\": \"14:00\", \"end\": \"12:00\"}]}"),
                              &cal),
        XN_ERR_INVALID, "office_hours[0].end");
    ERR(xn_calendar_from_json(S("{\"schema\": 2, \"base\": \"china\"}"), &cal), XN_ERR_INVALID, "schema");
    ERR(xn_calendar_from_json(bad_utf8, sizeof bad_utf8, &cal), XN_ERR_UTF8, "byte 2");
    ERR(xn_calendar_from_json(NULL, 3, &cal), XN_ERR_NULL, "`json`");
    ERR(xn_calendar_from_json(S("{}"), NULL), XN_ERR_NULL, "`out`");
    CHECK(cal == NULL); /* untouched by every failure above */

    /* TOML, with native dates. */
    {
        const char *doc = "schema = 1\n"
                          "name = \"test\"\n"
                          "range = { start = 2026-01-01, end = 2026-12-31 }\n"
                          "workdays = [2026-01-03]\n"
                          "office_hours = [{ start = \"09:00\", end = \"17:00\" }]\n";
        OK(xn_calendar_from_toml(doc, strlen(doc), &cal));
        OK(xn_calendar_is_workday(cal, D(2026, 1, 3), &w)); /* a Saturday made a workday */
        CHECK(w);
        OK(xn_calendar_is_workday(cal, D(2026, 10, 1), &w)); /* no holidays in this calendar */
        CHECK(w);
        ERR(xn_calendar_is_workday(cal, D(2027, 1, 4), &w), XN_ERR_OUT_OF_RANGE, "2026-01-01..=2026-12-31");
        xn_calendar_free(cal);
        cal = NULL;
    }
    ERR(xn_calendar_from_toml(S("schema = 1\nbase = \"china\"\nbogus = 3\n"), &cal), XN_ERR_PARSE, "bogus");
    ERR(xn_calendar_from_toml(S("schema = = 1"), &cal), XN_ERR_PARSE, "TOML");
    ERR(xn_calendar_from_toml(NULL, 0, &cal), XN_ERR_NULL, "`toml`");
    ERR(xn_calendar_from_toml(S("schema = 1"), NULL), XN_ERR_NULL, "`out`");

    /* A year notice for 2027 extends the national calendar. */
    {
        const char *notice = "{\"year\": 2027, \"days_off\": [{\"start\": \"2027-01-01\", \"end\": \"2027-01-03\","
                             " \"name\": \"元旦\"}], \"workdays\": [\"2027-01-09\"]}";
        OK(xn_calendar_with_notice(china, notice, strlen(notice), &next));
        OK(xn_calendar_range(next, &first, &last));
        EQ_I64(last, D(2027, 12, 31));
        OK(xn_calendar_is_workday(next, D(2027, 1, 1), &w));
        CHECK(!w);
        OK(xn_calendar_is_workday(next, D(2027, 1, 9), &w));
        CHECK(w);
        OK(xn_calendar_is_workday(next, D(2027, 1, 4), &w));
        CHECK(w);
        /* the original handle is unchanged */
        ERR(xn_calendar_is_workday(china, D(2027, 1, 4), &w), XN_ERR_OUT_OF_RANGE, "date 2027-01-04");
        OK(xn_calendar_range(china, &first, &last));
        EQ_I64(last, D(2026, 12, 31));
        xn_calendar_free(next);
        next = NULL;
    }
    ERR(xn_calendar_with_notice(china, S("{\"year\": 2027, \"days_off\": [{\"start\": \"2027-02-30\"}]}"), &next),
        XN_ERR_PARSE, "days_off[0].start");
    ERR(xn_calendar_with_notice(china, S("{\"year\": 2027, \"holidays\": []}"), &next), XN_ERR_PARSE, "holidays");
    ERR(xn_calendar_with_notice(china, S("{\"year\": 2027} trailing"), &next), XN_ERR_PARSE, "JSON");
    ERR(xn_calendar_with_notice(china, S("{\"year\": 2029}"), &next), XN_ERR_INVALID, "notices[0].year");
    ERR(xn_calendar_with_notice(china, S("{\"year\": 2027, \"workdays\": [\"2028-01-01\"]}"), &next),
        XN_ERR_INVALID, "workdays[0]");
    ERR(xn_calendar_with_notice(NULL, S("{}"), &next), XN_ERR_NULL, "`cal`");
    ERR(xn_calendar_with_notice(china, NULL, 0, &next), XN_ERR_NULL, "`json`");
    ERR(xn_calendar_with_notice(china, S("{}"), NULL), XN_ERR_NULL, "`out`");
    CHECK(next == NULL);

    ERR(xn_calendar_to_json(NULL, &json), XN_ERR_NULL, "`cal`");
    ERR(xn_calendar_to_json(china, NULL), XN_ERR_NULL, "`out`");
    CHECK(json.data == NULL);
    xn_calendar_free(NULL);
}

static void test_days(void) {
    bool w = true;
    int64_t out = 0;
    xn_date od = {0, 0, 0};
    xn_date feb13 = {2026, 2, 13};
    xn_date sep30 = {2026, 9, 30};
    xn_date oct13 = {2026, 10, 13};
    xn_date bad = {2026, 4, 31};
    int i;

    /* 2026: Oct 1-7 off, Oct 8 and 9 worked, Saturday Oct 10 a makeup workday, Oct 11 a Sunday off. */
    for (i = 1; i <= 7; i++) {
        OK(xn_calendar_is_workday(china, D(2026, 10, (uint8_t)i), &w));
        CHECK(!w);
    }
    OK(xn_calendar_is_workday(china, D(2026, 10, 8), &w));
    CHECK(w);
    OK(xn_calendar_is_workday(china, D(2026, 10, 10), &w));
    CHECK(w);
    OK(xn_calendar_is_workday(china, D(2026, 10, 11), &w));
    CHECK(!w);
    /* 2025: Oct 1-8 off, Oct 11 worked; 2026 Feb 14 (a Saturday) worked, Feb 15-23 off. */
    OK(xn_calendar_is_workday(china, D(2025, 10, 8), &w));
    CHECK(!w);
    OK(xn_calendar_is_workday(china, D(2025, 10, 11), &w));
    CHECK(w);
    {
        xn_date d = {2026, 2, 14};
        OK(xn_calendar_is_workday_ymd(china, d, &w));
        CHECK(w);
        d.day = 23;
        OK(xn_calendar_is_workday_ymd(china, d, &w));
        CHECK(!w);
        d.day = 24;
        OK(xn_calendar_is_workday_ymd(china, d, &w));
        CHECK(w);
    }
    w = true;
    ERR(xn_calendar_is_workday(china, D(2027, 1, 4), &w), XN_ERR_OUT_OF_RANGE,
        "date 2027-01-04 is outside the calendar's covered range 2004-01-01..=2026-12-31");
    CHECK(w); /* untouched */
    ERR(xn_calendar_is_workday(china, D(2003, 12, 31), &w), XN_ERR_OUT_OF_RANGE, "2003-12-31");
    ERR(xn_calendar_is_workday(NULL, 0, &w), XN_ERR_NULL, "`cal`");
    ERR(xn_calendar_is_workday(china, D(2026, 1, 5), NULL), XN_ERR_NULL, "`out`");
    ERR(xn_calendar_is_workday_ymd(china, bad, &w), XN_ERR_INVALID, "2026-04-31");
    ERR(xn_calendar_is_workday_ymd(NULL, feb13, &w), XN_ERR_NULL, "`cal`");
    ERR(xn_calendar_is_workday_ymd(china, feb13, NULL), XN_ERR_NULL, "`out`");

    /* Counting (docs/rules.md §2): the start day is not counted. */
    OK(xn_calendar_add_workdays(china, D(2026, 2, 13), 20, XN_START_NEXT_DAY, &out));
    EQ_I64(out, D(2026, 3, 19));
    OK(xn_calendar_add_workdays(china, D(2026, 9, 30), 5, XN_START_NEXT_DAY, &out));
    EQ_I64(out, D(2026, 10, 13));
    OK(xn_calendar_add_workdays(china, D(2026, 9, 30), 5, XN_START_SAME_DAY, &out));
    EQ_I64(out, D(2026, 10, 12));
    OK(xn_calendar_add_workdays(china, D(2026, 10, 8), -1, XN_START_NEXT_DAY, &out));
    EQ_I64(out, D(2026, 9, 30));
    OK(xn_calendar_add_workdays(china, D(2026, 10, 3), 0, XN_START_NEXT_DAY, &out));
    EQ_I64(out, D(2026, 10, 3));
    out = 7;
    ERR(xn_calendar_add_workdays(china, D(2026, 9, 30), 5, 2, &out), XN_ERR_INVALID,
        "invalid `rule` = 2: not an xn_start_rule");
    ERR(xn_calendar_add_workdays(china, D(2026, 9, 30), 5, -1, &out), XN_ERR_INVALID, "`rule` = -1");
    EQ_I64(out, 7);
    ERR(xn_calendar_add_workdays(china, D(2026, 12, 20), 30, XN_START_NEXT_DAY, &out), XN_ERR_OUT_OF_RANGE,
        "30 working days from 2026-12-20");
    ERR(xn_calendar_add_workdays(china, D(2026, 12, 20), INT64_MAX, XN_START_NEXT_DAY, &out), XN_ERR_OUT_OF_RANGE,
        "working days from 2026-12-20");
    ERR(xn_calendar_add_workdays(china, D(2030, 1, 1), 1, XN_START_NEXT_DAY, &out), XN_ERR_OUT_OF_RANGE,
        "date 2030-01-01");
    ERR(xn_calendar_add_workdays(NULL, 0, 1, XN_START_NEXT_DAY, &out), XN_ERR_NULL, "`cal`");
    ERR(xn_calendar_add_workdays(china, 0, 1, XN_START_NEXT_DAY, NULL), XN_ERR_NULL, "`out_day`");
    EQ_I64(out, 7);

    OK(xn_calendar_add_workdays_ymd(china, feb13, 20, XN_START_NEXT_DAY, &od));
    CHECK(od.year == 2026 && od.month == 3 && od.day == 19);
    OK(xn_calendar_add_workdays_ymd(china, sep30, 5, XN_START_NEXT_DAY, &od));
    CHECK(od.year == 2026 && od.month == 10 && od.day == 13);
    ERR(xn_calendar_add_workdays_ymd(china, bad, 1, XN_START_NEXT_DAY, &od), XN_ERR_INVALID, "`date`");
    ERR(xn_calendar_add_workdays_ymd(china, sep30, 1, 9, &od), XN_ERR_INVALID, "`rule` = 9");
    ERR(xn_calendar_add_workdays_ymd(NULL, sep30, 1, XN_START_NEXT_DAY, &od), XN_ERR_NULL, "`cal`");
    ERR(xn_calendar_add_workdays_ymd(china, sep30, 1, XN_START_NEXT_DAY, NULL), XN_ERR_NULL, "`out_date`");
    CHECK(od.year == 2026 && od.month == 10 && od.day == 13);

    OK(xn_calendar_workdays_between(china, D(2026, 9, 30), D(2026, 10, 13), XN_START_NEXT_DAY, &out));
    EQ_I64(out, 5);
    OK(xn_calendar_workdays_between(china, D(2026, 10, 13), D(2026, 9, 30), XN_START_NEXT_DAY, &out));
    EQ_I64(out, -5);
    OK(xn_calendar_workdays_between(china, D(2026, 9, 30), D(2026, 10, 13), XN_START_SAME_DAY, &out));
    EQ_I64(out, 6);
    OK(xn_calendar_workdays_between(china, D(2026, 2, 13), D(2026, 3, 19), XN_START_NEXT_DAY, &out));
    EQ_I64(out, 20);
    ERR(xn_calendar_workdays_between(china, D(2026, 9, 30), D(2027, 1, 4), XN_START_NEXT_DAY, &out),
        XN_ERR_OUT_OF_RANGE, "2027-01-04");
    ERR(xn_calendar_workdays_between(china, 0, 0, 5, &out), XN_ERR_INVALID, "`rule`");
    ERR(xn_calendar_workdays_between(NULL, 0, 0, XN_START_NEXT_DAY, &out), XN_ERR_NULL, "`cal`");
    ERR(xn_calendar_workdays_between(china, 0, 0, XN_START_NEXT_DAY, NULL), XN_ERR_NULL, "`out`");

    OK(xn_calendar_workdays_between_ymd(china, sep30, oct13, XN_START_NEXT_DAY, &out));
    EQ_I64(out, 5);
    ERR(xn_calendar_workdays_between_ymd(china, bad, oct13, XN_START_NEXT_DAY, &out), XN_ERR_INVALID, "`from`");
    ERR(xn_calendar_workdays_between_ymd(china, sep30, bad, XN_START_NEXT_DAY, &out), XN_ERR_INVALID, "`to`");
    ERR(xn_calendar_workdays_between_ymd(china, sep30, oct13, 3, &out), XN_ERR_INVALID, "`rule`");
    ERR(xn_calendar_workdays_between_ymd(NULL, sep30, oct13, XN_START_NEXT_DAY, &out), XN_ERR_NULL, "`cal`");
    ERR(xn_calendar_workdays_between_ymd(china, sep30, oct13, XN_START_NEXT_DAY, NULL), XN_ERR_NULL, "`out`");

    OK(xn_calendar_next_workday(china, D(2026, 9, 30), &out));
    EQ_I64(out, D(2026, 10, 8));
    OK(xn_calendar_next_workday(china, D(2026, 10, 9), &out));
    EQ_I64(out, D(2026, 10, 10));
    OK(xn_calendar_previous_workday(china, D(2026, 10, 8), &out));
    EQ_I64(out, D(2026, 9, 30));
    ERR(xn_calendar_next_workday(china, D(2026, 12, 31), &out), XN_ERR_OUT_OF_RANGE, "1 working days from 2026-12-31");
    ERR(xn_calendar_previous_workday(china, D(2004, 1, 1), &out), XN_ERR_OUT_OF_RANGE, "2004-01-01");
    ERR(xn_calendar_next_workday(NULL, 0, &out), XN_ERR_NULL, "`cal`");
    ERR(xn_calendar_next_workday(china, 0, NULL), XN_ERR_NULL, "`out_day`");
    ERR(xn_calendar_previous_workday(NULL, 0, &out), XN_ERR_NULL, "`cal`");
    ERR(xn_calendar_previous_workday(china, 0, NULL), XN_ERR_NULL, "`out_day`");
}

static void test_batches(void) {
    int64_t days[4];
    int64_t n[4] = {20, 5, -1, 0};
    int64_t to[4];
    int64_t out[4] = {0, 0, 0, 0};
    bool w[4] = {false, false, false, false};
    size_t failed_index = 99;

    days[0] = D(2026, 2, 13);
    days[1] = D(2026, 9, 30);
    days[2] = D(2026, 10, 8);
    days[3] = D(2026, 10, 10);

    OK(xn_calendar_is_workday_batch(china, days, 4, w, &failed_index));
    CHECK(w[0] && w[1] && w[2] && w[3]);
    EQ_I64(failed_index, 99); /* only written on an element's failure */
    OK(xn_calendar_add_workdays_batch(china, days, n, 4, XN_START_NEXT_DAY, out, NULL));
    EQ_I64(out[0], D(2026, 3, 19));
    EQ_I64(out[1], D(2026, 10, 13));
    EQ_I64(out[2], D(2026, 9, 30));
    EQ_I64(out[3], D(2026, 10, 10));
    memcpy(to, out, sizeof to);
    OK(xn_calendar_workdays_between_batch(china, days, to, 4, XN_START_NEXT_DAY, out, &failed_index));
    EQ_I64(out[0], 20);
    EQ_I64(out[1], 5);
    EQ_I64(out[2], -1);
    EQ_I64(out[3], 0);

    /* Empty batches: NULL arrays are fine with len 0. */
    OK(xn_calendar_is_workday_batch(china, NULL, 0, NULL, NULL));
    OK(xn_calendar_add_workdays_batch(china, NULL, NULL, 0, XN_START_NEXT_DAY, NULL, NULL));
    OK(xn_calendar_workdays_between_batch(china, NULL, NULL, 0, XN_START_NEXT_DAY, NULL, NULL));

    /* An element out of range: its index, the elements before it written. */
    days[2] = D(2027, 1, 4);
    memset(w, 0, sizeof w);
    ERR(xn_calendar_is_workday_batch(china, days, 4, w, &failed_index), XN_ERR_OUT_OF_RANGE,
        "element 2: date 2027-01-04 is outside");
    EQ_I64(failed_index, 2);
    CHECK(w[0] && w[1]);
    failed_index = 99;
    ERR(xn_calendar_add_workdays_batch(china, days, n, 4, XN_START_NEXT_DAY, out, &failed_index),
        XN_ERR_OUT_OF_RANGE, "element 2:");
    EQ_I64(failed_index, 2);
    EQ_I64(out[0], D(2026, 3, 19));
    ERR(xn_calendar_add_workdays_batch(china, days, n, 4, XN_START_NEXT_DAY, out, NULL), XN_ERR_OUT_OF_RANGE,
        "element 2:");
    days[2] = D(2026, 10, 8);
    n[1] = INT64_MIN;
    failed_index = 99;
    ERR(xn_calendar_add_workdays_batch(china, days, n, 4, XN_START_NEXT_DAY, out, &failed_index),
        XN_ERR_OUT_OF_RANGE, "element 1:");
    EQ_I64(failed_index, 1);
    n[1] = 5;
    to[3] = D(2003, 1, 1);
    failed_index = 99;
    ERR(xn_calendar_workdays_between_batch(china, days, to, 4, XN_START_NEXT_DAY, out, &failed_index),
        XN_ERR_OUT_OF_RANGE, "element 3: date 2003-01-01");
    EQ_I64(failed_index, 3);

    /* Invalid arguments: no element is looked at, failed_index untouched. */
    failed_index = 99;
    ERR(xn_calendar_add_workdays_batch(china, days, n, 4, 4, out, &failed_index), XN_ERR_INVALID, "`rule` = 4");
    ERR(xn_calendar_workdays_between_batch(china, days, to, 4, 4, out, &failed_index), XN_ERR_INVALID, "`rule`");
    ERR(xn_calendar_add_workdays_batch(china, days, n, 4, XN_START_NEXT_DAY, days, &failed_index), XN_ERR_INVALID,
        "overlaps the input array `days`");
    ERR(xn_calendar_workdays_between_batch(china, days, to, 4, XN_START_NEXT_DAY, to + 1, &failed_index),
        XN_ERR_INVALID, "overlaps the input array `to_days`");
    ERR(xn_calendar_is_workday_batch(china, days, 4, (bool *)(void *)days, &failed_index), XN_ERR_INVALID,
        "overlaps");
    EQ_I64(failed_index, 99);
    ERR(xn_calendar_is_workday_batch(NULL, days, 4, w, NULL), XN_ERR_NULL, "`cal`");
    ERR(xn_calendar_is_workday_batch(china, NULL, 4, w, NULL), XN_ERR_NULL, "`days`");
    ERR(xn_calendar_is_workday_batch(china, days, 4, NULL, NULL), XN_ERR_NULL, "`out`");
    ERR(xn_calendar_add_workdays_batch(NULL, days, n, 4, XN_START_NEXT_DAY, out, NULL), XN_ERR_NULL, "`cal`");
    ERR(xn_calendar_add_workdays_batch(china, NULL, n, 4, XN_START_NEXT_DAY, out, NULL), XN_ERR_NULL, "`days`");
    ERR(xn_calendar_add_workdays_batch(china, days, NULL, 4, XN_START_NEXT_DAY, out, NULL), XN_ERR_NULL, "`n`");
    ERR(xn_calendar_add_workdays_batch(china, days, n, 4, XN_START_NEXT_DAY, NULL, NULL), XN_ERR_NULL, "`out`");
    ERR(xn_calendar_workdays_between_batch(NULL, days, to, 4, XN_START_NEXT_DAY, out, NULL), XN_ERR_NULL, "`cal`");
    ERR(xn_calendar_workdays_between_batch(china, NULL, to, 4, XN_START_NEXT_DAY, out, NULL), XN_ERR_NULL,
        "`from_days`");
    ERR(xn_calendar_workdays_between_batch(china, days, NULL, 4, XN_START_NEXT_DAY, out, NULL), XN_ERR_NULL,
        "`to_days`");
    ERR(xn_calendar_workdays_between_batch(china, days, to, 4, XN_START_NEXT_DAY, NULL, NULL), XN_ERR_NULL,
        "`out`");
}

static void test_hours(void) {
    int64_t out = 0;
    xn_calendar *no_office = NULL;

    /* Office hours 08:30-12:00 and 14:30-17:30: two working hours from Wednesday 2026-09-30 16:30 run one
     * hour to the close, then skip the National Day holiday and end at 09:30 on Thursday 2026-10-08. */
    OK(xn_calendar_add_working_seconds(china, T(2026, 9, 30, 16, 30), 7200, &out));
    EQ_I64(out, T(2026, 10, 8, 9, 30));
    OK(xn_calendar_add_working_seconds(china, T(2026, 10, 8, 9, 30), -7200, &out));
    EQ_I64(out, T(2026, 9, 30, 16, 30));
    OK(xn_calendar_add_working_seconds(china, T(2026, 10, 8, 11, 0), 3600, &out)); /* ends at a close */
    EQ_I64(out, T(2026, 10, 8, 12, 0));
    OK(xn_calendar_working_seconds_between(china, T(2026, 9, 30, 16, 30), T(2026, 10, 8, 9, 30), &out));
    EQ_I64(out, 7200);
    OK(xn_calendar_working_seconds_between(china, T(2026, 10, 8, 9, 30), T(2026, 9, 30, 16, 30), &out));
    EQ_I64(out, -7200);
    OK(xn_calendar_working_seconds_between(china, T(2026, 10, 8, 0, 0), T(2026, 10, 9, 0, 0), &out));
    EQ_I64(out, 6 * 3600 + 30 * 60);
    out = 5;
    ERR(xn_calendar_add_working_seconds(china, T(2026, 12, 31, 16, 0), 7200, &out), XN_ERR_OUT_OF_RANGE,
        "7200 working seconds from 2026-12-31 16:00:00 +08:00 is outside");
    ERR(xn_calendar_add_working_seconds(china, T(2026, 12, 31, 16, 0), INT64_MIN, &out), XN_ERR_OUT_OF_RANGE,
        "working seconds from 2026-12-31");
    ERR(xn_calendar_add_working_seconds(china, T(2030, 1, 1, 9, 0), 60, &out), XN_ERR_OUT_OF_RANGE, "2030-01-01");
    ERR(xn_calendar_add_working_seconds(china, INT64_MIN, 60, &out), XN_ERR_OUT_OF_RANGE, "`at_unix`");
    ERR(xn_calendar_working_seconds_between(china, T(2026, 1, 5, 9, 0), T(2027, 1, 4, 9, 0), &out),
        XN_ERR_OUT_OF_RANGE, "2027-01-04");
    ERR(xn_calendar_working_seconds_between(china, INT64_MAX, 0, &out), XN_ERR_OUT_OF_RANGE, "`from_unix`");
    ERR(xn_calendar_working_seconds_between(china, 0, INT64_MAX, &out), XN_ERR_OUT_OF_RANGE, "`to_unix`");
    EQ_I64(out, 5);
    ERR(xn_calendar_add_working_seconds(NULL, 0, 0, &out), XN_ERR_NULL, "`cal`");
    ERR(xn_calendar_add_working_seconds(china, 0, 0, NULL), XN_ERR_NULL, "`out_unix`");
    ERR(xn_calendar_working_seconds_between(NULL, 0, 0, &out), XN_ERR_NULL, "`cal`");
    ERR(xn_calendar_working_seconds_between(china, 0, 0, NULL), XN_ERR_NULL, "`out_seconds`");

    /* Deadline instants. */
    OK(xn_calendar_deadline_instant(china, D(2026, 10, 13), XN_END_OF_DAY, &out));
    EQ_I64(out, T(2026, 10, 14, 0, 0));
    OK(xn_calendar_deadline_instant(china, D(2026, 10, 13), XN_END_CLOSE_OF_OFFICE, &out));
    EQ_I64(out, T(2026, 10, 13, 17, 30));
    ERR(xn_calendar_deadline_instant(china, D(2026, 10, 13), 2, &out), XN_ERR_INVALID,
        "invalid `end` = 2: not an xn_deadline_end");
    ERR(xn_calendar_deadline_instant(china, INT64_MAX, XN_END_OF_DAY, &out), XN_ERR_OUT_OF_RANGE, "`day`");
    ERR(xn_calendar_deadline_instant(NULL, 0, XN_END_OF_DAY, &out), XN_ERR_NULL, "`cal`");
    ERR(xn_calendar_deadline_instant(china, 0, XN_END_OF_DAY, NULL), XN_ERR_NULL, "`out_unix`");

    /* A calendar without office hours has no working-hours arithmetic. */
    OK(xn_calendar_from_json(S("{\"schema\": 1, \"range\": {\"start\": \"2026-01-01\", \"end\": \"2026-12-31\"}}"),
                             &no_office));
    ERR(xn_calendar_add_working_seconds(no_office, T(2026, 3, 2, 9, 0), 60, &out), XN_ERR_INVALID,
        "the calendar defines no office hours");
    ERR(xn_calendar_working_seconds_between(no_office, T(2026, 3, 2, 9, 0), T(2026, 3, 3, 9, 0), &out),
        XN_ERR_INVALID, "no office hours");
    ERR(xn_calendar_deadline_instant(no_office, D(2026, 3, 2), XN_END_CLOSE_OF_OFFICE, &out), XN_ERR_INVALID,
        "no office hours");
    OK(xn_calendar_deadline_instant(no_office, D(2026, 3, 2), XN_END_OF_DAY, &out));
    EQ_I64(out, T(2026, 3, 3, 0, 0));
    xn_calendar_free(no_office);
}

/* A licensing clock: 20 working days from 2026-09-29 (art. 42), one extension of at most 10 allowed,
 * a reminder 3 working days before the deadline and a red card 5 working days after it. */
static const char *CLOCK_JSON =
    "{\"schema\": 1, \"limit\": {\"unit\": \"working_days\", \"amount\": 20},"
    " \"started_at\": \"2026-09-29T10:00:00+08:00\","
    " \"extension_rule\": {\"max_count\": 1, \"max_total\": 10},"
    " \"signals\": {\"reminder_before\": {\"unit\": \"working_days\", \"amount\": 3},"
    "               \"red_after\": {\"unit\": \"working_days\", \"amount\": 5}}}";

/* Whether a failing command left the clock's JSON unchanged. */
static int unchanged(const xn_clock *clock, const char *before) {
    xn_buffer now = {0};
    int same;
    if (xn_clock_to_json(clock, &now) != XN_OK) {
        return 0;
    }
    same = strcmp(now.data, before) == 0;
    xn_buffer_free(&now);
    return same;
}

static void test_clock(void) {
    xn_clock *clock = NULL;
    xn_clock *copy = NULL;
    xn_buffer json = {0};
    xn_buffer before = {0};
    xn_clock_info st;
    bool has = false;
    int64_t next = 0;

    ERR(xn_clock_from_json(S("{\"schema\": 1, \"limit\": {\"unit\": \"weeks\", \"amount\": 2},"
                             " \"started_at\": \"2026-09-29T10:00:00+08:00\"}"),
                           &clock),
        XN_ERR_PARSE, "`limit.unit`");
    ERR(xn_clock_from_json(S("{\"schema\": 1, \"limit\": {\"unit\": \"working_days\", \"amount\": 20},"
                             " \"started_at\": \"yesterday\"}"),
                           &clock),
        XN_ERR_PARSE, "started_at");
    ERR(xn_clock_from_json(S("{\"schema\": 1, \"limit\": {\"unit\": \"working_days\", \"amount\": 20},"
                             " \"pledged\": {\"unit\": \"working_days\", \"amount\": 25},"
                             " \"started_at\": \"2026-09-29T10:00:00+08:00\"}"),
                           &clock),
        XN_ERR_INVALID, "`pledged.amount` = 25");
    ERR(xn_clock_from_json(S("{\"schema\": 1, \"limit\": {\"unit\": \"working_days\", \"amount\": 200000},"
                             " \"started_at\": \"2026-09-29T10:00:00+08:00\"}"),
                           &clock),
        XN_ERR_INVALID, "`limit.amount`");
    ERR(xn_clock_from_json(NULL, 0, &clock), XN_ERR_NULL, "`json`");
    ERR(xn_clock_from_json(S("{}"), NULL), XN_ERR_NULL, "`out`");
    CHECK(clock == NULL);

    OK(xn_clock_from_json(CLOCK_JSON, strlen(CLOCK_JSON), &clock));

    /* Before the start, then running. */
    OK(xn_clock_status(clock, china, T(2026, 9, 28, 12, 0), &st));
    CHECK(st.state == XN_STATE_NOT_STARTED);
    EQ_I64(st.used, 0);
    EQ_I64(st.share_used_bp, 0);
    OK(xn_clock_status(clock, china, T(2026, 10, 9, 12, 0), &st));
    CHECK(st.state == XN_STATE_RUNNING);
    CHECK(st.signal == XN_SIGNAL_NONE);
    CHECK(st.unit == XN_UNIT_WORKING_DAYS && st.tick == XN_TICK_DAY);
    EQ_I64(st.deadline_day, D(2026, 11, 2));
    EQ_I64(st.deadline_unix, T(2026, 11, 3, 0, 0));
    EQ_I64(st.statutory_deadline_unix, st.deadline_unix);
    EQ_I64(st.statutory_deadline_day, st.deadline_day);
    EQ_I64(st.budget, 20);
    EQ_I64(st.used, 3); /* Sep 30, Oct 8, Oct 9 */
    EQ_I64(st.remaining, 17);
    EQ_I64(st.share_used_bp, 1500);
    EQ_I64(st.extensions, 0);
    EQ_I64(st.paused_kind, -1);
    CHECK(st.has_reminder);
    EQ_I64(st.reminder_unix, T(2026, 10, 28, 0, 0)); /* 3 working days before Nov 2 */
    CHECK(st.has_red);
    EQ_I64(st.red_unix, T(2026, 11, 10, 0, 0)); /* end of the 5th working day after Nov 2 */
    CHECK(st.has_next_change);
    EQ_I64(st.next_change_unix, st.reminder_unix);
    OK(xn_clock_next_change(clock, china, T(2026, 10, 9, 12, 0), &has, &next));
    CHECK(has);
    EQ_I64(next, T(2026, 10, 28, 0, 0));

    /* Signals without any command: reminder, yellow, red. */
    OK(xn_clock_status(clock, china, T(2026, 10, 29, 9, 0), &st));
    CHECK(st.state == XN_STATE_RUNNING && st.signal == XN_SIGNAL_REMINDER);
    OK(xn_clock_status(clock, china, T(2026, 11, 4, 9, 0), &st));
    CHECK(st.state == XN_STATE_OVERDUE && st.signal == XN_SIGNAL_YELLOW);
    CHECK(st.remaining < 0);
    OK(xn_clock_status(clock, china, T(2026, 11, 10, 9, 0), &st));
    CHECK(st.state == XN_STATE_OVERDUE && st.signal == XN_SIGNAL_RED);

    /* Commands. A failing command changes nothing. */
    OK(xn_clock_to_json(clock, &before));
    ERR(xn_clock_resume(clock, T(2026, 10, 12, 9, 0)), XN_ERR_STATE, "cannot resume: the clock is not paused");
    LAST(XN_ERR_STATE, "resume", "");
    CHECK(strcmp(xn_last_error_reason(), "the clock is not paused") == 0);
    CHECK(unchanged(clock, before.data));
    ERR(xn_clock_pause(clock, 8, T(2026, 10, 12, 9, 0), NULL, 0), XN_ERR_INVALID, "`kind` = 8");
    ERR(xn_clock_pause(clock, -1, T(2026, 10, 12, 9, 0), NULL, 0), XN_ERR_INVALID, "not an xn_pause_kind");
    ERR(xn_clock_pause(clock, XN_PAUSE_HEARING, T(2026, 9, 1, 9, 0), NULL, 0), XN_ERR_STATE, "earlier than");
    ERR(xn_clock_pause(clock, XN_PAUSE_HEARING, T(2026, 10, 12, 9, 0), NULL, 5), XN_ERR_NULL, "`note`");
    ERR(xn_clock_pause(clock, XN_PAUSE_HEARING, T(2026, 10, 12, 9, 0), "\xff", 1), XN_ERR_UTF8, "`note`");
    ERR(xn_clock_pause(clock, XN_PAUSE_HEARING, INT64_MAX, NULL, 0), XN_ERR_OUT_OF_RANGE, "`at_unix`");
    ERR(xn_clock_pause(NULL, XN_PAUSE_HEARING, 0, NULL, 0), XN_ERR_NULL, "`clock`");
    CHECK(unchanged(clock, before.data));
    xn_buffer_free(&before);

    /* A hearing from Monday Oct 12 to Friday Oct 16: Oct 12 counts, counting resumes on Oct 19. */
    OK(xn_clock_pause(clock, XN_PAUSE_HEARING, T(2026, 10, 12, 9, 0), S("hearing notice no. 7")));
    OK(xn_clock_status(clock, china, T(2026, 10, 14, 9, 0), &st));
    CHECK(st.state == XN_STATE_PAUSED);
    EQ_I64(st.paused_kind, XN_PAUSE_HEARING);
    EQ_I64(st.used, 5);
    OK(xn_clock_next_change(clock, china, T(2026, 10, 14, 9, 0), &has, &next));
    CHECK(!has);
    EQ_I64(next, 0);
    ERR(xn_clock_pause(clock, XN_PAUSE_CORRECTION, T(2026, 10, 13, 9, 0), NULL, 0), XN_ERR_STATE,
        "already paused");
    ERR(xn_clock_complete(clock, T(2026, 10, 13, 9, 0)), XN_ERR_STATE, "resume first");
    ERR(xn_clock_resume(clock, T(2026, 10, 11, 9, 0)), XN_ERR_STATE, "earlier than the last recorded event");
    ERR(xn_clock_resume(NULL, 0), XN_ERR_NULL, "`clock`");
    ERR(xn_clock_resume(clock, INT64_MIN), XN_ERR_OUT_OF_RANGE, "`at_unix`");
    OK(xn_clock_resume(clock, T(2026, 10, 16, 17, 0)));
    OK(xn_clock_status(clock, china, T(2026, 10, 19, 9, 0), &st));
    CHECK(st.state == XN_STATE_RUNNING);
    EQ_I64(st.deadline_day, D(2026, 11, 6));

    /* Extension by 10 working days (art. 42), then a second one the rule forbids. */
    ERR(xn_clock_extend(clock, china, T(2026, 10, 20, 9, 0), 10, S("leader-01"), S("  ")), XN_ERR_INVALID,
        "needs a reason");
    ERR(xn_clock_extend(clock, china, T(2026, 10, 20, 9, 0), 10, NULL, 0, S("r")), XN_ERR_NULL, "`approver`");
    ERR(xn_clock_extend(clock, china, T(2026, 10, 20, 9, 0), 10, S("leader-01"), NULL, 0), XN_ERR_NULL,
        "`reason`");
    ERR(xn_clock_extend(clock, NULL, T(2026, 10, 20, 9, 0), 10, S("leader-01"), S("r")), XN_ERR_NULL, "`cal`");
    ERR(xn_clock_extend(NULL, china, T(2026, 10, 20, 9, 0), 10, S("leader-01"), S("r")), XN_ERR_NULL, "`clock`");
    ERR(xn_clock_extend(clock, china, T(2026, 10, 20, 9, 0), 11, S("leader-01"), S("r")), XN_ERR_INVALID,
        "at most 10 in total");
    OK(xn_clock_extend(clock, china, T(2026, 10, 20, 9, 0), 10, S("leader-01"), S("site inspection needed")));
    ERR(xn_clock_extend(clock, china, T(2026, 10, 21, 9, 0), 1, S("leader-01"), S("again")), XN_ERR_INVALID,
        "allows 1 extension");
    OK(xn_clock_status(clock, china, T(2026, 10, 21, 9, 0), &st));
    EQ_I64(st.deadline_day, D(2026, 11, 20));
    EQ_I64(st.deadline_unix, T(2026, 11, 21, 0, 0));
    EQ_I64(st.budget, 30);
    EQ_I64(st.extensions, 1);

    /* JSON status and round trip of the clock. */
    OK(xn_clock_status_json(clock, china, T(2026, 10, 21, 9, 0), &json));
    CHECK(strstr(json.data, "\"deadline_date\":\"2026-11-20\"") != NULL);
    CHECK(strstr(json.data, "\"state\":\"running\"") != NULL);
    CHECK(strstr(json.data, "\"derivation\":[") != NULL);
    xn_buffer_free(&json);
    OK(xn_clock_to_json(clock, &json));
    CHECK(strstr(json.data, "hearing notice no. 7") != NULL);
    OK(xn_clock_from_json(json.data, json.len, &copy));
    xn_buffer_free(&json);
    OK(xn_clock_status(copy, china, T(2026, 10, 21, 9, 0), &st));
    EQ_I64(st.deadline_day, D(2026, 11, 20));
    xn_clock_free(copy);

    /* Completion. */
    OK(xn_clock_complete(clock, T(2026, 11, 18, 15, 0)));
    OK(xn_clock_status(clock, china, T(2026, 12, 1, 9, 0), &st));
    CHECK(st.state == XN_STATE_COMPLETED_ON_TIME && st.signal == XN_SIGNAL_NONE);
    CHECK(!st.has_next_change);
    OK(xn_clock_to_json(clock, &before));
    ERR(xn_clock_complete(clock, T(2026, 11, 19, 9, 0)), XN_ERR_STATE, "cannot complete: the clock is completed");
    ERR(xn_clock_resume(clock, T(2026, 11, 19, 9, 0)), XN_ERR_STATE, "completed");
    ERR(xn_clock_pause(clock, XN_PAUSE_OTHER, T(2026, 11, 19, 9, 0), NULL, 0), XN_ERR_STATE, "completed");
    CHECK(unchanged(clock, before.data));
    xn_buffer_free(&before);
    ERR(xn_clock_complete(NULL, 0), XN_ERR_NULL, "`clock`");
    ERR(xn_clock_complete(clock, INT64_MAX), XN_ERR_OUT_OF_RANGE, "`at_unix`");

    /* Errors of the readers. */
    xn_clock_free(clock);
    {
        /* 30 working days from 2026-12-20 end after the national calendar's last notice (2026): counted
         * on the provisional days (weekends and the statutory holidays, docs/rules.md §2), and said so. */
        const char *doc = "{\"schema\": 1, \"limit\": {\"unit\": \"working_days\", \"amount\": 30},"
                          " \"started_at\": \"2026-12-20T10:00:00+08:00\"}";
        clock = NULL;
        OK(xn_clock_from_json(doc, strlen(doc), &clock));
        OK(xn_clock_status(clock, china, T(2026, 12, 21, 9, 0), &st));
        EQ_I64(st.deadline_unix, T(2027, 2, 2, 0, 0));
        OK(xn_clock_status_json(clock, china, T(2026, 12, 21, 9, 0), &json));
        CONTAINS(json, "\"provisional\":true");
        xn_buffer_free(&json);
        xn_clock_free(clock);
        /* Beyond the provisional data (2099) a deadline is an error, never a guess. */
        doc = "{\"schema\": 1, \"limit\": {\"unit\": \"working_days\", \"amount\": 30},"
              " \"started_at\": \"2099-12-20T10:00:00+08:00\"}";
        clock = NULL;
        OK(xn_clock_from_json(doc, strlen(doc), &clock));
    }
    ERR(xn_clock_status(clock, china, T(2099, 12, 21, 9, 0), &st), XN_ERR_OUT_OF_RANGE,
        "30 working days from 2099-12-20 is outside");
    ERR(xn_clock_status(NULL, china, 0, &st), XN_ERR_NULL, "`clock`");
    ERR(xn_clock_status(clock, NULL, 0, &st), XN_ERR_NULL, "`cal`");
    ERR(xn_clock_status(clock, china, 0, NULL), XN_ERR_NULL, "`out`");
    ERR(xn_clock_status(clock, china, INT64_MAX, &st), XN_ERR_OUT_OF_RANGE, "`now_unix`");
    ERR(xn_clock_status_json(clock, china, T(2099, 12, 21, 9, 0), &json), XN_ERR_OUT_OF_RANGE, "outside");
    ERR(xn_clock_status_json(NULL, china, 0, &json), XN_ERR_NULL, "`clock`");
    ERR(xn_clock_status_json(clock, NULL, 0, &json), XN_ERR_NULL, "`cal`");
    ERR(xn_clock_status_json(clock, china, 0, NULL), XN_ERR_NULL, "`out`");
    CHECK(json.data == NULL);
    ERR(xn_clock_next_change(clock, china, T(2099, 12, 21, 9, 0), &has, &next), XN_ERR_OUT_OF_RANGE, "outside");
    ERR(xn_clock_next_change(NULL, china, 0, &has, &next), XN_ERR_NULL, "`clock`");
    ERR(xn_clock_next_change(clock, NULL, 0, &has, &next), XN_ERR_NULL, "`cal`");
    ERR(xn_clock_next_change(clock, china, 0, NULL, &next), XN_ERR_NULL, "`has_next`");
    ERR(xn_clock_next_change(clock, china, 0, &has, NULL), XN_ERR_NULL, "`out_unix`");
    ERR(xn_clock_to_json(NULL, &json), XN_ERR_NULL, "`clock`");
    ERR(xn_clock_to_json(clock, NULL), XN_ERR_NULL, "`out`");
    xn_clock_free(clock);
    xn_clock_free(NULL);

    /* Working hours clock: 2 working hours from 2026-09-30 16:30, a share of 50 % at 17:30. */
    {
        const char *doc = "{\"schema\": 1, \"limit\": {\"unit\": \"working_hours\", \"amount\": 2},"
                          " \"started_at\": \"2026-09-30T16:30:00+08:00\"}";
        OK(xn_clock_from_json(doc, strlen(doc), &clock));
        OK(xn_clock_status(clock, china, T(2026, 9, 30, 17, 30), &st));
        CHECK(st.unit == XN_UNIT_WORKING_HOURS && st.tick == XN_TICK_SECOND);
        EQ_I64(st.deadline_unix, T(2026, 10, 8, 9, 30));
        EQ_I64(st.budget, 7200);
        EQ_I64(st.used, 3600);
        EQ_I64(st.share_used_bp, 5000);
        xn_clock_free(clock);
    }
}

/* ------------------------------------------------------------------------------------------------ */
/* One calendar shared by two threads doing batch calls at once. */

#define BATCH 4096

struct worker {
    const xn_calendar *cal;
    int64_t days[BATCH];
    int64_t n[BATCH];
    int64_t out[BATCH];
    int64_t between[BATCH];
    bool work[BATCH];
    int rounds;
    xn_status status;
};

static void *work(void *arg) {
    struct worker *w = arg;
    int r;
    for (r = 0; r < w->rounds && w->status == XN_OK; r++) {
        w->status = xn_calendar_is_workday_batch(w->cal, w->days, BATCH, w->work, NULL);
        if (w->status == XN_OK) {
            w->status = xn_calendar_add_workdays_batch(w->cal, w->days, w->n, BATCH, XN_START_NEXT_DAY, w->out, NULL);
        }
        if (w->status == XN_OK) {
            w->status =
                xn_calendar_workdays_between_batch(w->cal, w->days, w->out, BATCH, XN_START_NEXT_DAY, w->between, NULL);
        }
    }
    return NULL;
}

static void test_threads(void) {
    static struct worker a, b, ref;
    pthread_t ta, tb;
    int64_t first = D(2004, 3, 1); /* leaves room for counts back */
    size_t i;

    for (i = 0; i < BATCH; i++) {
        ref.days[i] = first + (int64_t)((i * 7919u) % 8000u);
        ref.n[i] = (int64_t)(i % 41u) - 10;
    }
    ref.cal = china;
    ref.rounds = 1;
    work(&ref);
    CHECK(ref.status == XN_OK);
    a = ref;
    b = ref;
    a.rounds = b.rounds = 20;
    memset(a.out, 0, sizeof a.out);
    memset(b.out, 0, sizeof b.out);
    CHECK(pthread_create(&ta, NULL, work, &a) == 0);
    CHECK(pthread_create(&tb, NULL, work, &b) == 0);
    CHECK(pthread_join(ta, NULL) == 0);
    CHECK(pthread_join(tb, NULL) == 0);
    CHECK(a.status == XN_OK && b.status == XN_OK);
    CHECK(memcmp(a.out, ref.out, sizeof ref.out) == 0 && memcmp(b.out, ref.out, sizeof ref.out) == 0);
    CHECK(memcmp(a.between, ref.between, sizeof ref.between) == 0 &&
          memcmp(b.between, ref.between, sizeof ref.between) == 0);
    CHECK(memcmp(a.work, ref.work, sizeof ref.work) == 0 && memcmp(b.work, ref.work, sizeof ref.work) == 0);
    /* workdays_between(d, add_workdays(d, n)) == n for n >= 0 */
    for (i = 0; i < BATCH; i++) {
        if (ref.n[i] >= 0 && ref.between[i] != ref.n[i]) {
            break;
        }
    }
    CHECK(i == BATCH);
}

int main(void) {
    if (xn_calendar_china(&china) != XN_OK) {
        printf("FAIL: xn_calendar_china: %s\n0 passed, 1 failed\n", xn_last_error());
        return 1;
    }
    test_versions_and_errors();
    test_dates();
    test_buffers();
    test_calendar_construction();
    test_days();
    test_batches();
    test_hours();
    test_clock();
    test_threads();
    xn_calendar_free(china);
    printf("%d passed, %d failed\n", passed, failed);
    return failed == 0 ? 0 : 1;
}
