/*
 * Tests of inspections (明查暗访) and sealed inspection plans through the C ABI (include/xiaoneng.h): the
 * commands open_inspection, record_finding, close_inspection, reinspect, commit_plan and reveal_plan through
 * xn_engine_execute, and the views xn_engine_inspection_json, xn_engine_inspections_json, xn_engine_plan_json,
 * xn_engine_plan_report_json and xn_engine_inspection_coverage_json.
 *
 * - an unannounced inspection of the market regulator by a supervisor with an appointed deputy (monitor
 *   m-deputy); a finding the deputy records against a clerk: a violation (inspection_finding) and the
 *   rectification J1-ZG1 ordered by the supervisor who opened it; closing leaves it awaiting re-inspection; a
 *   failed re-inspection is a violation (rectification_failed), a passed one concludes it;
 * - authority, negatives with the positives: a supervisor of the unit inspected opens nothing, a monitor whose
 *   term ended or who is affiliated with the unit is no inspector, nobody off the team records a finding
 *   (XN_ERR_FORBIDDEN naming the field);
 * - a plan committed before its period and revealed after it with the seed drawn by xn_draw_inspection_plan_json:
 *   a wrong seed is refused (XN_ERR_INVALID, seed) and the report compares what was drawn with what was done;
 * - coverage of the engine's inspections; unknown records (XN_ERR_NOT_FOUND, case); NULL arguments (XN_ERR_NULL).
 *
 * Test data: presets/county.toml, tests/fixtures/county-org.json (with s-sup2 of the efficiency office and
 * s-amr-sup of the market regulator added by this test) and tests/fixtures/county-catalog.json, read from the
 * repository root given as the first argument (default: the current directory).
 *
 * Built and run by scripts/test-c with -std=c11 -Wall -Wextra -Werror -pedantic, under valgrind.
 * Prints one line per failed check and ends with "N passed, M failed"; exits non-zero on failure.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xiaoneng.h"

#include "check.h"

static const char EXTRA[] = "{\"id\": \"s-sup2\", \"name\": \"韩梅\", \"unit\": \"eff\", \"roles\": [\"supervisor\"],"
                            " \"rank\": 3}, {\"id\": \"s-amr-sup\", \"name\": \"蒋平\", \"unit\": \"amr\","
                            " \"roles\": [\"supervisor\"], \"rank\": 3},";

static xn_policy *policy;
static xn_org *org;
static xn_catalog *cat;

/* Executes `json`; the events' JSON in *events when `events` is not NULL (free it), else dropped. */
static xn_status run(xn_engine *e, const char *json, xn_buffer *events) {
    xn_buffer dropped = {0};
    xn_status st = xn_engine_execute(e, json, strlen(json), events != NULL ? events : &dropped);
    xn_buffer_free(&dropped);
    return st;
}

static xn_engine *fresh(void) {
    xn_engine *e = NULL;
    OK(xn_engine_new(policy, org, cat, &e));
    return e;
}

static const char OPEN_J1[] = "{\"type\": \"open_inspection\", \"case\": \"J1\", \"at\": \"2026-11-03T09:30:00+08:00\","
                              " \"actor\": \"s-sup\", \"unit\": \"amr\", \"mode\": \"unannounced\","
                              " \"inspectors\": [\"s-sup\", \"m-deputy\"]}";

static void test_inspection_walk(void) {
    xn_engine *e = fresh();
    OK(run(e, OPEN_J1, NULL));
    xn_buffer ev = {0};
    OK(run(e,
           "{\"type\": \"record_finding\", \"case\": \"J1\", \"at\": \"2026-11-03T10:00:00+08:00\", \"actor\":"
           " \"m-deputy\", \"person\": \"s-clerk\", \"problem\": \"窗口人员离岗未挂去向牌\", \"rectify\": true}",
           &ev));
    CONTAINS(ev, "\"rule\":\"inspection_finding\"");
    CONTAINS(ev, "\"responsible\":\"s-clerk\"");
    CONTAINS(ev, "\"case\":\"J1-ZG1\"");
    CONTAINS(ev, "\"type\":\"rectification_ordered\"");
    xn_buffer_free(&ev);
    OK(run(e,
           "{\"type\": \"close_inspection\", \"case\": \"J1\", \"at\": \"2026-11-03T11:00:00+08:00\", \"actor\":"
           " \"s-sup\", \"summary\": \"窗口纪律问题，责令整改\"}",
           NULL));
    xn_buffer view = {0};
    OK(xn_engine_inspection_json(e, S("J1"), &view));
    CONTAINS(view, "\"state\":\"reinspecting\"");
    CONTAINS(view, "\"mode\":\"unannounced\"");
    xn_buffer_free(&view);
    OK(run(e,
           "{\"type\": \"reinspect\", \"case\": \"J1\", \"at\": \"2026-11-24T10:00:00+08:00\", \"actor\":"
           " \"m-deputy\", \"finding\": 1, \"passed\": false, \"detail\": \"去向牌仍未挂\"}",
           &ev));
    CONTAINS(ev, "\"rule\":\"rectification_failed\"");
    xn_buffer_free(&ev);
    OK(run(e,
           "{\"type\": \"reinspect\", \"case\": \"J1\", \"at\": \"2026-12-08T10:00:00+08:00\", \"actor\":"
           " \"s-sup2\", \"finding\": 1, \"passed\": true, \"detail\": \"已整改\"}",
           NULL));
    OK(xn_engine_inspections_json(e, &view));
    CONTAINS(view, "\"state\":\"concluded\"");
    CONTAINS(view, "\"by\":\"s-sup2\"");
    xn_buffer_free(&view);
    /* A reinspection of a concluded inspection is refused by its state. */
    ERR(run(e,
            "{\"type\": \"reinspect\", \"case\": \"J1\", \"at\": \"2026-12-09T10:00:00+08:00\", \"actor\":"
            " \"s-sup\", \"finding\": 1, \"passed\": true, \"detail\": \"再查\"}",
            NULL),
        XN_ERR_STATE, "concluded");
    xn_engine_free(e);
}

