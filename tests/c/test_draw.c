/*
 * Tests of the draws of the C ABI (include/xiaoneng.h): xn_draw_sample_json, xn_draw_inspection_plan_json,
 * xn_draw_verify_plan_json and xn_draw_coverage_json; the same seed gives the same sample, plan and
 * commitment as from Rust (tests/draw_rules.rs) and Python (python/tests/test_draw.py); bad input names
 * the field; a tampered plan is refused.
 *
 * Built and run by scripts/test-c with -std=c11 -Wall -Wextra -Werror -pedantic, under valgrind.
 * Prints one line per failed check and ends with "N passed, M failed"; exits non-zero on failure.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xiaoneng.h"

#include "check.h"

/* The seed of the cross-surface checks. */
#define SEED 20261001u

/* The county's units in strata and its staff as inspectors (the same request as tests/draw_rules.rs). */
static const char COUNTY[] =
    "{\"units\": ["
    "  {\"id\": \"amr\", \"stratum\": \"high\"},"
    "  {\"id\": \"fire\", \"stratum\": \"high\", \"exclude_inspectors\": [\"s-sup\"]},"
    "  {\"id\": \"hall\", \"stratum\": \"medium\"},"
    "  {\"id\": \"gov\", \"stratum\": \"low\"},"
    "  {\"id\": \"eff\", \"stratum\": \"low\"}],"
    " \"inspectors\": ["
    "  {\"id\": \"s-sup\", \"unit\": \"eff\"}, {\"id\": \"s-rev\", \"unit\": \"amr\"},"
    "  {\"id\": \"s-rev2\", \"unit\": \"amr\"}, {\"id\": \"s-fire\", \"unit\": \"fire\"},"
    "  {\"id\": \"s-hall\", \"unit\": \"hall\"}, {\"id\": \"s-gov-head\", \"unit\": \"gov\"}],"
    " \"strata\": {\"high\": 2, \"medium\": 1, \"low\": 1},"
    " \"team_size\": 2,"
    " \"inspected_last_period\": [\"eff\"]}";

static const char PLAN[] =
    "{\"seed\":20261001,\"assignments\":["
    "{\"unit\":\"amr\",\"stratum\":\"high\",\"inspectors\":[\"s-hall\",\"s-sup\"]},"
    "{\"unit\":\"fire\",\"stratum\":\"high\",\"inspectors\":[\"s-gov-head\",\"s-rev\"]},"
    "{\"unit\":\"gov\",\"stratum\":\"low\",\"inspectors\":[\"s-fire\",\"s-rev\"]},"
    "{\"unit\":\"hall\",\"stratum\":\"medium\",\"inspectors\":[\"s-fire\",\"s-gov-head\"]}],"
    "\"commitment\":\"86a8f0856b0c15013450fc067953dbf441fee4aa92956c64a99b265972520570\"}";

static void test_sample(void) {
    xn_buffer out = {0};
    const char *req = "{\"ids\": [\"T-10\", \"T-09\", \"T-08\", \"T-07\", \"T-06\", \"T-05\", \"T-04\", \"T-03\","
                      " \"T-02\", \"T-01\"], \"rate_per_mille\": 300}";
    OK(xn_draw_sample_json(S(req), SEED, &out));
    CHECK(out.data != NULL && strcmp(out.data, "[\"T-05\",\"T-06\",\"T-09\"]") == 0);
    xn_buffer_free(&out);

    ERR(xn_draw_sample_json(S("{\"ids\": [\"a\", \"a\"], \"rate_per_mille\": 5}"), 1, &out), XN_ERR_INVALID,
        "given twice");
    LAST(XN_ERR_INVALID, "ids[1]", "a");
    ERR(xn_draw_sample_json(S("{\"ids\": [], \"rate_per_mille\": 1001}"), 1, &out), XN_ERR_INVALID, NULL);
    LAST(XN_ERR_INVALID, "rate_per_mille", "1001");
    ERR(xn_draw_sample_json(S("{\"ids\": [], \"rate\": 5}"), 1, &out), XN_ERR_PARSE, NULL);
    LAST(XN_ERR_PARSE, "rate", NULL);
    ERR(xn_draw_sample_json(NULL, 0, 1, &out), XN_ERR_NULL, NULL);
    LAST(XN_ERR_NULL, "request_json", "");
    ERR(xn_draw_sample_json(S("{\"ids\": [], \"rate_per_mille\": 5}"), 1, NULL), XN_ERR_NULL, NULL);
    LAST(XN_ERR_NULL, "out", "");
    CHECK(out.data == NULL);
}

