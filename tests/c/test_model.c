/*
 * Tests of the policy, organisation and catalog part of the C ABI (include/xiaoneng.h): every function of
 * xn_policy, xn_org and xn_catalog, success and error paths (NULL arguments, malformed documents naming
 * the field, unknown fields, dangling references, pledged above statutory), the A/B rule, service guides,
 * JSON round trips, and one org and catalog shared by two threads.
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

/* Unix seconds of a local time in China (UTC+08:00) in October 2026. */
static int64_t oct(int day, int hour) {
    /* 2026-10-01 is day number 20727. */
    return (int64_t)(20727 + day - 1) * 86400 + hour * 3600 - 8 * 3600;
}

/* ------------------------------------------------------------------------------------------------ */
/* Fixtures                                                                                         */
/* ------------------------------------------------------------------------------------------------ */

static const char POLICY[] =
    "{\"schema\": 1, \"name\": \"某县机关效能建设实施意见\", \"source\": \"县委办〔2026〕1号\","
    " \"calendar\": {\"schema\": 1, \"base\": \"china\","
    "   \"days_off\": [{\"start\": \"2026-03-05\", \"name\": \"县庆\"}]},"
    " \"systems\": [\"post_responsibility\", \"ab_posts\", \"time_limited_completion\"],"
    " \"inquiry_answer_limit\": {\"unit\": \"working_days\", \"amount\": 1},"
    " \"one_time_notice_limit\": {\"unit\": \"working_days\", \"amount\": 5},"
    " \"negative_report_limit\": {\"unit\": \"working_days\", \"amount\": 3},"
    " \"delivery_limit\": {\"unit\": \"working_days\", \"amount\": 10},"
    " \"extension\": {\"max_count\": 1, \"max_total\": 10, \"approver_role\": \"unit_head\"},"
    " \"joint_review\": {\"consult_limit\": {\"unit\": \"working_days\", \"amount\": 5},"
    "   \"silence_is_consent\": true, \"absence_is_consent\": true,"
    "   \"unreasoned_disagreement_is_consent\": true},"
    " \"ab_posts\": {\"unit_head_covers\": true},"
    " \"rating\": {\"follow_up_limit\": {\"unit\": \"working_days\", \"amount\": 10}}}";

static const char POLICY_TOML[] =
    "schema = 1\n"
    "name = \"某县机关效能建设实施意见\"\n"
    "systems = [\"ab_posts\"]\n"
    "inquiry_answer_limit = { unit = \"working_days\", amount = 1 }\n"
    "one_time_notice_limit = { unit = \"working_days\", amount = 5 }\n"
    "negative_report_limit = { unit = \"working_days\", amount = 3 }\n"
    "delivery_limit = { unit = \"working_days\", amount = 10 }\n"
    "[calendar]\n"
    "schema = 1\n"
    "base = \"china\"\n"
    "[extension]\n"
    "max_count = 1\n"
    "approver_role = \"supervisor\"\n"
    "[joint_review]\n"
    "consult_limit = { unit = \"working_days\", amount = 5 }\n"
    "silence_is_consent = true\n"
    "absence_is_consent = false\n"
    "unreasoned_disagreement_is_consent = true\n"
    "[ab_posts]\n"
    "unit_head_covers = true\n"
    "[rating]\n"
    "follow_up_limit = { unit = \"working_days\", amount = 15 }\n";

/*
 * A county with two units: the market regulator (amr, head s-head) and the service hall (hall, head
 * s-hall-head). The review post p-review is held by s-a (A) and backed up by p-review-b, held by s-b (B).
 * s-a is away Oct 12-16, s-b Oct 14-15, the unit head s-head Oct 15 (all [start, end) in +08:00).
 */
static const char ORG[] =
    "{\"schema\": 1,"
    " \"units\": [{\"id\": \"amr\", \"name\": \"县市场监督管理局\", \"head\": \"s-head\"},"
    "            {\"id\": \"hall\", \"name\": \"县政务服务中心\", \"head\": \"s-hall-head\"}],"
    " \"posts\": [{\"id\": \"p-review\", \"unit\": \"amr\", \"title\": \"食品经营许可审核岗\","
    "              \"duties\": \"审查申请材料\", \"holder\": \"s-a\", \"backup\": \"p-review-b\"},"
    "            {\"id\": \"p-review-b\", \"unit\": \"amr\", \"title\": \"食品经营许可审核B岗\", \"holder\": \"s-b\"},"
    "            {\"id\": \"p-window\", \"unit\": \"hall\", \"title\": \"综合受理窗口\", \"holder\": \"s-clerk\"},"
    "            {\"id\": \"p-vacant\", \"unit\": \"hall\", \"title\": \"空缺岗\"}],"
    " \"staff\": [{\"id\": \"s-a\", \"name\": \"张三\", \"unit\": \"amr\", \"roles\": [\"reviewer\"]},"
    "            {\"id\": \"s-b\", \"name\": \"李四\", \"unit\": \"amr\", \"roles\": [\"reviewer\"]},"
    "            {\"id\": \"s-head\", \"name\": \"王局长\", \"unit\": \"amr\", \"roles\": [\"unit_head\"], \"rank\": 3},"
    "            {\"id\": \"s-clerk\", \"name\": \"赵五\", \"unit\": \"hall\","
    "             \"roles\": [\"window_clerk\", \"chief_representative\"]},"
    "            {\"id\": \"s-hall-head\", \"name\": \"钱主任\", \"unit\": \"hall\", \"roles\": [\"unit_head\"]},"
    "            {\"id\": \"s-sup\", \"name\": \"孙监督\", \"unit\": \"hall\", \"roles\": [\"supervisor\"]}],"
    " \"absences\": [{\"staff\": \"s-a\", \"start\": \"2026-10-12T00:00:00+08:00\","
    "                 \"end\": \"2026-10-17T00:00:00+08:00\", \"reason\": \"年休假\"},"
    "               {\"staff\": \"s-b\", \"start\": \"2026-10-14T00:00:00+08:00\","
    "                 \"end\": \"2026-10-16T00:00:00+08:00\", \"reason\": \"培训\"},"
    "               {\"staff\": \"s-head\", \"start\": \"2026-10-15T00:00:00+08:00\","
    "                 \"end\": \"2026-10-16T00:00:00+08:00\"}]}";

