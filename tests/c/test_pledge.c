/*
 * Tests of pledges (承诺) through the C ABI (include/xiaoneng.h): the commands through xn_engine_execute and
 * the two views, xn_engine_pledge_json and xn_engine_pledges_json (docs/rules.md, "Pledges"; the Rust
 * rulebook is tests/pledge_rules.rs, whose dates these mirror).
 *
 * - the walk of a rectification pledge Z1 of the market regulator (amr): ordered by the efficiency office
 *   (s-sup) on Monday 2026-11-02, signed by its head (s-head) the next day with the five specifics (15
 *   working days, to 11-24; milestones at 5 and 10 working days, 11-10 and 11-17; s-clerk responsible),
 *   both milestones and the three 到位 reported, completed, verified by a second supervisor (s-sup2); the
 *   state and the status in the view at each step (on_track, at_risk, overdue, kept, broken);
 * - timers: an order left unsigned gets late_pledge_signing from the typed advance on 11-10, not on 11-09
 *   (XN_EVENT_VIOLATION, XN_RULE_LATE_PLEDGE_SIGNING), once; a missed milestone
 *   (XN_RULE_PLEDGE_MILESTONE_MISSED); a broken pledge twice (XN_RULE_PLEDGE_BROKEN: the responsible person
 *   and the leader, in the JSON advance);
 * - authority, each refusal beside the allowed act: a head of another unit signing (XN_ERR_FORBIDDEN, field
 *   actor), a supervisor seconded to the unit (s-amr-sup) verifying, the responsible person verifying, the
 *   one who completed it verifying;
 * - bad input naming the field: measures missing (XN_ERR_PARSE, field measures) or blank (XN_ERR_INVALID,
 *   field measures), milestone_days out of order (field milestone_days[1]), beyond the limit, a count unlike
 *   the titles', a milestone 0, a verification failed without a new limit (field amount);
 * - the views: an unknown pledge (XN_ERR_NOT_FOUND, field case), a case number that is not a pledge, NULL
 *   arguments (XN_ERR_NULL naming the argument), invalid UTF-8 (XN_ERR_UTF8), an unrepresentable at_unix
 *   (XN_ERR_OUT_OF_RANGE, field at_unix), one outside the supported years 0001-9999 (XN_ERR_INVALID, field
 *   at_unix), one beyond the calendar's covered range (XN_ERR_OUT_OF_RANGE), the buffer untouched on error;
 *   the register sorted by number, `[]` when empty;
 * - a complaint T1 closed as substantiated orders the rectification T1-ZG1 of the respondent unit: a
 *   rectification_ordered event in what close_complaint returns; none for an unsubstantiated one.
 *
 * Test data: presets/county.toml, tests/fixtures/county-org.json (with a second supervisor of the efficiency
 * office, s-sup2, and a supervisor seconded to the market regulator, s-amr-sup, added by this test) and
 * tests/fixtures/county-catalog.json, read from the repository root given as the first argument (default:
 * the current directory).
 *
 * Built and run by scripts/test-c with -std=c11 -Wall -Wextra -Werror -pedantic, under valgrind.
 * Prints one line per failed check and ends with "N passed, M failed"; exits non-zero on failure.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xiaoneng.h"

#include "check.h"

/* Unix seconds of a local time in China (UTC+08:00). */
static int64_t at_y(int year, int month, int day, int hour, int minute, int second) {
    xn_date d = {(int32_t)year, (uint8_t)month, (uint8_t)day};
    int64_t n = 0;
    xn_date_to_day(d, &n);
    return n * 86400 + (int64_t)hour * 3600 + (int64_t)minute * 60 + second - 8 * 3600;
}

/* Unix seconds of a whole hour, China time, in 2026. */
static int64_t at(int month, int day, int hour) {
    return at_y(2026, month, day, hour, 0, 0);
}

/* The two supervisors this test adds to the county organisation (load_county in check.h): s-sup2 of the
 * efficiency office and s-amr-sup seconded to the market regulator. */
static const char MORE_STAFF[] =
    "{\"id\": \"s-sup2\", \"name\": \"韩梅\", \"unit\": \"eff\", \"roles\": [\"supervisor\"], \"rank\": 3},"
    " {\"id\": \"s-amr-sup\", \"name\": \"蒋平\", \"unit\": \"amr\", \"roles\": [\"supervisor\"], \"rank\": 3},";

static xn_policy *policy;
static xn_org *org;
static xn_catalog *cat;

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

static const char ORDER_Z1[] =
    "{\"type\": \"order_rectification\", \"case\": \"Z1\", \"at\": \"2026-11-02T09:00:00+08:00\","
    " \"actor\": \"s-sup\", \"unit\": \"amr\", \"source\": \"inspection\", \"problem\": \"窗口人员离岗未挂去向牌\"}";

/* The signing of Z1 by `actor` (a format: the actor is its one %s). */
static const char SIGN_Z1_BY[] =
    "{\"type\": \"sign_pledge\", \"case\": \"Z1\", \"at\": \"2026-11-03T09:00:00+08:00\", \"actor\": \"%s\","
    " \"measures\": \"建立离岗登记和AB岗顶岗制度\", \"responsible\": \"s-clerk\", \"standard\": \"窗口在岗率100%%\","
    " \"amount\": 15, \"milestones\": [\"制度印发\", \"全员培训\"], \"milestone_days\": [5, 10]}";

static const char REPORT_M1[] =
    "{\"type\": \"report_pledge\", \"case\": \"Z1\", \"at\": \"2026-11-05T09:00:00+08:00\", \"actor\": \"s-clerk\","
    " \"note\": \"离岗登记制度已印发\", \"milestone\": 1, \"in_place\": \"recognition\"}";
static const char REPORT_M2[] =
    "{\"type\": \"report_pledge\", \"case\": \"Z1\", \"at\": \"2026-11-10T09:00:00+08:00\", \"actor\": \"s-clerk\","
    " \"note\": \"全员培训已完成\", \"milestone\": 2, \"in_place\": \"rectification\"}";
static const char REPORT_ACCOUNT[] =
    "{\"type\": \"report_pledge\", \"case\": \"Z1\", \"at\": \"2026-11-12T09:00:00+08:00\", \"actor\": \"s-head\","
    " \"note\": \"责任人已诫勉谈话\", \"in_place\": \"accountability\"}";
static const char COMPLETE_Z1[] =
    "{\"type\": \"complete_pledge\", \"case\": \"Z1\", \"at\": \"2026-11-12T09:00:00+08:00\", \"actor\": \"s-head\","
    " \"evidence\": \"制度文件、培训签到表\"}";

