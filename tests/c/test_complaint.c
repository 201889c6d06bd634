/*
 * Tests of efficiency complaints (效能投诉) through the C ABI (include/xiaoneng.h): the commands through
 * xn_engine_execute and the three views, xn_engine_complaint_json, xn_engine_complaints_json and
 * xn_engine_complainants_json.
 *
 * - the walk of a named 12345-hotline complaint T1: registered by the efficiency office (s-sup), accepted
 *   and referred to the market regulator's head (s-head), handled (substantiated, s-rev responsible),
 *   closed on review with the substantiated_complaint violation in the returned events, replied to; the
 *   state in the view at each step; a second complaint left unreplied after closing gets the
 *   late_complaint_reply violation from the typed advance (XN_EVENT_VIOLATION, XN_RULE_LATE_COMPLAINT_REPLY);
 * - authority: a window clerk registering (XN_ERR_FORBIDDEN, field actor), a handler of another unit
 *   (field handler), the handler of an office-tier complaint closing it themselves (field actor: review is
 *   by another person, the second supervisor s-sup2);
 * - malformed commands naming the field (XN_ERR_PARSE), an unknown number (XN_ERR_NOT_FOUND, field case),
 *   NULL arguments (XN_ERR_NULL naming the argument), invalid UTF-8 (XN_ERR_UTF8);
 * - confidentiality: the views for s-head, s-rev, s-clerk and an unknown viewer never contain the
 *   complainant's name or contact anywhere in their JSON and say "redacted"; a supervisor's do; the
 *   complainants are for supervisors only (XN_ERR_FORBIDDEN, field viewer), merged letters keep theirs.
 *
 * Test data: presets/county.toml, tests/fixtures/county-org.json (with a second supervisor, s-sup2, added to
 * the efficiency office eff by this test) and tests/fixtures/county-catalog.json, read from the repository
 * root given as the first argument (default: the current directory).
 *
 * Built and run by scripts/test-c with -std=c11 -Wall -Wextra -Werror -pedantic, under valgrind.
 * Prints one line per failed check and ends with "N passed, M failed"; exits non-zero on failure.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xiaoneng.h"

#include "check.h"

/* Unix seconds of a local time in China (UTC+08:00) in 2026. */
static int64_t at(int month, int day, int hour) {
    xn_date d = {2026, (uint8_t)month, (uint8_t)day};
    int64_t n = 0;
    xn_date_to_day(d, &n);
    return n * 86400 + (int64_t)hour * 3600 - 8 * 3600;
}

/* The second supervisor of the efficiency office, s-sup2, this test adds to the county organisation
 * (load_county in check.h). */
static const char SUP2[] = "{\"id\": \"s-sup2\", \"name\": \"韩梅\", \"unit\": \"eff\", \"roles\": [\"supervisor\"],"
                           " \"rank\": 3},";

static xn_policy *policy;
static xn_org *org;
static xn_catalog *cat;

/* What the named complainant of the tests is called and how they are reached. */
#define NAME "张先生"
#define CONTACT "138****0000"
/* The second complainant, of a letter merged into T1. */
#define NAME2 "王女士"

/* Executes a command on `e`; keeps the events in *out when given (else frees them). */
static xn_status run(xn_engine *e, const char *json, xn_buffer *out) {
    xn_buffer events = {0};
    xn_status st = xn_engine_execute(e, json, strlen(json), &events);
    if (st == XN_OK && out != NULL) {
        *out = events;
        return st;
    }
    xn_buffer_free(&events);
    return st;
}

#define RUN(e, json) check_ok(run((e), (json), NULL), (json), __LINE__)

static const char REGISTER_T1[] =
    "{\"type\": \"register_complaint\", \"case\": \"T1\", \"at\": \"2026-10-09T09:00:00+08:00\", \"actor\": \"s-sup\","
    " \"channel\": \"hotline_12345\", \"category\": \"delay\", \"respondent\": \"amr\","
    " \"subject\": \"食品经营许可申请材料齐全，超过承诺时限仍未办结\", \"complainant\": \"" NAME "\","
    " \"contact\": \"" CONTACT "\"}";