static const char ORG_TOML[] =
    "schema = 1\n"
    "[[units]]\n"
    "id = \"amr\"\n"
    "name = \"县市场监督管理局\"\n"
    "head = \"s-head\"\n"
    "[[posts]]\n"
    "id = \"p-review\"\n"
    "unit = \"amr\"\n"
    "title = \"审核岗\"\n"
    "holder = \"s-a\"\n"
    "[[staff]]\n"
    "id = \"s-a\"\n"
    "name = \"张三\"\n"
    "unit = \"amr\"\n"
    "roles = [\"reviewer\"]\n"
    "[[staff]]\n"
    "id = \"s-head\"\n"
    "name = \"王局长\"\n"
    "unit = \"amr\"\n"
    "roles = [\"unit_head\"]\n"
    "[[absences]]\n"
    "staff = \"s-a\"\n"
    "start = \"2026-10-12T00:00:00+08:00\"\n"
    "end = \"2026-10-13T00:00:00+08:00\"\n";

/* Two items: a pledged one (food business licence) and a joint one consulting the service hall. */
#define ITEM_FOOD                                                                                          \
    "{\"code\": \"AMR-001\", \"name\": \"食品经营许可\", \"unit\": \"amr\", \"kind\": \"pledged\","                 \
    " \"statutory_limit\": {\"unit\": \"working_days\", \"amount\": 20},"                                     \
    " \"pledged_limit\": {\"unit\": \"working_days\", \"amount\": 10},"                                       \
    " \"materials\": [{\"name\": \"食品经营许可申请书\"},"                                                       \
    "                {\"name\": \"营业执照复印件\", \"required\": false, \"note\": \"1 份\"}],"                      \
    " \"legal_basis\": [\"《中华人民共和国食品安全法》第三十五条\"],"                                              \
    " \"steps\": [{\"name\": \"受理\", \"post\": \"p-window\", \"limit\": {\"unit\": \"working_days\", \"amount\": 1}}," \
    "            {\"name\": \"审查\", \"post\": \"p-review\", \"limit\": {\"unit\": \"working_days\", \"amount\": 7}}]," \
    " \"complaint_channel\": \"12345\", \"place\": \"县政务服务中心二楼\"}"

#define ITEM_JOINT                                                                                         \
    "{\"code\": \"AMR-002\", \"name\": \"户外广告设置联合审批\", \"unit\": \"amr\", \"kind\": \"joint\","          \
    " \"statutory_limit\": {\"unit\": \"working_days\", \"amount\": 20},"                                     \
    " \"pledged_limit\": {\"unit\": \"working_days\", \"amount\": 15},"                                       \
    " \"fees\": [{\"name\": \"工本费\", \"amount\": \"50.00\", \"basis\": \"某价费〔2020〕1号\"}],"                 \
    " \"steps\": [{\"name\": \"审查\", \"post\": \"p-review\", \"limit\": {\"unit\": \"working_days\", \"amount\": 10}}]," \
    " \"joint_parties\": [\"hall\"], \"on_timeout\": \"escalate\", \"special_procedures\": [\"hearing\"]}"

static const char CATALOG[] = "{\"schema\": 1, \"items\": [" ITEM_FOOD ", " ITEM_JOINT "]}";

static const char CATALOG_TOML[] =
    "schema = 1\n"
    "[[items]]\n"
    "code = \"AMR-009\"\n"
    "name = \"即办事项\"\n"
    "unit = \"amr\"\n"
    "kind = \"instant\"\n"
    "statutory_limit = { unit = \"working_days\", amount = 0 }\n"
    "pledged_limit = { unit = \"working_days\", amount = 0 }\n";

static xn_org *org;
static xn_catalog *cat;

/* A valid fixture document with one value changed: `from` becomes `to`, and reading it must fail with
 * `want` naming `field`. */
struct mutation {
    const char *from;
    const char *to;
    xn_status want;
    const char *field;
};

/* Writes `base` with `m->from` replaced by `m->to` into `doc` (`cap` bytes); 0, a failed check, when
 * `base` has no `m->from`. */
static int mutate(char *doc, size_t cap, const char *base, const struct mutation *m) {
    const char *at = strstr(base, m->from);
    CHECK(at != NULL);
    if (at == NULL) {
        return 0;
    }
    snprintf(doc, cap, "%.*s%s%s", (int)(at - base), base, m->to, at + strlen(m->from));
    return 1;
}