static void test_authority(void) {
    xn_engine *e = fresh();
    ERR(run(e,
            "{\"type\": \"open_inspection\", \"case\": \"J1\", \"at\": \"2026-11-03T09:30:00+08:00\", \"actor\":"
            " \"s-amr-sup\", \"unit\": \"amr\", \"mode\": \"announced\", \"inspectors\": [\"s-sup\"]}",
            NULL),
        XN_ERR_FORBIDDEN, NULL);
    LAST(XN_ERR_FORBIDDEN, "actor", "s-amr-sup");
    ERR(run(e,
            "{\"type\": \"open_inspection\", \"case\": \"J1\", \"at\": \"2026-11-03T09:30:00+08:00\", \"actor\":"
            " \"s-sup\", \"unit\": \"amr\", \"mode\": \"announced\", \"inspectors\": [\"s-sup\", \"m-former\"]}",
            NULL),
        XN_ERR_FORBIDDEN, "term");
    LAST(XN_ERR_FORBIDDEN, "inspectors[1]", "m-former");
    ERR(run(e,
            "{\"type\": \"open_inspection\", \"case\": \"J1\", \"at\": \"2026-11-03T09:30:00+08:00\", \"actor\":"
            " \"s-sup\", \"unit\": \"amr\", \"mode\": \"announced\", \"inspectors\": [\"m-retiree\"]}",
            NULL),
        XN_ERR_FORBIDDEN, "affiliated");
    LAST(XN_ERR_FORBIDDEN, "inspectors[0]", "m-retiree");
    /* The affiliated retiree may inspect another unit; the supervisor seconded to amr may inspect fire. */
    OK(run(e,
           "{\"type\": \"open_inspection\", \"case\": \"J2\", \"at\": \"2026-11-03T09:30:00+08:00\", \"actor\":"
           " \"s-amr-sup\", \"unit\": \"fire\", \"mode\": \"announced\", \"inspectors\": [\"m-retiree\"]}",
           NULL));
    OK(run(e, OPEN_J1, NULL));
    ERR(run(e,
            "{\"type\": \"record_finding\", \"case\": \"J1\", \"at\": \"2026-11-03T10:00:00+08:00\", \"actor\":"
            " \"m-retiree\", \"problem\": \"x\"}",
            NULL),
        XN_ERR_FORBIDDEN, "not on the team");
    LAST(XN_ERR_FORBIDDEN, "actor", "m-retiree");
    ERR(run(e,
            "{\"type\": \"record_finding\", \"case\": \"J1\", \"at\": \"2026-11-03T10:00:00+08:00\", \"actor\":"
            " \"s-sup\", \"person\": \"s-fire\", \"problem\": \"x\"}",
            NULL),
        XN_ERR_INVALID, "inspected unit");
    LAST(XN_ERR_INVALID, "person", "s-fire");
    xn_engine_free(e);
}