/* The verification of Z1 by `actor` (a format: the actor is its one %s). */
static const char VERIFY_Z1_BY[] =
    "{\"type\": \"verify_pledge\", \"case\": \"Z1\", \"at\": \"2026-11-13T09:00:00+08:00\", \"actor\": \"%s\","
    " \"passed\": true, \"evidence\": \"暗访三次\"}";

/* A command from a format with one %s. */
static const char *by(char *buf, size_t cap, const char *format, const char *actor) {
    snprintf(buf, cap, format, actor);
    return buf;
}

static xn_engine *new_engine(void) {
    xn_engine *e = NULL;
    OK(xn_engine_new(policy, org, cat, &e));
    return e;
}

/* The view of pledge `id` at `when` holds "state":`state` and "status":`status` (NULL: not checked). */
static void check_pledge(const xn_engine *e, const char *id, int64_t when, const char *state, const char *status,
                         int line) {
    xn_buffer b = {0};
    char want_state[64], want_status[64];
    snprintf(want_state, sizeof want_state, "\"state\":\"%s\"", state != NULL ? state : "");
    snprintf(want_status, sizeof want_status, "\"status\":\"%s\"", status != NULL ? status : "");
    xn_status st = xn_engine_pledge_json(e, id, strlen(id), when, &b);
    int ok = st == XN_OK && b.data != NULL && (state == NULL || strstr(b.data, want_state) != NULL) &&
             (status == NULL || strstr(b.data, want_status) != NULL);
    check(ok, state != NULL ? want_state : want_status, line);
    if (!ok) {
        printf("  want %s %s; view (%d): %s\n", state != NULL ? want_state : "", status != NULL ? want_status : "",
               (int)st, st == XN_OK && b.data != NULL ? b.data : xn_last_error());
    }
    xn_buffer_free(&b);
}

#define PLEDGE(e, id, when, state, status) check_pledge((e), (id), (when), (state), (status), __LINE__)

/* The violations of rule `rule` among the typed events due up to `now`; the case of each is `id`. */
static size_t typed_violations(xn_engine *e, int64_t now, xn_rule rule, const char *id, int line) {
    size_t count = 0, n = 0, found = 0;
    check_ok(xn_engine_pending(e, now, &count), "xn_engine_pending", line);
    xn_event_info *infos = calloc(count > 0 ? count : 1, sizeof *infos);
    if (infos == NULL) {
        check(0, "calloc", line);
        return 0;
    }
    check_ok(xn_engine_advance_typed(e, now, infos, count, &n), "xn_engine_advance_typed", line);
    check(n == count, "n == count", line);
    for (size_t i = 0; i < n; i++) {
        if (infos[i].kind == XN_EVENT_VIOLATION && infos[i].rule == rule) {
            found++;
            check(infos[i].case_len == strlen(id) && memcmp(infos[i].case_id, id, strlen(id)) == 0,
                  "the violation's case", line);
        }
    }
    free(infos);
    return found;
}

/* ------------------------------------------------------------------------------------------------ */
/* Tests                                                                                            */
/* ------------------------------------------------------------------------------------------------ */

/* The walk: order -> sign -> report (milestones, the three 到位) -> complete -> verify, with the state and
 * the status in the view at each step. */
static void test_walk(void) {
    xn_engine *e = new_engine();
    xn_buffer ev = {0}, view = {0};
    char cmd[1024];

    OK(run(e, ORDER_Z1, &ev));
    CONTAINS(ev, "\"rectification_ordered\"");
    CONTAINS(ev, "\"Z1\"");
    xn_buffer_free(&ev);
    /* Five working days to sign, from Monday 11-02 (not counted): to Monday 11-09. */
    PLEDGE(e, "Z1", at(11, 3, 9), "ordered", "on_track");
    PLEDGE(e, "Z1", at(11, 9, 9), "ordered", "at_risk");
    PLEDGE(e, "Z1", at(11, 10, 9), "ordered", "overdue");
    OK(xn_engine_pledge_json(e, S("Z1"), at(11, 3, 9), &view));
    CONTAINS(view, "\"id\":\"Z1\"");
    CONTAINS(view, "\"kind\":\"rectification\"");
    CONTAINS(view, "\"unit\":\"amr\"");
    CONTAINS(view, "\"orderer\":\"s-sup\"");
    CONTAINS(view, "\"source\":\"inspection\"");
    CONTAINS(view, "\"signing\"");
    CHECK(view.data != NULL && strstr(view.data, "\"measures\"") == NULL && strstr(view.data, "\"deadline\"") == NULL);
    xn_buffer_free(&view);

    OK(run(e, by(cmd, sizeof cmd, SIGN_Z1_BY, "s-head"), &ev));
    CONTAINS(ev, "\"pledge_signed\"");
    xn_buffer_free(&ev);
    PLEDGE(e, "Z1", at(11, 4, 9), "open", "on_track");
    /* Milestone 1 ends with Tuesday 11-10: at risk within three working days. */
    PLEDGE(e, "Z1", at(11, 9, 9), "open", "at_risk");
    OK(xn_engine_pledge_json(e, S("Z1"), at(11, 4, 9), &view));
    CONTAINS(view, "\"measures\":\"建立离岗登记和AB岗顶岗制度\"");
    CONTAINS(view, "\"responsible\":\"s-clerk\"");
    CONTAINS(view, "\"leader\":\"s-head\"");
    CONTAINS(view, "\"standard\":\"窗口在岗率100%\"");
    CONTAINS(view, "\"deadline\"");
    CONTAINS(view, "\"title\":\"制度印发\"");
    CONTAINS(view, "\"title\":\"全员培训\"");
    CHECK(view.data != NULL && strstr(view.data, "\"reached_at\"") == NULL);
    xn_buffer_free(&view);

    OK(run(e, REPORT_M1, &ev));
    CONTAINS(ev, "\"pledge_reported\"");
    xn_buffer_free(&ev);
    OK(run(e, REPORT_M2, &ev));
    CONTAINS(ev, "\"pledge_reported\"");
    xn_buffer_free(&ev);
    /* Every milestone reached, two of the three 到位: completion is refused, naming the missing one. */
    ERR(run(e, COMPLETE_Z1, NULL), XN_ERR_STATE, "accountability");
    PLEDGE(e, "Z1", at(11, 12, 9), "open", NULL);
    OK(run(e, REPORT_ACCOUNT, &ev));
    CONTAINS(ev, "\"pledge_reported\"");
    xn_buffer_free(&ev);
    OK(xn_engine_pledge_json(e, S("Z1"), at(11, 12, 9), &view));
    CONTAINS(view, "\"in_place\":[\"recognition\",\"rectification\",\"accountability\"]");
    CONTAINS(view, "\"reports\":3");
    CONTAINS(view, "\"reached_at\"");
    CONTAINS(view, "\"status\":\"on_track\"");
    xn_buffer_free(&view);

    OK(run(e, COMPLETE_Z1, &ev));
    CONTAINS(ev, "\"pledge_completed\"");
    xn_buffer_free(&ev);
    PLEDGE(e, "Z1", at(11, 12, 10), "completed", "on_track");
    OK(xn_engine_pledge_json(e, S("Z1"), at(11, 12, 10), &view));
    CONTAINS(view, "\"completed_by\":\"s-head\"");
    CONTAINS(view, "\"evidence\":\"制度文件、培训签到表\"");
    xn_buffer_free(&view);

    OK(run(e, by(cmd, sizeof cmd, VERIFY_Z1_BY, "s-sup2"), &ev));
    CONTAINS(ev, "\"pledge_verified\"");
    xn_buffer_free(&ev);
    PLEDGE(e, "Z1", at(11, 13, 9), "kept", "kept");
    PLEDGE(e, "Z1", at_y(2026, 12, 31, 23, 0, 0), "kept", "kept");
    OK(xn_engine_pledge_json(e, S("Z1"), at(11, 13, 9), &view));
    CONTAINS(view, "\"verified_by\":\"s-sup2\"");
    CONTAINS(view, "\"verified_at\"");
    CONTAINS(view, "\"failed_verifications\":0");
    CONTAINS(view, "\"breaches\":0");
    xn_buffer_free(&view);
    /* Kept: no command is allowed any more, and no timer is left. */
    ERR(run(e, "{\"type\": \"report_pledge\", \"case\": \"Z1\", \"at\": \"2026-11-14T09:00:00+08:00\","
               " \"actor\": \"s-head\", \"note\": \"再报\", \"in_place\": \"accountability\"}",
            NULL),
        XN_ERR_STATE, NULL);
    LAST(XN_ERR_STATE, "type", "report_pledge");
    /* Earlier than its last event: refused by the time order, naming `at`. */
    ERR(run(e, REPORT_ACCOUNT, NULL), XN_ERR_STATE, "time order");
    LAST(XN_ERR_STATE, "at", NULL);
    CHECK(typed_violations(e, at(12, 31, 0), XN_RULE_PLEDGE_BROKEN, "Z1", __LINE__) == 0);

    xn_engine_free(e);
}

