/*
 * Tests of the engine part of the C ABI (include/xiaoneng.h): every xn_engine_* function, success and
 * error paths with their status and the last error's field and value (NULL arguments named:
 * XN_ERR_NULL; a malformed command naming the field: XN_ERR_PARSE; an unknown case, item or actor:
 * XN_ERR_NOT_FOUND; an actor of the wrong role or unit: XN_ERR_FORBIDDEN; a command in the wrong state:
 * XN_ERR_STATE; xn_engine_reserve(SIZE_MAX): XN_ERR_OUT_OF_RANGE; a rejected command leaving the snapshot
 * and the caller's buffer untouched),
 * timers (reminder, yellow and red cards, the deemed approval of the joint item 330100-BLDG-007), the
 * typed advance against the JSON advance on a copy restored from the same snapshot, the queue of
 * undelivered events, snapshot/restore and replay of the whole event log; the calendar's future (a case
 * accepted before next year's notice gets a provisional deadline; xn_engine_add_notice_json recomputes the
 * deadlines the notice moves, refuses a covered year or a notice without days off; xn_engine_policy_json
 * keeps the notice for a restore).
 *
 * Test data: presets/county.toml, tests/fixtures/county-org.json and tests/fixtures/county-catalog.json,
 * read from the repository root given as the first argument (default: the current directory).
 *
 * Built and run by scripts/test-c with -std=c11 -Wall -Wextra -Werror -pedantic, under valgrind.
 * Prints one line per failed check and ends with "N passed, M failed"; exits non-zero on failure.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "xiaoneng.h"

#include "check.h"

/* Unix seconds of a local time in China (UTC+08:00) in 2026. */
static int64_t at(int month, int day, int hour) {
    xn_date d = {2026, (uint8_t)month, (uint8_t)day};
    int64_t n = 0;
    xn_date_to_day(d, &n);
    return n * 86400 + (int64_t)hour * 3600 - 8 * 3600;
}

/* ------------------------------------------------------------------------------------------------ */
/* Fixtures and helpers                                                                             */
/* ------------------------------------------------------------------------------------------------ */

static xn_policy *policy;
static xn_org *org;
static xn_catalog *cat;

/* The event log: the concatenation of every array the engine under test delivered. */
static char *log_text;
static size_t log_len, log_cap;

static void log_append(const xn_buffer *events) {
    /* events->data is "[...]" or "[]". */
    if (events->len <= 2) {
        return;
    }
    size_t add = events->len - 2 + 2;
    if (log_len + add + 2 > log_cap) {
        log_cap = (log_len + add + 2) * 2;
        log_text = realloc(log_text, log_cap);
    }
    if (log_len == 0) {
        log_text[log_len++] = '[';
    } else {
        log_text[log_len - 1] = ','; /* replaces the closing bracket */
    }
    memcpy(log_text + log_len, events->data + 1, events->len - 2);
    log_len += events->len - 2;
    log_text[log_len++] = ']';
    log_text[log_len] = '\0';
}

/* Executes a command on `e`; on success logs the events, keeps them in *out when given. */
static xn_status run(xn_engine *e, const char *json, xn_buffer *out) {
    xn_buffer events = {0};
    xn_status st = xn_engine_execute(e, json, strlen(json), &events);
    if (st == XN_OK) {
        log_append(&events);
        if (out != NULL) {
            *out = events;
            return st;
        }
    }
    xn_buffer_free(&events);
    return st;
}

#define RUN(e, json) check_ok(run((e), (json), NULL), (json), __LINE__)

static char *snapshot_of(const xn_engine *e) {
    xn_buffer b = {0};
    if (xn_engine_snapshot(e, &b) != XN_OK) {
        return NULL;
    }
    char *copy = malloc(b.len + 1);
    memcpy(copy, b.data, b.len + 1);
    xn_buffer_free(&b);
    return copy;
}

static size_t count_of(const char *text, const char *needle) {
    size_t n = 0;
    for (const char *p = strstr(text, needle); p != NULL; p = strstr(p + 1, needle)) {
        n++;
    }
    return n;
}

/* The two cases of most tests: the food licence C1 and the joint fire-safety check J1, both received on
 * Monday 2026-09-28 09:00 and accepted at 10:00. */
static void two_cases(xn_engine *e) {
    RUN(e, "{\"type\": \"receive\", \"case\": \"C1\", \"at\": \"2026-09-28T09:00:00+08:00\", \"actor\": \"s-clerk\","
           " \"item\": \"330100-FOOD-001\", \"applicant\": \"某餐饮有限公司\", \"materials\": [\"食品经营许可申请书\"]}");
    RUN(e, "{\"type\": \"accept\", \"case\": \"C1\", \"at\": \"2026-09-28T10:00:00+08:00\", \"actor\": \"s-clerk\"}");
    RUN(e, "{\"type\": \"receive\", \"case\": \"J1\", \"at\": \"2026-09-28T09:00:00+08:00\", \"actor\": \"s-clerk\","
           " \"item\": \"330100-BLDG-007\", \"applicant\": \"某影城有限公司\", \"materials\": [\"消防安全检查申报表\"]}");
    RUN(e, "{\"type\": \"accept\", \"case\": \"J1\", \"at\": \"2026-09-28T10:00:00+08:00\", \"actor\": \"s-clerk\"}");
}

/* ------------------------------------------------------------------------------------------------ */
/* Tests                                                                                            */
/* ------------------------------------------------------------------------------------------------ */

static void test_new_and_free(void) {
    xn_engine *e = NULL;
    ERR(xn_engine_new(NULL, org, cat, &e), XN_ERR_NULL, "`policy`");
    ERR(xn_engine_new(policy, NULL, cat, &e), XN_ERR_NULL, "`org`");
    ERR(xn_engine_new(policy, org, NULL, &e), XN_ERR_NULL, "`catalog`");
    ERR(xn_engine_new(policy, org, cat, NULL), XN_ERR_NULL, "`out`");
    CHECK(e == NULL);
    xn_engine_free(NULL);

    /* The engine copies its inputs: free them first, then use it. */
    xn_buffer pj = {0}, oj = {0}, cj = {0};
    xn_policy *p2 = NULL;
    xn_org *o2 = NULL;
    xn_catalog *c2 = NULL;
    OK(xn_policy_to_json(policy, &pj));
    OK(xn_org_to_json(org, &oj));
    OK(xn_catalog_to_json(cat, &cj));
    OK(xn_policy_from_json(pj.data, pj.len, &p2));
    OK(xn_org_from_json(oj.data, oj.len, &o2));
    OK(xn_catalog_from_json(cj.data, cj.len, o2, &c2));
    OK(xn_engine_new(p2, o2, c2, &e));
    xn_policy_free(p2);
    xn_org_free(o2);
    xn_catalog_free(c2);
    xn_buffer_free(&pj);
    xn_buffer_free(&oj);
    xn_buffer_free(&cj);
    size_t n = 99;
    uint64_t seq = 99;
    OK(xn_engine_case_count(e, &n));
    OK(xn_engine_seq(e, &seq));
    CHECK(n == 0 && seq == 0);
    xn_buffer ev = {0};
    OK(xn_engine_execute(e, S("{\"type\": \"receive\", \"case\": \"X1\", \"at\": \"2026-09-28T09:00:00+08:00\","
                              " \"actor\": \"s-clerk\", \"item\": \"330100-FOOD-001\", \"applicant\": \"甲\"}"),
                         &ev));
    CONTAINS(ev, "\"seq\":1,");
    CONTAINS(ev, "\"type\":\"received\"");
    CHECK(ev.data[0] == '[' && ev.data[ev.len - 1] == ']' && ev.data[ev.len] == '\0');
    xn_buffer_free(&ev);
    OK(xn_engine_case_count(e, &n));
    OK(xn_engine_seq(e, &seq));
    CHECK(n == 1 && seq == 1);
    ERR(xn_engine_case_count(NULL, &n), XN_ERR_NULL, "`engine`");
    ERR(xn_engine_case_count(e, NULL), XN_ERR_NULL, "`count`");
    ERR(xn_engine_seq(NULL, &seq), XN_ERR_NULL, "`engine`");
    ERR(xn_engine_seq(e, NULL), XN_ERR_NULL, "`seq`");
    xn_engine_free(e);
}

