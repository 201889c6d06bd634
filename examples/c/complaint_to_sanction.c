/*
 * One 12345-hotline efficiency complaint, from the call to a confirmed sanction and a verified
 * rectification, driving the xiaoneng engine from C.
 *
 * A citizen calls the 12345 hotline: his food-business licence application at the market regulator (amr)
 * is past its pledged limit. On the county preset (presets/county.toml):
 *
 *   Nov 2   the efficiency office registers the complaint T1 (s-sup) and refers it to the regulator's head
 *   Nov 4   the head finds it substantiated: the reviewer s-rev is responsible
 *   Nov 5   the office closes it: violation substantiated_complaint (s-rev, unit amr, head s-head) and the
 *           rectification T1-ZG1 ordered; the complainant is replied to; the accountability matter W1 is
 *           opened on the violation and the county ladder proposes (derivation printed)
 *   Nov 6   a second supervisor (s-sup2) confirms: the sanction holds, s-rev gets no award in 2026, one filing
 *   Nov 9   the head signs the pledge: 15 working days, milestones at 5 and 10
 *   Nov 13, 20  milestones reached, the three 到位 in place; Nov 23 fulfilled; Nov 25 verified by s-sup2: kept
 *
 * The pledge's status is printed at a few instants (xn_engine_pledge_json), the violation register at the
 * end (xn_engine_violations_json). Every expectation is checked: the program exits 1 when one does not hold.
 *
 * Data: presets/county.toml, tests/fixtures/county-org.json (with a second supervisor of the efficiency
 * office, s-sup2, added here: review and verification are by a different person) and
 * tests/fixtures/county-catalog.json, under the repository root given as the first argument.
 *
 * Build and run from the repository root (after cargo build --release -p xiaoneng-c, which also
 * writes target/release/xiaoneng.pc):
 *     cc examples/c/complaint_to_sanction.c $(PKG_CONFIG_PATH=target/release pkg-config --cflags --libs xiaoneng)
 *     ./a.out .
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xiaoneng.h"

static char *read_file(const char *root, const char *rel, size_t *len);
static char *with_second_supervisor(const char *org_text, size_t *len);
static void print_array(const char *json, size_t len, const char *indent);
static int seq_of_violation(const xn_buffer *events, unsigned long long *seq);

/* Stops with the library's message when a call fails. */
#define TRY(call)                                                                                            \
    do {                                                                                                     \
        xn_status st_ = (call);                                                                              \
        if (st_ != XN_OK) {                                                                                  \
            fprintf(stderr, "%s failed (%d): %s\n", #call, (int)st_, xn_last_error());                       \
            goto done;                                                                                       \
        }                                                                                                    \
    } while (0)

/* Stops when an expectation does not hold. */
#define EXPECT(cond, what)                                                                                   \
    do {                                                                                                     \
        if (!(cond)) {                                                                                       \
            fprintf(stderr, "expectation failed (line %d): %s\n", __LINE__, what);                           \
            goto done;                                                                                       \
        }                                                                                                    \
    } while (0)

/* Whether the buffer's text contains `needle`. */
static int has(const xn_buffer *buf, const char *needle) {
    return buf->data != NULL && strstr(buf->data, needle) != NULL;
}

/* Unix seconds of a local time in China (UTC+08:00) in 2026. */
static int64_t local_time(int month, int day, int hour) {
    xn_date date = {2026, (uint8_t)month, (uint8_t)day};
    int64_t n = 0;
    xn_date_to_day(date, &n);
    return n * 86400 + (int64_t)hour * 3600 - 8 * 3600;
}

/* Sends one command (JSON) and prints the events it caused; they are left in *events (free them). */
static xn_status send(xn_engine *engine, const char *label, const char *command, xn_buffer *events) {
    xn_buffer_free(events);
    printf("%s\n", label);
    xn_status st = xn_engine_execute(engine, command, strlen(command), events);
    if (st == XN_OK) {
        print_array(events->data, events->len, "  ");
    }
    return st;
}

/* Prints the status of T1-ZG1 at a local time and checks it is `want` ("on_track", "kept", ...). */
static int pledge_status_is(const xn_engine *engine, int month, int day, int hour, const char *want) {
    xn_buffer p = {0};
    char needle[64];
    int ok = 0;
    if (xn_engine_pledge_json(engine, "T1-ZG1", strlen("T1-ZG1"), local_time(month, day, hour), &p) != XN_OK) {
        fprintf(stderr, "xn_engine_pledge_json failed: %s\n", xn_last_error());
        return 0;
    }
    const char *s = strstr(p.data, "\"status\":\"");
    const char *e = s != NULL ? strchr(s + 10, '"') : NULL;
    if (e != NULL) {
        printf("  status of T1-ZG1 at 2026-%02d-%02d %02d:00: %.*s\n", month, day, hour, (int)(e - s - 10), s + 10);
    }
    snprintf(needle, sizeof needle, "\"status\":\"%s\"", want);
    ok = strstr(p.data, needle) != NULL;
    xn_buffer_free(&p);
    return ok;
}

int main(int argc, char **argv) {
    const char *root = argc > 1 ? argv[1] : ".";
    size_t policy_len = 0, base_len = 0, org_len = 0, catalog_len = 0;
    char *policy_text = read_file(root, "presets/county.toml", &policy_len);
    char *base_org = read_file(root, "tests/fixtures/county-org.json", &base_len);
    char *org_text = base_org != NULL ? with_second_supervisor(base_org, &org_len) : NULL;
    char *catalog_text = read_file(root, "tests/fixtures/county-catalog.json", &catalog_len);
    xn_policy *policy = NULL;
    xn_org *org = NULL;
    xn_catalog *catalog = NULL;
    xn_engine *engine = NULL;
    xn_buffer events = {0}, out = {0};
    unsigned long long seq = 0;
    char command[1024];
    bool blocked = false;
    int64_t nov1 = 0, dec1 = 0;
    int rc = 1;

    if (xn_abi_version() != XN_ABI_VERSION) {
        fprintf(stderr, "library ABI %u, header ABI %d\n", xn_abi_version(), XN_ABI_VERSION);
        goto done;
    }
    if (policy_text == NULL || org_text == NULL || catalog_text == NULL) {
        fprintf(stderr, "cannot read the county preset and fixtures under %s\n", root);
        goto done;
    }
    TRY(xn_policy_from_toml(policy_text, policy_len, &policy));
    TRY(xn_org_from_json(org_text, org_len, &org));
    TRY(xn_catalog_from_json(catalog_text, catalog_len, org, &catalog));
    TRY(xn_engine_new(policy, org, catalog, &engine));

    /* 1. The complaint: registered, accepted and referred, handled, reviewed and closed. */
    printf("== 1. The complaint T1 (12345 hotline, delay, about the market regulator)\n");
    TRY(send(engine, "Mon 11-02 09:00  the efficiency office registers the hotline call",
             "{\"type\": \"register_complaint\", \"case\": \"T1\", \"at\": \"2026-11-02T09:00:00+08:00\","
             " \"actor\": \"s-sup\", \"channel\": \"hotline_12345\", \"category\": \"delay\", \"respondent\": \"amr\","
             " \"subject\": \"食品经营许可申请材料齐全，超过承诺时限仍未办结\", \"complainant\": \"张先生\","
             " \"contact\": \"138****0000\"}",
             &events));
    TRY(send(engine, "Mon 11-02 10:00  accepted and referred to the regulator's head (分级办理)",
             "{\"type\": \"accept_complaint\", \"case\": \"T1\", \"at\": \"2026-11-02T10:00:00+08:00\","
             " \"actor\": \"s-sup\", \"tier\": \"unit\", \"handler\": \"s-head\"}",
             &events));
    TRY(send(engine, "Wed 11-04 09:00  the head finds it substantiated: the reviewer s-rev sat on the file",
             "{\"type\": \"handle_complaint\", \"case\": \"T1\", \"at\": \"2026-11-04T09:00:00+08:00\","
             " \"actor\": \"s-head\", \"finding\": \"substantiated\", \"summary\": \"审核岗超时未办，已督促办结\","
             " \"responsible\": \"s-rev\"}",
             &events));
    TRY(send(engine, "Thu 11-05 09:00  reviewed and closed by the office (审核办结)",
             "{\"type\": \"close_complaint\", \"case\": \"T1\", \"at\": \"2026-11-05T09:00:00+08:00\","
             " \"actor\": \"s-sup\"}",
             &events));
    EXPECT(has(&events, "\"type\":\"complaint_closed\"") && has(&events, "\"type\":\"rectification_ordered\""),
           "closing gives complaint_closed and rectification_ordered");
    EXPECT(has(&events, "\"rule\":\"substantiated_complaint\"") && has(&events, "\"responsible\":\"s-rev\"") &&
               has(&events, "\"unit\":\"amr\"") && has(&events, "\"unit_head\":\"s-head\""),
           "a substantiated_complaint violation against s-rev, unit amr, head s-head");
    EXPECT(seq_of_violation(&events, &seq), "the violation's sequence number");
    TRY(xn_engine_register_state_json(engine, seq, &out));
    EXPECT(has(&out, "\"recorded\""), "the violation is recorded");
    xn_buffer_free(&out);
    TRY(send(engine, "Thu 11-05 11:00  the complainant is told the result",
             "{\"type\": \"reply_complaint\", \"case\": \"T1\", \"at\": \"2026-11-05T11:00:00+08:00\","
             " \"actor\": \"s-sup\", \"reply\": \"您反映的问题属实，已责成市场监管局限期整改并追究责任\"}",
             &events));

    /* 2. Accountability: the ladder proposes, a second supervisor confirms. */
    printf("\n== 2. The accountability matter W1 on violation #%llu\n", seq);
    snprintf(command, sizeof command,
             "{\"type\": \"open_matter\", \"case\": \"W1\", \"at\": \"2026-11-05T14:00:00+08:00\","
             " \"actor\": \"s-sup\", \"violation\": %llu, \"severity\": \"ordinary\"}",
             seq);
    TRY(send(engine, "Thu 11-05 14:00  the office opens a matter on the registered violation", command, &events));
    EXPECT(has(&events, "\"type\":\"sanction_proposed\""), "the ladder proposes");
    TRY(xn_engine_matters_json(engine, &out));
    {
        const char *d = strstr(out.data, "\"derivation\":[");
        EXPECT(d != NULL, "the proposal explains itself");
        printf("  derivation of the proposal:\n");
        d += strlen("\"derivation\":");
        print_array(d, out.len - (size_t)(d - out.data), "    ");
    }
    xn_buffer_free(&out);
    TRY(xn_engine_award_blocked(engine, "s-rev", strlen("s-rev"), 2026, &blocked));
    EXPECT(!blocked, "nothing takes effect before a decision");
    TRY(xn_engine_register_state_json(engine, seq, &out));
    EXPECT(has(&out, "\"proposed\""), "the violation is proposed");
    xn_buffer_free(&out);
    TRY(send(engine, "Fri 11-06 09:00  a second supervisor, s-sup2, confirms the proposal",
             "{\"type\": \"decide_sanction\", \"case\": \"W1\", \"at\": \"2026-11-06T09:00:00+08:00\","
             " \"actor\": \"s-sup2\", \"confirm\": true, \"note\": \"经集体研究\"}",
             &events));
    EXPECT(has(&events, "\"type\":\"sanction_decided\"") && has(&events, "\"changed\":false"),
           "the proposal is confirmed as it is");
    TRY(xn_engine_matters_json(engine, &out));
    EXPECT(has(&out, "\"state\":\"decided\"") && has(&out, "\"decided_by\":\"s-sup2\""), "the sanction holds");
    xn_buffer_free(&out);
    TRY(xn_engine_register_state_json(engine, seq, &out));
    EXPECT(has(&out, "\"decided\""), "the violation is decided");
    xn_buffer_free(&out);
    TRY(xn_engine_award_blocked(engine, "s-rev", strlen("s-rev"), 2026, &blocked));
    printf("  award_blocked(s-rev, 2026) = %s\n", blocked ? "true" : "false");
    EXPECT(blocked, "s-rev may receive no award in 2026");
    TRY(xn_engine_award_blocked(engine, "s-rev", strlen("s-rev"), 2027, &blocked));
    EXPECT(!blocked, "the bar is for 2026 only");
    TRY(xn_date_to_day((xn_date){2026, 11, 1}, &nov1));
    TRY(xn_date_to_day((xn_date){2026, 12, 1}, &dec1));
    TRY(xn_engine_filing_stats_json(engine, nov1, dec1, &out));
    printf("  filings of November 2026: %s\n", out.data);
    EXPECT(has(&out, "\"filings\":1,"), "one filing in November");
    xn_buffer_free(&out);

    /* 3. The rectification: signed, reported, completed, verified. */
    printf("\n== 3. The rectification T1-ZG1\n");
    EXPECT(pledge_status_is(engine, 11, 6, 10, "on_track"), "ordered, T1-ZG1 is on track");
    TRY(send(engine, "Mon 11-09 09:00  the head signs the pledge: 15 working days (to 11-30), milestones at 5 and 10",
             "{\"type\": \"sign_pledge\", \"case\": \"T1-ZG1\", \"at\": \"2026-11-09T09:00:00+08:00\","
             " \"actor\": \"s-head\", \"measures\": \"建立超时预警和审核岗AB岗顶岗制度\", \"responsible\": \"s-rev\","
             " \"standard\": \"承诺件按时办结率100%\", \"amount\": 15, \"milestones\": [\"制度印发\", \"全员培训\"],"
             " \"milestone_days\": [5, 10]}",
             &events));
    /* The first milestone ends with Monday 11-16: on Thursday 11-12 it is 3 working days away. */
    EXPECT(pledge_status_is(engine, 11, 10, 9, "on_track"), "signed, T1-ZG1 is on track");
    EXPECT(pledge_status_is(engine, 11, 12, 9, "at_risk"), "3 working days before milestone 1, T1-ZG1 is at risk");
    TRY(send(engine, "Fri 11-13 09:00  milestone 1 reached; recognition in place (认识到位)",
             "{\"type\": \"report_pledge\", \"case\": \"T1-ZG1\", \"at\": \"2026-11-13T09:00:00+08:00\","
             " \"actor\": \"s-rev\", \"note\": \"制度已印发\", \"milestone\": 1, \"in_place\": \"recognition\"}",
             &events));
    EXPECT(pledge_status_is(engine, 11, 16, 9, "on_track"), "milestone 1 reached, T1-ZG1 is on track");
    TRY(send(engine, "Fri 11-20 09:00  milestone 2 reached; rectification in place (整改到位)",
             "{\"type\": \"report_pledge\", \"case\": \"T1-ZG1\", \"at\": \"2026-11-20T09:00:00+08:00\","
             " \"actor\": \"s-rev\", \"note\": \"全员培训已完成\", \"milestone\": 2, \"in_place\": \"rectification\"}",
             &events));
    TRY(send(engine, "Fri 11-20 10:00  the head reports accountability in place (责任追究到位: W1 decided)",
             "{\"type\": \"report_pledge\", \"case\": \"T1-ZG1\", \"at\": \"2026-11-20T10:00:00+08:00\","
             " \"actor\": \"s-head\", \"note\": \"W1 问责已确认\", \"in_place\": \"accountability\"}",
             &events));
    TRY(send(engine, "Mon 11-23 09:00  the head reports it fulfilled, with evidence",
             "{\"type\": \"complete_pledge\", \"case\": \"T1-ZG1\", \"at\": \"2026-11-23T09:00:00+08:00\","
             " \"actor\": \"s-head\", \"evidence\": \"制度文件、培训签到表、办结记录\"}",
             &events));
    TRY(send(engine, "Wed 11-25 09:00  s-sup2 verifies it (验收): passed",
             "{\"type\": \"verify_pledge\", \"case\": \"T1-ZG1\", \"at\": \"2026-11-25T09:00:00+08:00\","
             " \"actor\": \"s-sup2\", \"passed\": true, \"evidence\": \"暗访三次，均按时办结\"}",
             &events));
    EXPECT(pledge_status_is(engine, 11, 25, 10, "kept"), "verified, T1-ZG1 is kept");
    /* Time passes beyond every limit: nothing more is breached. */
    xn_buffer_free(&events);
    TRY(xn_engine_advance(engine, local_time(12, 31, 0), &events));
    printf("advance to 12-31: %s\n", events.data);
    EXPECT(!has(&events, "\"type\":\"violation\""), "no limit of the walk is breached");
    EXPECT(pledge_status_is(engine, 12, 31, 0, "kept"), "T1-ZG1 stays kept");

    /* 4. The violation register. */
    printf("\n== 4. The violation register\n");
    TRY(xn_engine_violations_json(engine, "{}", 2, &out));
    print_array(out.data, out.len, "  ");
    {
        const char *first = strstr(out.data, "\"type\":\"violation\"");
        EXPECT(first != NULL && strstr(first + 1, "\"type\":\"violation\"") == NULL &&
                   has(&out, "\"rule\":\"substantiated_complaint\""),
               "the register holds the one violation of the walk");
    }
    printf("\nAll expectations held.\n");
    rc = 0;

done:
    xn_buffer_free(&events);
    xn_buffer_free(&out);
    xn_engine_free(engine);
    xn_catalog_free(catalog);
    xn_org_free(org);
    xn_policy_free(policy);
    free(policy_text);
    free(base_org);
    free(org_text);
    free(catalog_text);
    return rc;
}

/* ------------------------------------------------------------------------------------------------ */
/* Helpers: reading files, the second supervisor, reading and printing JSON                          */
/* ------------------------------------------------------------------------------------------------ */

static char *read_file(const char *root, const char *rel, size_t *len) {
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", root, rel);
    FILE *f = fopen(path, "rb");
    if (f == NULL) {
        return NULL;
    }
    size_t cap = 1 << 16, n = 0, got;
    char *buf = malloc(cap + 1);
    while (buf != NULL && (got = fread(buf + n, 1, cap - n, f)) > 0) {
        n += got;
        if (n == cap) {
            char *grown = realloc(buf, cap * 2 + 1);
            if (grown == NULL) {
                free(buf);
                buf = NULL;
                break;
            }
            buf = grown;
            cap *= 2;
        }
    }
    fclose(f);
    if (buf != NULL) {
        buf[n] = '\0';
        *len = n;
    }
    return buf;
}

/* The organisation text with a second supervisor of the efficiency office, s-sup2, put first in "staff"
 * (NULL when the fixture has no staff array). Free it with free(). */
static char *with_second_supervisor(const char *org_text, size_t *len) {
    static const char sup2[] = "{\"id\": \"s-sup2\", \"name\": \"韩梅\", \"unit\": \"eff\", \"roles\": [\"supervisor\"],"
                               " \"rank\": 3},";
    const char *staff = strstr(org_text, "\"staff\": [");
    if (staff == NULL) {
        return NULL;
    }
    size_t head = (size_t)(staff - org_text) + strlen("\"staff\": [");
    size_t total = strlen(org_text) + strlen(sup2);
    char *text = malloc(total + 1);
    if (text == NULL) {
        return NULL;
    }
    memcpy(text, org_text, head);
    memcpy(text + head, sup2, strlen(sup2));
    strcpy(text + head + strlen(sup2), org_text + head);
    *len = total;
    return text;
}

/* The sequence number of the (first) violation event in a JSON array of events: the "seq" member of the
 * object holding "type":"violation" (the events are flat objects; a violation nests none with a "seq"). */
static int seq_of_violation(const xn_buffer *events, unsigned long long *seq) {
    const char *v = strstr(events->data, "\"type\":\"violation\"");
    const char *s = NULL;
    if (v == NULL) {
        return 0;
    }
    /* The last "seq" before it: the event's own (every event begins with its "seq"). */
    for (const char *p = events->data; p != NULL && p < v; p = strstr(p + 1, "\"seq\":")) {
        if (strncmp(p, "\"seq\":", 6) == 0) {
            s = p;
        }
    }
    if (s == NULL) {
        return 0;
    }
    *seq = strtoull(s + 6, NULL, 10);
    return *seq > 0;
}

/* Prints each element of the JSON array starting at `json` on its own line, stopping at its end. */
static void print_array(const char *json, size_t len, const char *indent) {
    int depth = 0, in_string = 0, escaped = 0;
    size_t start = 0;
    for (size_t i = 0; i < len; i++) {
        char c = json[i];
        if (in_string) {
            if (escaped) {
                escaped = 0;
            } else if (c == '\\') {
                escaped = 1;
            } else if (c == '"') {
                in_string = 0;
            }
        } else if (c == '"') {
            in_string = 1;
        } else if (c == '{' || c == '[') {
            if (depth == 1) {
                start = i;
            }
            depth++;
        } else if (c == '}' || c == ']') {
            depth--;
            if (depth == 1) {
                printf("%s%.*s\n", indent, (int)(i + 1 - start), json + start);
            } else if (depth == 0) {
                return;
            }
        }
    }
}