/* The timers: the signing limit, a missed milestone, a broken pledge (twice: the person and the leader). */
static void test_timers(void) {
    char cmd[1024];

    /* Ordered and never signed: late_pledge_signing on 11-10, not before, once. */
    xn_engine *e = new_engine();
    RUN(e, ORDER_Z1);
    CHECK(typed_violations(e, at_y(2026, 11, 9, 23, 59, 59), XN_RULE_LATE_PLEDGE_SIGNING, "Z1", __LINE__) == 0);
    CHECK(typed_violations(e, at(11, 10, 9), XN_RULE_LATE_PLEDGE_SIGNING, "Z1", __LINE__) == 1);
    CHECK(typed_violations(e, at(12, 1, 0), XN_RULE_LATE_PLEDGE_SIGNING, "Z1", __LINE__) == 0);
    xn_buffer view = {0};
    OK(xn_engine_pledge_json(e, S("Z1"), at(12, 1, 0), &view));
    CONTAINS(view, "\"signing_breached\":true");
    CONTAINS(view, "\"status\":\"overdue\"");
    xn_buffer_free(&view);
    /* Signing late is still possible; then the pledge's own limits count. */
    snprintf(cmd, sizeof cmd,
             "{\"type\": \"sign_pledge\", \"case\": \"Z1\", \"at\": \"2026-12-01T09:00:00+08:00\", \"actor\": \"s-head\","
             " \"measures\": \"建立制度\", \"responsible\": \"s-clerk\", \"standard\": \"在岗率100%%\", \"amount\": 15}");
    RUN(e, cmd);
    PLEDGE(e, "Z1", at(12, 1, 9), "open", "on_track");
    xn_engine_free(e);

    /* Signed, milestone 1 (to 11-10) missed: pledge_milestone_missed on 11-11, the pledge overdue. */
    e = new_engine();
    RUN(e, ORDER_Z1);
    RUN(e, by(cmd, sizeof cmd, SIGN_Z1_BY, "s-head"));
    CHECK(typed_violations(e, at(11, 11, 9), XN_RULE_PLEDGE_MILESTONE_MISSED, "Z1", __LINE__) == 1);
    PLEDGE(e, "Z1", at(11, 11, 9), "open", "overdue");
    /* Both milestones reached, never completed: the limit (to 11-24) passes, broken twice. */
    RUN(e, "{\"type\": \"report_pledge\", \"case\": \"Z1\", \"at\": \"2026-11-11T10:00:00+08:00\", \"actor\": \"s-clerk\","
           " \"note\": \"迟报\", \"milestone\": 1}");
    RUN(e, "{\"type\": \"report_pledge\", \"case\": \"Z1\", \"at\": \"2026-11-12T10:00:00+08:00\", \"actor\": \"s-clerk\","
           " \"note\": \"培训完成\", \"milestone\": 2}");
    PLEDGE(e, "Z1", at(11, 12, 11), "open", "on_track");
    CHECK(typed_violations(e, at_y(2026, 11, 24, 23, 59, 59), XN_RULE_PLEDGE_BROKEN, "Z1", __LINE__) == 0);
    xn_buffer adv = {0};
    OK(xn_engine_advance(e, at(11, 25, 9), &adv));
    CONTAINS(adv, "\"pledge_broken\"");
    /* Against the responsible person first, then the leader (the unit head who signed). */
    const char *first = adv.data != NULL ? strstr(adv.data, "\"pledge_broken\"") : NULL;
    const char *second = first != NULL ? strstr(first + 1, "\"pledge_broken\"") : NULL;
    CHECK(first != NULL && second != NULL && strstr(second + 1, "\"pledge_broken\"") == NULL);
    CHECK(first != NULL && second != NULL && strstr(first, "\"responsible\":\"s-clerk\"") != NULL &&
          strstr(first, "\"responsible\":\"s-clerk\"") < second);
    CHECK(second != NULL && strstr(second, "\"responsible\":\"s-head\"") != NULL);
    xn_buffer_free(&adv);
    PLEDGE(e, "Z1", at(11, 25, 9), "open", "broken");
    OK(xn_engine_pledge_json(e, S("Z1"), at(11, 25, 9), &view));
    CONTAINS(view, "\"breaches\":1");
    CONTAINS(view, "\"deadline_breached\":true");
    xn_buffer_free(&view);
    xn_engine_free(e);
}