static void test_plan(void) {
    xn_buffer out = {0};
    OK(xn_draw_inspection_plan_json(S(COUNTY), SEED, &out));
    CHECK(out.data != NULL && strcmp(out.data, PLAN) == 0);
    if (out.data != NULL && strcmp(out.data, PLAN) != 0) {
        printf("plan: %s\n", out.data);
    }
    xn_buffer_free(&out);

    /* Another seed, another plan (for this one). */
    OK(xn_draw_inspection_plan_json(S(COUNTY), SEED + 1, &out));
    CHECK(out.data != NULL && strcmp(out.data, PLAN) != 0);
    xn_buffer_free(&out);

    /* Bad input names the field. */
    ERR(xn_draw_inspection_plan_json(S("{\"units\": [{\"id\": \"a\", \"risk\": \"high\"}], \"inspectors\": [],"
                                       " \"strata\": {}, \"team_size\": 1}"),
                                     1, &out),
        XN_ERR_PARSE, NULL);
    LAST(XN_ERR_PARSE, "units[0].risk", NULL);
    ERR(xn_draw_inspection_plan_json(S("{\"units\": [{\"id\": \"a\", \"stratum\": \"s\"}],"
                                       " \"inspectors\": [{\"id\": \"x\", \"unit\": \"a\"}],"
                                       " \"strata\": {\"s\": 1}, \"team_size\": 1}"),
                                     1, &out),
        XN_ERR_INVALID, "its own");
    LAST(XN_ERR_INVALID, "units[0]", "a");
    ERR(xn_draw_inspection_plan_json(S("{\"units\": [{\"id\": \"a\", \"stratum\": \"s\"}], \"inspectors\": [],"
                                       " \"strata\": {\"s\": 2}, \"team_size\": 1}"),
                                     1, &out),
        XN_ERR_INVALID, NULL);
    LAST(XN_ERR_INVALID, "strata.s", "2");
    ERR(xn_draw_inspection_plan_json(S("{\"units\": [], \"inspectors\": [], \"strata\": {}, \"team_size\": 1,"
                                       " \"inspected_last_period\": [\"zz\"]}"),
                                     1, &out),
        XN_ERR_NOT_FOUND, NULL);
    LAST(XN_ERR_NOT_FOUND, "inspected_last_period[0]", "zz");
    ERR(xn_draw_inspection_plan_json(NULL, 0, 1, &out), XN_ERR_NULL, NULL);
    LAST(XN_ERR_NULL, "request_json", "");
    CHECK(out.data == NULL);
}

/* The verification document: {"request": COUNTY, "seed", "assignments", "commitment"} from a plan's JSON
 * (PLAN without its braces is `"seed":..,"assignments":[..],"commitment":".."`). */
static char *check_doc(const char *plan) {
    size_t n = strlen(COUNTY) + strlen(plan) + 32;
    char *doc = malloc(n);
    if (doc != NULL) {
        snprintf(doc, n, "{\"request\": %s, %.*s}", COUNTY, (int)(strlen(plan) - 2), plan + 1);
    }
    return doc;
}