static void test_execute_errors(void) {
    xn_engine *e = NULL;
    OK(xn_engine_new(policy, org, cat, &e));
    two_cases(e);
    char *before = snapshot_of(e);
    CHECK(before != NULL);

    /* The caller's buffer holds an earlier answer: a failed call must not touch it. */
    xn_buffer kept = {0};
    OK(xn_engine_view_json(e, S("C1"), at(9, 28, 12), &kept));
    char *kept_data = kept.data;
    size_t kept_len = kept.len;

    const char *accept = "{\"type\": \"accept\", \"case\": \"C1\", \"at\": \"2026-09-28T10:00:00+08:00\", "
                         "\"actor\": \"s-clerk\"}";
    /* NULL arguments (caller bugs): XN_ERR_NULL, the field names the argument. */
    ERR(xn_engine_execute(NULL, S(accept), &kept), XN_ERR_NULL, "`engine`");
    LAST(XN_ERR_NULL, "engine", "");
    ERR(xn_engine_execute(e, NULL, 0, &kept), XN_ERR_NULL, "`command_json`");
    LAST(XN_ERR_NULL, "command_json", "");
    ERR(xn_engine_execute(e, S(accept), NULL), XN_ERR_NULL, "`events_json`");
    LAST(XN_ERR_NULL, "events_json", "");

    /* Malformed commands: XN_ERR_PARSE, the field is the path in the command. */
    ERR(xn_engine_execute(e, S("{\"type\": \"accept\", \"case\": \"C1\", \"at\": \"yesterday\", \"actor\": \"s-clerk\"}"),
                          &kept),
        XN_ERR_PARSE, "`at`");
    LAST(XN_ERR_PARSE, "at", "");
    CHECK(strstr(xn_last_error(), xn_last_error_reason()) != NULL);
    ERR(xn_engine_execute(e, S("{\"type\": \"accept\", \"case\": \"C1\", \"at\": \"2026-09-28T10:00:00+08:00\"}"), &kept),
        XN_ERR_PARSE, "actor");
    CHECK(strstr(xn_last_error_reason(), "missing field `actor`") != NULL);
    ERR(xn_engine_execute(e, S("{\"type\": \"accept\", \"case\": \"C1\", \"at\": \"2026-09-28T10:00:00+08:00\","
                               " \"actor\": \"s-clerk\", \"urgent\": true}"),
                          &kept),
        XN_ERR_PARSE, "urgent");
    ERR(xn_engine_execute(e, S("{\"type\": \"approve_all\", \"case\": \"C1\"}"), &kept), XN_ERR_PARSE, "approve_all");
    ERR(xn_engine_execute(e, S("{\"type\": \"extend\", \"case\": \"C1\", \"at\": \"2026-10-08T09:00:00+08:00\","
                               " \"actor\": \"s-head\", \"amount\": -3, \"reason\": \"x\"}"),
                          &kept),
        XN_ERR_PARSE, "`amount`");
    LAST(XN_ERR_PARSE, "amount", "");
    ERR(xn_engine_execute(e, S("not json"), &kept), XN_ERR_PARSE, "JSON");
    ERR(xn_engine_execute(e, "{\"type\": \"accept\xff\"}", 17, &kept), XN_ERR_UTF8, "`command_json`");
    LAST(XN_ERR_UTF8, "command_json", "");

    /* Unknown case, item or actor: XN_ERR_NOT_FOUND (HTTP 404), naming the field and quoting the value. */
    ERR(xn_engine_execute(e, S("{\"type\": \"accept\", \"case\": \"C9\", \"at\": \"2026-09-28T10:00:00+08:00\","
                               " \"actor\": \"s-clerk\"}"),
                          &kept),
        XN_ERR_NOT_FOUND, "unknown `case` = C9: no case has this number");
    LAST(XN_ERR_NOT_FOUND, "case", "C9");
    CHECK(strcmp(xn_last_error_field(), "case") == 0);
    CHECK(strcmp(xn_last_error_reason(), "no case has this number") == 0);
    ERR(xn_engine_execute(e, S("{\"type\": \"complete_step\", \"case\": \"C1\", \"at\": \"2026-09-28T11:00:00+08:00\","
                               " \"actor\": \"s-nobody\"}"),
                          &kept),
        XN_ERR_NOT_FOUND, "no staff member has this id");
    LAST(XN_ERR_NOT_FOUND, "actor", "s-nobody");
    ERR(xn_engine_execute(e, S("{\"type\": \"receive\", \"case\": \"C2\", \"at\": \"2026-09-28T09:00:00+08:00\","
                               " \"actor\": \"s-clerk\", \"item\": \"NO-SUCH-ITEM\", \"applicant\": \"乙\"}"),
                          &kept),
        XN_ERR_NOT_FOUND, "`item`");
    LAST(XN_ERR_NOT_FOUND, "item", "NO-SUCH-ITEM");

    /* An actor without the post, role or unit: XN_ERR_FORBIDDEN (HTTP 403), field `actor`. */
    ERR(xn_engine_execute(e, S("{\"type\": \"extend\", \"case\": \"C1\", \"at\": \"2026-10-08T09:00:00+08:00\","
                               " \"actor\": \"s-rev\", \"amount\": 10, \"reason\": \"需要现场核查\"}"),
                          &kept),
        XN_ERR_FORBIDDEN, "`actor` = s-rev: needs one of the roles unit_head");
    LAST(XN_ERR_FORBIDDEN, "actor", "s-rev");
    CHECK(strcmp(xn_last_error_reason(), "needs one of the roles unit_head") == 0);
    ERR(xn_engine_execute(e, S("{\"type\": \"terminate\", \"case\": \"C1\", \"at\": \"2026-10-08T09:00:00+08:00\","
                               " \"actor\": \"s-fire-head\", \"reason\": \"申请人已注销\"}"),
                          &kept),
        XN_ERR_FORBIDDEN, "not of the case's unit `amr`");
    LAST(XN_ERR_FORBIDDEN, "actor", "s-fire-head");
    ERR(xn_engine_execute(e, S("{\"type\": \"complete_step\", \"case\": \"C1\", \"at\": \"2026-09-28T11:00:00+08:00\","
                               " \"actor\": \"s-rev\"}"),
                          &kept),
        XN_ERR_FORBIDDEN, "post `p-window` is held");
    LAST(XN_ERR_FORBIDDEN, "actor", "s-rev");
    ERR(xn_engine_execute(e, S("{\"type\": \"joint_reply\", \"case\": \"J1\", \"at\": \"2026-09-29T10:00:00+08:00\","
                               " \"actor\": \"s-rev\", \"unit\": \"fire\", \"opinion\": \"agree\"}"),
                          &kept),
        XN_ERR_FORBIDDEN, "consulted unit");
    LAST(XN_ERR_FORBIDDEN, "actor", "s-rev");

    /* A command the case's state does not allow now: XN_ERR_STATE (HTTP 409), field `type`. */
    ERR(xn_engine_execute(e, S(accept), &kept), XN_ERR_STATE, "not allowed while the case is accepted");
    LAST(XN_ERR_STATE, "type", "accept");

    /* A decision before every procedure step is completed (C1 is at step 1 of 3): XN_ERR_STATE. */
    ERR(xn_engine_execute(e, S("{\"type\": \"decide\", \"case\": \"C1\", \"at\": \"2026-09-29T10:00:00+08:00\","
                               " \"actor\": \"s-head\", \"approve\": true}"),
                          &kept),
        XN_ERR_STATE, "step 1 of 3");
    LAST(XN_ERR_STATE, "type", "decide");

    /* Values the rules refuse: XN_ERR_INVALID (HTTP 422), naming the field. */
    ERR(xn_engine_execute(e, S("{\"type\": \"receive\", \"case\": \"C1\", \"at\": \"2026-09-28T09:00:00+08:00\","
                               " \"actor\": \"s-clerk\", \"item\": \"330100-FOOD-001\", \"applicant\": \"乙\"}"),
                          &kept),
        XN_ERR_STATE, "a record with this number exists");
    /* The extension the rule forbids (a second one) after a valid one. */
    RUN(e, "{\"type\": \"extend\", \"case\": \"C1\", \"at\": \"2026-10-08T09:00:00+08:00\", \"actor\": \"s-head\","
           " \"amount\": 10, \"reason\": \"需要现场核查\"}");
    free(before);
    before = snapshot_of(e);
    ERR(xn_engine_execute(e, S("{\"type\": \"extend\", \"case\": \"C1\", \"at\": \"2026-10-09T09:00:00+08:00\","
                               " \"actor\": \"s-head\", \"amount\": 5, \"reason\": \"再次延期\"}"),
                          &kept),
        XN_ERR_INVALID, NULL);

    /* Nothing changed: the same snapshot, and the caller's buffer untouched. */
    char *after = snapshot_of(e);
    CHECK(before != NULL && after != NULL && strcmp(before, after) == 0);
    CHECK(kept.data == kept_data && kept.len == kept_len);
    xn_buffer_free(&kept);
    free(before);
    free(after);
    xn_engine_free(e);
}

static const char *KIND_NAMES[] = {
    "received", "corrections_notified", "corrections_submitted", "accepted", "refused", "negative_reported",
    "step_completed", "paused", "resumed", "extended", "decided", "delivered", "withdrawn", "joint_opinion",
    "rated", "rating_followed_up", "signal_raised", "escalated", "timer_fault", "violation",
    "inquiry_recorded", "inquiry_answered", "terminated", "hearing_right_notified", "hearing_requested",
    "hearing_right_lapsed", "hearing_held", "renewal_of", "deadline_changed", "corrections_overdue",
    "complaint_registered", "complaint_accepted", "complaint_declined", "complaint_extended", "complaint_handled",
    "complaint_closed", "complaint_returned", "complaint_replied", "complaint_called_back", "complaint_rechecked",
    "complaint_merged", "rectification_ordered", "pledge_signed", "pledge_opened", "pledge_reported",
    "pledge_completed", "pledge_verified", "matter_opened", "sanction_proposed", "sanction_decided",
    "inspection_opened", "finding_recorded", "inspection_closed", "finding_reinspected", "plan_committed",
    "plan_revealed", "pledge_rated"};
static const char *CLOCK_NAMES[] = {"notice", "decision", "step", "negative_report", "delivery",
                                    "consult", "rating_follow_up", "rating", "inquiry", "hearing_request",
                                    "hearing", "acceptance", "corrections", "complaint_acceptance",
                                    "complaint_handling", "complaint_reply", "pledge_signing",
                                    "pledge_deadline", "pledge_milestone"};
static const char *RULE_NAMES[] = {"late_one_time_notice", "repeated_notice", "step_over_limit",
                                   "ab_both_absent", "late_negative_report", "decision_overdue",
                                   "late_delivery", "late_consult_reply", "late_rating_follow_up",
                                   "unanswered_inquiry", "unexcused_absence", "late_hearing",
                                   "late_acceptance", "late_complaint_acceptance", "late_complaint_handling",
                                   "late_complaint_reply", "substantiated_complaint", "late_pledge_signing",
                                   "pledge_milestone_missed", "pledge_broken", "accountability_triggered",
                                   "inspection_finding", "rectification_failed"};
static const char *SIGNAL_NAMES[] = {"none", "reminder", "yellow", "red"};

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

/* Whether the typed event `ev` is the object with the same seq in the JSON array `json`, field by field. */
static int same_event(const xn_event_info *ev, const char *json) {
    char needle[256];
    snprintf(needle, sizeof needle, "{\"seq\":%llu,", (unsigned long long)ev->seq);
    const char *start = strstr(json, needle);
    if (start == NULL) {
        printf("  seq %llu not in the JSON\n", (unsigned long long)ev->seq);
        return 0;
    }
    const char *end = strstr(start + 1, "{\"seq\":");
    size_t span = end != NULL ? (size_t)(end - start) : strlen(start);
    char obj[2048];
    if (span >= sizeof obj) {
        return 0;
    }
    memcpy(obj, start, span);
    obj[span] = '\0';

    time_t t = (time_t)ev->at_unix;
    struct tm *tm = gmtime(&t);
    char iso[64];
    strftime(iso, sizeof iso, "\"at\":\"%Y-%m-%dT%H:%M:%SZ\"", tm);
    int ok = strstr(obj, iso) != NULL;
    snprintf(needle, sizeof needle, "\"case\":\"%s\"", ev->case_id);
    ok = ok && strstr(obj, needle) != NULL && strlen(ev->case_id) == ev->case_len;
    ok = ok && ev->kind >= 0 && (size_t)ev->kind < COUNT(KIND_NAMES);
    if (ok) {
        snprintf(needle, sizeof needle, "\"type\":\"%s\"", KIND_NAMES[ev->kind]);
        ok = strstr(obj, needle) != NULL;
    }
    if (ev->clock >= 0 && (size_t)ev->clock < COUNT(CLOCK_NAMES)) {
        snprintf(needle, sizeof needle, "\"clock\":\"%s\"", CLOCK_NAMES[ev->clock]);
        ok = ok && strstr(obj, needle) != NULL;
    } else {
        ok = ok && ev->clock == XN_CLOCK_NONE && strstr(obj, "\"clock\":") == NULL;
    }
    if (ev->signal >= 0 && (size_t)ev->signal < COUNT(SIGNAL_NAMES)) {
        snprintf(needle, sizeof needle, "\"signal\":\"%s\"", SIGNAL_NAMES[ev->signal]);
        ok = ok && strstr(obj, needle) != NULL;
    } else {
        ok = ok && ev->signal == -1 && strstr(obj, "\"signal\":") == NULL;
    }
    if (ev->rule >= 0 && (size_t)ev->rule < COUNT(RULE_NAMES)) {
        snprintf(needle, sizeof needle, "\"rule\":\"%s\"", RULE_NAMES[ev->rule]);
        ok = ok && strstr(obj, needle) != NULL;
    } else {
        ok = ok && ev->rule == XN_RULE_NONE && strstr(obj, "\"rule\":") == NULL;
    }
    if (ev->kind == XN_EVENT_DECIDED) {
        ok = ok && strstr(obj, ev->approve == 1 ? "\"approve\":true" : "\"approve\":false") != NULL;
    } else {
        ok = ok && ev->approve == -1;
    }
    ok = ok && ev->deemed == (strstr(obj, "\"deemed\":true") != NULL || strstr(obj, "\"deemed\":\"") != NULL);
    if (!ok) {
        printf("  typed event seq %llu kind %d clock %d signal %d rule %d approve %d deemed %d case %s "
               "differs from %s\n",
               (unsigned long long)ev->seq, ev->kind, ev->clock, ev->signal, ev->rule, ev->approve, ev->deemed,
               ev->case_id, obj);
    }
    return ok;
}