/* Who may do what, each refusal beside the allowed act. */
static void test_authority(void) {
    xn_engine *e = new_engine();
    char cmd[1024];
    xn_buffer view = {0};

    /* Ordered by a supervisor outside the unit: not by one seconded to it, nor by its head. */
    char order[1024];
    snprintf(order, sizeof order, "%s", ORDER_Z1);
    char *actor = strstr(order, "\"s-sup\"");
    CHECK(actor != NULL);
    if (actor != NULL) {
        const char *wrong[] = {"s-amr-sup", "s-head"};
        for (size_t i = 0; i < 2; i++) {
            snprintf(cmd, sizeof cmd, "%.*s\"%s\"%s", (int)(actor - order), order, wrong[i],
                     actor + strlen("\"s-sup\""));
            ERR(run(e, cmd, NULL), XN_ERR_FORBIDDEN, wrong[i]);
            LAST(XN_ERR_FORBIDDEN, "actor", wrong[i]);
        }
    }
    ERR(xn_engine_pledge_json(e, S("Z1"), at(11, 3, 9), &view), XN_ERR_NOT_FOUND, "Z1");
    RUN(e, ORDER_Z1);

    /* Signed by the head of the ordered unit only: not the fire brigade's head, a clerk or a supervisor. */
    const char *not_signers[] = {"s-fire-head", "s-clerk", "s-sup", "s-gov-head"};
    for (size_t i = 0; i < sizeof not_signers / sizeof not_signers[0]; i++) {
        ERR(run(e, by(cmd, sizeof cmd, SIGN_Z1_BY, not_signers[i]), NULL), XN_ERR_FORBIDDEN, not_signers[i]);
        LAST(XN_ERR_FORBIDDEN, "actor", not_signers[i]);
    }
    /* An unknown actor: not found. */
    ERR(run(e, by(cmd, sizeof cmd, SIGN_Z1_BY, "nobody"), NULL), XN_ERR_NOT_FOUND, "nobody");
    LAST(XN_ERR_NOT_FOUND, "actor", "nobody");
    PLEDGE(e, "Z1", at(11, 3, 9), "ordered", "on_track");
    RUN(e, by(cmd, sizeof cmd, SIGN_Z1_BY, "s-head"));
    PLEDGE(e, "Z1", at(11, 3, 9), "open", NULL);

    /* Progress is reported by the responsible person, the leader or the unit head only. */
    ERR(run(e, "{\"type\": \"report_pledge\", \"case\": \"Z1\", \"at\": \"2026-11-05T09:00:00+08:00\","
               " \"actor\": \"s-fire-head\", \"note\": \"x\", \"milestone\": 1}",
            NULL),
        XN_ERR_FORBIDDEN, "s-fire-head");
    LAST(XN_ERR_FORBIDDEN, "actor", "s-fire-head");
    ERR(run(e, "{\"type\": \"report_pledge\", \"case\": \"Z1\", \"at\": \"2026-11-05T09:00:00+08:00\","
               " \"actor\": \"s-clerk2\", \"note\": \"x\", \"milestone\": 1}",
            NULL),
        XN_ERR_FORBIDDEN, "s-clerk2");
    LAST(XN_ERR_FORBIDDEN, "actor", "s-clerk2");
    RUN(e, REPORT_M1);
    RUN(e, REPORT_M2);
    RUN(e, REPORT_ACCOUNT);
    RUN(e, COMPLETE_Z1);

    /* Verified by a supervisor outside the unit who is neither the responsible person nor the one who
     * completed it: not the seconded supervisor, the responsible clerk, the head who completed it. */
    const char *not_verifiers[] = {"s-amr-sup", "s-clerk", "s-head", "s-fire-head"};
    for (size_t i = 0; i < sizeof not_verifiers / sizeof not_verifiers[0]; i++) {
        ERR(run(e, by(cmd, sizeof cmd, VERIFY_Z1_BY, not_verifiers[i]), NULL), XN_ERR_FORBIDDEN,
            not_verifiers[i]);
        LAST(XN_ERR_FORBIDDEN, "actor", not_verifiers[i]);
    }
    PLEDGE(e, "Z1", at(11, 13, 9), "completed", "on_track");
    RUN(e, by(cmd, sizeof cmd, VERIFY_Z1_BY, "s-sup"));
    PLEDGE(e, "Z1", at(11, 13, 9), "kept", "kept");
    xn_engine_free(e);

    /* A supervised item carried out by a supervisor (leader s-sup2): s-sup2 may not verify it, s-sup may. */
    e = new_engine();
    RUN(e, "{\"type\": \"open_pledge\", \"case\": \"D1\", \"at\": \"2026-11-02T09:00:00+08:00\", \"actor\": \"s-sup\","
           " \"pledge_kind\": \"supervised\", \"unit\": \"amr\", \"leader\": \"s-sup2\", \"responsible\": \"s-head\","
           " \"title\": \"食品经营许可一窗通办\", \"standard\": \"全流程网办率90%\", \"amount\": 20}");
    PLEDGE(e, "D1", at(11, 3, 9), "open", "on_track");
    RUN(e, "{\"type\": \"complete_pledge\", \"case\": \"D1\", \"at\": \"2026-11-05T09:00:00+08:00\","
           " \"actor\": \"s-head\", \"evidence\": \"系统上线截图\"}");
    ERR(run(e, "{\"type\": \"verify_pledge\", \"case\": \"D1\", \"at\": \"2026-11-06T09:00:00+08:00\","
               " \"actor\": \"s-sup2\", \"passed\": true, \"evidence\": \"现场核验\"}",
            NULL),
        XN_ERR_FORBIDDEN, "s-sup2");
    LAST(XN_ERR_FORBIDDEN, "actor", "s-sup2");
    RUN(e, "{\"type\": \"verify_pledge\", \"case\": \"D1\", \"at\": \"2026-11-06T09:00:00+08:00\","
           " \"actor\": \"s-sup\", \"passed\": true, \"evidence\": \"现场核验\"}");
    PLEDGE(e, "D1", at(11, 6, 9), "kept", "kept");
    OK(xn_engine_pledge_json(e, S("D1"), at(11, 6, 9), &view));
    CONTAINS(view, "\"kind\":\"supervised\"");
    CONTAINS(view, "\"leader\":\"s-sup2\"");
    xn_buffer_free(&view);
    xn_engine_free(e);
}

/* A signing from its fields after "measures" (one %s: the part before "responsible", with the measures). */
static void sign_refused(xn_engine *e, const char *middle, xn_status want, const char *field, int line) {
    char cmd[1024];
    snprintf(cmd, sizeof cmd,
             "{\"type\": \"sign_pledge\", \"case\": \"Z1\", \"at\": \"2026-11-03T09:00:00+08:00\", \"actor\": \"s-head\","
             " \"responsible\": \"s-clerk\", \"standard\": \"窗口在岗率100%%\"%s}",
             middle);
    check_err(run(e, cmd, NULL), want, field, cmd, line);
    check_last(want, field, NULL, line);
}

