/*
 * Tests of accountability matters (问责事项) through the C ABI (include/xiaoneng.h): the commands open_matter
 * and decide_sanction through xn_engine_execute, and the views xn_engine_matters_json,
 * xn_engine_register_state_json, xn_engine_filing_stats_json, xn_engine_award_blocked and
 * xn_engine_record_json (a person's and a unit's record for a period).
 *
 * - a matter on a registered violation (a first inquiry left unanswered, its seq read from the advance's
 *   events): the ladder's proposal (written self-criticism), the register state recorded → proposed →
 *   decided, nothing in effect before the decision (no award bar, no filing), everything after;
 * - a trigger from outside the flow (media exposure) feeding the register (accountability_triggered) and a
 *   change of the proposal with its reason;
 * - authority, negatives with the positive: a supervisor of the person's unit and the unit head open or
 *   decide nothing (XN_ERR_FORBIDDEN, field actor);
 * - a person's and a unit's record (xn_engine_record_json): the violation with its register state, the matter,
 *   the sanction with its points and the award bar; a proposal deducts nothing; another unit's record holds
 *   none of it; refusals: an unknown person or unit (XN_ERR_NOT_FOUND), a kind other than person or unit
 *   (kind), an empty period (end);
 * - refusals naming the field: an unknown violation (XN_ERR_NOT_FOUND, violation), a change without a
 *   reason (XN_ERR_INVALID, reason), an unknown measure (measures[0]), a period ending before it starts
 *   (end), an unknown register entry (seq); NULL arguments (XN_ERR_NULL).
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

/* The staff this test adds to the county organisation (load_county in check.h). */
static const char EXTRA[] = "{\"id\": \"s-sup2\", \"name\": \"韩梅\", \"unit\": \"eff\", \"roles\": [\"supervisor\"],"
                            " \"rank\": 3}, {\"id\": \"s-amr-sup\", \"name\": \"蒋平\", \"unit\": \"amr\","
                            " \"roles\": [\"supervisor\"], \"rank\": 3},";

static xn_policy *policy;
static xn_org *org;
static xn_catalog *cat;

static xn_status run(xn_engine *e, const char *json) {
    xn_buffer events = {0};
    xn_status st = xn_engine_execute(e, json, strlen(json), &events);
    xn_buffer_free(&events);
    return st;
}

/* Unix seconds of 2026-11-<day> 00:00 in China (UTC+08:00). */
static int64_t nov(int day) {
    xn_date d = {2026, 11, (uint8_t)day};
    int64_t n = 0;
    xn_date_to_day(d, &n);
    return n * 86400 - 8 * 3600;
}

static int64_t day_number(int month, int day) {
    xn_date d = {2026, (uint8_t)month, (uint8_t)day};
    int64_t n = 0;
    xn_date_to_day(d, &n);
    return n;
}

/* An engine with one registered violation (Q1 unanswered); its seq in *seq (0 when not found). */
static xn_engine *with_violation(unsigned long long *seq) {
    xn_engine *e = NULL;
    OK(xn_engine_new(policy, org, cat, &e));
    OK(run(e, "{\"type\": \"record_inquiry\", \"case\": \"Q1\", \"at\": \"2026-11-02T09:00:00+08:00\", \"actor\":"
              " \"s-clerk\", \"person\": \"张先生\", \"topic\": \"食品经营许可\"}"));
    xn_buffer fired = {0};
    OK(xn_engine_advance(e, nov(4), &fired));
    *seq = 0;
    const char *v = fired.data != NULL ? strstr(fired.data, "\"type\":\"violation\"") : NULL;
    if (v != NULL) {
        /* The event object starts with its seq: the last {"seq": before the type. */
        const char *p = v;
        while (p > fired.data && strncmp(p, "{\"seq\":", 7) != 0) {
            p--;
        }
        *seq = strtoull(p + 7, NULL, 10);
    }
    CHECK(*seq > 0);
    xn_buffer_free(&fired);
    return e;
}

static void open_on(char *out, size_t cap, unsigned long long seq, const char *actor) {
    snprintf(out, cap,
             "{\"type\": \"open_matter\", \"case\": \"W1\", \"at\": \"2026-11-05T09:00:00+08:00\", \"actor\": \"%s\","
             " \"violation\": %llu, \"severity\": \"ordinary\"}",
             actor, seq);
}

static const char CONFIRM[] = "{\"type\": \"decide_sanction\", \"case\": \"W1\", \"at\": \"2026-11-06T09:00:00+08:00\","
                              " \"actor\": \"s-sup2\", \"confirm\": true, \"note\": \"经集体研究\"}";