static void test_verify(void) {
    char *doc = check_doc(PLAN);
    CHECK(doc != NULL);
    if (doc == NULL) {
        return;
    }
    OK(xn_draw_verify_plan_json(doc, strlen(doc)));

    /* A team changed after the reveal. */
    char *forged = strstr(doc, "\"s-hall\",\"s-sup\"");
    CHECK(forged != NULL);
    if (forged != NULL) {
        memcpy(forged, "\"s-fire\"", 8); /* s-hall -> s-fire, same length */
        ERR(xn_draw_verify_plan_json(doc, strlen(doc)), XN_ERR_CORRUPT, NULL);
        LAST(XN_ERR_CORRUPT, "assignments[0]", "amr");
        memcpy(forged, "\"s-hall\"", 8);
    }
    /* Another seed revealed. */
    char *seed = strstr(doc, "20261001,");
    CHECK(seed != NULL);
    if (seed != NULL) {
        seed[7] = '2';
        ERR(xn_draw_verify_plan_json(doc, strlen(doc)), XN_ERR_CORRUPT, NULL);
        seed[7] = '1';
    }
    /* Another commitment recorded. */
    char *hex = strstr(doc, "86a8f085");
    CHECK(hex != NULL);
    if (hex != NULL) {
        hex[0] = '0';
        ERR(xn_draw_verify_plan_json(doc, strlen(doc)), XN_ERR_CORRUPT, NULL);
        LAST(XN_ERR_CORRUPT, "commitment", NULL);
        hex[0] = '8';
    }
    OK(xn_draw_verify_plan_json(doc, strlen(doc)));
    free(doc);

    ERR(xn_draw_verify_plan_json(S("{\"seed\": 1}")), XN_ERR_PARSE, NULL);
    ERR(xn_draw_verify_plan_json(NULL, 0), XN_ERR_NULL, NULL);
    LAST(XN_ERR_NULL, "check_json", "");
}

static void test_coverage(void) {
    xn_buffer out = {0};
    const char *req = "{\"units\": [\"fire\", \"amr\"], \"inspections\": ["
                      "{\"unit\": \"amr\", \"date\": \"2026-01-15\"}, {\"unit\": \"fire\", \"date\": \"2026-04-01\"}],"
                      " \"from\": \"2026-01-01\", \"to\": \"2026-06-30\", \"period\": \"quarter\", \"minimum\": 1}";
    OK(xn_draw_coverage_json(S(req), &out));
    CHECK(out.data != NULL &&
          strcmp(out.data, "{\"periods\":[{\"label\":\"2026-Q1\",\"start\":\"2026-01-01\",\"end\":\"2026-03-31\"},"
                           "{\"label\":\"2026-Q2\",\"start\":\"2026-04-01\",\"end\":\"2026-06-30\"}],"
                           "\"below\":[{\"unit\":\"amr\",\"period\":\"2026-Q2\",\"start\":\"2026-04-01\","
                           "\"end\":\"2026-06-30\",\"count\":0,\"minimum\":1},"
                           "{\"unit\":\"fire\",\"period\":\"2026-Q1\",\"start\":\"2026-01-01\","
                           "\"end\":\"2026-03-31\",\"count\":0,\"minimum\":1}]}") == 0);
    xn_buffer_free(&out);

    ERR(xn_draw_coverage_json(S("{\"units\": [\"a\"], \"inspections\": [{\"unit\": \"b\", \"date\": \"2026-01-15\"}],"
                                " \"from\": \"2026-01-01\", \"to\": \"2026-06-30\", \"period\": \"quarter\","
                                " \"minimum\": 1}"),
                              &out),
        XN_ERR_NOT_FOUND, NULL);
    LAST(XN_ERR_NOT_FOUND, "inspections[0].unit", "b");
    ERR(xn_draw_coverage_json(S("{\"units\": [], \"inspections\": [], \"from\": \"2026-01-01\","
                                " \"to\": \"2026-06-30\", \"period\": \"week\", \"minimum\": 1}"),
                              &out),
        XN_ERR_PARSE, NULL);
    LAST(XN_ERR_PARSE, "period", NULL);
    ERR(xn_draw_coverage_json(S("{\"units\": [], \"inspections\": [], \"from\": \"2026-02-30\","
                                " \"to\": \"2026-06-30\", \"period\": \"month\", \"minimum\": 1}"),
                              &out),
        XN_ERR_PARSE, NULL);
    LAST(XN_ERR_PARSE, "from", NULL);
    ERR(xn_draw_coverage_json(S("{}"), NULL), XN_ERR_NULL, NULL);
    CHECK(out.data == NULL);
}

int main(void) {
    test_sample();
    test_plan();
    test_verify();
    test_coverage();
    printf("%d passed, %d failed\n", passed, failed);
    return failed == 0 ? 0 : 1;
}