static void test_advance(void) {
    xn_engine *e = NULL;
    OK(xn_engine_new(policy, org, cat, &e));
    bool has = true;
    int64_t next = -1;
    OK(xn_engine_next_timer(e, &has, &next));
    CHECK(!has && next == 0);
    ERR(xn_engine_next_timer(NULL, &has, &next), XN_ERR_NULL, "`engine`");
    ERR(xn_engine_next_timer(e, NULL, &next), XN_ERR_NULL, "`has`");
    ERR(xn_engine_next_timer(e, &has, NULL), XN_ERR_NULL, "`at_unix`");
    two_cases(e);
    OK(xn_engine_next_timer(e, &has, &next));
    CHECK(has && next > at(9, 28, 10));

    xn_buffer ev = {0};
    ERR(xn_engine_advance(NULL, at(10, 1, 0), &ev), XN_ERR_NULL, "`engine`");
    ERR(xn_engine_advance(e, at(10, 1, 0), NULL), XN_ERR_NULL, "`events_json`");
    ERR(xn_engine_advance(e, INT64_MAX, &ev), XN_ERR_OUT_OF_RANGE, "`now_unix`");
    CHECK(ev.data == NULL);

    /* Oct 8, after the National Day holiday: the 受理 step (1 working day) of both cases ran over its own
     * limit at the end of Sep 29 (a violation even though the cases are not overdue); no signal yet. */
    OK(xn_engine_advance(e, at(10, 8, 9), &ev));
    log_append(&ev);
    CHECK(count_of(ev.data, "\"rule\":\"step_over_limit\"") == 2);
    CONTAINS(ev, "\"at\":\"2026-09-29T16:00:00Z\"");
    CHECK(strstr(ev.data, "signal_raised") == NULL);
    xn_buffer_free(&ev);
    OK(xn_engine_advance(e, at(10, 8, 9), &ev));
    CHECK(ev.len == 2 && strcmp(ev.data, "[]") == 0);
    xn_buffer_free(&ev);

    /* The consulted fire brigade stays silent past the consult limit: deemed consent (超时默认). */
    OK(xn_engine_advance(e, at(10, 11, 0), &ev));
    log_append(&ev);
    CONTAINS(ev, "\"type\":\"joint_opinion\"");
    CONTAINS(ev, "\"deemed\":\"silence\"");
    xn_buffer_free(&ev);

    /* The food licence: pledged deadline Oct 16, reminder from Oct 15. */
    OK(xn_engine_advance(e, at(10, 15, 12), &ev));
    log_append(&ev);
    CONTAINS(ev, "\"case\":\"C1\"");
    CONTAINS(ev, "\"type\":\"signal_raised\",\"clock\":\"decision\",\"signal\":\"reminder\"");
    xn_buffer_free(&ev);

    xn_buffer board = {0};
    ERR(xn_engine_board_json(NULL, at(10, 15, 12), &board), XN_ERR_NULL, "`engine`");
    ERR(xn_engine_board_json(e, at(10, 15, 12), NULL), XN_ERR_NULL, "`out`");
    OK(xn_engine_board_json(e, at(10, 15, 12), &board));
    CONTAINS(board, "\"case\":\"C1\"");
    CONTAINS(board, "\"signal\":\"reminder\"");
    xn_buffer_free(&board);

    /* The copies for the typed path, restored from the state just before the yellow and red cards. */
    char *snap = snapshot_of(e);
    CHECK(snap != NULL);
    xn_engine *typed = NULL, *small = NULL;
    OK(xn_engine_restore(policy, org, cat, snap, strlen(snap), &typed));
    OK(xn_engine_restore(policy, org, cat, snap, strlen(snap), &small));

    /* Yellow Oct 17, red Oct 22 for C1; J1 (joint, pledged 15 working days to Oct 23) is deemed approved
     * at the end of its pledged deadline, Oct 24 00:00 +08:00 (超时默许). */
    OK(xn_engine_advance(e, at(12, 1, 0), &ev));
    log_append(&ev);
    CONTAINS(ev, "\"signal\":\"yellow\"");
    CONTAINS(ev, "\"signal\":\"red\"");
    CONTAINS(ev, "\"rule\":\"decision_overdue\"");
    CONTAINS(ev, "\"at\":\"2026-10-23T16:00:00Z\",\"case\":\"J1\",\"type\":\"decided\",\"approve\":true,\"deemed\":true");
    CHECK(count_of(ev.data, "\"type\":\"decided\"") == 1);

    /* The typed path on a copy: the same events, field by field. */
    size_t pending = 0;
    ERR(xn_engine_pending(NULL, at(12, 1, 0), &pending), XN_ERR_NULL, "`engine`");
    ERR(xn_engine_pending(typed, at(12, 1, 0), NULL), XN_ERR_NULL, "`count`");
    OK(xn_engine_pending(typed, at(12, 1, 0), &pending));
    size_t json_count = count_of(ev.data, "{\"seq\":");
    CHECK(pending == json_count && pending >= 6);
    size_t queued = 0;
    OK(xn_engine_queued(typed, &queued));
    CHECK(queued == pending);
    ERR(xn_engine_queued(NULL, &queued), XN_ERR_NULL, "`engine`");
    ERR(xn_engine_queued(typed, NULL), XN_ERR_NULL, "`count`");
    xn_event_info *infos = calloc(pending, sizeof *infos);
    size_t n = 0;
    ERR(xn_engine_advance_typed(NULL, at(12, 1, 0), infos, pending, &n), XN_ERR_NULL, "`engine`");
    ERR(xn_engine_advance_typed(typed, at(12, 1, 0), NULL, pending, &n), XN_ERR_NULL, "`out`");
    ERR(xn_engine_advance_typed(typed, at(12, 1, 0), infos, pending, NULL), XN_ERR_NULL, "`n_out`");
    ERR(xn_engine_advance_typed(typed, INT64_MIN, infos, pending, &n), XN_ERR_OUT_OF_RANGE, "`now_unix`");
    OK(xn_engine_advance_typed(typed, at(12, 1, 0), infos, pending, &n));
    CHECK(n == json_count);
    int yellow = 0, red = 0, overdue = 0, deemed_approval = 0;
    for (size_t i = 0; i < n; i++) {
        CHECK(same_event(&infos[i], ev.data));
        if (i > 0) {
            CHECK(infos[i].seq == infos[i - 1].seq + 1);
        }
        if (infos[i].kind == XN_EVENT_SIGNAL_RAISED && infos[i].clock == XN_CLOCK_DECISION) {
            yellow += infos[i].signal == XN_SIGNAL_YELLOW;
            red += infos[i].signal == XN_SIGNAL_RED;
        }
        overdue += infos[i].kind == XN_EVENT_VIOLATION && infos[i].rule == XN_RULE_DECISION_OVERDUE;
        if (infos[i].kind == XN_EVENT_DECIDED && infos[i].approve == 1 && infos[i].deemed &&
            strcmp(infos[i].case_id, "J1") == 0) {
            deemed_approval++;
            CHECK(infos[i].at_unix == at(10, 24, 0));
        }
    }
    /* Two decision_overdue violations: C1's, and J1's beside its deemed approval (the missed limit). */
    CHECK(yellow == 1 && red == 1 && overdue == 2 && deemed_approval == 1);
    OK(xn_engine_queued(typed, &queued));
    CHECK(queued == 0);

    /* Case-id pointers are owned by the handle, one per case: the same pointer for the same case. */
    const char *c1 = NULL;
    for (size_t i = 0; i < n; i++) {
        if (strcmp(infos[i].case_id, "C1") == 0) {
            if (c1 == NULL) {
                c1 = infos[i].case_id;
            }
            CHECK(infos[i].case_id == c1);
        }
    }

    /* A cap too small loses nothing: the rest stay queued and come next, in order. */
    xn_event_info two[2];
    size_t got = 0, total = 0;
    uint64_t expect_seq = infos[0].seq;
    OK(xn_engine_advance_typed(small, at(12, 1, 0), two, 2, &got));
    CHECK(got == 2);
    for (size_t i = 0; i < got; i++) {
        CHECK(two[i].seq == expect_seq++ && two[i].kind == infos[total + i].kind);
    }
    total += got;
    OK(xn_engine_queued(small, &queued));
    CHECK(queued == n - 2);
    xn_buffer refused = {0};
    ERR(xn_engine_snapshot(small, &refused), XN_ERR_STATE, "still queued");
    CHECK(refused.data == NULL);
    /* cap 0 delivers nothing (and NULL is fine then). */
    OK(xn_engine_advance_typed(small, at(12, 1, 0), NULL, 0, &got));
    CHECK(got == 0);
    OK(xn_engine_advance_typed(small, at(12, 1, 0), two, 2, &got));
    CHECK(got == 2);
    for (size_t i = 0; i < got; i++) {
        CHECK(two[i].seq == expect_seq++ && same_event(&two[i], ev.data));
    }
    total += got;
    /* The JSON advance delivers the rest, first. */
    xn_buffer rest = {0};
    OK(xn_engine_advance(small, at(12, 1, 0), &rest));
    CHECK(count_of(rest.data, "{\"seq\":") == n - total);
    char first[64];
    snprintf(first, sizeof first, "[{\"seq\":%llu,", (unsigned long long)expect_seq);
    CHECK(strncmp(rest.data, first, strlen(first)) == 0);
    xn_buffer_free(&rest);
    OK(xn_engine_queued(small, &queued));
    CHECK(queued == 0);

    /* After delivery, the three engines hold the same state. */
    char *live = snapshot_of(e), *s_typed = snapshot_of(typed), *s_small = snapshot_of(small);
    CHECK(live != NULL && s_typed != NULL && s_small != NULL);
    CHECK(live != NULL && s_typed != NULL && strcmp(live, s_typed) == 0);
    CHECK(live != NULL && s_small != NULL && strcmp(live, s_small) == 0);

    /* Queued events come first in an execute's answer too. */
    xn_engine *q = NULL;
    OK(xn_engine_restore(policy, org, cat, snap, strlen(snap), &q));
    OK(xn_engine_pending(q, at(10, 20, 0), &pending));
    CHECK(pending >= 2); /* the yellow card and the overdue violation of C1 */
    xn_buffer answer = {0};
    OK(xn_engine_execute(q, S("{\"type\": \"withdraw\", \"case\": \"C1\", \"at\": \"2026-10-20T09:00:00+08:00\","
                              " \"actor\": \"s-clerk\"}"),
                         &answer));
    CONTAINS(answer, "\"signal\":\"yellow\"");
    CONTAINS(answer, "\"type\":\"withdrawn\"");
    CHECK(answer.data != NULL && strstr(answer.data, "yellow") < strstr(answer.data, "withdrawn"));
    OK(xn_engine_queued(q, &queued));
    CHECK(queued == 0);
    xn_buffer_free(&answer);
    xn_engine_free(q);

    /* Termination by the unit head closes the case (XN_EVENT_TERMINATED); a clerk may not terminate. */
    OK(xn_engine_restore(policy, org, cat, snap, strlen(snap), &q));
    ERR(xn_engine_execute(q, S("{\"type\": \"terminate\", \"case\": \"C1\", \"at\": \"2026-10-20T09:00:00+08:00\","
                               " \"actor\": \"s-clerk\", \"reason\": \"申请人已注销\"}"),
                          &answer),
        XN_ERR_FORBIDDEN, "`actor`");
    LAST(XN_ERR_FORBIDDEN, "actor", "s-clerk");
    OK(xn_engine_execute(q, S("{\"type\": \"terminate\", \"case\": \"C1\", \"at\": \"2026-10-20T09:00:00+08:00\","
                              " \"actor\": \"s-head\", \"reason\": \"申请人已注销\"}"),
                         &answer));
    CONTAINS(answer, "\"type\":\"terminated\"");
    CHECK(XN_EVENT_TERMINATED == 22 && strcmp(KIND_NAMES[XN_EVENT_TERMINATED], "terminated") == 0);
    xn_buffer_free(&answer);
    xn_engine_free(q);

    /* A queue left behind is freed with its engine (valgrind checks). */
    OK(xn_engine_restore(policy, org, cat, snap, strlen(snap), &q));
    OK(xn_engine_pending(q, at(12, 1, 0), &pending));
    CHECK(pending == n);
    xn_engine_free(q);

    free(live);
    free(s_typed);
    free(s_small);
    free(infos);
    free(snap);
    xn_buffer_free(&ev);
    xn_engine_free(typed);
    xn_engine_free(small);

    /* Queries on the live engine. */
    xn_buffer view = {0};
    ERR(xn_engine_view_json(NULL, S("J1"), at(12, 1, 0), &view), XN_ERR_NULL, "`engine`");
    ERR(xn_engine_view_json(e, NULL, 0, at(12, 1, 0), &view), XN_ERR_NULL, "`case_id`");
    ERR(xn_engine_view_json(e, S("J1"), at(12, 1, 0), NULL), XN_ERR_NULL, "`out`");
    ERR(xn_engine_view_json(e, S("C9"), at(12, 1, 0), &view), XN_ERR_NOT_FOUND, "`case` = C9: no case has this number");
    LAST(XN_ERR_NOT_FOUND, "case", "C9");
    ERR(xn_engine_view_json(e, "J\xff", 2, at(12, 1, 0), &view), XN_ERR_UTF8, "`case_id`");
    CHECK(view.data == NULL);
    OK(xn_engine_view_json(e, S("J1"), at(12, 1, 0), &view));
    CONTAINS(view, "\"case\":\"J1\"");
    CONTAINS(view, "\"item\":\"330100-BLDG-007\"");
    CONTAINS(view, "\"state\":\"approved\"");
    xn_buffer_free(&view);
    OK(xn_engine_view_json(e, S("C1"), at(10, 22, 9), &view));
    CONTAINS(view, "\"state\":\"accepted\"");
    CONTAINS(view, "\"signal\":\"red\"");
    CONTAINS(view, "\"derivation\"");
    xn_buffer_free(&view);

    /* Explanations: the basis, days off, thresholds; Chinese by default, English on request. */
    xn_buffer why = {0};
    ERR(xn_engine_explain_json(NULL, S("C1"), at(10, 22, 9), NULL, 0, &why), XN_ERR_NULL, "`engine`");
    ERR(xn_engine_explain_json(e, NULL, 0, at(10, 22, 9), NULL, 0, &why), XN_ERR_NULL, "`case_id`");
    ERR(xn_engine_explain_json(e, S("C1"), at(10, 22, 9), NULL, 0, NULL), XN_ERR_NULL, "`out`");
    ERR(xn_engine_explain_json(e, S("C9"), at(10, 22, 9), NULL, 0, &why), XN_ERR_NOT_FOUND, "`case` = C9");
    LAST(XN_ERR_NOT_FOUND, "case", "C9");
    ERR(xn_engine_explain_json(e, S("C1"), at(10, 22, 9), S("fr"), &why), XN_ERR_INVALID, "`lang` = fr");
    LAST(XN_ERR_INVALID, "lang", "fr");
    CHECK(why.data == NULL);
    OK(xn_engine_explain_json(e, S("C1"), at(10, 22, 9), NULL, 0, &why));
    CONTAINS(why, "\"clock\":\"decision\"");
    CONTAINS(why, "第四十二条");
    CONTAINS(why, "国庆节");
    CONTAINS(why, "\"signal\":\"red\",\"at\"");
    xn_buffer_free(&why);
    OK(xn_engine_explain_json(e, S("C1"), at(10, 22, 9), S("en"), &why));
    CONTAINS(why, "art. 42");
    CONTAINS(why, "holiday (National Day)");
    xn_buffer_free(&why);

    /* The case record: the form snapshots store. */
    xn_buffer record = {0};
    ERR(xn_engine_case_json(NULL, S("J1"), &record), XN_ERR_NULL, "`engine`");
    ERR(xn_engine_case_json(e, NULL, 0, &record), XN_ERR_NULL, "`case_id`");
    ERR(xn_engine_case_json(e, S("J1"), NULL), XN_ERR_NULL, "`out`");
    ERR(xn_engine_case_json(e, S("C9"), &record), XN_ERR_NOT_FOUND, "unknown `case` = C9: no case has this number");
    LAST(XN_ERR_NOT_FOUND, "case", "C9");
    ERR(xn_engine_case_json(e, "J\xff", 2, &record), XN_ERR_UTF8, "`case_id`");
    CHECK(record.data == NULL);
    OK(xn_engine_case_json(e, S("J1"), &record));
    CONTAINS(record, "\"id\":\"J1\"");
    CONTAINS(record, "\"state\":\"approved\"");
    CONTAINS(record, "\"joint\":[");
    CONTAINS(record, "\"decision\":{");
    xn_buffer_free(&record);

    /* Reserving room changes nothing the engine says. */
    size_t before = 0, after = 0;
    ERR(xn_engine_reserve(NULL, 10), XN_ERR_NULL, "`engine`");
    OK(xn_engine_case_count(e, &before));
    OK(xn_engine_reserve(e, 100000));
    OK(xn_engine_case_count(e, &after));
    CHECK(before == after);
    /* Room beyond what an engine holds or memory allows is refused, never an abort. */
    ERR(xn_engine_reserve(e, SIZE_MAX), XN_ERR_OUT_OF_RANGE, "`additional`");
    LAST(XN_ERR_OUT_OF_RANGE, "additional", NULL);
    {
        char max[32];
        snprintf(max, sizeof max, "%zu", (size_t)SIZE_MAX);
        CHECK(strcmp(xn_last_error_value(), max) == 0);
    }
    ERR(xn_engine_reserve(e, SIZE_MAX / 2), XN_ERR_OUT_OF_RANGE, "`additional`");
    OK(xn_engine_case_count(e, &after));
    CHECK(before == after);

    /* Monthly figures (docs/metrics.md): each event in its own month, open overdue cases as late. */
    xn_buffer metrics = {0};
    ERR(xn_engine_metrics_json(NULL, at(9, 1, 0), at(10, 1, 0), &metrics), XN_ERR_NULL, "`engine`");
    ERR(xn_engine_metrics_json(e, at(9, 1, 0), at(10, 1, 0), NULL), XN_ERR_NULL, "`out`");
    ERR(xn_engine_metrics_json(e, INT64_MIN, at(10, 1, 0), &metrics), XN_ERR_OUT_OF_RANGE, "`from_unix`");
    ERR(xn_engine_metrics_json(e, at(10, 1, 0), at(9, 1, 0), &metrics), XN_ERR_INVALID, "`to`");
    LAST(XN_ERR_INVALID, "to", NULL);
    CHECK(metrics.data == NULL);
    /* September: both cases received and accepted, nothing decided, no rate; the two step violations. */
    OK(xn_engine_metrics_json(e, at(9, 1, 0), at(10, 1, 0), &metrics));
    CONTAINS(metrics, "\"unit\":\"amr\",\"received\":2,\"accepted\":2,\"deemed_accepted\":0,\"refused\":0,"
                      "\"decided\":0,");
    CONTAINS(metrics, "\"open\":2,\"open_overdue\":0,\"on_time_rate\":null,\"on_the_spot_share\":null,"
                      "\"durations\":[],");
    CONTAINS(metrics, "\"violations\":2,\"violations_by_rule\":{\"late_one_time_notice\":0,"
                      "\"repeated_notice\":0,\"step_over_limit\":2,");
    xn_buffer_free(&metrics);
    /* October: J1 deemed approved (late), C1 overdue and still open at the month's end: 0 / (1 + 1). The
     * time J1 used is its pledged 15 working days, one figure per unit of measure. */
    OK(xn_engine_metrics_json(e, at(10, 1, 0), at(11, 1, 0), &metrics));
    CONTAINS(metrics, "\"received\":0,");
    CONTAINS(metrics, "\"decided\":1,\"approved\":1,\"deemed_approved\":1,");
    /* J1's item has a pledged limit: its late decision is a broken service pledge. */
    CONTAINS(metrics, "\"on_time\":0,\"late\":1,\"broken_pledges\":1,\"became_overdue\":2,\"on_the_spot\":0,"
                      "\"open\":2,\"open_overdue\":1,\"on_time_rate\":\"0\",");
    CONTAINS(metrics, "\"durations\":[{\"unit\":\"working_days\",\"decided\":1,\"average_used\":\"15\","
                      "\"average_pledged\":\"15\",\"average_statutory\":\"45\",\"speed_up\":\"0.6667\"}],");
    xn_buffer_free(&metrics);
    /* November: nothing happened, yet C1 is still open and overdue: the rate stays 0, not "nothing to rate". */
    OK(xn_engine_metrics_json(e, at(11, 1, 0), at(12, 1, 0), &metrics));
    CONTAINS(metrics, "\"received\":0,");
    CONTAINS(metrics, "\"became_overdue\":0,");
    CONTAINS(metrics, "\"open_overdue\":1,\"on_time_rate\":\"0\",");
    xn_buffer_free(&metrics);
    /* Before any case: no row. */
    OK(xn_engine_metrics_json(e, at(8, 1, 0), at(9, 1, 0), &metrics));
    CHECK(metrics.data != NULL && strcmp(metrics.data, "[]") == 0);
    xn_buffer_free(&metrics);

    xn_engine_free(e);
}