/* ------------------------------------------------------------------------------------------------ */

static void test_policy(void) {
    xn_policy *p = NULL;
    xn_policy *p2 = NULL;
    xn_policy *sentinel = (xn_policy *)(void *)&passed;
    xn_calendar *cal = NULL;
    xn_buffer json = {0};
    xn_buffer json2 = {0};
    bool work = true;

    OK(xn_policy_from_json(S(POLICY), &p));
    CHECK(p != NULL);
    /* JSON round trip: to_json, from_json, to_json gives the same text. */
    OK(xn_policy_to_json(p, &json));
    CONTAINS(json, "\"name\":\"某县机关效能建设实施意见\"");
    CONTAINS(json, "\"approver_role\":\"unit_head\"");
    OK(xn_policy_from_json(json.data, json.len, &p2));
    OK(xn_policy_to_json(p2, &json2));
    CHECK(json.len == json2.len && memcmp(json.data, json2.data, json.len) == 0);
    xn_buffer_free(&json);
    xn_buffer_free(&json2);
    ERR(xn_policy_to_json(p2, NULL), XN_ERR_NULL, "`out`");
    ERR(xn_policy_calendar(p2, NULL), XN_ERR_NULL, "`out`");
    xn_policy_free(p2);

    /* The policy's calendar: the national one plus the county's day off on Thursday 2026-03-05. */
    OK(xn_policy_calendar(p, &cal));
    OK(xn_calendar_is_workday(cal, 20517 /* 2026-03-05 */, &work));
    CHECK(work == false);
    OK(xn_calendar_is_workday(cal, 20516 /* 2026-03-04 */, &work));
    CHECK(work == true);
    OK(xn_calendar_is_workday(cal, 20733 /* 2026-10-07, National Day holiday */, &work));
    CHECK(work == false);
    xn_policy_free(p); /* the calendar outlives the policy */
    OK(xn_calendar_is_workday(cal, 20734 /* 2026-10-08 */, &work));
    CHECK(work == true);
    xn_calendar_free(cal);

    /* TOML. */
    p = NULL;
    OK(xn_policy_from_toml(S(POLICY_TOML), &p));
    OK(xn_policy_to_json(p, &json2));
    CONTAINS(json2, "\"approver_role\":\"supervisor\"");
    CONTAINS(json2, "\"default_level\":3");
    xn_buffer_free(&json2);
    xn_policy_free(p);

    /* NULL arguments, named; outputs untouched. */
    p = sentinel;
    ERR(xn_policy_from_json(NULL, 3, &p), XN_ERR_NULL, "`json`");
    ERR(xn_policy_from_json(S(POLICY), NULL), XN_ERR_NULL, "`out`");
    ERR(xn_policy_from_toml(NULL, 0, &p), XN_ERR_NULL, "`toml`");
    ERR(xn_policy_from_toml(S(POLICY_TOML), NULL), XN_ERR_NULL, "`out`");
    ERR(xn_policy_to_json(NULL, &json2), XN_ERR_NULL, "`policy`");

    ERR(xn_policy_calendar(NULL, &cal), XN_ERR_NULL, "`policy`");
    CHECK(p == sentinel && json.data == NULL && json2.data == NULL);
    xn_policy_free(NULL);

    /* Malformed and invalid documents name the field. */
    ERR(xn_policy_from_json(S("{\"schema\": 1,"), &p), XN_ERR_PARSE, "JSON");
    ERR(xn_policy_from_json(S("{\"schema\": 1, \"name\": 7}"), &p), XN_ERR_PARSE, "`name`");
    ERR(xn_policy_from_json(S("{\"schema\": 1, \"name\": \"x\", \"colour\": 1}"), &p), XN_ERR_PARSE, "colour");
    ERR(xn_policy_from_json(S("\xff"), &p), XN_ERR_UTF8, "`json`");
    ERR(xn_policy_from_toml(S("schema = 1\nname = [\n"), &p), XN_ERR_PARSE, "TOML");
    CHECK(p == sentinel);
    {
        /* A valid document with one value changed at a time. */
        static const struct mutation cases[] = {
            {"\"approver_role\": \"unit_head\"", "\"approver_role\": \"window_clerk\"", XN_ERR_INVALID,
             "`extension.approver_role`"},
            {"\"max_count\": 1,", "\"max_count\": \"one\",", XN_ERR_PARSE, "`extension.max_count`"},
            {"\"schema\": 1, \"name\"", "\"schema\": 2, \"name\"", XN_ERR_INVALID, "`schema`"},
            {"\"ab_posts\", \"time", "\"ab_posts\", \"ab_posts\", \"time", XN_ERR_INVALID, "`systems[2]`"},
            {"\"unit_head_covers\": true", "\"unit_head_covers\": true, \"extra\": 0", XN_ERR_PARSE,
             "ab_posts"},
            {"\"amount\": 10}}}", "\"amount\": 10}, \"default_level\": 9}}", XN_ERR_INVALID,
             "`rating.default_level`"},
        };
        size_t i;
        for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
            char doc[4096];
            if (mutate(doc, sizeof doc, POLICY, &cases[i])) {
                check_err(xn_policy_from_json(doc, strlen(doc), &p), cases[i].want, cases[i].field, cases[i].to,
                          __LINE__);
            }
        }
    }
    CHECK(p == sentinel);
}