static void test_plan(void) {
    const char *request = "{\"units\": [{\"id\": \"amr\", \"stratum\": \"high\"}, {\"id\": \"fire\", \"stratum\":"
                          " \"high\"}], \"inspectors\": [{\"id\": \"s-sup\", \"unit\": \"eff\"}], \"strata\":"
                          " {\"high\": 1}, \"team_size\": 1}";
    xn_buffer plan = {0};
    OK(xn_draw_inspection_plan_json(request, strlen(request), 77, &plan));
    const char *c = plan.data != NULL ? strstr(plan.data, "\"commitment\":\"") : NULL;
    CHECK(c != NULL);
    char commitment[65] = {0};
    if (c != NULL) {
        memcpy(commitment, c + strlen("\"commitment\":\""), 64);
    }
    int drew_amr = plan.data != NULL && strstr(plan.data, "\"unit\":\"amr\"") != NULL;
    xn_buffer_free(&plan);
    xn_engine *e = fresh();
    char cmd[1024];
    snprintf(cmd, sizeof cmd,
             "{\"type\": \"commit_plan\", \"case\": \"P1\", \"at\": \"2026-09-25T09:00:00+08:00\", \"actor\":"
             " \"s-sup\", \"period_start\": \"2026-10-01\", \"period_end\": \"2026-12-31\", \"commitment\": \"%s\"}",
             commitment);
    OK(run(e, cmd, NULL));
    OK(run(e,
           "{\"type\": \"open_inspection\", \"case\": \"J1\", \"at\": \"2026-11-03T09:30:00+08:00\", \"actor\":"
           " \"s-sup\", \"unit\": \"amr\", \"mode\": \"unannounced\", \"inspectors\": [\"s-sup\"], \"plan\": \"P1\"}",
           NULL));
    ERR(run(e,
            "{\"type\": \"open_inspection\", \"case\": \"J2\", \"at\": \"2026-11-03T09:30:00+08:00\", \"actor\":"
            " \"s-sup\", \"unit\": \"amr\", \"mode\": \"unannounced\", \"inspectors\": [\"s-sup\"], \"plan\": \"P9\"}",
            NULL),
        XN_ERR_NOT_FOUND, NULL);
    LAST(XN_ERR_NOT_FOUND, "plan", "P9");
    snprintf(cmd, sizeof cmd,
             "{\"type\": \"reveal_plan\", \"case\": \"P1\", \"at\": \"2027-01-04T09:00:00+08:00\", \"actor\":"
             " \"s-sup2\", \"seed\": 78, \"request\": %s}",
             request);
    ERR(run(e, cmd, NULL), XN_ERR_INVALID, "commitment");
    LAST(XN_ERR_INVALID, "seed", "78");
    snprintf(cmd, sizeof cmd,
             "{\"type\": \"reveal_plan\", \"case\": \"P1\", \"at\": \"2027-01-04T09:00:00+08:00\", \"actor\":"
             " \"s-sup2\", \"seed\": 77, \"request\": %s}",
             request);
    OK(run(e, cmd, NULL));
    xn_buffer view = {0};
    OK(xn_engine_plan_json(e, S("P1"), &view));
    CONTAINS(view, "\"state\":\"revealed\"");
    xn_buffer_free(&view);
    OK(xn_engine_plan_report_json(e, S("P1"), &view));
    CONTAINS(view, "\"assignments\":[");
    /* J1 inspected amr: carried out when amr was drawn, unplanned otherwise. */
    CONTAINS(view, drew_amr ? "\"carried_out\":[{\"unit\":\"amr\",\"inspection\":\"J1\"}]"
                            : "\"unplanned\":[{\"unit\":\"amr\",\"inspection\":\"J1\"}]");
    xn_buffer_free(&view);
    ERR(xn_engine_plan_report_json(e, S("J1"), &view), XN_ERR_NOT_FOUND, "not an inspection plan");
    LAST(XN_ERR_NOT_FOUND, "case", "J1");
    const char *cov = "{\"units\": [\"amr\", \"fire\"], \"from\": \"2026-10-01\", \"to\": \"2026-12-31\","
                      " \"period\": \"quarter\", \"minimum\": 1}";
    OK(xn_engine_inspection_coverage_json(e, cov, strlen(cov), &view));
    CONTAINS(view, "\"below\":[{\"unit\":\"fire\"");
    xn_buffer_free(&view);
    const char *bad = "{\"units\": [\"amr\"], \"from\": \"2026-10-01\", \"to\": \"2026-12-31\", \"period\": \"week\","
                      " \"minimum\": 1}";
    ERR(xn_engine_inspection_coverage_json(e, bad, strlen(bad), &view), XN_ERR_PARSE, NULL);
    LAST(XN_ERR_PARSE, "period", NULL);
    xn_engine_free(e);
}

static void test_unknown_and_null(void) {
    xn_engine *e = fresh();
    xn_buffer view = {0};
    ERR(xn_engine_inspection_json(e, S("J9"), &view), XN_ERR_NOT_FOUND, "no inspection");
    LAST(XN_ERR_NOT_FOUND, "case", "J9");
    ERR(xn_engine_plan_json(e, S("P9"), &view), XN_ERR_NOT_FOUND, NULL);
    ERR(xn_engine_inspection_json(NULL, S("J1"), &view), XN_ERR_NULL, NULL);
    ERR(xn_engine_inspection_json(e, NULL, 2, &view), XN_ERR_NULL, NULL);
    ERR(xn_engine_inspections_json(e, NULL), XN_ERR_NULL, NULL);
    ERR(xn_engine_plan_report_json(e, S("P1"), NULL), XN_ERR_NULL, NULL);
    ERR(xn_engine_inspection_coverage_json(e, NULL, 3, &view), XN_ERR_NULL, NULL);
    OK(xn_engine_inspections_json(e, &view));
    CHECK(view.data != NULL && strcmp(view.data, "[]") == 0);
    xn_buffer_free(&view);
    xn_engine_free(e);
}

int main(int argc, char **argv) {
    const char *root = argc > 1 ? argv[1] : ".";
    if (!load_county(root, EXTRA, &policy, &org, &cat)) {
        return 1;
    }
    test_inspection_walk();
    test_authority();
    test_plan();
    test_unknown_and_null();
    xn_catalog_free(cat);
    xn_org_free(org);
    xn_policy_free(policy);
    printf("%d passed, %d failed\n", passed, failed);
    return failed == 0 ? 0 : 1;
}