#define SIGN_REFUSED(e, middle, want, field) sign_refused((e), (middle), (want), (field), __LINE__)

/* Bad commands name their field; the pledge is left as it was. */
static void test_bad_input(void) {
    xn_engine *e = new_engine();
    RUN(e, ORDER_Z1);

    /* The five specifics: measures missing (a parse error of the document, its message naming the field),
     * blank (invalid, naming it as the field). */
    {
        char cmd[1024];
        snprintf(cmd, sizeof cmd,
                 "{\"type\": \"sign_pledge\", \"case\": \"Z1\", \"at\": \"2026-11-03T09:00:00+08:00\","
                 " \"actor\": \"s-head\", \"responsible\": \"s-clerk\", \"standard\": \"窗口在岗率100%%\","
                 " \"amount\": 15}");
        ERR(run(e, cmd, NULL), XN_ERR_PARSE, "missing field `measures`");
        LAST(XN_ERR_PARSE, ".", NULL);
    }
    SIGN_REFUSED(e, ", \"measures\": \"  \", \"amount\": 15", XN_ERR_INVALID, "measures");
    SIGN_REFUSED(e, ", \"measures\": \"建立制度\", \"amount\": 0", XN_ERR_INVALID, "amount");
    SIGN_REFUSED(e, ", \"measures\": \"建立制度\", \"amount\": -1", XN_ERR_PARSE, "amount");
    SIGN_REFUSED(e, ", \"measures\": \"建立制度\", \"amount\": 4294967296", XN_ERR_PARSE, "amount");
    SIGN_REFUSED(e, ", \"measures\": \"建立制度\", \"amount\": 4294967295", XN_ERR_INVALID, "amount");
    /* Milestones: in order, within the limit, as many limits as titles, each titled. */
    SIGN_REFUSED(e,
                 ", \"measures\": \"建立制度\", \"amount\": 15, \"milestones\": [\"a\", \"b\"],"
                 " \"milestone_days\": [10, 5]",
                 XN_ERR_INVALID, "milestone_days[1]");
    SIGN_REFUSED(e, ", \"measures\": \"建立制度\", \"amount\": 15, \"milestones\": [\"a\"], \"milestone_days\": [16]",
                 XN_ERR_INVALID, "milestone_days[0]");
    SIGN_REFUSED(e, ", \"measures\": \"建立制度\", \"amount\": 15, \"milestones\": [\"a\"], \"milestone_days\": [0]",
                 XN_ERR_INVALID, "milestone_days[0]");
    SIGN_REFUSED(e,
                 ", \"measures\": \"建立制度\", \"amount\": 15, \"milestones\": [\"a\", \"b\"],"
                 " \"milestone_days\": [5]",
                 XN_ERR_INVALID, "milestone_days");
    SIGN_REFUSED(e, ", \"measures\": \"建立制度\", \"amount\": 15, \"milestones\": [\"\"], \"milestone_days\": [5]",
                 XN_ERR_INVALID, "milestones[0]");
    SIGN_REFUSED(e, ", \"measures\": \"建立制度\", \"amount\": 15, \"milestones\": [\"a\"], \"milestone_days\": [true]",
                 XN_ERR_PARSE, "milestone_days[0]");
    SIGN_REFUSED(e, ", \"measures\": \"建立制度\", \"amount\": 15, \"milestones\": [\"a\"], \"milestone_days\": [-5]",
                 XN_ERR_PARSE, "milestone_days[0]");
    SIGN_REFUSED(e, ", \"measures\": \"建立制度\", \"amount\": 15, \"milestone_days\": 5", XN_ERR_PARSE, "milestone_days");
    /* The responsible person is of the unit, and known. */
    {
        char cmd[1024];
        snprintf(cmd, sizeof cmd, SIGN_Z1_BY, "s-head");
        char *who = strstr(cmd, "\"s-clerk\"");
        CHECK(who != NULL);
        if (who != NULL) {
            char fixed[1024];
            snprintf(fixed, sizeof fixed, "%.*s\"s-fire\"%s", (int)(who - cmd), cmd, who + strlen("\"s-clerk\""));
            ERR(run(e, fixed, NULL), XN_ERR_INVALID, "s-fire");
            LAST(XN_ERR_INVALID, "responsible", "s-fire");
            snprintf(fixed, sizeof fixed, "%.*s\"nobody\"%s", (int)(who - cmd), cmd, who + strlen("\"s-clerk\""));
            ERR(run(e, fixed, NULL), XN_ERR_NOT_FOUND, "nobody");
            LAST(XN_ERR_NOT_FOUND, "responsible", "nobody");
        }
    }
    PLEDGE(e, "Z1", at(11, 3, 9), "ordered", "on_track");
    xn_buffer view = {0};
    OK(xn_engine_pledge_json(e, S("Z1"), at(11, 3, 9), &view));
    CONTAINS(view, "\"events\":1");
    xn_buffer_free(&view);

    /* Signed: a milestone that is not there, 0, or beyond the list. */
    char cmd[1024];
    RUN(e, by(cmd, sizeof cmd, SIGN_Z1_BY, "s-head"));
    ERR(run(e, "{\"type\": \"report_pledge\", \"case\": \"Z1\", \"at\": \"2026-11-05T09:00:00+08:00\","
               " \"actor\": \"s-clerk\", \"note\": \"x\", \"milestone\": 3}",
            NULL),
        XN_ERR_INVALID, NULL);
    LAST(XN_ERR_INVALID, "milestone", NULL);
    ERR(run(e, "{\"type\": \"report_pledge\", \"case\": \"Z1\", \"at\": \"2026-11-05T09:00:00+08:00\","
               " \"actor\": \"s-clerk\", \"note\": \"x\", \"milestone\": 0}",
            NULL),
        XN_ERR_INVALID, NULL);
    LAST(XN_ERR_INVALID, "milestone", NULL);
    ERR(run(e, "{\"type\": \"report_pledge\", \"case\": \"Z1\", \"at\": \"2026-11-05T09:00:00+08:00\","
               " \"actor\": \"s-clerk\", \"note\": \"x\", \"in_place\": \"perfection\"}",
            NULL),
        XN_ERR_PARSE, NULL);
    LAST(XN_ERR_PARSE, "in_place", NULL);
    /* Reached twice: refused by the state of the milestone. */
    RUN(e, REPORT_M1);
    ERR(run(e, "{\"type\": \"report_pledge\", \"case\": \"Z1\", \"at\": \"2026-11-05T10:00:00+08:00\","
               " \"actor\": \"s-head\", \"note\": \"x\", \"milestone\": 1}",
            NULL),
        XN_ERR_STATE, NULL);
    LAST(XN_ERR_STATE, "milestone", NULL);
    /* Earlier than the last event. */
    ERR(run(e, "{\"type\": \"report_pledge\", \"case\": \"Z1\", \"at\": \"2026-11-04T09:00:00+08:00\","
               " \"actor\": \"s-clerk\", \"note\": \"x\", \"milestone\": 2}",
            NULL),
        XN_ERR_STATE, NULL);
    RUN(e, REPORT_M2);
    RUN(e, REPORT_ACCOUNT);
    RUN(e, COMPLETE_Z1);
    /* A failed verification needs a new limit; a passed one takes none. */
    ERR(run(e, "{\"type\": \"verify_pledge\", \"case\": \"Z1\", \"at\": \"2026-11-13T09:00:00+08:00\","
               " \"actor\": \"s-sup\", \"passed\": false, \"evidence\": \"暗访一次仍离岗\"}",
            NULL),
        XN_ERR_INVALID, NULL);
    LAST(XN_ERR_INVALID, "amount", NULL);
    ERR(run(e, "{\"type\": \"verify_pledge\", \"case\": \"Z1\", \"at\": \"2026-11-13T09:00:00+08:00\","
               " \"actor\": \"s-sup\", \"passed\": true, \"evidence\": \"暗访三次\", \"amount\": 5}",
            NULL),
        XN_ERR_INVALID, NULL);
    LAST(XN_ERR_INVALID, "amount", "5");
    PLEDGE(e, "Z1", at(11, 13, 9), "completed", NULL);
    /* Failed with five working days: reopened, its new limit to Friday 11-20. */
    RUN(e, "{\"type\": \"verify_pledge\", \"case\": \"Z1\", \"at\": \"2026-11-13T09:00:00+08:00\","
           " \"actor\": \"s-sup\", \"passed\": false, \"evidence\": \"暗访一次仍离岗\", \"amount\": 5}");
    PLEDGE(e, "Z1", at(11, 13, 10), "open", NULL);
    OK(xn_engine_pledge_json(e, S("Z1"), at(11, 13, 10), &view));
    CONTAINS(view, "\"failed_verifications\":1");
    xn_buffer_free(&view);
    CHECK(typed_violations(e, at_y(2026, 11, 20, 23, 59, 59), XN_RULE_PLEDGE_BROKEN, "Z1", __LINE__) == 0);
    CHECK(typed_violations(e, at(11, 21, 9), XN_RULE_PLEDGE_BROKEN, "Z1", __LINE__) == 2);

    /* A command on a pledge that does not exist. */
    ERR(run(e, "{\"type\": \"complete_pledge\", \"case\": \"Z9\", \"at\": \"2026-11-12T09:00:00+08:00\","
               " \"actor\": \"s-head\", \"evidence\": \"x\"}",
            NULL),
        XN_ERR_NOT_FOUND, "Z9");
    LAST(XN_ERR_NOT_FOUND, "case", "Z9");
    /* An order of an unknown unit, a blank problem. */
    ERR(run(e, "{\"type\": \"order_rectification\", \"case\": \"Z2\", \"at\": \"2026-11-02T09:00:00+08:00\","
               " \"actor\": \"s-sup\", \"unit\": \"nowhere\", \"source\": \"inspection\", \"problem\": \"x\"}",
            NULL),
        XN_ERR_NOT_FOUND, "nowhere");
    LAST(XN_ERR_NOT_FOUND, "unit", "nowhere");
    ERR(run(e, "{\"type\": \"order_rectification\", \"case\": \"Z2\", \"at\": \"2026-11-02T09:00:00+08:00\","
               " \"actor\": \"s-sup\", \"unit\": \"amr\", \"source\": \"inspection\", \"problem\": \" \"}",
            NULL),
        XN_ERR_INVALID, NULL);
    LAST(XN_ERR_INVALID, "problem", NULL);
    ERR(run(e, "{\"type\": \"order_rectification\", \"case\": \"Z2\", \"at\": \"2026-11-02T09:00:00+08:00\","
               " \"actor\": \"s-sup\", \"unit\": \"amr\", \"source\": \"complaint\", \"problem\": \"办件超期\"}",
            NULL),
        XN_ERR_INVALID, NULL);
    LAST(XN_ERR_INVALID, "source_ref", NULL);
    ERR(xn_engine_pledge_json(e, S("Z2"), at(11, 3, 9), &view), XN_ERR_NOT_FOUND, "Z2");
    xn_engine_free(e);
}