static void test_org(void) {
    xn_org *o = NULL;
    xn_org *sentinel = (xn_org *)(void *)&passed;
    xn_buffer json = {0};
    xn_buffer json2 = {0};
    bool has = false;

    /* JSON round trip. */
    OK(xn_org_to_json(org, &json));
    CONTAINS(json, "\"backup\":\"p-review-b\"");
    OK(xn_org_from_json(json.data, json.len, &o));
    OK(xn_org_to_json(o, &json2));
    CHECK(json.len == json2.len && memcmp(json.data, json2.data, json.len) == 0);
    xn_buffer_free(&json);
    xn_buffer_free(&json2);
    xn_org_free(o);

    /* TOML. */
    o = NULL;
    OK(xn_org_from_toml(S(ORG_TOML), &o));
    OK(xn_org_has_role(o, S("s-head"), XN_ROLE_UNIT_HEAD, &has));
    CHECK(has == true);
    xn_org_free(o);

    /* Roles. */
    CHECK(XN_ROLE_WINDOW_CLERK == 0 && XN_ROLE_REVIEWER == 1 && XN_ROLE_CHIEF_REPRESENTATIVE == 2);
    CHECK(XN_ROLE_UNIT_HEAD == 3 && XN_ROLE_SUPERVISOR == 4);
    OK(xn_org_has_role(org, S("s-clerk"), XN_ROLE_CHIEF_REPRESENTATIVE, &has));
    CHECK(has == true);
    OK(xn_org_has_role(org, S("s-clerk"), XN_ROLE_WINDOW_CLERK, &has));
    CHECK(has == true);
    OK(xn_org_has_role(org, S("s-clerk"), XN_ROLE_SUPERVISOR, &has));
    CHECK(has == false);
    OK(xn_org_has_role(org, S("s-sup"), XN_ROLE_SUPERVISOR, &has));
    CHECK(has == true);
    OK(xn_org_has_role(org, S("s-a"), XN_ROLE_REVIEWER, &has));
    CHECK(has == true);
    has = true;
    OK(xn_org_has_role(org, S("s-nobody"), XN_ROLE_REVIEWER, &has));
    CHECK(has == false);
    has = true;
    ERR(xn_org_has_role(org, S("s-a"), 5, &has), XN_ERR_INVALID, "`role` = 5");
    ERR(xn_org_has_role(org, S("s-a"), -1, &has), XN_ERR_INVALID, "not an xn_role");
    ERR(xn_org_has_role(NULL, S("s-a"), 0, &has), XN_ERR_NULL, "`org`");
    ERR(xn_org_has_role(org, NULL, 0, 0, &has), XN_ERR_NULL, "`staff`");
    ERR(xn_org_has_role(org, S("s-a"), 0, NULL), XN_ERR_NULL, "`out`");
    ERR(xn_org_has_role(org, S("\xc3"), 0, &has), XN_ERR_UTF8, "`staff`");
    CHECK(has == true);

    /* NULL arguments. */
    o = sentinel;
    ERR(xn_org_from_json(NULL, 0, &o), XN_ERR_NULL, "`json`");
    ERR(xn_org_from_json(S(ORG), NULL), XN_ERR_NULL, "`out`");
    ERR(xn_org_from_toml(NULL, 0, &o), XN_ERR_NULL, "`toml`");
    ERR(xn_org_from_toml(S(ORG_TOML), NULL), XN_ERR_NULL, "`out`");
    ERR(xn_org_to_json(NULL, &json), XN_ERR_NULL, "`org`");
    ERR(xn_org_to_json(org, NULL), XN_ERR_NULL, "`out`");
    CHECK(o == sentinel && json.data == NULL);
    xn_org_free(NULL);

    /* Malformed and invalid documents name the field. */
    ERR(xn_org_from_json(S("{\"schema\": 1, \"units\": [{\"id\": \"u\"}]}"), &o), XN_ERR_PARSE, "units[0]");
    ERR(xn_org_from_json(S("{\"schema\": 1, \"units\": [{\"id\": \"u\", \"name\": \"n\", \"colour\": 1}]}"), &o),
        XN_ERR_PARSE, "colour");
    ERR(xn_org_from_json(S("{\"schema\": 1, \"absences\": [{\"staff\": \"x\", \"start\": \"yesterday\"}]}"), &o),
        XN_ERR_PARSE, "absences[0].start");
    ERR(xn_org_from_json(S("{\"schema\": 3}"), &o), XN_ERR_INVALID, "`schema`");
    ERR(xn_org_from_json(S("{\"schema\": 1, \"units\": [{\"id\": \"u\", \"name\": \"n\"}],"
                           " \"posts\": [{\"id\": \"p\", \"unit\": \"u\", \"title\": \"t\", \"backup\": \"q\"}]}"),
                         &o),
        XN_ERR_INVALID, "`posts[0].backup`");
    ERR(xn_org_from_json(S("{\"schema\": 1, \"units\": [{\"id\": \"u\", \"name\": \"n\"},"
                           " {\"id\": \"u\", \"name\": \"m\"}]}"),
                         &o),
        XN_ERR_INVALID, "`units[1].id`");
    ERR(xn_org_from_json(S("{\"schema\": 1, \"units\": [{\"id\": \"u\", \"name\": \"n\", \"head\": \"ghost\"}]}"),
                         &o),
        XN_ERR_INVALID, "`units[0].head`");
    ERR(xn_org_from_toml(S("schema = 1\n[[posts]]\nid = 5\n"), &o), XN_ERR_PARSE, "posts");
    CHECK(o == sentinel);
}