static void check_state(const xn_engine *e, unsigned long long seq, const char *want, int line) {
    xn_buffer b = {0};
    xn_status st = xn_engine_register_state_json(e, seq, &b);
    check(st == XN_OK && b.data != NULL && strcmp(b.data, want) == 0, want, line);
    xn_buffer_free(&b);
}

#define STATE(e, seq, want) check_state((e), (seq), (want), __LINE__)

static void test_matter_on_a_violation(void) {
    unsigned long long seq = 0;
    xn_engine *e = with_violation(&seq);
    char cmd[512];
    STATE(e, seq, "\"recorded\"");

    open_on(cmd, sizeof cmd, seq, "s-sup");
    OK(run(e, cmd));
    STATE(e, seq, "\"proposed\"");
    xn_buffer b = {0};
    OK(xn_engine_matters_json(e, &b));
    CONTAINS(b, "\"state\":\"proposed\"");
    CONTAINS(b, "\"kind\":\"unanswered_inquiry\"");
    CONTAINS(b, "\"measures\":[\"written_self_criticism\"]");
    CONTAINS(b, "\"derivation\":[");
    xn_buffer_free(&b);

    /* Nothing in effect before the decision. */
    bool blocked = true;
    OK(xn_engine_award_blocked(e, S("s-clerk"), 2026, &blocked));
    CHECK(!blocked);
    OK(xn_engine_filing_stats_json(e, day_number(11, 1), day_number(12, 1), &b));
    CONTAINS(b, "\"filings\":0");
    xn_buffer_free(&b);

    /* The register filtered by state (and rule), as a host's accountability desk reads it. */
    const char *proposed = "{\"state\": \"proposed\", \"rule\": \"unanswered_inquiry\"}";
    OK(xn_engine_violations_json(e, proposed, strlen(proposed), &b));
    CONTAINS(b, "\"case\":\"Q1\"");
    xn_buffer_free(&b);
    const char *recorded = "{\"state\": \"recorded\"}";
    OK(xn_engine_violations_json(e, recorded, strlen(recorded), &b));
    CHECK(b.data != NULL && strcmp(b.data, "[]") == 0);
    xn_buffer_free(&b);
    const char *bad = "{\"state\": \"closed\"}";
    ERR(xn_engine_violations_json(e, bad, strlen(bad), &b), XN_ERR_PARSE, "closed");

    OK(run(e, CONFIRM));
    STATE(e, seq, "\"decided\"");
    OK(xn_engine_award_blocked(e, S("s-clerk"), 2026, &blocked));
    CHECK(blocked);
    OK(xn_engine_award_blocked(e, S("s-clerk"), 2027, &blocked));
    CHECK(!blocked);
    OK(xn_engine_filing_stats_json(e, day_number(11, 1), day_number(12, 1), &b));
    CONTAINS(b, "\"filings\":1");
    CONTAINS(b, "\"amr\":{");
    xn_buffer_free(&b);
    OK(xn_engine_matters_json(e, &b));
    CONTAINS(b, "\"state\":\"decided\"");
    CONTAINS(b, "\"decided_by\":\"s-sup2\"");
    xn_buffer_free(&b);
    xn_engine_free(e);
}

static void test_trigger_and_change(void) {
    xn_engine *e = NULL;
    OK(xn_engine_new(policy, org, cat, &e));
    xn_buffer ev = {0};
    const char *media = "{\"type\": \"open_matter\", \"case\": \"W1\", \"at\": \"2026-11-05T09:00:00+08:00\", \"actor\":"
                        " \"s-sup\", \"trigger\": \"media_exposure\", \"person\": \"s-clerk\", \"detail\":"
                        " \"窗口推诿被媒体曝光\", \"severity\": \"ordinary\"}";
    OK(xn_engine_execute(e, media, strlen(media), &ev));
    CONTAINS(ev, "\"rule\":\"accountability_triggered\"");
    CONTAINS(ev, "\"type\":\"sanction_proposed\"");
    xn_buffer_free(&ev);

    ERR(run(e, "{\"type\": \"decide_sanction\", \"case\": \"W1\", \"at\": \"2026-11-06T09:00:00+08:00\", \"actor\":"
               " \"s-sup\", \"confirm\": false, \"measures\": [\"criticism_education\"]}"),
        XN_ERR_INVALID, "reason");
    LAST(XN_ERR_INVALID, "reason", NULL);
    ERR(run(e, "{\"type\": \"decide_sanction\", \"case\": \"W1\", \"at\": \"2026-11-06T09:00:00+08:00\", \"actor\":"
               " \"s-sup\", \"confirm\": false, \"reason\": \"r\", \"measures\": [\"scolding\"]}"),
        XN_ERR_INVALID, "scolding");
    LAST(XN_ERR_INVALID, "measures[0]", "scolding");
    OK(run(e, "{\"type\": \"decide_sanction\", \"case\": \"W1\", \"at\": \"2026-11-06T09:00:00+08:00\", \"actor\":"
              " \"s-sup\", \"confirm\": false, \"reason\": \"首次，主动整改\", \"measures\": [\"public_criticism:1\"]}"));
    xn_buffer b = {0};
    OK(xn_engine_matters_json(e, &b));
    CONTAINS(b, "\"changed\":true");
    CONTAINS(b, "\"reason\":\"首次，主动整改\"");
    CONTAINS(b, "{\"level\":1,\"measure\":\"public_criticism\"}");
    xn_buffer_free(&b);
    xn_engine_free(e);
}