/* The views: unknown numbers, NULL arguments, invalid UTF-8, unrepresentable instants; the register. */
static void test_views(void) {
    xn_engine *e = new_engine();
    xn_buffer out = {0};
    char cmd[1024];

    /* An engine without pledges: an empty register. */
    OK(xn_engine_pledges_json(e, at(11, 3, 9), &out));
    CHECK(out.data != NULL && strcmp(out.data, "[]") == 0);
    xn_buffer_free(&out);

    ERR(xn_engine_pledge_json(e, S("Z1"), at(11, 3, 9), &out), XN_ERR_NOT_FOUND, "no pledge has this number");
    LAST(XN_ERR_NOT_FOUND, "case", "Z1");
    CHECK(out.data == NULL);

    /* Three pledges, executed out of order: the register lists them by number (byte order). */
    RUN(e, "{\"type\": \"open_pledge\", \"case\": \"Z3\", \"at\": \"2026-11-02T09:00:00+08:00\", \"actor\": \"s-sup\","
           " \"pledge_kind\": \"target\", \"unit\": \"fire\", \"leader\": \"s-gov-head\", \"responsible\": \"s-fire-head\","
           " \"title\": \"年度零投诉\", \"standard\": \"有效投诉为零\", \"amount\": 20}");
    RUN(e, ORDER_Z1);
    RUN(e, "{\"type\": \"open_pledge\", \"case\": \"K1\", \"at\": \"2026-11-02T09:00:00+08:00\", \"actor\": \"s-sup\","
           " \"pledge_kind\": \"key_project\", \"unit\": \"amr\", \"leader\": \"s-gov-head\", \"responsible\": \"s-head\","
           " \"title\": \"食品经营许可一窗通办\", \"standard\": \"全流程网办率90%\", \"amount\": 20,"
           " \"milestones\": [\"方案报批\"], \"milestone_days\": [5]}");
    RUN(e, by(cmd, sizeof cmd, SIGN_Z1_BY, "s-head"));
    /* A case is not a pledge. */
    RUN(e, "{\"type\": \"receive\", \"case\": \"C1\", \"at\": \"2026-11-02T09:00:00+08:00\", \"actor\": \"s-clerk\","
           " \"item\": \"330100-FOOD-001\", \"applicant\": \"某餐饮有限公司\"}");
    ERR(xn_engine_pledge_json(e, S("C1"), at(11, 3, 9), &out), XN_ERR_NOT_FOUND, "C1");
    LAST(XN_ERR_NOT_FOUND, "case", "C1");

    OK(xn_engine_pledges_json(e, at(11, 4, 9), &out));
    const char *k1 = out.data != NULL ? strstr(out.data, "\"id\":\"K1\"") : NULL;
    const char *z1 = out.data != NULL ? strstr(out.data, "\"id\":\"Z1\"") : NULL;
    const char *z3 = out.data != NULL ? strstr(out.data, "\"id\":\"Z3\"") : NULL;
    CHECK(out.data != NULL && out.data[0] == '[' && k1 != NULL && z1 != NULL && z3 != NULL && k1 < z1 && z1 < z3);
    CHECK(out.data != NULL && strstr(out.data, "\"id\":\"C1\"") == NULL);
    CONTAINS(out, "\"kind\":\"key_project\"");
    CONTAINS(out, "\"kind\":\"target\"");
    CONTAINS(out, "\"status\":\"on_track\"");
    xn_buffer_free(&out);
    /* The statuses at 12-01: each limit of 20 working days from 11-02 ended with 11-30; Z1's runs to 11-24. */
    OK(xn_engine_pledges_json(e, at(12, 1, 9), &out));
    CHECK(out.data != NULL && strstr(out.data, "\"status\":\"on_track\"") == NULL &&
          strstr(out.data, "\"status\":\"at_risk\"") == NULL);
    CONTAINS(out, "\"status\":\"broken\"");
    xn_buffer_free(&out);

    /* NULL arguments, named. */
    ERR(xn_engine_pledge_json(NULL, S("Z1"), at(11, 3, 9), &out), XN_ERR_NULL, "`engine`");
    LAST(XN_ERR_NULL, "engine", "");
    ERR(xn_engine_pledge_json(e, NULL, 2, at(11, 3, 9), &out), XN_ERR_NULL, "`pledge_id`");
    LAST(XN_ERR_NULL, "pledge_id", "");
    ERR(xn_engine_pledge_json(e, S("Z1"), at(11, 3, 9), NULL), XN_ERR_NULL, "`out`");
    LAST(XN_ERR_NULL, "out", "");
    ERR(xn_engine_pledges_json(NULL, at(11, 3, 9), &out), XN_ERR_NULL, "`engine`");
    LAST(XN_ERR_NULL, "engine", "");
    ERR(xn_engine_pledges_json(e, at(11, 3, 9), NULL), XN_ERR_NULL, "`out`");
    LAST(XN_ERR_NULL, "out", "");
    /* Invalid UTF-8 in the number. */
    ERR(xn_engine_pledge_json(e, "Z\xff", 2, at(11, 3, 9), &out), XN_ERR_UTF8, NULL);
    LAST(XN_ERR_UTF8, "pledge_id", "");
    /* A length that stops inside a character: still invalid, never read beyond. */
    ERR(xn_engine_pledge_json(e, "Z\xe5\xb7\xa5", 2, at(11, 3, 9), &out), XN_ERR_UTF8, NULL);
    /* The empty number: no pledge has it. */
    ERR(xn_engine_pledge_json(e, "", 0, at(11, 3, 9), &out), XN_ERR_NOT_FOUND, NULL);
    LAST(XN_ERR_NOT_FOUND, "case", "");
    /* An instant that is no instant. */
    ERR(xn_engine_pledge_json(e, S("Z1"), INT64_MAX, &out), XN_ERR_OUT_OF_RANGE, "at_unix");
    LAST(XN_ERR_OUT_OF_RANGE, "at_unix", NULL);
    ERR(xn_engine_pledge_json(e, S("Z1"), INT64_MIN, &out), XN_ERR_OUT_OF_RANGE, "at_unix");
    LAST(XN_ERR_OUT_OF_RANGE, "at_unix", NULL);
    ERR(xn_engine_pledges_json(e, INT64_MAX, &out), XN_ERR_OUT_OF_RANGE, "at_unix");
    LAST(XN_ERR_OUT_OF_RANGE, "at_unix", NULL);
    ERR(xn_engine_pledges_json(e, INT64_MIN, &out), XN_ERR_OUT_OF_RANGE, "at_unix");
    /* An instant, but outside the supported years 0001-9999 (10000-01-01 UTC): XN_ERR_INVALID naming the
     * argument at_unix, as documented (not a name from inside the library). */
    const int64_t year_10000 = 253402300800;
    ERR(xn_engine_pledge_json(e, S("Z1"), year_10000, &out), XN_ERR_INVALID, "supported years");
    LAST(XN_ERR_INVALID, "at_unix", NULL);
    ERR(xn_engine_pledges_json(e, year_10000, &out), XN_ERR_INVALID, "supported years");
    LAST(XN_ERR_INVALID, "at_unix", NULL);
    ERR(xn_engine_pledges_json(e, -year_10000, &out), XN_ERR_INVALID, "supported years");
    LAST(XN_ERR_INVALID, "at_unix", NULL);
    /* In the supported years but beyond the calendar's covered range (2100): out of range, naming the date. */
    ERR(xn_engine_pledge_json(e, S("Z1"), at_y(2100, 1, 1, 0, 0, 0), &out), XN_ERR_OUT_OF_RANGE, "2100-01-01");
    ERR(xn_engine_pledges_json(e, at_y(2100, 1, 1, 0, 0, 0), &out), XN_ERR_OUT_OF_RANGE, "covered range");
    CHECK(out.data == NULL && out.len == 0);
    /* Before every pledge began: on track (nothing has started to run out). */
    PLEDGE(e, "Z1", at_y(2026, 1, 5, 9, 0, 0), "open", "on_track");
    /* A failed call leaves the last error; a good one after it works. */
    OK(xn_engine_pledge_json(e, S("K1"), at(11, 3, 9), &out));
    CONTAINS(out, "\"title\":\"方案报批\"");
    xn_buffer_free(&out);

    xn_engine_free(e);
}