static const char ACCEPT_T1[] = "{\"type\": \"accept_complaint\", \"case\": \"T1\", \"at\": \"2026-10-09T10:00:00+08:00\","
                                " \"actor\": \"s-sup\", \"tier\": \"unit\", \"handler\": \"s-head\"}";
static const char HANDLE_T1[] = "{\"type\": \"handle_complaint\", \"case\": \"T1\", \"at\": \"2026-10-12T09:00:00+08:00\","
                                " \"actor\": \"s-head\", \"finding\": \"substantiated\","
                                " \"summary\": \"审核岗超时未办，已督促办结\", \"responsible\": \"s-rev\"}";
static const char CLOSE_T1[] = "{\"type\": \"close_complaint\", \"case\": \"T1\", \"at\": \"2026-10-13T09:00:00+08:00\","
                               " \"actor\": \"s-sup\"}";
static const char REPLY_T1[] = "{\"type\": \"reply_complaint\", \"case\": \"T1\", \"at\": \"2026-10-14T09:00:00+08:00\","
                               " \"actor\": \"s-head\", \"reply\": \"已督促办结，责任人已处理\"}";

static xn_engine *new_engine(void) {
    xn_engine *e = NULL;
    OK(xn_engine_new(policy, org, cat, &e));
    return e;
}

/* The state in `viewer`'s view of complaint `id` is `state`. */
static void check_state(const xn_engine *e, const char *id, const char *viewer, const char *state, int line) {
    xn_buffer b = {0};
    char needle[64];
    snprintf(needle, sizeof needle, "\"state\":\"%s\"", state);
    xn_status st = xn_engine_complaint_json(e, id, strlen(id), viewer, strlen(viewer), &b);
    check(st == XN_OK && b.data != NULL && strstr(b.data, needle) != NULL, needle, line);
    if (st == XN_OK && strstr(b.data, needle) == NULL) {
        printf("  view: %s\n", b.data);
    }
    xn_buffer_free(&b);
}

#define STATE(e, id, viewer, state) check_state((e), (id), (viewer), (state), __LINE__)

/* ------------------------------------------------------------------------------------------------ */
/* Tests                                                                                            */
/* ------------------------------------------------------------------------------------------------ */