/* Who may do what (docs/rules.md §1): an actor of another unit holding the same role is refused with
 * XN_ERR_FORBIDDEN, field `actor` and its value, the reason naming its unit; the case's unit acts. A
 * central intake window (the policy's `intake`) receives and accepts for the items it takes in, nothing
 * else; a decision needs every procedure step completed. */
static void test_who_may_do_what(const char *root) {
    size_t pl = 0;
    char *preset = read_file(root, "presets/county.toml", &pl);
    const char *intake = "\n[[intake]]\nunit = \"hall\"\nitems = [\"330100-FOOD-001\"]\n";
    char *text = preset != NULL ? malloc(pl + strlen(intake) + 1) : NULL;
    xn_policy *with_intake = NULL;
    xn_engine *e = NULL;
    if (text != NULL) {
        memcpy(text, preset, pl);
        memcpy(text + pl, intake, strlen(intake) + 1);
        OK(xn_policy_from_toml(text, strlen(text), &with_intake));
        OK(xn_engine_new(with_intake, org, cat, &e));
    }
    free(preset);
    free(text);
    CHECK(e != NULL);
    if (e == NULL) {
        xn_policy_free(with_intake);
        return;
    }
    xn_buffer out = {0};
    /* An intake naming a unit the organisation lacks: the engine is refused, naming the field. */
    xn_policy *lobby = NULL;
    const char *bad = "schema = 1\nname = \"x\"\ncalendar = { schema = 1, base = \"china\" }\nsystems = []\n"
                      "inquiry_answer_limit = { unit = \"working_days\", amount = 0 }\n"
                      "one_time_notice_limit = { unit = \"working_days\", amount = 5 }\n"
                      "negative_report_limit = { unit = \"working_days\", amount = 1 }\n"
                      "delivery_limit = { unit = \"working_days\", amount = 10 }\n"
                      "extension = { max_count = 1, approver_role = \"unit_head\" }\n"
                      "joint_review = { consult_limit = { unit = \"working_days\", amount = 5 },"
                      " silence_is_consent = true, absence_is_consent = true,"
                      " unreasoned_disagreement_is_consent = true }\n"
                      "ab_posts = { unit_head_covers = true }\n"
                      "rating = { follow_up_limit = { unit = \"working_days\", amount = 5 } }\n"
                      "intake = [{ unit = \"lobby\", item_units = [\"amr\"] }]\n";
    OK(xn_policy_from_toml(bad, strlen(bad), &lobby));
    xn_engine *none = NULL;
    ERR(xn_engine_new(lobby, org, cat, &none), XN_ERR_INVALID, "`intake[0].unit` = lobby");
    LAST(XN_ERR_INVALID, "intake[0].unit", "lobby");
    CHECK(none == NULL);
    xn_policy_free(lobby);

    /* Receipt: fire's window clerk may not receive amr's item; the hall (intake) may. */
    ERR(xn_engine_execute(e, S("{\"type\": \"receive\", \"case\": \"C1\", \"at\": \"2026-09-28T09:00:00+08:00\","
                               " \"actor\": \"s-fire-clerk\", \"item\": \"330100-FOOD-001\", \"applicant\": \"甲\"}"),
                          &out),
        XN_ERR_FORBIDDEN, "a staff member of unit `fire`, not of the case's unit `amr`");
    LAST(XN_ERR_FORBIDDEN, "actor", "s-fire-clerk");
    ERR(xn_engine_execute(e, S("{\"type\": \"receive\", \"case\": \"J1\", \"at\": \"2026-09-28T09:00:00+08:00\","
                               " \"actor\": \"s-hall\", \"item\": \"330100-BLDG-007\", \"applicant\": \"乙\"}"),
                          &out),
        XN_ERR_FORBIDDEN, "nor of an intake window that takes it in");
    LAST(XN_ERR_FORBIDDEN, "actor", "s-hall");
    RUN(e, "{\"type\": \"receive\", \"case\": \"C1\", \"at\": \"2026-09-28T09:00:00+08:00\", \"actor\": \"s-hall\","
           " \"item\": \"330100-FOOD-001\", \"applicant\": \"甲\"}");
    /* Acceptance: likewise. */
    ERR(xn_engine_execute(e, S("{\"type\": \"accept\", \"case\": \"C1\", \"at\": \"2026-09-28T10:00:00+08:00\","
                               " \"actor\": \"s-fire-clerk\"}"),
                          &out),
        XN_ERR_FORBIDDEN, "not of the case's unit `amr`");
    LAST(XN_ERR_FORBIDDEN, "actor", "s-fire-clerk");
    RUN(e, "{\"type\": \"accept\", \"case\": \"C1\", \"at\": \"2026-09-28T10:00:00+08:00\", \"actor\": \"s-hall\"}");
    /* A window clerk can no longer approve at step 1 of 3. */
    ERR(xn_engine_execute(e, S("{\"type\": \"decide\", \"case\": \"C1\", \"at\": \"2026-09-28T10:30:00+08:00\","
                               " \"actor\": \"s-clerk\", \"approve\": true}"),
                          &out),
        XN_ERR_FORBIDDEN, "needs one of the roles");
    LAST(XN_ERR_FORBIDDEN, "actor", "s-clerk");
    /* Extension: fire's head is refused, the superior's (gov) is not. */
    ERR(xn_engine_execute(e, S("{\"type\": \"extend\", \"case\": \"C1\", \"at\": \"2026-09-28T10:30:00+08:00\","
                               " \"actor\": \"s-fire-head\", \"amount\": 10, \"reason\": \"需要现场核查\"}"),
                          &out),
        XN_ERR_FORBIDDEN, "the case's unit `amr` or its superior `gov`");
    LAST(XN_ERR_FORBIDDEN, "actor", "s-fire-head");
    RUN(e, "{\"type\": \"extend\", \"case\": \"C1\", \"at\": \"2026-09-28T10:30:00+08:00\", \"actor\": \"s-gov-head\","
           " \"amount\": 10, \"reason\": \"需要现场核查\"}");
    /* The steps, then the decision: fire's head refused, amr's head decides; the hall does not deliver. */
    RUN(e, "{\"type\": \"complete_step\", \"case\": \"C1\", \"at\": \"2026-09-28T11:00:00+08:00\", \"actor\": \"s-clerk\"}");
    RUN(e, "{\"type\": \"complete_step\", \"case\": \"C1\", \"at\": \"2026-09-29T09:00:00+08:00\", \"actor\": \"s-rev\"}");
    RUN(e, "{\"type\": \"complete_step\", \"case\": \"C1\", \"at\": \"2026-09-29T10:00:00+08:00\", \"actor\": \"s-rev\"}");
    /* Values the rules refuse once the steps are done: a denial without its legal basis (art. 38). */
    ERR(xn_engine_execute(e, S("{\"type\": \"decide\", \"case\": \"C1\", \"at\": \"2026-09-29T11:00:00+08:00\","
                               " \"actor\": \"s-head\", \"approve\": false, \"reasons\": \"场所不符合要求\"}"),
                          &out),
        XN_ERR_INVALID, "`legal_basis`");
    LAST(XN_ERR_INVALID, "legal_basis", NULL);
    ERR(xn_engine_execute(e, S("{\"type\": \"decide\", \"case\": \"C1\", \"at\": \"2026-09-29T11:00:00+08:00\","
                               " \"actor\": \"s-fire-head\", \"approve\": true}"),
                          &out),
        XN_ERR_FORBIDDEN, "not of the case's unit `amr`");
    LAST(XN_ERR_FORBIDDEN, "actor", "s-fire-head");
    RUN(e, "{\"type\": \"decide\", \"case\": \"C1\", \"at\": \"2026-09-29T11:00:00+08:00\", \"actor\": \"s-head\","
           " \"approve\": true}");
    ERR(xn_engine_execute(e, S("{\"type\": \"deliver\", \"case\": \"C1\", \"at\": \"2026-09-29T15:00:00+08:00\","
                               " \"actor\": \"s-hall\"}"),
                          &out),
        XN_ERR_FORBIDDEN, "nothing else");
    LAST(XN_ERR_FORBIDDEN, "actor", "s-hall");
    RUN(e, "{\"type\": \"deliver\", \"case\": \"C1\", \"at\": \"2026-09-29T15:00:00+08:00\", \"actor\": \"s-clerk\"}");
    /* The joint item: the procedure done, the approval still waits for the consulted fire brigade. */
    RUN(e, "{\"type\": \"receive\", \"case\": \"J1\", \"at\": \"2026-09-28T09:00:00+08:00\", \"actor\": \"s-clerk\","
           " \"item\": \"330100-BLDG-007\", \"applicant\": \"乙\"}");
    RUN(e, "{\"type\": \"accept\", \"case\": \"J1\", \"at\": \"2026-09-28T10:00:00+08:00\", \"actor\": \"s-clerk\"}");
    RUN(e, "{\"type\": \"complete_step\", \"case\": \"J1\", \"at\": \"2026-09-28T11:00:00+08:00\", \"actor\": \"s-clerk\"}");
    RUN(e, "{\"type\": \"complete_step\", \"case\": \"J1\", \"at\": \"2026-09-29T09:00:00+08:00\", \"actor\": \"s-rev\"}");
    ERR(xn_engine_execute(e, S("{\"type\": \"decide\", \"case\": \"J1\", \"at\": \"2026-09-29T10:00:00+08:00\","
                               " \"actor\": \"s-head\", \"approve\": true}"),
                          &out),
        XN_ERR_INVALID, "fire");
    ERR(xn_engine_execute(e, S("{\"type\": \"joint_reply\", \"case\": \"J1\", \"at\": \"2026-09-29T10:00:00+08:00\","
                               " \"actor\": \"s-rev\", \"unit\": \"fire\", \"opinion\": \"agree\"}"),
                          &out),
        XN_ERR_FORBIDDEN, "not of the consulted unit `fire`");
    LAST(XN_ERR_FORBIDDEN, "actor", "s-rev");
    CHECK(out.data == NULL);
    xn_engine_free(e);
    xn_policy_free(with_intake);
}