/* Closing a complaint as substantiated orders the rectification T1-ZG1 of the respondent unit. */
static void complaint_closed(xn_engine *e, const char *finding, xn_buffer *closed) {
    char cmd[1024];
    RUN(e, "{\"type\": \"register_complaint\", \"case\": \"T1\", \"at\": \"2026-11-02T09:00:00+08:00\","
           " \"actor\": \"s-sup\", \"channel\": \"hotline_12345\", \"category\": \"delay\", \"respondent\": \"amr\","
           " \"subject\": \"食品经营许可申请超过承诺时限仍未办结\", \"complainant\": \"张先生\","
           " \"contact\": \"138****0000\"}");
    RUN(e, "{\"type\": \"accept_complaint\", \"case\": \"T1\", \"at\": \"2026-11-02T10:00:00+08:00\","
           " \"actor\": \"s-sup\", \"tier\": \"unit\", \"handler\": \"s-head\"}");
    snprintf(cmd, sizeof cmd,
             "{\"type\": \"handle_complaint\", \"case\": \"T1\", \"at\": \"2026-11-04T09:00:00+08:00\","
             " \"actor\": \"s-head\", \"finding\": \"%s\", \"summary\": \"审核岗超时未办\"%s}",
             finding, strcmp(finding, "unsubstantiated") == 0 ? "" : ", \"responsible\": \"s-rev\"");
    RUN(e, cmd);
    OK(run(e, "{\"type\": \"close_complaint\", \"case\": \"T1\", \"at\": \"2026-11-05T09:00:00+08:00\","
              " \"actor\": \"s-sup\"}",
           closed));
}