/* The walk: register -> accept -> handle -> close (with the violation) -> reply, the state at each step. */
static void test_walk(void) {
    xn_engine *e = new_engine();
    xn_buffer ev = {0};

    OK(run(e, REGISTER_T1, &ev));
    CONTAINS(ev, "\"complaint_registered\"");
    xn_buffer_free(&ev);
    STATE(e, "T1", "s-sup", "registered");

    OK(run(e, ACCEPT_T1, &ev));
    CONTAINS(ev, "\"complaint_accepted\"");
    xn_buffer_free(&ev);
    STATE(e, "T1", "s-sup", "handling");

    xn_buffer view = {0};
    OK(xn_engine_complaint_json(e, S("T1"), S("s-head"), &view));
    CONTAINS(view, "\"handler\":\"s-head\"");
    CONTAINS(view, "\"tier\":\"unit\"");
    CONTAINS(view, "\"respondent\":\"amr\"");
    xn_buffer_free(&view);

    OK(run(e, HANDLE_T1, &ev));
    CONTAINS(ev, "\"complaint_handled\"");
    xn_buffer_free(&ev);
    STATE(e, "T1", "s-head", "under_review");

    OK(run(e, CLOSE_T1, &ev));
    CONTAINS(ev, "\"complaint_closed\"");
    CONTAINS(ev, "\"violation\"");
    CONTAINS(ev, "\"substantiated_complaint\"");
    CONTAINS(ev, "\"s-rev\"");
    xn_buffer_free(&ev);
    STATE(e, "T1", "s-sup", "closed");

    OK(xn_engine_complaint_json(e, S("T1"), S("s-sup"), &view));
    CONTAINS(view, "\"finding\":\"substantiated\"");
    CONTAINS(view, "\"responsible\":\"s-rev\"");
    CONTAINS(view, "\"closed_at\"");
    CONTAINS(view, "\"reply\""); /* the reply limit of a named complainant */
    xn_buffer_free(&view);

    OK(run(e, REPLY_T1, &ev));
    CONTAINS(ev, "\"complaint_replied\"");
    xn_buffer_free(&ev);
    /* Replied once: a second reply is refused by the state. */
    ERR(run(e, REPLY_T1, NULL), XN_ERR_STATE, "reply_complaint");
    LAST(XN_ERR_STATE, "type", "reply_complaint");
    STATE(e, "T1", "s-sup", "closed");

    /* A second complaint, closed and never replied to: the reply limit passes, a typed violation. */
    RUN(e, "{\"type\": \"register_complaint\", \"case\": \"T2\", \"at\": \"2026-10-09T09:00:00+08:00\","
           " \"actor\": \"s-sup\", \"channel\": \"letter\", \"category\": \"rudeness\", \"respondent\": \"amr\","
           " \"subject\": \"窗口人员态度生硬\", \"complainant\": \"" NAME2 "\", \"contact\": \"来信地址\"}");
    RUN(e, "{\"type\": \"accept_complaint\", \"case\": \"T2\", \"at\": \"2026-10-09T10:00:00+08:00\","
           " \"actor\": \"s-sup\", \"tier\": \"unit\", \"handler\": \"s-head\"}");
    RUN(e, "{\"type\": \"handle_complaint\", \"case\": \"T2\", \"at\": \"2026-10-12T09:00:00+08:00\","
           " \"actor\": \"s-head\", \"finding\": \"unsubstantiated\", \"summary\": \"经核查不属实\"}");
    OK(run(e, "{\"type\": \"close_complaint\", \"case\": \"T2\", \"at\": \"2026-10-13T09:00:00+08:00\","
              " \"actor\": \"s-sup\"}",
           &ev));
    CHECK(ev.data != NULL && strstr(ev.data, "\"violation\"") == NULL); /* unsubstantiated: no violation */
    xn_buffer_free(&ev);

    size_t count = 0, n = 0, late_replies = 0;
    OK(xn_engine_pending(e, at(11, 30, 0), &count));
    xn_event_info *infos = calloc(count > 0 ? count : 1, sizeof *infos);
    OK(xn_engine_advance_typed(e, at(11, 30, 0), infos, count, &n));
    CHECK(n == count);
    for (size_t i = 0; i < n; i++) {
        if (infos[i].kind == XN_EVENT_VIOLATION && infos[i].rule == XN_RULE_LATE_COMPLAINT_REPLY) {
            late_replies++;
            CHECK(infos[i].case_len == 2 && memcmp(infos[i].case_id, "T2", 2) == 0);
        }
        CHECK(infos[i].rule != XN_RULE_SUBSTANTIATED_COMPLAINT);
    }
    CHECK(late_replies == 1);
    free(infos);

    /* The register of complaints, sorted by number. */
    OK(xn_engine_complaints_json(e, S("s-sup"), &view));
    const char *t1 = view.data != NULL ? strstr(view.data, "\"id\":\"T1\"") : NULL;
    const char *t2 = view.data != NULL ? strstr(view.data, "\"id\":\"T2\"") : NULL;
    CHECK(view.data != NULL && view.data[0] == '[' && t1 != NULL && t2 != NULL && t1 < t2);
    xn_buffer_free(&view);

    xn_engine_free(e);
}