static void test_snapshot_restore_replay(void) {
    xn_engine *e = NULL;
    OK(xn_engine_new(policy, org, cat, &e));
    /* A fuller life: a one-time notice and resubmission, steps, a joint absence, an extension, a
     * decision, delivery, a rating; then timers. */
    RUN(e, "{\"type\": \"receive\", \"case\": \"F1\", \"at\": \"2026-09-24T09:00:00+08:00\", \"actor\": \"s-clerk\","
           " \"item\": \"330100-FOOD-001\", \"applicant\": \"某餐饮有限公司\", \"materials\": [\"食品经营许可申请书\"]}");
    RUN(e, "{\"type\": \"notify_corrections\", \"case\": \"F1\", \"at\": \"2026-09-25T10:00:00+08:00\","
           " \"actor\": \"s-clerk\", \"missing\": [\"营业执照复印件\"]}");
    RUN(e, "{\"type\": \"submit_corrections\", \"case\": \"F1\", \"at\": \"2026-09-28T09:00:00+08:00\","
           " \"actor\": \"s-clerk\", \"materials\": [\"营业执照复印件\"]}");
    RUN(e, "{\"type\": \"accept\", \"case\": \"F1\", \"at\": \"2026-09-28T10:00:00+08:00\", \"actor\": \"s-clerk\"}");
    RUN(e, "{\"type\": \"complete_step\", \"case\": \"F1\", \"at\": \"2026-09-28T11:00:00+08:00\", \"actor\": \"s-clerk\"}");
    two_cases(e);
    RUN(e, "{\"type\": \"joint_absence\", \"case\": \"J1\", \"at\": \"2026-09-30T15:00:00+08:00\", \"actor\": \"s-rev\","
           " \"unit\": \"fire\", \"excused\": false}");
    RUN(e, "{\"type\": \"extend\", \"case\": \"F1\", \"at\": \"2026-10-09T09:00:00+08:00\", \"actor\": \"s-head\","
           " \"amount\": 5, \"reason\": \"现场核查\"}");
    /* s-rev is away Oct 12-16: the B holder acts. */
    RUN(e, "{\"type\": \"complete_step\", \"case\": \"F1\", \"at\": \"2026-10-13T10:00:00+08:00\", \"actor\": \"s-rev2\"}");
    RUN(e, "{\"type\": \"complete_step\", \"case\": \"F1\", \"at\": \"2026-10-16T10:00:00+08:00\", \"actor\": \"s-rev2\"}");
    RUN(e, "{\"type\": \"decide\", \"case\": \"F1\", \"at\": \"2026-10-19T10:00:00+08:00\", \"actor\": \"s-head\","
           " \"approve\": true}");
    RUN(e, "{\"type\": \"deliver\", \"case\": \"F1\", \"at\": \"2026-10-20T10:00:00+08:00\", \"actor\": \"s-clerk\"}");
    RUN(e, "{\"type\": \"rate\", \"case\": \"F1\", \"at\": \"2026-10-21T10:00:00+08:00\", \"actor\": \"某餐饮有限公司\","
           " \"level\": 5, \"real_name\": true}");
    xn_buffer ev = {0};
    OK(xn_engine_advance(e, at(12, 31, 0), &ev));
    log_append(&ev);
    xn_buffer_free(&ev);

    /* Snapshot and restore: the same bytes. */
    xn_buffer snap = {0};
    ERR(xn_engine_snapshot(NULL, &snap), XN_ERR_NULL, "`engine`");
    ERR(xn_engine_snapshot(e, NULL), XN_ERR_NULL, "`out`");
    OK(xn_engine_snapshot(e, &snap));
    CONTAINS(snap, "\"schema\":1");
    xn_engine *r = NULL;
    ERR(xn_engine_restore(NULL, org, cat, snap.data, snap.len, &r), XN_ERR_NULL, "`policy`");
    ERR(xn_engine_restore(policy, NULL, cat, snap.data, snap.len, &r), XN_ERR_NULL, "`org`");
    ERR(xn_engine_restore(policy, org, NULL, snap.data, snap.len, &r), XN_ERR_NULL, "`catalog`");
    ERR(xn_engine_restore(policy, org, cat, NULL, 0, &r), XN_ERR_NULL, "`snapshot`");
    ERR(xn_engine_restore(policy, org, cat, snap.data, snap.len, NULL), XN_ERR_NULL, "`out`");
    ERR(xn_engine_restore(policy, org, cat, S("{\"schema\": 1, \"seq\": \"x\"}"), &r), XN_ERR_PARSE, "`seq`");
    ERR(xn_engine_restore(policy, org, cat, S("{\"schema\": 9, \"seq\": 0, \"cases\": {}, \"timers\": []}"), &r),
        XN_ERR_INVALID, "`schema` = 9");
    ERR(xn_engine_restore(policy, org, cat, S("{\"schema\": 1, \"seq\": 0, \"cases\": {},"
                                              " \"timers\": [[\"2026-10-01T00:00:00Z\", \"Z9\"]]}"),
                          &r),
        XN_ERR_INVALID, "unknown record");
    CHECK(r == NULL);
    OK(xn_engine_restore(policy, org, cat, snap.data, snap.len, &r));
    xn_buffer snap2 = {0};
    OK(xn_engine_snapshot(r, &snap2));
    CHECK(snap.len == snap2.len && strcmp(snap.data, snap2.data) == 0);
    size_t n1 = 0, n2 = 0;
    uint64_t s1 = 0, s2 = 0;
    OK(xn_engine_case_count(e, &n1));
    OK(xn_engine_case_count(r, &n2));
    OK(xn_engine_seq(e, &s1));
    OK(xn_engine_seq(r, &s2));
    CHECK(n1 == 3 && n2 == 3 && s1 == s2 && s1 > 20);
    xn_buffer_free(&snap2);
    xn_engine_free(r);

    /* Replay of every event delivered equals the live engine. */
    CHECK(log_text != NULL && count_of(log_text, "{\"seq\":") == s1);
    xn_engine *p = NULL;
    ERR(xn_engine_replay(NULL, org, cat, log_text, log_len, &p), XN_ERR_NULL, "`policy`");
    ERR(xn_engine_replay(policy, NULL, cat, log_text, log_len, &p), XN_ERR_NULL, "`org`");
    ERR(xn_engine_replay(policy, org, NULL, log_text, log_len, &p), XN_ERR_NULL, "`catalog`");
    ERR(xn_engine_replay(policy, org, cat, NULL, 0, &p), XN_ERR_NULL, "`events_json`");
    ERR(xn_engine_replay(policy, org, cat, log_text, log_len, NULL), XN_ERR_NULL, "`out`");
    OK(xn_engine_replay(policy, org, cat, log_text, log_len, &p));
    xn_buffer snap3 = {0};
    OK(xn_engine_snapshot(p, &snap3));
    CHECK(snap.len == snap3.len && strcmp(snap.data, snap3.data) == 0);
    xn_buffer_free(&snap3);
    xn_engine_free(p);
    p = NULL;

    /* An empty log is an empty engine; bad logs name what is wrong. */
    OK(xn_engine_replay(policy, org, cat, S("[]"), &p));
    OK(xn_engine_case_count(p, &n1));
    CHECK(n1 == 0);
    xn_engine_free(p);
    p = NULL;
    ERR(xn_engine_replay(policy, org, cat, S("{}"), &p), XN_ERR_PARSE, "invalid JSON document");
    ERR(xn_engine_replay(policy, org, cat,
                         S("[{\"seq\": \"one\", \"at\": \"2026-09-28T01:00:00Z\", \"case\": \"C1\", \"type\": \"resumed\"}]"),
                         &p),
        XN_ERR_PARSE, "[0]");
    ERR(xn_engine_replay(policy, org, cat, S("[{\"seq\": 2, \"at\": \"2026-09-28T01:00:00Z\", \"case\": \"C1\","
                                             " \"actor\": \"s-clerk\", \"type\": \"received\", \"item\": \"330100-FOOD-001\","
                                             " \"applicant\": \"甲\", \"materials\": []}]"),
                         &p),
        XN_ERR_INVALID, "events[0].seq");
    ERR(xn_engine_replay(policy, org, cat, S("[{\"seq\": 1, \"at\": \"2026-09-28T01:00:00Z\", \"case\": \"C1\","
                                             " \"type\": \"resumed\"}]"),
                         &p),
        XN_ERR_INVALID, "no record was created");
    ERR(xn_engine_replay(policy, org, cat, S("[] trailing"), &p), XN_ERR_PARSE, NULL);
    CHECK(p == NULL);

    /* Replay trusts nothing: the same log with F1's decision by the fire brigade's reviewer (another unit)
     * is refused naming the event, `events[k].actor`, and its sequence number (docs/commands.md, "Replay
     * and restore"). */
    char *tampered = malloc(log_len + 1);
    CHECK(tampered != NULL);
    if (tampered != NULL) {
        memcpy(tampered, log_text, log_len + 1);
        char *decided = strstr(tampered, "\"actor\":\"s-head\",\"type\":\"decided\"");
        CHECK(decided != NULL);
        if (decided != NULL) {
            memcpy(decided + strlen("\"actor\":\""), "s-fire", strlen("s-fire"));
            size_t k = 0; /* the events before it: the `{"seq":` openings before its actor, less its own */
            for (const char *q = strstr(tampered, "{\"seq\":"); q != NULL && q < decided; q = strstr(q + 1, "{\"seq\":")) {
                k++;
            }
            k -= 1;
            char field[32], needle[32];
            snprintf(field, sizeof field, "events[%zu].actor", k);
            snprintf(needle, sizeof needle, "seq %zu (", k + 1);
            ERR(xn_engine_replay(policy, org, cat, tampered, log_len, &p), XN_ERR_INVALID, needle);
            LAST(XN_ERR_INVALID, field, "s-fire");
            ERR(xn_engine_replay(policy, org, cat, tampered, log_len, &p), XN_ERR_INVALID, "not of the case's unit");
            CHECK(p == NULL);
        }
        free(tampered);
    }

    /* Restore trusts nothing: a snapshot whose sequence number is behind its records' events is refused
     * naming the record. */
    const char *seq = strstr(snap.data, "\"seq\":");
    const char *digits = seq != NULL ? seq + strlen("\"seq\":") : NULL;
    CHECK(digits != NULL);
    if (digits != NULL) {
        size_t head = (size_t)(digits - snap.data);
        size_t tail = strspn(digits, "0123456789");
        char *behind = malloc(snap.len + 2);
        CHECK(behind != NULL);
        if (behind != NULL) {
            int n = snprintf(behind, snap.len + 2, "%.*s1%s", (int)head, snap.data, digits + tail);
            CHECK(n > 0);
            r = NULL;
            ERR(xn_engine_restore(policy, org, cat, behind, (size_t)n, &r), XN_ERR_INVALID, "behind the events of case");
            LAST(XN_ERR_INVALID, "seq", "1");
            CHECK(r == NULL);
            free(behind);
        }
    }

    xn_buffer_free(&snap);
    xn_engine_free(e);
}