static void test_from_complaint(void) {
    xn_engine *e = new_engine();
    xn_buffer ev = {0}, view = {0};
    complaint_closed(e, "substantiated", &ev);
    CONTAINS(ev, "\"complaint_closed\"");
    CONTAINS(ev, "\"substantiated_complaint\"");
    CONTAINS(ev, "\"rectification_ordered\"");
    CONTAINS(ev, "\"T1-ZG1\"");
    /* The order comes last, after the complaint's own events. */
    const char *closed = ev.data != NULL ? strstr(ev.data, "\"complaint_closed\"") : NULL;
    const char *ordered = ev.data != NULL ? strstr(ev.data, "\"rectification_ordered\"") : NULL;
    CHECK(closed != NULL && ordered != NULL && closed < ordered);
    xn_buffer_free(&ev);
    PLEDGE(e, "T1-ZG1", at(11, 5, 10), "ordered", "on_track");
    OK(xn_engine_pledge_json(e, S("T1-ZG1"), at(11, 5, 10), &view));
    CONTAINS(view, "\"source\":\"complaint\"");
    CONTAINS(view, "\"source_ref\":\"T1\"");
    CONTAINS(view, "\"unit\":\"amr\"");
    CONTAINS(view, "\"orderer\":\"s-sup\"");
    CONTAINS(view, "承诺时限");
    xn_buffer_free(&view);
    OK(xn_engine_pledges_json(e, at(11, 5, 10), &view));
    CHECK(view.data != NULL && strncmp(view.data, "[{", 2) == 0 && strstr(view.data, "\"id\":\"T1-ZG1\"") != NULL);
    xn_buffer_free(&view);
    /* Signed by the respondent unit's head, like any other. */
    RUN(e, "{\"type\": \"sign_pledge\", \"case\": \"T1-ZG1\", \"at\": \"2026-11-06T09:00:00+08:00\","
           " \"actor\": \"s-head\", \"measures\": \"审核岗AB角\", \"responsible\": \"s-rev\", \"standard\": \"零超期\","
           " \"amount\": 10}");
    PLEDGE(e, "T1-ZG1", at(11, 6, 10), "open", "on_track");
    xn_engine_free(e);

    /* Unsubstantiated: no rectification. */
    e = new_engine();
    complaint_closed(e, "unsubstantiated", &ev);
    CONTAINS(ev, "\"complaint_closed\"");
    CHECK(ev.data != NULL && strstr(ev.data, "\"rectification_ordered\"") == NULL);
    xn_buffer_free(&ev);
    OK(xn_engine_pledges_json(e, at(11, 5, 10), &view));
    CHECK(view.data != NULL && strcmp(view.data, "[]") == 0);
    xn_buffer_free(&view);
    ERR(xn_engine_pledge_json(e, S("T1-ZG1"), at(11, 5, 10), &view), XN_ERR_NOT_FOUND, "T1-ZG1");
    xn_engine_free(e);
}

/* A key project rated by the policy's rater groups (pledges.rater_groups of the county preset: leaders 40,
 * monitors 30, office 30): the weighted score over the groups that rated, provisional until all have; a
 * rater of the project's unit is refused. */
static void test_rater_groups(void) {
    xn_engine *e = new_engine();
    xn_buffer out = {0};
    RUN(e, "{\"type\": \"open_pledge\", \"case\": \"K1\", \"at\": \"2026-10-08T09:00:00+08:00\", \"actor\": \"s-sup\","
           " \"pledge_kind\": \"key_project\", \"unit\": \"amr\", \"leader\": \"s-gov-head\", \"responsible\": \"s-head\","
           " \"title\": \"市场主体登记全程网办\", \"standard\": \"网办率95%\", \"amount\": 60}");
    RUN(e, "{\"type\": \"rate_pledge\", \"case\": \"K1\", \"at\": \"2026-12-28T15:00:00+08:00\", \"actor\":"
           " \"s-fire-head\", \"group\": \"leaders\", \"period\": \"2026-Q4\", \"score\": 85}");
    RUN(e, "{\"type\": \"rate_pledge\", \"case\": \"K1\", \"at\": \"2026-12-28T15:00:00+08:00\", \"actor\":"
           " \"m-deputy\", \"group\": \"monitors\", \"period\": \"2026-Q4\", \"score\": 70}");
    ERR(run(e,
            "{\"type\": \"rate_pledge\", \"case\": \"K1\", \"at\": \"2026-12-28T15:00:00+08:00\", \"actor\":"
            " \"s-head\", \"group\": \"leaders\", \"period\": \"2026-Q4\", \"score\": 100}",
            NULL),
        XN_ERR_FORBIDDEN, NULL);
    LAST(XN_ERR_FORBIDDEN, "actor", "s-head");
    OK(xn_engine_pledge_evaluation_json(e, S("K1"), S("2026-Q4"), &out));
    /* (85 x 40 + 70 x 30) / 70 = 78.571...: the office has not rated. */
    CONTAINS(out, "\"score\":\"78.57\"");
    CONTAINS(out, "\"complete\":false");
    xn_buffer_free(&out);
    ERR(xn_engine_pledge_evaluation_json(e, S("K9"), S("2026-Q4"), &out), XN_ERR_NOT_FOUND, NULL);
    LAST(XN_ERR_NOT_FOUND, "case", "K9");
    ERR(xn_engine_pledge_evaluation_json(e, S("K1"), NULL, 3, &out), XN_ERR_NULL, NULL);
    xn_engine_free(e);
}

int main(int argc, char **argv) {
    const char *root = argc > 1 ? argv[1] : ".";
    if (!load_county(root, MORE_STAFF, &policy, &org, &cat)) {
        return 1;
    }
    test_walk();
    test_timers();
    test_authority();
    test_bad_input();
    test_views();
    test_from_complaint();
    test_rater_groups();
    xn_catalog_free(cat);
    xn_org_free(org);
    xn_policy_free(policy);
    printf("%d passed, %d failed\n", passed, failed);
    return failed == 0 ? 0 : 1;
}