/* Who may do what: by role, by unit, and review by another person than the handler. */
static void test_authority(void) {
    xn_engine *e = new_engine();
    char cmd[1024];

    /* A window clerk registers nothing. */
    snprintf(cmd, sizeof cmd, "%s", REGISTER_T1);
    char *actor = strstr(cmd, "\"s-sup\"");
    CHECK(actor != NULL);
    if (actor != NULL) {
        char fixed[1024];
        snprintf(fixed, sizeof fixed, "%.*s\"s-clerk\"%s", (int)(actor - cmd), cmd, actor + strlen("\"s-sup\""));
        ERR(run(e, fixed, NULL), XN_ERR_FORBIDDEN, "s-clerk");
        LAST(XN_ERR_FORBIDDEN, "actor", "s-clerk");
    }
    xn_buffer view = {0};
    ERR(xn_engine_complaint_json(e, S("T1"), S("s-sup"), &view), XN_ERR_NOT_FOUND, "T1");
    CHECK(view.data == NULL);

    /* Referred to its unit, a complaint is handled by staff of the respondent unit: not the fire brigade. */
    RUN(e, REGISTER_T1);
    ERR(run(e, "{\"type\": \"accept_complaint\", \"case\": \"T1\", \"at\": \"2026-10-09T10:00:00+08:00\","
               " \"actor\": \"s-sup\", \"tier\": \"unit\", \"handler\": \"s-fire\"}",
            NULL),
        XN_ERR_FORBIDDEN, "s-fire");
    LAST(XN_ERR_FORBIDDEN, "handler", "s-fire");
    STATE(e, "T1", "s-sup", "registered");

    /* Handled by the office itself (s-sup2), it is reviewed by another supervisor, never the handler. */
    RUN(e, "{\"type\": \"accept_complaint\", \"case\": \"T1\", \"at\": \"2026-10-09T10:00:00+08:00\","
           " \"actor\": \"s-sup\", \"tier\": \"office\", \"handler\": \"s-sup2\"}");
    /* Only the handler handles it. */
    ERR(run(e, "{\"type\": \"handle_complaint\", \"case\": \"T1\", \"at\": \"2026-10-12T09:00:00+08:00\","
               " \"actor\": \"s-head\", \"finding\": \"unsubstantiated\", \"summary\": \"经核查不属实\"}",
            NULL),
        XN_ERR_FORBIDDEN, "s-head");
    LAST(XN_ERR_FORBIDDEN, "actor", "s-head");
    RUN(e, "{\"type\": \"handle_complaint\", \"case\": \"T1\", \"at\": \"2026-10-12T09:00:00+08:00\","
           " \"actor\": \"s-sup2\", \"finding\": \"unsubstantiated\", \"summary\": \"经核查不属实\"}");
    ERR(run(e, "{\"type\": \"close_complaint\", \"case\": \"T1\", \"at\": \"2026-10-13T09:00:00+08:00\","
               " \"actor\": \"s-sup2\"}",
            NULL),
        XN_ERR_FORBIDDEN, "s-sup2");
    LAST(XN_ERR_FORBIDDEN, "actor", "s-sup2");
    STATE(e, "T1", "s-sup", "under_review");
    RUN(e, CLOSE_T1);
    STATE(e, "T1", "s-sup", "closed");

    xn_engine_free(e);
}