/* Unix seconds of a local time in China (UTC+08:00) in any year. */
static int64_t at_y(int year, int month, int day, int hour) {
    xn_date d = {(int16_t)year, (uint8_t)month, (uint8_t)day};
    int64_t n = 0;
    xn_date_to_day(d, &n);
    return n * 86400 + (int64_t)hour * 3600 - 8 * 3600;
}

static const char NOTICE_2027[] =
    "{\"year\": 2027, \"days_off\": [{\"start\": \"2027-01-01\", \"end\": \"2027-01-03\", \"name\": \"元旦\"},"
    " {\"start\": \"2027-02-05\", \"end\": \"2027-02-13\", \"name\": \"春节\"}],"
    " \"workdays\": [\"2027-01-31\", \"2027-02-20\"]}";

/* The calendar's future (docs/rules.md §2): beyond the last notice the engine counts on provisional days
 * and says so; a notice added at run time recomputes the deadlines it moves. */
static void test_calendar_future(void) {
    xn_engine *e = NULL;
    OK(xn_engine_new(policy, org, cat, &e));
    /* Received and accepted after the bundled calendar's last notice (2026): no refusal. */
    RUN(e, "{\"type\": \"receive\", \"case\": \"F1\", \"at\": \"2027-01-26T09:00:00+08:00\", \"actor\": \"s-clerk\","
           " \"item\": \"330100-FOOD-001\", \"applicant\": \"某餐饮有限公司\", \"materials\": [\"食品经营许可申请书\"]}");
    RUN(e, "{\"type\": \"accept\", \"case\": \"F1\", \"at\": \"2027-01-26T10:00:00+08:00\", \"actor\": \"s-clerk\"}");
    RUN(e, "{\"type\": \"complete_step\", \"case\": \"F1\", \"at\": \"2027-01-26T11:00:00+08:00\", \"actor\": \"s-clerk\"}");
    xn_buffer view = {0};
    OK(xn_engine_view_json(e, S("F1"), at_y(2027, 1, 27, 9), &view));
    CONTAINS(view, "\"deadline_date\":\"2027-02-11\"");
    CONTAINS(view, "\"provisional\":true");
    xn_buffer_free(&view);

    /* Refused notices change nothing and name the field. */
    xn_buffer ev = {0};
    ERR(xn_engine_add_notice_json(NULL, S(NOTICE_2027), at_y(2027, 1, 28, 9), false, &ev), XN_ERR_NULL, "`engine`");
    ERR(xn_engine_add_notice_json(e, NULL, 0, at_y(2027, 1, 28, 9), false, &ev), XN_ERR_NULL, "`notice_json`");
    ERR(xn_engine_add_notice_json(e, S(NOTICE_2027), at_y(2027, 1, 28, 9), false, NULL), XN_ERR_NULL,
        "`events_json`");
    ERR(xn_engine_add_notice_json(e, S("{\"year\": 2027, \"workdays\": [\"2027-01-31\"]}"), at_y(2027, 1, 28, 9), false,
                                  &ev),
        XN_ERR_INVALID, "names no day off");
    LAST(XN_ERR_INVALID, "days_off", "[]");
    ERR(xn_engine_add_notice_json(e, S("{\"year\": 2026, \"days_off\": [{\"start\": \"2026-01-01\"}]}"),
                                  at_y(2027, 1, 28, 9), false, &ev),
        XN_ERR_STATE, "correction");
    LAST(XN_ERR_STATE, "year", "2026");
    ERR(xn_engine_add_notice_json(e, S(NOTICE_2027), at_y(2027, 1, 28, 9), true, &ev), XN_ERR_STATE, "new notice");
    ERR(xn_engine_add_notice_json(e, S("{\"year\": 2027, \"days_off\": [{\"start\": \"2027-13-01\"}]}"),
                                  at_y(2027, 1, 28, 9), false, &ev),
        XN_ERR_PARSE, "days_off[0].start");
    CHECK(ev.data == NULL);

    /* The notice: the step and both decision deadlines of F1 move; each is recorded, no longer provisional. */
    OK(xn_engine_add_notice_json(e, S(NOTICE_2027), at_y(2027, 1, 28, 9), false, &ev));
    CHECK(count_of(ev.data, "\"type\":\"deadline_changed\"") == 3);
    CHECK(count_of(ev.data, "\"statutory\":true") == 1);
    CHECK(count_of(ev.data, "\"provisional\"") == 0);
    CONTAINS(ev, "\"previous\":\"2027-02-11T16:00:00Z\",\"deadline\":\"2027-02-16T16:00:00Z\"");
    xn_buffer_free(&ev);
    OK(xn_engine_view_json(e, S("F1"), at_y(2027, 1, 28, 10), &view));
    CONTAINS(view, "\"deadline_date\":\"2027-02-16\"");
    CHECK(count_of(view.data, "\"provisional\":true") == 0);
    xn_buffer_free(&view);

    /* The engine's policy keeps the notice: a restore with it gives the same engine. */
    xn_buffer pj = {0};
    ERR(xn_engine_policy_json(NULL, &pj), XN_ERR_NULL, "`engine`");
    ERR(xn_engine_policy_json(e, NULL), XN_ERR_NULL, "`out`");
    OK(xn_engine_policy_json(e, &pj));
    CONTAINS(pj, "\"year\":2027");
    xn_policy *p2 = NULL;
    OK(xn_policy_from_json(pj.data, pj.len, &p2));
    char *snap = snapshot_of(e);
    xn_engine *r = NULL;
    OK(xn_engine_restore(p2, org, cat, snap, strlen(snap), &r));
    OK(xn_engine_view_json(r, S("F1"), at_y(2027, 1, 28, 10), &view));
    CONTAINS(view, "\"deadline_date\":\"2027-02-16\"");
    xn_buffer_free(&view);
    bool has_a = false, has_b = false;
    int64_t ta = 0, tb = 0;
    OK(xn_engine_next_timer(e, &has_a, &ta));
    OK(xn_engine_next_timer(r, &has_b, &tb));
    CHECK(has_a && has_b && ta == tb && ta == at_y(2027, 2, 4, 0));
    xn_engine_free(r);
    free(snap);
    xn_policy_free(p2);
    xn_buffer_free(&pj);
    xn_engine_free(e);
}

/* First-inquiry figures (首问负责制) in the per-unit metrics: each outcome, a breach, an open inquiry and
 * the on-time rate, for the unit of the responsible staff member; a unit with inquiries only has a row. */