static void test_authority_and_errors(void) {
    unsigned long long seq = 0;
    xn_engine *e = with_violation(&seq);
    char cmd[512];
    open_on(cmd, sizeof cmd, seq, "s-amr-sup");
    ERR(run(e, cmd), XN_ERR_FORBIDDEN, "amr");
    LAST(XN_ERR_FORBIDDEN, "actor", "s-amr-sup");
    open_on(cmd, sizeof cmd, seq, "s-head");
    ERR(run(e, cmd), XN_ERR_FORBIDDEN, NULL);
    LAST(XN_ERR_FORBIDDEN, "actor", "s-head");
    open_on(cmd, sizeof cmd, seq + 1000, "s-sup");
    ERR(run(e, cmd), XN_ERR_NOT_FOUND, NULL);
    LAST(XN_ERR_NOT_FOUND, "violation", NULL);
    open_on(cmd, sizeof cmd, seq, "s-sup");
    OK(run(e, cmd));
    ERR(run(e, "{\"type\": \"decide_sanction\", \"case\": \"W1\", \"at\": \"2026-11-06T09:00:00+08:00\", \"actor\":"
               " \"s-amr-sup\", \"confirm\": true}"),
        XN_ERR_FORBIDDEN, NULL);
    STATE(e, seq, "\"proposed\"");

    xn_buffer b = {0};
    ERR(xn_engine_register_state_json(e, seq + 1000, &b), XN_ERR_NOT_FOUND, NULL);
    LAST(XN_ERR_NOT_FOUND, "seq", NULL);
    ERR(xn_engine_filing_stats_json(e, day_number(12, 1), day_number(11, 1), &b), XN_ERR_INVALID, NULL);
    LAST(XN_ERR_INVALID, "end", NULL);
    ERR(xn_engine_filing_stats_json(e, INT64_MAX, day_number(11, 1), &b), XN_ERR_OUT_OF_RANGE, NULL);
    bool blocked = false;
    ERR(xn_engine_award_blocked(NULL, S("s-clerk"), 2026, &blocked), XN_ERR_NULL, NULL);
    ERR(xn_engine_award_blocked(e, NULL, 3, 2026, &blocked), XN_ERR_NULL, NULL);
    ERR(xn_engine_award_blocked(e, S("s-clerk"), 2026, NULL), XN_ERR_NULL, NULL);
    ERR(xn_engine_award_blocked(e, "\xff\xfe", 2, 2026, &blocked), XN_ERR_UTF8, NULL);
    ERR(xn_engine_matters_json(NULL, &b), XN_ERR_NULL, NULL);
    ERR(xn_engine_matters_json(e, NULL), XN_ERR_NULL, NULL);
    ERR(xn_engine_register_state_json(e, seq, NULL), XN_ERR_NULL, NULL);
    ERR(xn_engine_filing_stats_json(NULL, 0, 1, &b), XN_ERR_NULL, NULL);
    xn_engine_free(e);
}

/* A person's and a unit's record for a period (xn_engine_record_json): the violation with its register
 * state, the matter, the sanction and its points, the award bar; another unit's record holds none of it; a
 * proposal deducts nothing; an unknown id, a bad kind, an empty period and NULL arguments are refused. */