/* Malformed commands name the field; unknown numbers, NULL arguments and invalid UTF-8 are refused. */
static void test_errors(void) {
    xn_engine *e = new_engine();
    xn_buffer out = {0};

    /* An unknown field, a mistyped value, a missing field: XN_ERR_PARSE naming the field. */
    ERR(run(e, "{\"type\": \"register_complaint\", \"case\": \"T1\", \"at\": \"2026-10-09T09:00:00+08:00\","
               " \"actor\": \"s-sup\", \"channel\": \"letter\", \"category\": \"delay\", \"respondent\": \"amr\","
               " \"subject\": \"办件超期\", \"complainant\": \"" NAME "\", \"complainant_phone\": \"1\"}",
            NULL),
        XN_ERR_PARSE, "complainant_phone");
    ERR(run(e, "{\"type\": \"register_complaint\", \"case\": \"T1\", \"at\": \"2026-10-09T09:00:00+08:00\","
               " \"actor\": \"s-sup\", \"channel\": \"pigeon\", \"category\": \"delay\", \"respondent\": \"amr\","
               " \"subject\": \"办件超期\", \"complainant\": \"" NAME "\"}",
            NULL),
        XN_ERR_PARSE, NULL);
    LAST(XN_ERR_PARSE, "channel", NULL);
    ERR(run(e, "{\"type\": \"accept_complaint\", \"case\": \"T1\", \"at\": \"2026-10-09T10:00:00+08:00\","
               " \"actor\": \"s-sup\", \"handler\": \"s-head\"}",
            NULL),
        XN_ERR_PARSE, "tier");
    /* An unknown respondent unit: XN_ERR_NOT_FOUND naming it. */
    ERR(run(e, "{\"type\": \"register_complaint\", \"case\": \"T1\", \"at\": \"2026-10-09T09:00:00+08:00\","
               " \"actor\": \"s-sup\", \"channel\": \"letter\", \"category\": \"delay\", \"respondent\": \"nowhere\","
               " \"subject\": \"办件超期\", \"complainant\": \"" NAME "\"}",
            NULL),
        XN_ERR_NOT_FOUND, "nowhere");
    LAST(XN_ERR_NOT_FOUND, "respondent", "nowhere");
    /* A command on a complaint that does not exist. */
    ERR(run(e, ACCEPT_T1, NULL), XN_ERR_NOT_FOUND, "T1");
    LAST(XN_ERR_NOT_FOUND, "case", "T1");

    /* The views: an unknown number, NULL arguments named, invalid UTF-8, the buffer untouched. */
    ERR(xn_engine_complaint_json(e, S("T9"), S("s-sup"), &out), XN_ERR_NOT_FOUND, "no complaint has this number");
    LAST(XN_ERR_NOT_FOUND, "case", "T9");
    RUN(e, REGISTER_T1);
    ERR(xn_engine_complainants_json(e, S("T9"), S("s-sup"), &out), XN_ERR_NOT_FOUND, "T9");
    LAST(XN_ERR_NOT_FOUND, "case", "T9");
    /* A case number is not a complaint number. */
    RUN(e, "{\"type\": \"receive\", \"case\": \"C1\", \"at\": \"2026-10-09T09:00:00+08:00\", \"actor\": \"s-clerk\","
           " \"item\": \"330100-FOOD-001\", \"applicant\": \"某餐饮有限公司\"}");
    ERR(xn_engine_complaint_json(e, S("C1"), S("s-sup"), &out), XN_ERR_NOT_FOUND, "C1");

    ERR(xn_engine_complaint_json(NULL, S("T1"), S("s-sup"), &out), XN_ERR_NULL, "`engine`");
    LAST(XN_ERR_NULL, "engine", "");
    ERR(xn_engine_complaint_json(e, NULL, 2, S("s-sup"), &out), XN_ERR_NULL, "`complaint_id`");
    ERR(xn_engine_complaint_json(e, S("T1"), NULL, 5, &out), XN_ERR_NULL, "`viewer`");
    ERR(xn_engine_complaint_json(e, S("T1"), S("s-sup"), NULL), XN_ERR_NULL, "`out`");
    ERR(xn_engine_complaints_json(NULL, S("s-sup"), &out), XN_ERR_NULL, "`engine`");
    ERR(xn_engine_complaints_json(e, NULL, 0, &out), XN_ERR_NULL, "`viewer`");
    ERR(xn_engine_complaints_json(e, S("s-sup"), NULL), XN_ERR_NULL, "`out`");
    ERR(xn_engine_complainants_json(NULL, S("T1"), S("s-sup"), &out), XN_ERR_NULL, "`engine`");
    ERR(xn_engine_complainants_json(e, NULL, 0, S("s-sup"), &out), XN_ERR_NULL, "`complaint_id`");
    ERR(xn_engine_complainants_json(e, S("T1"), NULL, 0, &out), XN_ERR_NULL, "`viewer`");
    ERR(xn_engine_complainants_json(e, S("T1"), S("s-sup"), NULL), XN_ERR_NULL, "`out`");
    ERR(xn_engine_complaint_json(e, "T\xff", 2, S("s-sup"), &out), XN_ERR_UTF8, NULL);
    LAST(XN_ERR_UTF8, "complaint_id", "");
    ERR(xn_engine_complaints_json(e, "s-\xff", 3, &out), XN_ERR_UTF8, NULL);
    LAST(XN_ERR_UTF8, "viewer", "");
    CHECK(out.data == NULL && out.len == 0);

    xn_engine_free(e);
}