static void test_inquiry_metrics(void) {
    xn_engine *e = NULL;
    OK(xn_engine_new(policy, org, cat, &e));
    RUN(e, "{\"type\": \"receive\", \"case\": \"C1\", \"at\": \"2026-09-28T09:00:00+08:00\", \"actor\": \"s-clerk\","
           " \"item\": \"330100-FOOD-001\", \"applicant\": \"某餐饮有限公司\", \"materials\": [\"食品经营许可申请书\"]}");
    /* County preset: an inquiry is dealt with the same working day. */
    RUN(e, "{\"type\": \"record_inquiry\", \"case\": \"Q1\", \"at\": \"2026-09-28T09:00:00+08:00\","
           " \"actor\": \"s-clerk\", \"person\": \"张女士\", \"topic\": \"食品经营许可所需材料\"}");
    RUN(e, "{\"type\": \"answer_inquiry\", \"case\": \"Q1\", \"at\": \"2026-09-28T09:20:00+08:00\","
           " \"actor\": \"s-clerk\", \"outcome\": \"answered\"}");
    RUN(e, "{\"type\": \"record_inquiry\", \"case\": \"Q2\", \"at\": \"2026-09-28T10:00:00+08:00\","
           " \"actor\": \"s-rev\", \"person\": \"李先生\", \"topic\": \"现场核查时间\"}");
    RUN(e, "{\"type\": \"answer_inquiry\", \"case\": \"Q2\", \"at\": \"2026-09-28T15:00:00+08:00\","
           " \"actor\": \"s-rev\", \"outcome\": \"handled\"}");
    RUN(e, "{\"type\": \"record_inquiry\", \"case\": \"Q3\", \"at\": \"2026-09-28T11:00:00+08:00\","
           " \"actor\": \"s-clerk2\", \"person\": \"王女士\", \"topic\": \"许可证延续\"}");
    xn_buffer ev = {0};
    OK(xn_engine_advance(e, at(9, 29, 8), &ev));
    CONTAINS(ev, "\"rule\":\"unanswered_inquiry\"");
    xn_buffer_free(&ev);
    RUN(e, "{\"type\": \"answer_inquiry\", \"case\": \"Q3\", \"at\": \"2026-09-29T09:00:00+08:00\","
           " \"actor\": \"s-clerk2\", \"outcome\": \"answered\"}");
    RUN(e, "{\"type\": \"record_inquiry\", \"case\": \"Q4\", \"at\": \"2026-09-29T09:00:00+08:00\","
           " \"actor\": \"s-fire\", \"person\": \"赵先生\", \"topic\": \"消防验收要求\"}");
    RUN(e, "{\"type\": \"answer_inquiry\", \"case\": \"Q4\", \"at\": \"2026-09-29T09:10:00+08:00\","
           " \"actor\": \"s-fire\", \"outcome\": \"guided\", \"guided_to\": \"县政务服务中心二楼 A12 窗口\"}");
    RUN(e, "{\"type\": \"record_inquiry\", \"case\": \"Q5\", \"at\": \"2026-09-30T16:00:00+08:00\","
           " \"actor\": \"s-clerk\", \"person\": \"孙女士\", \"topic\": \"办理进度\"}");

    /* An inquiry's record. */
    xn_buffer q = {0};
    ERR(xn_engine_inquiry_json(NULL, S("Q3"), &q), XN_ERR_NULL, "`engine`");
    ERR(xn_engine_inquiry_json(e, NULL, 0, &q), XN_ERR_NULL, "`inquiry_id`");
    ERR(xn_engine_inquiry_json(e, S("Q3"), NULL), XN_ERR_NULL, "`out`");
    ERR(xn_engine_inquiry_json(e, S("C1"), &q), XN_ERR_NOT_FOUND, "unknown `case` = C1: no inquiry has this number");
    LAST(XN_ERR_NOT_FOUND, "case", "C1");
    CHECK(q.data == NULL);
    OK(xn_engine_inquiry_json(e, S("Q3"), &q));
    CONTAINS(q, "\"responsible\":\"s-clerk2\"");
    CONTAINS(q, "\"outcome\":\"answered\"");
    CONTAINS(q, "\"breached\":true");
    xn_buffer_free(&q);

    xn_buffer m = {0};
    OK(xn_engine_metrics_json(e, at(9, 1, 0), at(10, 1, 0), &m));
    /* amr: the case C1 and Q1 (answered in time), Q2 (handled in time), Q3 (breached Sep 29 00:00,
     * answered late), Q5 (open within its limit at the month's end); keys in UnitMetrics order, so one
     * substring per row. On time: 2 of the 3 dealt with, none open overdue. */
    CONTAINS(m, "\"unit\":\"amr\",\"received\":1,");
    CONTAINS(m, "\"inquiries\":4,\"inquiries_answered\":2,\"inquiries_handled\":1,\"inquiries_guided\":0,"
                "\"inquiries_breached\":1,\"inquiries_on_time\":2,\"inquiries_open\":1,"
                "\"inquiries_open_overdue\":0,\"inquiry_on_time_rate\":\"0.6667\"}");
    CONTAINS(m, "\"unanswered_inquiry\":1,");
    /* fire: inquiries only, its case figures 0 and its case rates absent. */
    CONTAINS(m, "\"unit\":\"fire\",\"received\":0,");
    CONTAINS(m, "\"inquiries\":1,\"inquiries_answered\":0,\"inquiries_handled\":0,\"inquiries_guided\":1,"
                "\"inquiries_breached\":0,\"inquiries_on_time\":1,\"inquiries_open\":0,"
                "\"inquiries_open_overdue\":0,\"inquiry_on_time_rate\":\"1\"}]");
    CHECK(m.data != NULL && count_of(m.data, "\"unit\":") == 2);
    CHECK(count_of(m.data, "\"on_time_rate\":null") == 2);
    xn_buffer_free(&m);
    /* November: a new case; Q5's limit passed on Oct 1 (advance records it), so it is open and overdue
     * at the end of November, and its unit's inquiry rate is 0 over it, not "nothing to rate". */
    RUN(e, "{\"type\": \"receive\", \"case\": \"C2\", \"at\": \"2026-11-02T09:00:00+08:00\", \"actor\": \"s-clerk\","
           " \"item\": \"330100-FOOD-001\", \"applicant\": \"某餐饮有限公司\", \"materials\": [\"食品经营许可申请书\"]}");
    OK(xn_engine_advance(e, at(12, 1, 0), &ev));
    xn_buffer_free(&ev);
    OK(xn_engine_metrics_json(e, at(11, 1, 0), at(12, 1, 0), &m));
    CONTAINS(m, "\"unit\":\"amr\",\"received\":1,");
    CONTAINS(m, "\"inquiries\":0,");
    CONTAINS(m, "\"inquiries_breached\":0,\"inquiries_on_time\":0,\"inquiries_open\":1,"
                "\"inquiries_open_overdue\":1,\"inquiry_on_time_rate\":\"0\"}]");
    xn_buffer_free(&m);
    xn_engine_free(e);
}

/* Accountability (docs/rules.md §1): a violation fired by a timer names the post, who acted for it at the
 * breach (here B, while A is on leave), the responsible person, the unit and its head (第一责任人). */
static void test_violations_name_who_answers(void) {
    xn_engine *e = NULL;
    OK(xn_engine_new(policy, org, cat, &e));
    RUN(e, "{\"type\": \"receive\", \"case\": \"V1\", \"at\": \"2026-09-29T09:00:00+08:00\", \"actor\": \"s-clerk\","
           " \"item\": \"330100-FOOD-001\", \"applicant\": \"某餐饮有限公司\", \"materials\": [\"食品经营许可申请书\"]}");
    RUN(e, "{\"type\": \"accept\", \"case\": \"V1\", \"at\": \"2026-09-29T10:00:00+08:00\", \"actor\": \"s-clerk\"}");
    RUN(e, "{\"type\": \"complete_step\", \"case\": \"V1\", \"at\": \"2026-09-30T09:00:00+08:00\", \"actor\": \"s-clerk\"}");
    /* The review step's 7 working days end on Oct 16 00:00: A (s-rev) away until Oct 17, B (s-rev2) back. */
    xn_buffer ev = {0};
    OK(xn_engine_advance(e, at(10, 17, 0), &ev));
    CHECK(count_of(ev.data, "\"type\":\"violation\"") == 1);
    CONTAINS(ev, "\"rule\":\"step_over_limit\",\"responsible\":\"s-rev2\"");
    CONTAINS(ev, "\"post\":\"p-review\",\"acting\":{\"via\":\"backup\",\"staff\":\"s-rev2\",\"absent\":\"s-rev\"}");
    CONTAINS(ev, "\"unit\":\"amr\",\"unit_head\":\"s-head\"");
    xn_buffer_free(&ev);
    xn_engine_free(e);
}

/* The violation register: every violation of every record kind (a case's step, an inquiry's answer limit), in
 * sequence order, selected by a query (rule, unit, person, record, period [from, to)); bad queries name the
 * field and change nothing. */
static void test_violation_register(void) {
    xn_engine *e = NULL;
    OK(xn_engine_new(policy, org, cat, &e));
    RUN(e, "{\"type\": \"receive\", \"case\": \"V1\", \"at\": \"2026-09-29T09:00:00+08:00\", \"actor\": \"s-clerk\","
           " \"item\": \"330100-FOOD-001\", \"applicant\": \"某餐饮有限公司\", \"materials\": [\"食品经营许可申请书\"]}");
    RUN(e, "{\"type\": \"accept\", \"case\": \"V1\", \"at\": \"2026-09-29T10:00:00+08:00\", \"actor\": \"s-clerk\"}");
    RUN(e, "{\"type\": \"record_inquiry\", \"case\": \"Q1\", \"at\": \"2026-09-29T09:00:00+08:00\", \"actor\": \"s-fire\","
           " \"person\": \"张先生\", \"topic\": \"材料\"}");
    xn_buffer ev = {0};
    OK(xn_engine_advance(e, at(11, 30, 0), &ev));
    size_t fired = count_of(ev.data, "\"type\":\"violation\"");
    CHECK(fired >= 2);
    xn_buffer_free(&ev);
    xn_buffer out = {0};
    OK(xn_engine_violations_json(e, "{}", 2, &out));
    CHECK(count_of(out.data, "\"type\":\"violation\"") == fired);
    xn_buffer_free(&out);
    const char *q = "{\"rule\": \"unanswered_inquiry\"}";
    OK(xn_engine_violations_json(e, q, strlen(q), &out));
    CHECK(count_of(out.data, "\"type\":\"violation\"") == 1);
    CONTAINS(out, "\"case\":\"Q1\"");
    CONTAINS(out, "\"responsible\":\"s-fire\"");
    xn_buffer_free(&out);
    q = "{\"person\": \"s-fire\", \"unit\": \"fire\"}";
    OK(xn_engine_violations_json(e, q, strlen(q), &out));
    CHECK(count_of(out.data, "\"type\":\"violation\"") == 1);
    xn_buffer_free(&out);
    q = "{\"record\": \"V1\", \"to\": \"2026-09-29T00:00:00+08:00\"}";
    OK(xn_engine_violations_json(e, q, strlen(q), &out));
    CHECK(strcmp(out.data, "[]") == 0);
    xn_buffer_free(&out);
    q = "{\"units\": \"amr\"}";
    ERR(xn_engine_violations_json(e, q, strlen(q), &out), XN_ERR_PARSE, "units");
    CHECK(out.data == NULL);
    q = "{\"from\": \"2026-10-02T00:00:00Z\", \"to\": \"2026-10-01T00:00:00Z\"}";
    ERR(xn_engine_violations_json(e, q, strlen(q), &out), XN_ERR_INVALID, "to");
    ERR(xn_engine_violations_json(NULL, "{}", 2, &out), XN_ERR_NULL, "engine");
    ERR(xn_engine_violations_json(e, NULL, 2, &out), XN_ERR_NULL, "query_json");
    ERR(xn_engine_violations_json(e, "{}", 2, NULL), XN_ERR_NULL, "out");
    xn_engine_free(e);
}

/* Corrections (art. 32 (5)): handed in by the applicant, they start the acceptance limit again (5 working
 * days from Tue Sep 29: Sep 30, Oct 8, 9, 10, 12); when it passes, the typed advance gives the
 * late_acceptance violation (XN_RULE_LATE_ACCEPTANCE) and the deemed acceptance, field by field as the JSON.
 * A policy with the applicant's limit records XN_EVENT_CORRECTIONS_OVERDUE and refuses nothing by itself. */