/* xn_org_acting_holder_info with a 64-byte buffer; returns the staff id in `staff`. */
static xn_status acting(const char *post, int64_t at, xn_acting *info, char staff[64]) {
    size_t len = 999;
    xn_status st = xn_org_acting_holder_info(org, post, strlen(post), at, info, staff, 64, &len);
    if (st == XN_OK && len != strlen(staff)) {
        printf("FAIL: staff_len %zu != strlen(\"%s\")\n", len, staff);
        failed++;
    }
    return st;
}

static void test_acting(void) {
    xn_acting info = {-1, true, 99};
    xn_acting untouched = {-1, true, 99};
    char staff[64] = "";
    char small[4] = "xyz";
    size_t len = 0;
    xn_buffer json = {0};

    CHECK(XN_VIA_HOLDER == 0 && XN_VIA_BACKUP == 1 && XN_VIA_UNIT_HEAD == 2);
    CHECK(XN_ERR_BUFFER_TOO_SMALL == 8);

    /* A present (Oct 9): the holder acts. */
    OK(xn_org_acting_holder(org, S("p-review"), oct(9, 10), &json));
    CHECK(json.data != NULL && strcmp(json.data, "{\"via\":\"holder\",\"staff\":\"s-a\"}") == 0);
    xn_buffer_free(&json);
    OK(acting("p-review", oct(9, 10), &info, staff));
    CHECK(info.via == XN_VIA_HOLDER && info.violation == false && info.absent_count == 0);
    CHECK(strcmp(staff, "s-a") == 0);

    /* A absent, B present (Oct 13): the backup acts. */
    OK(xn_org_acting_holder(org, S("p-review"), oct(13, 10), &json));
    CHECK(json.data != NULL && strcmp(json.data, "{\"via\":\"backup\",\"staff\":\"s-b\",\"absent\":\"s-a\"}") == 0);
    xn_buffer_free(&json);
    OK(acting("p-review", oct(13, 10), &info, staff));
    CHECK(info.via == XN_VIA_BACKUP && info.violation == false && info.absent_count == 1);
    CHECK(strcmp(staff, "s-b") == 0);

    /* A and B absent (Oct 14): the unit head covers, a violation. */
    OK(xn_org_acting_holder(org, S("p-review"), oct(14, 10), &json));
    CHECK(json.data != NULL &&
          strcmp(json.data, "{\"via\":\"unit_head\",\"staff\":\"s-head\",\"absent\":[\"s-a\",\"s-b\"]}") == 0);
    xn_buffer_free(&json);
    OK(acting("p-review", oct(14, 10), &info, staff));
    CHECK(info.via == XN_VIA_UNIT_HEAD && info.violation == true && info.absent_count == 2);
    CHECK(strcmp(staff, "s-head") == 0);

    /* Absences are [start, end): s-a is back at 00:00 on Oct 17. */
    OK(acting("p-review", oct(16, 23), &info, staff));
    CHECK(info.via == XN_VIA_BACKUP && strcmp(staff, "s-b") == 0);
    OK(acting("p-review", oct(17, 0), &info, staff));
    CHECK(info.via == XN_VIA_HOLDER && strcmp(staff, "s-a") == 0);

    /* A vacant post without backup: the unit head of the hall. */
    OK(xn_org_acting_holder(org, S("p-vacant"), oct(9, 10), &json));
    CHECK(json.data != NULL &&
          strcmp(json.data, "{\"via\":\"unit_head\",\"staff\":\"s-hall-head\",\"absent\":[]}") == 0);
    xn_buffer_free(&json);
    OK(acting("p-vacant", oct(9, 10), &info, staff));
    CHECK(info.via == XN_VIA_UNIT_HEAD && info.violation == true && info.absent_count == 0);

    /* Errors: outputs untouched. */
    info = untouched;
    strcpy(staff, "untouched");
    len = 12345;
    ERR(xn_org_acting_holder(org, S("p-ghost"), oct(9, 10), &json), XN_ERR_NOT_FOUND, "`post` = p-ghost");
    ERR(xn_org_acting_holder_info(org, S("p-ghost"), oct(9, 10), &info, staff, 64, &len), XN_ERR_NOT_FOUND,
        "no post has this id");
    /* Oct 15: A, B and the unit head are all away. */
    ERR(xn_org_acting_holder(org, S("p-review"), oct(15, 10), &json), XN_ERR_INVALID, "nobody can act");
    ERR(xn_org_acting_holder_info(org, S("p-review"), oct(15, 10), &info, staff, 64, &len), XN_ERR_INVALID,
        "nobody can act");
    ERR(xn_org_acting_holder(org, S("p-review"), INT64_MAX, &json), XN_ERR_OUT_OF_RANGE, "`at_unix`");
    ERR(xn_org_acting_holder(NULL, S("p-review"), 0, &json), XN_ERR_NULL, "`org`");
    ERR(xn_org_acting_holder(org, NULL, 0, 0, &json), XN_ERR_NULL, "`post`");
    ERR(xn_org_acting_holder(org, S("p-review"), 0, NULL), XN_ERR_NULL, "`out_json`");
    ERR(xn_org_acting_holder(org, S("p-\xff"), 0, &json), XN_ERR_UTF8, "`post`");
    ERR(xn_org_acting_holder_info(NULL, S("p-review"), 0, &info, staff, 64, &len), XN_ERR_NULL, "`org`");
    ERR(xn_org_acting_holder_info(org, NULL, 0, 0, &info, staff, 64, &len), XN_ERR_NULL, "`post`");
    ERR(xn_org_acting_holder_info(org, S("p-review"), 0, NULL, staff, 64, &len), XN_ERR_NULL, "`out`");
    ERR(xn_org_acting_holder_info(org, S("p-review"), 0, &info, staff, 64, NULL), XN_ERR_NULL, "`staff_len`");
    ERR(xn_org_acting_holder_info(org, S("p-review"), 0, &info, NULL, 64, &len), XN_ERR_NULL, "`staff_buf`");
    CHECK(json.data == NULL && len == 12345 && strcmp(staff, "untouched") == 0);
    CHECK(memcmp(&info, &untouched, sizeof info) == 0);

    /* Buffer too small: only the needed length is written. "s-head" needs 7 bytes. */
    ERR(xn_org_acting_holder_info(org, S("p-review"), oct(14, 10), &info, small, sizeof small, &len),
        XN_ERR_BUFFER_TOO_SMALL, "needs 7");
    LAST(XN_ERR_BUFFER_TOO_SMALL, "staff_buf", "4");
    CHECK(len == 6 && strcmp(small, "xyz") == 0);
    CHECK(memcmp(&info, &untouched, sizeof info) == 0);
    len = 0;
    ERR(xn_org_acting_holder_info(org, S("p-review"), oct(14, 10), &info, NULL, 0, &len), XN_ERR_BUFFER_TOO_SMALL,
        "`staff_buf`");
    CHECK(len == 6);
    {
        /* Exactly len + 1 bytes is enough. */
        char exact[7];
        OK(xn_org_acting_holder_info(org, S("p-review"), oct(14, 10), &info, exact, sizeof exact, &len));
        CHECK(len == 6 && strcmp(exact, "s-head") == 0 && info.via == XN_VIA_UNIT_HEAD);
        ERR(xn_org_acting_holder_info(org, S("p-review"), oct(14, 10), &info, exact, 6, &len),
            XN_ERR_BUFFER_TOO_SMALL, "has 6 bytes");
    }
}