/* The complainant's identity: supervisors only, in every view; merged letters keep every complainant. */
static void test_confidentiality(void) {
    xn_engine *e = new_engine();
    xn_buffer b = {0};

    RUN(e, REGISTER_T1);
    RUN(e, ACCEPT_T1);
    /* A duplicate letter about the same matter, merged into T1. */
    RUN(e, "{\"type\": \"register_complaint\", \"case\": \"T3\", \"at\": \"2026-10-09T11:00:00+08:00\","
           " \"actor\": \"s-sup\", \"channel\": \"letter\", \"category\": \"delay\", \"respondent\": \"amr\","
           " \"subject\": \"食品经营许可超期未办结\", \"complainant\": \"" NAME2 "\", \"contact\": \"来信地址\"}");
    RUN(e, "{\"type\": \"merge_complaint\", \"case\": \"T3\", \"at\": \"2026-10-09T12:00:00+08:00\","
           " \"actor\": \"s-sup\", \"into\": \"T1\"}");
    STATE(e, "T3", "s-sup", "merged");

    /* Anyone but a supervisor: the handler, the staff found responsible, a clerk, an unknown or empty id. */
    const char *others[] = {"s-head", "s-rev", "s-clerk", "s-fire-head", "s-gov-head", "nobody", ""};
    for (size_t i = 0; i < sizeof others / sizeof others[0]; i++) {
        const char *v = others[i];
        OK(xn_engine_complaint_json(e, S("T1"), v, strlen(v), &b));
        CHECK(b.data != NULL && strstr(b.data, NAME) == NULL && strstr(b.data, CONTACT) == NULL);
        CHECK(b.data != NULL && strstr(b.data, "\"complainant\"") == NULL);
        CONTAINS(b, "\"redacted\":true");
        CONTAINS(b, "\"id\":\"T1\"");
        xn_buffer_free(&b);
        OK(xn_engine_complaints_json(e, v, strlen(v), &b));
        CHECK(b.data != NULL && strstr(b.data, NAME) == NULL && strstr(b.data, CONTACT) == NULL &&
              strstr(b.data, NAME2) == NULL && strstr(b.data, "来信地址") == NULL);
        CONTAINS(b, "\"id\":\"T3\"");
        xn_buffer_free(&b);
        ERR(xn_engine_complainants_json(e, S("T1"), v, strlen(v), &b), XN_ERR_FORBIDDEN, "supervisor");
        LAST(XN_ERR_FORBIDDEN, "viewer", v);
        /* Refused before the lookup: an unknown number says nothing more to them. */
        ERR(xn_engine_complainants_json(e, S("T9"), v, strlen(v), &b), XN_ERR_FORBIDDEN, NULL);
        CHECK(b.data == NULL);
    }

    /* Supervisors see the complainant. */
    const char *sups[] = {"s-sup", "s-sup2"};
    for (size_t i = 0; i < 2; i++) {
        const char *v = sups[i];
        OK(xn_engine_complaint_json(e, S("T1"), v, strlen(v), &b));
        CONTAINS(b, NAME);
        CONTAINS(b, CONTACT);
        CHECK(b.data != NULL && strstr(b.data, "\"redacted\"") == NULL);
        xn_buffer_free(&b);
        OK(xn_engine_complaints_json(e, v, strlen(v), &b));
        CONTAINS(b, NAME);
        CONTAINS(b, NAME2);
        xn_buffer_free(&b);
        /* T1's own complainant first, then the merged letter's. */
        OK(xn_engine_complainants_json(e, S("T1"), v, strlen(v), &b));
        CONTAINS(b, "[{\"name\":\"" NAME "\",\"contact\":\"" CONTACT "\"},{\"name\":\"" NAME2 "\"");
        xn_buffer_free(&b);
    }

    /* An anonymous complaint: nothing to withhold, no redaction mark; no complainants. */
    RUN(e, "{\"type\": \"register_complaint\", \"case\": \"T4\", \"at\": \"2026-10-09T13:00:00+08:00\","
           " \"actor\": \"s-sup\", \"channel\": \"web\", \"category\": \"lax_discipline\", \"respondent\": \"fire\","
           " \"subject\": \"上班时间脱岗\"}");
    OK(xn_engine_complaint_json(e, S("T4"), S("s-head"), &b));
    CHECK(b.data != NULL && strstr(b.data, "\"redacted\"") == NULL && strstr(b.data, "\"complainant\"") == NULL);
    xn_buffer_free(&b);
    OK(xn_engine_complainants_json(e, S("T4"), S("s-sup"), &b));
    CHECK(b.data != NULL && strcmp(b.data, "[]") == 0);
    xn_buffer_free(&b);

    /* An engine without complaints: an empty register. */
    xn_engine *empty = new_engine();
    OK(xn_engine_complaints_json(empty, S("s-sup"), &b));
    CHECK(b.data != NULL && strcmp(b.data, "[]") == 0);
    xn_buffer_free(&b);
    xn_engine_free(empty);

    xn_engine_free(e);
}