static void test_acceptance_after_corrections(void) {
    CHECK(XN_CLOCK_ACCEPTANCE == 11 && strcmp(CLOCK_NAMES[XN_CLOCK_ACCEPTANCE], "acceptance") == 0);
    CHECK(XN_CLOCK_CORRECTIONS == 12 && strcmp(CLOCK_NAMES[XN_CLOCK_CORRECTIONS], "corrections") == 0);
    CHECK(XN_RULE_LATE_ACCEPTANCE == 12 && strcmp(RULE_NAMES[XN_RULE_LATE_ACCEPTANCE], "late_acceptance") == 0);
    CHECK(XN_EVENT_CORRECTIONS_OVERDUE == 29 &&
          strcmp(KIND_NAMES[XN_EVENT_CORRECTIONS_OVERDUE], "corrections_overdue") == 0);
    xn_engine *e = NULL;
    OK(xn_engine_new(policy, org, cat, &e));
    RUN(e, "{\"type\": \"receive\", \"case\": \"K1\", \"at\": \"2026-09-28T09:00:00+08:00\", \"actor\": \"s-clerk\","
           " \"item\": \"330100-FOOD-001\", \"applicant\": \"某餐饮有限公司\", \"materials\": [\"食品经营许可申请书\"]}");
    RUN(e, "{\"type\": \"notify_corrections\", \"case\": \"K1\", \"at\": \"2026-09-28T10:00:00+08:00\","
           " \"actor\": \"s-clerk\", \"missing\": [\"营业执照复印件\"]}");
    /* Another unit's clerk may not take them; the applicant hands them in. */
    xn_buffer out = {0};
    ERR(xn_engine_execute(e, S("{\"type\": \"submit_corrections\", \"case\": \"K1\", \"at\":"
                               " \"2026-09-29T09:00:00+08:00\", \"actor\": \"s-fire-clerk\","
                               " \"materials\": [\"营业执照复印件\"]}"),
                          &out),
        XN_ERR_FORBIDDEN, "`actor`");
    LAST(XN_ERR_FORBIDDEN, "actor", "s-fire-clerk");
    RUN(e, "{\"type\": \"submit_corrections\", \"case\": \"K1\", \"at\": \"2026-09-29T09:00:00+08:00\","
           " \"actor\": \"某餐饮有限公司\", \"materials\": [\"营业执照复印件\"]}");
    bool has = false;
    int64_t next = 0;
    OK(xn_engine_next_timer(e, &has, &next));
    CHECK(has && next == at(10, 13, 0));
    char *snap = snapshot_of(e);
    CHECK(snap != NULL);
    CHECK(snap != NULL && strstr(snap, "\"acceptance_clock\":") != NULL);
    xn_engine *typed = NULL;
    if (snap != NULL) {
        OK(xn_engine_restore(policy, org, cat, snap, strlen(snap), &typed));
    }
    xn_buffer ev = {0};
    OK(xn_engine_advance(e, at(10, 13, 0), &ev));
    CONTAINS(ev, "\"type\":\"violation\",\"rule\":\"late_acceptance\",\"responsible\":\"s-clerk\"");
    CONTAINS(ev, "\"type\":\"accepted\",\"effective\":\"2026-09-29T01:00:00Z\",\"deemed\":true");
    xn_event_info infos[8];
    size_t n = 0;
    int late = 0, deemed = 0;
    if (typed != NULL) {
        OK(xn_engine_advance_typed(typed, at(10, 13, 0), infos, 8, &n));
        CHECK(n == count_of(ev.data, "{\"seq\":"));
        for (size_t i = 0; i < n; i++) {
            CHECK(same_event(&infos[i], ev.data));
            CHECK(infos[i].at_unix == at(10, 13, 0));
            late += infos[i].kind == XN_EVENT_VIOLATION && infos[i].rule == XN_RULE_LATE_ACCEPTANCE;
            deemed += infos[i].kind == XN_EVENT_ACCEPTED && infos[i].deemed;
        }
    }
    CHECK(late == 1 && deemed == 1);
    xn_buffer_free(&ev);
    free(snap);
    xn_engine_free(typed);
    xn_engine_free(e);

    /* The applicant's limit (3 working days from the notice: Sep 29, 30, Oct 8) passes: recorded once. */
    const char *limited = "schema = 1\nname = \"x\"\ncalendar = { schema = 1, base = \"china\" }\n"
                          "systems = [\"time_limited_completion\"]\n"
                          "inquiry_answer_limit = { unit = \"working_days\", amount = 0 }\n"
                          "one_time_notice_limit = { unit = \"working_days\", amount = 5 }\n"
                          "negative_report_limit = { unit = \"working_days\", amount = 1 }\n"
                          "delivery_limit = { unit = \"working_days\", amount = 10 }\n"
                          "extension = { max_count = 1, approver_role = \"unit_head\" }\n"
                          "joint_review = { consult_limit = { unit = \"working_days\", amount = 5 },"
                          " silence_is_consent = true, absence_is_consent = true,"
                          " unreasoned_disagreement_is_consent = true }\n"
                          "ab_posts = { unit_head_covers = true }\n"
                          "rating = { follow_up_limit = { unit = \"working_days\", amount = 5 } }\n"
                          "corrections = { applicant_limit = { unit = \"working_days\", amount = 3 } }\n";
    xn_policy *p = NULL;
    OK(xn_policy_from_toml(limited, strlen(limited), &p));
    e = NULL;
    if (p != NULL) {
        OK(xn_engine_new(p, org, cat, &e));
    }
    if (e != NULL) {
        RUN(e, "{\"type\": \"receive\", \"case\": \"K2\", \"at\": \"2026-09-28T09:00:00+08:00\","
               " \"actor\": \"s-clerk\", \"item\": \"330100-FOOD-001\", \"applicant\": \"某餐饮有限公司\"}");
        RUN(e, "{\"type\": \"notify_corrections\", \"case\": \"K2\", \"at\": \"2026-09-28T10:00:00+08:00\","
               " \"actor\": \"s-clerk\", \"missing\": [\"营业执照复印件\"]}");
        size_t pending = 0;
        OK(xn_engine_pending(e, at(10, 31, 0), &pending));
        CHECK(pending == 1);
        OK(xn_engine_advance_typed(e, at(10, 31, 0), infos, 8, &n));
        CHECK(n == 1 && infos[0].kind == XN_EVENT_CORRECTIONS_OVERDUE && infos[0].at_unix == at(10, 9, 0) &&
              infos[0].clock == XN_CLOCK_NONE && infos[0].rule == XN_RULE_NONE && !infos[0].deemed);
        OK(xn_engine_case_json(e, S("K2"), &out));
        CONTAINS(out, "\"state\":\"awaiting_correction\"");
        CONTAINS(out, "\"corrections_clock\":");
        xn_buffer_free(&out);
    }
    xn_engine_free(e);
    xn_policy_free(p);
}

/* The county organisation with a chief representative s-rep of the hall (role chief_representative only)
 * and `delegations` (a JSON array) appended; NULL when the fixture cannot be read. Free it with free(). */
static char *county_with_delegations(const char *root, const char *delegations, size_t *len) {
    size_t ol = 0, sl = 0;
    char *otext = read_file(root, "tests/fixtures/county-org.json", &ol);
    char *staffed = otext != NULL ? with_staff(otext,
                                               "{\"id\": \"s-rep\", \"name\": \"首席代表\", \"unit\": \"hall\","
                                               " \"roles\": [\"chief_representative\"]},",
                                               &sl)
                                  : NULL;
    free(otext);
    char *end = staffed != NULL ? strrchr(staffed, '}') : NULL;
    char *text = end != NULL ? malloc(sl + strlen(delegations) + 32) : NULL;
    if (text != NULL) {
        size_t head = (size_t)(end - staffed);
        memcpy(text, staffed, head);
        sprintf(text + head, ", \"delegations\": %s}", delegations);
        *len = strlen(text);
    }
    free(staffed);
    return text;
}

/* Chief representatives (首席代表负责制): an org with a delegation loads; a bad delegation names its field;
 * a delegated acceptance passes, an undelegated one is forbidden naming the actor. */
static void test_chief_representative_delegation(const char *root) {
    size_t len = 0;
    xn_org *bad = NULL;
    char *text = county_with_delegations(
        root, "[{\"unit\": \"amr\", \"representative\": \"s-rep\", \"commands\": [\"accept\", \"approve\"]}]", &len);
    CHECK(text != NULL);
    if (text == NULL) {
        return;
    }
    ERR(xn_org_from_json(text, len, &bad), XN_ERR_INVALID, "`delegations[0].commands[1]` = approve");
    LAST(XN_ERR_INVALID, "delegations[0].commands[1]", "approve");
    CHECK(bad == NULL);
    free(text);
    text = county_with_delegations(root,
                                   "[{\"unit\": \"amr\", \"representative\": \"s-clerk\", \"commands\": [\"accept\"]}]",
                                   &len);
    if (text != NULL) {
        ERR(xn_org_from_json(text, len, &bad), XN_ERR_INVALID, "chief_representative");
        LAST(XN_ERR_INVALID, "delegations[0].representative", "s-clerk");
    }
    free(text);
    /* amr delegates to s-rep receipt and acceptance of the food licence in 2026. */
    text = county_with_delegations(root,
                                   "[{\"unit\": \"amr\", \"representative\": \"s-rep\","
                                   " \"items\": [\"330100-FOOD-001\"], \"commands\": [\"receive\", \"accept\"],"
                                   " \"from\": \"2026-01-01\", \"until\": \"2026-12-31\"}]",
                                   &len);
    xn_org *delegating = NULL;
    xn_catalog *catalog = NULL;
    xn_engine *e = NULL;
    size_t cl = 0;
    char *ctext = read_file(root, "tests/fixtures/county-catalog.json", &cl);
    if (text != NULL && ctext != NULL) {
        OK(xn_org_from_json(text, len, &delegating));
        xn_buffer back = {0};
        OK(xn_org_to_json(delegating, &back));
        CONTAINS(back, "\"delegations\"");
        xn_buffer_free(&back);
        OK(xn_catalog_from_json(ctext, cl, delegating, &catalog));
        OK(xn_engine_new(policy, delegating, catalog, &e));
    }
    free(text);
    free(ctext);
    CHECK(e != NULL);
    if (e != NULL) {
        xn_buffer out = {0};
        RUN(e, "{\"type\": \"receive\", \"case\": \"C1\", \"at\": \"2026-09-28T09:00:00+08:00\", \"actor\": \"s-rep\","
               " \"item\": \"330100-FOOD-001\", \"applicant\": \"某餐饮有限公司\", \"materials\": [\"食品经营许可申请书\"]}");
        RUN(e, "{\"type\": \"receive\", \"case\": \"J1\", \"at\": \"2026-09-28T09:00:00+08:00\", \"actor\": \"s-clerk\","
               " \"item\": \"330100-BLDG-007\", \"applicant\": \"某商场\", \"materials\": [\"申请书\"]}");
        /* Not delegated: the joint item; and decide is not among the commands. */
        ERR(xn_engine_execute(e, S("{\"type\": \"accept\", \"case\": \"J1\", \"at\": \"2026-09-28T10:00:00+08:00\","
                                   " \"actor\": \"s-rep\"}"),
                              &out),
            XN_ERR_FORBIDDEN, "does not cover the item `330100-BLDG-007`");
        LAST(XN_ERR_FORBIDDEN, "actor", "s-rep");
        RUN(e, "{\"type\": \"accept\", \"case\": \"C1\", \"at\": \"2026-09-28T10:00:00+08:00\", \"actor\": \"s-rep\"}");
        ERR(xn_engine_execute(e, S("{\"type\": \"terminate\", \"case\": \"C1\", \"at\": \"2026-09-28T11:00:00+08:00\","
                                   " \"actor\": \"s-rep\", \"reason\": \"x\"}"),
                              &out),
            XN_ERR_FORBIDDEN, "s-rep");
        xn_buffer_free(&out);
    }
    /* Without a delegation (the county fixture), the role alone grants nothing. */
    xn_engine *plain = NULL;
    size_t sl = 0, ol = 0;
    char *otext = read_file(root, "tests/fixtures/county-org.json", &ol);
    char *staffed = otext != NULL ? with_staff(otext,
                                               "{\"id\": \"s-rep\", \"name\": \"首席代表\", \"unit\": \"hall\","
                                               " \"roles\": [\"chief_representative\"]},",
                                               &sl)
                                  : NULL;
    xn_org *undelegated = NULL;
    xn_catalog *cat2 = NULL;
    ctext = read_file(root, "tests/fixtures/county-catalog.json", &cl);
    if (staffed != NULL && ctext != NULL) {
        OK(xn_org_from_json(staffed, sl, &undelegated));
        OK(xn_catalog_from_json(ctext, cl, undelegated, &cat2));
        OK(xn_engine_new(policy, undelegated, cat2, &plain));
    }
    free(otext);
    free(staffed);
    free(ctext);
    if (plain != NULL) {
        xn_buffer out = {0};
        ERR(xn_engine_execute(plain, S("{\"type\": \"receive\", \"case\": \"C1\", \"at\": \"2026-09-28T09:00:00+08:00\","
                                       " \"actor\": \"s-rep\", \"item\": \"330100-FOOD-001\", \"applicant\": \"某餐饮\","
                                       " \"materials\": [\"食品经营许可申请书\"]}"),
                              &out),
            XN_ERR_FORBIDDEN, "the role alone grants nothing");
        LAST(XN_ERR_FORBIDDEN, "actor", "s-rep");
        xn_buffer_free(&out);
    }
    xn_engine_free(plain);
    xn_catalog_free(cat2);
    xn_org_free(undelegated);
    xn_engine_free(e);
    xn_catalog_free(catalog);
    xn_org_free(delegating);
}

int main(int argc, char **argv) {
    const char *root = argc > 1 ? argv[1] : ".";
    size_t pl = 0, ol = 0, cl = 0;
    char *ptext = read_file(root, "presets/county.toml", &pl);
    char *otext = read_file(root, "tests/fixtures/county-org.json", &ol);
    char *ctext = read_file(root, "tests/fixtures/county-catalog.json", &cl);
    int ready = ptext != NULL && otext != NULL && ctext != NULL && xn_policy_from_toml(ptext, pl, &policy) == XN_OK &&
                xn_org_from_json(otext, ol, &org) == XN_OK && xn_catalog_from_json(ctext, cl, org, &cat) == XN_OK;
    free(ptext);
    free(otext);
    free(ctext);
    if (!ready) {
        printf("FAIL: fixtures under %s: %s\n0 passed, 1 failed\n", root, xn_last_error());
        xn_catalog_free(cat);
        xn_org_free(org);
        xn_policy_free(policy);
        return 1;
    }
    test_new_and_free();
    test_execute_errors();
    test_advance();
    test_violations_name_who_answers();
    test_violation_register();
    test_acceptance_after_corrections();
    test_inquiry_metrics();
    test_who_may_do_what(root);
    test_chief_representative_delegation(root);
    test_calendar_future();
    free(log_text);
    log_text = NULL;
    log_len = log_cap = 0;
    test_snapshot_restore_replay();
    free(log_text);
    xn_catalog_free(cat);
    xn_org_free(org);
    xn_policy_free(policy);
    printf("%d passed, %d failed\n", passed, failed);
    return failed == 0 ? 0 : 1;
}