static void test_catalog(void) {
    xn_catalog *c = NULL;
    xn_catalog *sentinel = (xn_catalog *)(void *)&passed;
    xn_buffer json = {0};
    xn_buffer json2 = {0};
    xn_buffer md = {0};
    size_t n = 0;

    /* Listing. */
    OK(xn_catalog_len(cat, &n));
    CHECK(n == 2);
    OK(xn_catalog_code_at(cat, 0, &json));
    CHECK(json.data != NULL && strcmp(json.data, "AMR-001") == 0 && json.len == 7);
    xn_buffer_free(&json);
    OK(xn_catalog_code_at(cat, 1, &json));
    CHECK(json.data != NULL && strcmp(json.data, "AMR-002") == 0);
    xn_buffer_free(&json);
    ERR(xn_catalog_code_at(cat, 2, &json), XN_ERR_INVALID, "`index` = 2");
    ERR(xn_catalog_code_at(cat, (size_t)-1, &json), XN_ERR_INVALID, "2 item(s)");
    ERR(xn_catalog_code_at(NULL, 0, &json), XN_ERR_NULL, "`cat`");
    ERR(xn_catalog_code_at(cat, 0, NULL), XN_ERR_NULL, "`out`");
    ERR(xn_catalog_len(NULL, &n), XN_ERR_NULL, "`cat`");
    ERR(xn_catalog_len(cat, NULL), XN_ERR_NULL, "`out_len`");
    CHECK(json.data == NULL && n == 2);

    /* JSON round trip (against the same org). */
    OK(xn_catalog_to_json(cat, &json));
    CONTAINS(json, "\"code\":\"AMR-002\"");
    CONTAINS(json, "\"amount\":\"50.00\"");
    OK(xn_catalog_from_json(json.data, json.len, org, &c));
    OK(xn_catalog_to_json(c, &json2));
    CHECK(json.len == json2.len && memcmp(json.data, json2.data, json.len) == 0);
    xn_buffer_free(&json);
    xn_buffer_free(&json2);
    xn_catalog_free(c);

    /* TOML. */
    c = NULL;
    OK(xn_catalog_from_toml(S(CATALOG_TOML), org, &c));
    OK(xn_catalog_len(c, &n));
    CHECK(n == 1);
    OK(xn_catalog_item_json(c, S("AMR-009"), &json));
    CONTAINS(json, "\"kind\":\"instant\"");
    xn_buffer_free(&json);
    xn_catalog_free(c);

    /* An item as JSON. */
    OK(xn_catalog_item_json(cat, S("AMR-002"), &json));
    CHECK(json.data != NULL && strncmp(json.data, "{\"code\":\"AMR-002\",\"name\":\"户外广告设置联合审批\"", 40) == 0);
    CONTAINS(json, "\"joint_parties\":[\"hall\"]");
    CONTAINS(json, "\"on_timeout\":\"escalate\"");
    CONTAINS(json, "\"special_procedures\":[\"hearing\"]");
    xn_buffer_free(&json);
    ERR(xn_catalog_item_json(cat, S("AMR-404"), &json), XN_ERR_NOT_FOUND, "`code` = AMR-404");
    ERR(xn_catalog_item_json(NULL, S("AMR-001"), &json), XN_ERR_NULL, "`cat`");
    ERR(xn_catalog_item_json(cat, NULL, 0, &json), XN_ERR_NULL, "`code`");
    ERR(xn_catalog_item_json(cat, S("AMR-001"), NULL), XN_ERR_NULL, "`out`");
    ERR(xn_catalog_item_json(cat, S("\xe4\xb8"), &json), XN_ERR_UTF8, "`code`");
    CHECK(json.data == NULL);

    /* Guides: names from the org (unit name, post titles), limits in Chinese. */
    OK(xn_catalog_guide_json(cat, org, S("AMR-001"), &json));
    CONTAINS(json, "\"name\":\"食品经营许可\"");
    CONTAINS(json, "\"unit\":\"县市场监督管理局\"");
    CONTAINS(json, "\"kind\":\"承诺件\"");
    CONTAINS(json, "\"pledged_limit\":\"10 工作日\"");
    CONTAINS(json, "\"post\":\"食品经营许可审核岗\"");
    xn_buffer_free(&json);
    OK(xn_catalog_guide_json(cat, org, S("AMR-002"), &json));
    CONTAINS(json, "\"joint_parties\":[\"县政务服务中心\"]");
    xn_buffer_free(&json);
    OK(xn_catalog_guide_markdown(cat, org, S("AMR-001"), &md));
    CONTAINS(md, "食品经营许可");
    CONTAINS(md, "办事指南");
    CONTAINS(md, "# 食品经营许可（办事指南）");
    CONTAINS(md, "营业执照复印件（视情况提交）");
    CONTAINS(md, "不收费");
    CHECK(md.data != NULL && md.len == strlen(md.data));
    xn_buffer_free(&md);
    OK(xn_catalog_guide_markdown(cat, org, S("AMR-002"), &md));
    CONTAINS(md, "户外广告设置联合审批");
    CONTAINS(md, "工本费：50.00 元");
    CONTAINS(md, "| 联办部门 | 县政务服务中心 |");
    xn_buffer_free(&md);
    ERR(xn_catalog_guide_json(cat, org, S("AMR-404"), &json), XN_ERR_NOT_FOUND, "no item has this code");
    ERR(xn_catalog_guide_markdown(cat, org, S("AMR-404"), &md), XN_ERR_NOT_FOUND, "`code` = AMR-404");
    ERR(xn_catalog_guide_json(NULL, org, S("AMR-001"), &json), XN_ERR_NULL, "`cat`");
    ERR(xn_catalog_guide_json(cat, NULL, S("AMR-001"), &json), XN_ERR_NULL, "`org`");
    ERR(xn_catalog_guide_json(cat, org, NULL, 0, &json), XN_ERR_NULL, "`code`");
    ERR(xn_catalog_guide_json(cat, org, S("AMR-001"), NULL), XN_ERR_NULL, "`out`");
    ERR(xn_catalog_guide_markdown(NULL, org, S("AMR-001"), &md), XN_ERR_NULL, "`cat`");
    ERR(xn_catalog_guide_markdown(cat, NULL, S("AMR-001"), &md), XN_ERR_NULL, "`org`");
    ERR(xn_catalog_guide_markdown(cat, org, NULL, 0, &md), XN_ERR_NULL, "`code`");
    ERR(xn_catalog_guide_markdown(cat, org, S("AMR-001"), NULL), XN_ERR_NULL, "`out`");
    CHECK(json.data == NULL && md.data == NULL);

    /* NULL arguments to the constructors. */
    c = sentinel;
    ERR(xn_catalog_from_json(NULL, 0, org, &c), XN_ERR_NULL, "`json`");
    ERR(xn_catalog_from_json(S(CATALOG), NULL, &c), XN_ERR_NULL, "`org`");
    ERR(xn_catalog_from_json(S(CATALOG), org, NULL), XN_ERR_NULL, "`out`");
    ERR(xn_catalog_from_toml(NULL, 0, org, &c), XN_ERR_NULL, "`toml`");
    ERR(xn_catalog_from_toml(S(CATALOG_TOML), NULL, &c), XN_ERR_NULL, "`org`");
    ERR(xn_catalog_from_toml(S(CATALOG_TOML), org, NULL), XN_ERR_NULL, "`out`");
    ERR(xn_catalog_to_json(NULL, &json), XN_ERR_NULL, "`cat`");
    ERR(xn_catalog_to_json(cat, NULL), XN_ERR_NULL, "`out`");
    xn_catalog_free(NULL);

    /* Malformed and invalid documents name the field. */
    ERR(xn_catalog_from_json(S("{\"schema\": 1, \"items\": [{\"code\": 1}]}"), org, &c), XN_ERR_PARSE,
        "items[0].code");
    ERR(xn_catalog_from_json(S("{\"schema\": 1, \"items\": [], \"colour\": 1}"), org, &c), XN_ERR_PARSE, "colour");
    ERR(xn_catalog_from_json(S("{\"schema\": 2}"), org, &c), XN_ERR_INVALID, "`schema`");
    ERR(xn_catalog_from_toml(S("schema = 1\n[[items]]\ncode = \"x\"\n"), org, &c), XN_ERR_PARSE, "items");
    {
        static const struct mutation cases[] = {
            /* A step's post the org does not have. */
            {"\"post\": \"p-window\"", "\"post\": \"p-ghost\"", XN_ERR_INVALID, "`items[0].steps[0].post` = p-ghost"},
            /* Pledged above statutory. */
            {"\"amount\": 10}, \"materials\"", "\"amount\": 21}, \"materials\"", XN_ERR_INVALID,
             "`items[0].pledged_limit.amount` = 21"},
            /* Pledged in another unit. */
            {"\"pledged_limit\": {\"unit\": \"working_days\", \"amount\": 10}",
             "\"pledged_limit\": {\"unit\": \"natural_days\", \"amount\": 10}", XN_ERR_INVALID,
             "`items[0].pledged_limit.unit`"},
            /* A joint item without parties. */
            {"\"joint_parties\": [\"hall\"]", "\"joint_parties\": []", XN_ERR_INVALID, "`items[1].joint_parties`"},
            /* A joint party that is not a unit. */
            {"\"joint_parties\": [\"hall\"]", "\"joint_parties\": [\"tax\"]", XN_ERR_INVALID,
             "`items[1].joint_parties[0]`"},
            /* An unknown responsible unit. */
            {"\"unit\": \"amr\", \"kind\": \"pledged\"", "\"unit\": \"tax\", \"kind\": \"pledged\"", XN_ERR_INVALID,
             "`items[0].unit`"},
            /* A duplicate code. */
            {"\"AMR-002\"", "\"AMR-001\"", XN_ERR_INVALID, "`items[1].code`"},
            /* A fee without a basis. */
            {"\"basis\": \"某价费〔2020〕1号\"", "\"basis\": \" \"", XN_ERR_INVALID, "`items[1].fees[0].basis`"},
            /* An unknown field in an item, and an unknown kind. */
            {"\"place\":", "\"colour\": 1, \"place\":", XN_ERR_PARSE, "colour"},
            {"\"kind\": \"joint\"", "\"kind\": \"urgent\"", XN_ERR_PARSE, "items[1].kind"},
        };
        size_t i;
        for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
            char doc[8192];
            if (mutate(doc, sizeof doc, CATALOG, &cases[i])) {
                check_err(xn_catalog_from_json(doc, strlen(doc), org, &c), cases[i].want, cases[i].field,
                          cases[i].to, __LINE__);
            }
        }
    }
    CHECK(c == sentinel);

    /* A catalog outlives the org it was checked against. */
    {
        xn_org *o2 = NULL;
        c = NULL;
        OK(xn_org_from_json(S(ORG), &o2));
        OK(xn_catalog_from_json(S(CATALOG), o2, &c));
        xn_org_free(o2);
        OK(xn_catalog_item_json(c, S("AMR-001"), &json));
        CONTAINS(json, "\"name\":\"食品经营许可\"");
        xn_buffer_free(&json);
        xn_catalog_free(c);
    }
}