static void test_record(void) {
    unsigned long long seq = 0;
    xn_engine *e = with_violation(&seq);
    char cmd[512];
    open_on(cmd, sizeof cmd, seq, "s-sup");
    OK(run(e, cmd));
    xn_buffer b = {0};
    /* Proposed: nothing deducted, no award bar. */
    OK(xn_engine_record_json(e, S("person"), S("s-clerk"), day_number(11, 1), day_number(12, 1), &b));
    CONTAINS(b, "\"subject\":{\"kind\":\"person\",\"id\":\"s-clerk\"}");
    CONTAINS(b, "\"state\":\"proposed\"");
    CONTAINS(b, "\"sanctions\":[]");
    CONTAINS(b, "\"person_points\":0");
    CONTAINS(b, "\"blocked\":false");
    xn_buffer_free(&b);

    OK(run(e, CONFIRM));
    OK(xn_engine_record_json(e, S("person"), S("s-clerk"), day_number(11, 1), day_number(12, 1), &b));
    CONTAINS(b, "\"by_rule\":{\"unanswered_inquiry\":1}");
    CONTAINS(b, "\"state\":\"decided\"");
    CONTAINS(b, "\"matter\":\"W1\"");
    CONTAINS(b, "\"person_points\":5");
    CONTAINS(b, "{\"year\":2026,\"blocked\":true,\"persons\":[\"s-clerk\"]}");
    xn_buffer_free(&b);
    OK(xn_engine_record_json(e, S("unit"), S("amr"), day_number(11, 1), day_number(12, 1), &b));
    CONTAINS(b, "\"unit_head\":\"s-head\"");
    CONTAINS(b, "\"matter\":\"W1\"");
    xn_buffer_free(&b);
    /* Another unit's record: none of it. */
    OK(xn_engine_record_json(e, S("unit"), S("fire"), day_number(11, 1), day_number(12, 1), &b));
    CONTAINS(b, "\"violations\":[]");
    CONTAINS(b, "\"sanctions\":[]");
    xn_buffer_free(&b);
    /* The period before: nothing. */
    OK(xn_engine_record_json(e, S("person"), S("s-clerk"), day_number(10, 1), day_number(11, 1), &b));
    CONTAINS(b, "\"by_rule\":{}");
    xn_buffer_free(&b);

    ERR(xn_engine_record_json(e, S("person"), S("s-nobody"), day_number(11, 1), day_number(12, 1), &b),
        XN_ERR_NOT_FOUND, "s-nobody");
    LAST(XN_ERR_NOT_FOUND, "person", "s-nobody");
    ERR(xn_engine_record_json(e, S("unit"), S("nowhere"), day_number(11, 1), day_number(12, 1), &b),
        XN_ERR_NOT_FOUND, NULL);
    LAST(XN_ERR_NOT_FOUND, "unit", "nowhere");
    ERR(xn_engine_record_json(e, S("staff"), S("s-clerk"), day_number(11, 1), day_number(12, 1), &b),
        XN_ERR_INVALID, "staff");
    LAST(XN_ERR_INVALID, "kind", "staff");
    ERR(xn_engine_record_json(e, S("person"), S("s-clerk"), day_number(12, 1), day_number(11, 1), &b),
        XN_ERR_INVALID, NULL);
    LAST(XN_ERR_INVALID, "end", NULL);
    ERR(xn_engine_record_json(e, S("person"), S("s-clerk"), day_number(11, 1), day_number(11, 1), &b),
        XN_ERR_INVALID, NULL);
    LAST(XN_ERR_INVALID, "end", NULL);
    ERR(xn_engine_record_json(e, S("person"), S("s-clerk"), INT64_MAX, day_number(11, 1), &b), XN_ERR_OUT_OF_RANGE,
        NULL);
    ERR(xn_engine_record_json(NULL, S("person"), S("s-clerk"), 0, 1, &b), XN_ERR_NULL, NULL);
    ERR(xn_engine_record_json(e, NULL, 6, S("s-clerk"), 0, 1, &b), XN_ERR_NULL, NULL);
    ERR(xn_engine_record_json(e, S("person"), NULL, 7, 0, 1, &b), XN_ERR_NULL, NULL);
    ERR(xn_engine_record_json(e, S("person"), S("s-clerk"), 0, 1, NULL), XN_ERR_NULL, NULL);
    ERR(xn_engine_record_json(e, S("person"), "\xff\xfe", 2, 0, 1, &b), XN_ERR_UTF8, NULL);
    xn_engine_free(e);
}

int main(int argc, char **argv) {
    const char *root = argc > 1 ? argv[1] : ".";
    if (!load_county(root, EXTRA, &policy, &org, &cat)) {
        return 1;
    }
    test_matter_on_a_violation();
    test_trigger_and_change();
    test_authority_and_errors();
    test_record();
    xn_catalog_free(cat);
    xn_org_free(org);
    xn_policy_free(policy);
    printf("%d passed, %d failed\n", passed, failed);
    return failed == 0 ? 0 : 1;
}