/* Feedback sampling: 20 named complaints closed in October 2026 (T01-T20), T00 closed in November, T21
 * anonymous; the county samples 100 per mille, so 2, drawn from the seed: the same two as Rust and Python
 * (tests/complaint_rules.rs, python/tests/test_complaints.py). */
static void test_feedback_sample(void) {
    static const char *SUBJECTS[] = {"办件超期", "态度生硬", "乱收费", "推诿扯皮"};
    xn_engine *e = new_engine();
    char cmd[1024];
    for (int k = 0; k < 22; k++) {
        const char *unit = k % 2 == 0 ? "amr" : "fire";
        const char *handler = k % 2 == 0 ? "s-head" : "s-fire-head";
        snprintf(cmd, sizeof cmd,
                 "{\"type\": \"register_complaint\", \"case\": \"T%02d\", \"at\": \"2026-10-09T09:00:00+08:00\","
                 " \"actor\": \"s-sup\", \"channel\": \"hotline_12345\", \"category\": \"delay\", \"respondent\": \"%s\","
                 " \"subject\": \"第%d号事项：%s\"%s}",
                 k, unit, k, SUBJECTS[k % 4], k == 21 ? "" : ", \"complainant\": \"" NAME "\", \"contact\": \"" CONTACT "\"");
        RUN(e, cmd);
        snprintf(cmd, sizeof cmd,
                 "{\"type\": \"accept_complaint\", \"case\": \"T%02d\", \"at\": \"2026-10-09T10:00:00+08:00\","
                 " \"actor\": \"s-sup\", \"tier\": \"unit\", \"handler\": \"%s\"}",
                 k, handler);
        RUN(e, cmd);
        snprintf(cmd, sizeof cmd,
                 "{\"type\": \"handle_complaint\", \"case\": \"T%02d\", \"at\": \"2026-10-12T09:00:00+08:00\","
                 " \"actor\": \"%s\", \"finding\": \"unsubstantiated\", \"summary\": \"已核查\"}",
                 k, handler);
        RUN(e, cmd);
        snprintf(cmd, sizeof cmd,
                 "{\"type\": \"close_complaint\", \"case\": \"T%02d\", \"at\": \"%s\", \"actor\": \"s-sup\"}", k,
                 k == 0 ? "2026-11-02T09:00:00+08:00" : "2026-10-13T09:00:00+08:00");
        RUN(e, cmd);
    }
    const int64_t october = 1790784000, november = 1793462400; /* 2026-10-01 and 11-01 at 00:00 +08:00 */
    xn_buffer out = {0};
    OK(xn_engine_feedback_sample_json(e, october, november, 20261201u, &out));
    CHECK(out.data != NULL && strcmp(out.data, "[\"T04\",\"T14\"]") == 0);
    xn_buffer_free(&out);
    OK(xn_engine_feedback_sample_json(e, november, november + 86400 * 30, 20261201u, &out));
    CHECK(out.data != NULL && strcmp(out.data, "[\"T00\"]") == 0);
    xn_buffer_free(&out);
    ERR(xn_engine_feedback_sample_json(e, november, october, 1u, &out), XN_ERR_INVALID, "to");
    CHECK(out.data == NULL);
    ERR(xn_engine_feedback_sample_json(e, INT64_MAX, november, 1u, &out), XN_ERR_OUT_OF_RANGE, "from_unix");
    ERR(xn_engine_feedback_sample_json(NULL, october, november, 1u, &out), XN_ERR_NULL, "engine");
    ERR(xn_engine_feedback_sample_json(e, october, november, 1u, NULL), XN_ERR_NULL, "out");
    xn_engine_free(e);
}

int main(int argc, char **argv) {
    const char *root = argc > 1 ? argv[1] : ".";
    if (!load_county(root, SUP2, &policy, &org, &cat)) {
        return 1;
    }
    test_walk();
    test_authority();
    test_errors();
    test_confidentiality();
    test_feedback_sample();
    xn_catalog_free(cat);
    xn_org_free(org);
    xn_policy_free(policy);
    printf("%d passed, %d failed\n", passed, failed);
    return failed == 0 ? 0 : 1;
}