/* Two threads read the same org and catalog at once (they are immutable). */
struct work {
    int ok;
};

static void *reader(void *arg) {
    /* Who acts for p-review on Oct 9..14 at 10:00. */
    static const char *const expected[6] = {"s-a", "s-a", "s-a", "s-b", "s-b", "s-head"};
    struct work *w = arg;
    int i;
    w->ok = 1;
    for (i = 0; i < 60; i++) {
        xn_acting info;
        char staff[64];
        size_t len = 0;
        xn_buffer md = {0};
        if (xn_org_acting_holder_info(org, S("p-review"), oct(9 + i % 6, 10), &info, staff, sizeof staff, &len) !=
                XN_OK ||
            strcmp(staff, expected[i % 6]) != 0) {
            w->ok = 0;
        }
        if (xn_catalog_guide_markdown(cat, org, S("AMR-001"), &md) != XN_OK || strstr(md.data, "办事指南") == NULL) {
            w->ok = 0;
        }
        xn_buffer_free(&md);
    }
    return NULL;
}

static void test_threads(void) {
    pthread_t ta, tb;
    struct work a = {0}, b = {0};
    CHECK(pthread_create(&ta, NULL, reader, &a) == 0);
    CHECK(pthread_create(&tb, NULL, reader, &b) == 0);
    CHECK(pthread_join(ta, NULL) == 0);
    CHECK(pthread_join(tb, NULL) == 0);
    CHECK(a.ok == 1 && b.ok == 1);
}

int main(void) {
    if (xn_org_from_json(S(ORG), &org) != XN_OK || xn_catalog_from_json(S(CATALOG), org, &cat) != XN_OK) {
        printf("FAIL: fixtures: %s\n0 passed, 1 failed\n", xn_last_error());
        xn_org_free(org);
        return 1;
    }
    test_policy();
    test_org();
    test_acting();
    test_catalog();
    test_threads();
    xn_catalog_free(cat);
    xn_org_free(org);
    printf("%d passed, %d failed\n", passed, failed);
    return failed == 0 ? 0 : 1;
}
