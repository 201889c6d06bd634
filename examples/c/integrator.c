/*
 * An approval system driving the xiaoneng engine from C: one joint item, start to finish.
 *
 * A cinema (某影城有限公司) applies for the pre-opening fire-safety check of a public venue
 * (330100-BLDG-007, a joint item: the market regulator leads, the county fire brigade is consulted).
 * The county preset (presets/county.toml) gives the rules: a one-time notice within 5 working days,
 * a pledged limit of 15 working days, a unit head's extension, absence default in joint review, and
 * e-supervision signals. The 2026 National Day holiday (Oct 1-7; Saturday Oct 10 is a makeup workday)
 * falls in the middle and does not count.
 *
 *   Sep 24  materials received; Sep 25 one-time notice of corrections; Sep 28 resubmitted and accepted
 *   Sep 30  joint review meeting: the fire brigade is absent without excuse -> deemed consent (缺席默认)
 *   Oct 1-7 National Day: nothing counts, nothing fires
 *   Oct 13  the review post's A holder is on leave: the B holder completes the review (AB岗)
 *   Oct 14  the county government's head extends the limit by 10 working days (art. 42: a joint item)
 *   Oct 27  approved; Oct 28 certificate delivered; no rating within 7 days -> default rating
 *
 * Every event is printed as it comes back; the case view is printed at the end.
 *
 * Build and run from the repository root (after cargo build --release -p xiaoneng-c, which also
 * writes target/release/xiaoneng.pc):
 *     cc examples/c/integrator.c $(PKG_CONFIG_PATH=target/release pkg-config --cflags --libs xiaoneng)
 *     ./a.out .            # the argument is the repository root, where presets/ and tests/ are
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xiaoneng.h"

static char *read_file(const char *root, const char *rel, size_t *len);
static void print_events(const xn_buffer *events);
static void print_pretty(const char *json, size_t len);

/* Stops with the library's message when a call fails. */
#define TRY(call)                                                                                            \
    do {                                                                                                     \
        xn_status st_ = (call);                                                                              \
        if (st_ != XN_OK) {                                                                                  \
            fprintf(stderr, "%s failed (%d): %s\n", #call, (int)st_, xn_last_error());                       \
            goto done;                                                                                       \
        }                                                                                                    \
    } while (0)

/* Unix seconds of a local time in China (UTC+08:00). */
static int64_t local_time(int month, int day, int hour, int minute) {
    xn_date date = {2026, (uint8_t)month, (uint8_t)day};
    int64_t n = 0;
    xn_date_to_day(date, &n);
    return n * 86400 + hour * 3600 + minute * 60 - 8 * 3600;
}

/* Prints an instant as local time (+08:00). */
static void print_local(const char *label, int64_t unix_seconds) {
    int64_t local = unix_seconds + 8 * 3600;
    int64_t day = local >= 0 ? local / 86400 : (local - 86399) / 86400;
    int64_t secs = local - day * 86400;
    xn_date d = {0, 0, 0};
    xn_day_to_date(day, &d);
    printf("  %s %04d-%02d-%02d %02d:%02d\n", label, (int)d.year, d.month, d.day, (int)(secs / 3600),
           (int)(secs % 3600 / 60));
}

/* Prints the supervised (pledged) deadline of the case as the engine sees it at `now`. */
static xn_status print_deadline(xn_engine *engine, const char *case_id, int64_t now, const char *note) {
    xn_buffer view = {0};
    xn_status st = xn_engine_view_json(engine, case_id, strlen(case_id), now, &view);
    if (st == XN_OK) {
        const char *d = strstr(view.data, "\"deadline_date\":\"");
        printf("  pledged deadline: %.10s (%s)\n", d != NULL ? d + 17 : "?", note);
    }
    xn_buffer_free(&view);
    return st;
}

/* Sends one command (JSON) and prints the events it caused. */
static xn_status send(xn_engine *engine, const char *label, const char *command) {
    xn_buffer events = {0};
    xn_status st = xn_engine_execute(engine, command, strlen(command), &events);
    printf("\n> %s\n", label);
    if (st != XN_OK) {
        /* The same error in parts, for a portal's answer: status, field, value, reason. */
        printf("  refused (%d, field `%s`, value `%s`): %s\n", (int)st, xn_last_error_field(), xn_last_error_value(),
               xn_last_error_reason());
        return st;
    }
    print_events(&events);
    xn_buffer_free(&events);
    return XN_OK;
}

/* Lets time pass: fires every timer due by `now` and prints what fired. A real host calls this from its
 * scheduler at xn_engine_next_timer(). */
static xn_status advance(xn_engine *engine, const char *label, int64_t now) {
    xn_buffer events = {0};
    xn_status st = xn_engine_advance(engine, now, &events);
    if (st != XN_OK) {
        return st;
    }
    printf("\n~ %s\n", label);
    if (events.len <= 2) {
        printf("  (nothing due)\n");
    }
    print_events(&events);
    xn_buffer_free(&events);
    return XN_OK;
}

int main(int argc, char **argv) {
    const char *root = argc > 1 ? argv[1] : ".";
    const char *case_id = "BLDG-2026-0917";
    size_t policy_len = 0, org_len = 0, catalog_len = 0;
    char *policy_text = read_file(root, "presets/county.toml", &policy_len);
    char *org_text = read_file(root, "tests/fixtures/county-org.json", &org_len);
    char *catalog_text = read_file(root, "tests/fixtures/county-catalog.json", &catalog_len);
    xn_policy *policy = NULL;
    xn_org *org = NULL;
    xn_catalog *catalog = NULL;
    xn_engine *engine = NULL;
    xn_buffer view = {0};
    bool has_timer = false;
    int64_t timer = 0;
    int rc = 1;

    if (xn_abi_version() != XN_ABI_VERSION) {
        fprintf(stderr, "library ABI %u, header ABI %d\n", xn_abi_version(), XN_ABI_VERSION);
        goto done;
    }
    if (policy_text == NULL || org_text == NULL || catalog_text == NULL) {
        fprintf(stderr, "cannot read the county preset and fixtures under %s\n", root);
        goto done;
    }

    /* 1. Configuration: the policy (TOML), the organisation and the catalog (JSON, checked against the
     *    organisation). The engine copies them, so they could be freed right after xn_engine_new. */
    TRY(xn_policy_from_toml(policy_text, policy_len, &policy));
    TRY(xn_org_from_json(org_text, org_len, &org));
    TRY(xn_catalog_from_json(catalog_text, catalog_len, org, &catalog));
    TRY(xn_engine_new(policy, org, catalog, &engine));
    printf("engine ready: county preset, item 330100-BLDG-007 (joint: amr leads, fire is consulted)\n");

    /* 2. The window receives the application; the materials are incomplete. */
    TRY(send(engine, "Thu Sep 24 09:00  the window receives the application",
             "{\"type\": \"receive\", \"case\": \"BLDG-2026-0917\", \"at\": \"2026-09-24T09:00:00+08:00\","
             " \"actor\": \"s-clerk\", \"item\": \"330100-BLDG-007\", \"applicant\": \"某影城有限公司\","
             " \"materials\": [\"消防安全检查申报表\"]}"));
    TRY(send(engine, "Fri Sep 25 10:00  one-time notice of every correction (一次性告知)",
             "{\"type\": \"notify_corrections\", \"case\": \"BLDG-2026-0917\", \"at\": \"2026-09-25T10:00:00+08:00\","
             " \"actor\": \"s-clerk\", \"missing\": [\"消防安全检查申报表（未加盖单位公章）\", \"消防设施平面图\"]}"));
    TRY(send(engine, "Mon Sep 28 09:30  the applicant hands in the corrected materials",
             "{\"type\": \"submit_corrections\", \"case\": \"BLDG-2026-0917\", \"at\": \"2026-09-28T09:30:00+08:00\","
             " \"actor\": \"s-clerk\", \"materials\": [\"消防安全检查申报表\", \"消防设施平面图\"]}"));
    TRY(send(engine, "Mon Sep 28 10:00  accepted (受理): the decision clocks start",
             "{\"type\": \"accept\", \"case\": \"BLDG-2026-0917\", \"at\": \"2026-09-28T10:00:00+08:00\","
             " \"actor\": \"s-clerk\"}"));
    TRY(send(engine, "Mon Sep 28 10:05  the window completes its step",
             "{\"type\": \"complete_step\", \"case\": \"BLDG-2026-0917\", \"at\": \"2026-09-28T10:05:00+08:00\","
             " \"actor\": \"s-clerk\"}"));

    /* A wrong command is refused with a reason and changes nothing. */
    send(engine, "Mon Sep 28 10:10  a reviewer tries to extend the limit (only the government's head may)",
         "{\"type\": \"extend\", \"case\": \"BLDG-2026-0917\", \"at\": \"2026-09-28T10:10:00+08:00\","
         " \"actor\": \"s-rev\", \"amount\": 10, \"reason\": \"材料较多\"}");

    /* 3. Joint review: the fire brigade does not come to the meeting and sent no excuse. */
    TRY(send(engine, "Wed Sep 30 15:00  joint review meeting; the fire brigade is absent (缺席默认)",
             "{\"type\": \"joint_absence\", \"case\": \"BLDG-2026-0917\", \"at\": \"2026-09-30T15:00:00+08:00\","
             " \"actor\": \"s-rev\", \"unit\": \"fire\", \"excused\": false}"));

    /* 4. The National Day holiday: nothing counts and nothing fires. A host schedules its next call to
     *    xn_engine_advance at xn_engine_next_timer (here: the end of the joint review step's own limit). */
    TRY(xn_engine_next_timer(engine, &has_timer, &timer));
    if (has_timer) {
        print_local("next timer of the engine:", timer);
    }
    TRY(advance(engine, "Thu Oct 8 09:00  back from the National Day holiday (Oct 1-7)", local_time(10, 8, 9, 0)));
    TRY(print_deadline(engine, case_id, local_time(10, 8, 9, 0),
                       "15 working days from Sep 28; Oct 1-7 not counted, Sat Oct 10 counted"));

    /* 5. Review: the A holder of the review post (s-rev) is on leave Oct 12-16, so the B holder acts. */
    send(engine, "Tue Oct 13 10:00  s-rev (on leave) tries to complete the review",
         "{\"type\": \"complete_step\", \"case\": \"BLDG-2026-0917\", \"at\": \"2026-10-13T10:00:00+08:00\","
         " \"actor\": \"s-rev\"}");
    TRY(send(engine, "Tue Oct 13 10:00  the B holder (s-rev2) completes the joint review step",
             "{\"type\": \"complete_step\", \"case\": \"BLDG-2026-0917\", \"at\": \"2026-10-13T10:00:00+08:00\","
             " \"actor\": \"s-rev2\"}"));

    /* 6. The county government's head extends the limit once, telling the applicant why (art. 42: a joint
     * item's extension is approved by the head of the people's government). */
    TRY(send(engine, "Wed Oct 14 09:00  the government's head extends the limit by 10 working days",
             "{\"type\": \"extend\", \"case\": \"BLDG-2026-0917\", \"at\": \"2026-10-14T09:00:00+08:00\","
             " \"actor\": \"s-gov-head\", \"amount\": 10, \"reason\": \"疏散通道整改后需现场复查\"}"));
    TRY(print_deadline(engine, case_id, local_time(10, 14, 9, 0), "25 working days from Sep 28"));
    TRY(advance(engine, "Mon Oct 26 09:00  the original pledged deadline (Oct 23) has passed", local_time(10, 26, 9, 0)));

    /* 7. Decision and delivery. */
    TRY(send(engine, "Tue Oct 27 10:00  the unit head approves",
             "{\"type\": \"decide\", \"case\": \"BLDG-2026-0917\", \"at\": \"2026-10-27T10:00:00+08:00\","
             " \"actor\": \"s-head\", \"approve\": true}"));
    TRY(send(engine, "Wed Oct 28 15:00  the certificate is delivered (送达)",
             "{\"type\": \"deliver\", \"case\": \"BLDG-2026-0917\", \"at\": \"2026-10-28T15:00:00+08:00\","
             " \"actor\": \"s-clerk\"}"));

    /* 8. The applicant does not rate the service: after 7 natural days the policy's default applies. */
    TRY(xn_engine_next_timer(engine, &has_timer, &timer));
    if (has_timer) {
        TRY(advance(engine, "at the next timer (xn_engine_next_timer): the rating wait ends", timer));
    }

    /* 9. The case as the approval system shows it. */
    TRY(xn_engine_view_json(engine, case_id, strlen(case_id), local_time(11, 6, 9, 0), &view));
    printf("\ncase view on Nov 6 09:00:\n");
    print_pretty(view.data, view.len);
    rc = 0;

done:
    xn_buffer_free(&view);
    xn_engine_free(engine);
    xn_catalog_free(catalog);
    xn_org_free(org);
    xn_policy_free(policy);
    free(policy_text);
    free(org_text);
    free(catalog_text);
    return rc;
}

/* ------------------------------------------------------------------------------------------------ */
/* Helpers: reading a file, printing JSON                                                           */
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

/* Prints each object of a JSON array of events on its own line. */
static void print_events(const xn_buffer *events) {
    int depth = 0, in_string = 0, escaped = 0;
    size_t start = 0;
    for (size_t i = 0; i < events->len; i++) {
        char c = events->data[i];
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
                printf("  %.*s\n", (int)(i + 1 - start), events->data + start);
            }
        }
    }
}

/* Prints a JSON document with one member per line (strings as they are). */
static void print_pretty(const char *json, size_t len) {
    int depth = 0, in_string = 0, escaped = 0;
    for (size_t i = 0; i < len; i++) {
        char c = json[i];
        if (in_string) {
            putchar(c);
            if (escaped) {
                escaped = 0;
            } else if (c == '\\') {
                escaped = 1;
            } else if (c == '"') {
                in_string = 0;
            }
            continue;
        }
        switch (c) {
        case '"':
            in_string = 1;
            putchar(c);
            break;
        case '{':
        case '[':
            if (i + 1 < len && (json[i + 1] == '}' || json[i + 1] == ']')) {
                putchar(c);
                putchar(json[++i]);
                break;
            }
            depth++;
            printf("%c\n%*s", c, depth * 2, "");
            break;
        case '}':
        case ']':
            depth--;
            printf("\n%*s%c", depth * 2, "", c);
            break;
        case ',':
            printf(",\n%*s", depth * 2, "");
            break;
        case ':':
            printf(": ");
            break;
        default:
            putchar(c);
        }
    }
    putchar('\n');
}
