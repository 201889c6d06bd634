/*
 * The shared harness of the C tests: counters, the CHECK / OK / ERR / CONTAINS checks and S(). Header-only;
 * every helper is static inline, so a test that does not use one still compiles with -Wall -Wextra -Werror.
 */
#ifndef XN_TEST_CHECK_H
#define XN_TEST_CHECK_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xiaoneng.h"

static int passed;
static int failed;

static inline void check(int ok, const char *what, int line) {
    if (ok) {
        passed++;
    } else {
        failed++;
        printf("FAIL line %d: %s\n", line, what);
    }
}

#define CHECK(cond) check((cond) ? 1 : 0, #cond, __LINE__)

/* A call expected to succeed; prints the last error when it does not. */
static inline void check_ok(xn_status st, const char *call, int line) {
    if (st == XN_OK) {
        passed++;
    } else {
        failed++;
        printf("FAIL line %d: %s returned %d: %s\n", line, call, (int)st, xn_last_error());
    }
}

#define OK(call) check_ok((call), #call, __LINE__)

/* A call expected to fail with `want`, its last error containing `needle`. */
static inline void check_err(xn_status st, xn_status want, const char *needle, const char *call, int line) {
    const char *msg = xn_last_error();
    if (st != want) {
        failed++;
        printf("FAIL line %d: %s returned %d, expected %d (last error: %s)\n", line, call, (int)st, (int)want,
               msg);
    } else if (needle != NULL && strstr(msg, needle) == NULL) {
        failed++;
        printf("FAIL line %d: %s: last error \"%s\" does not contain \"%s\"\n", line, call, msg, needle);
    } else {
        passed++;
    }
}

#define ERR(call, want, needle) check_err((call), (want), (needle), #call, __LINE__)

/* The parts of the last error: its code, field and value (`value` NULL: not checked). The reason is never
 * empty after a failure. */
static inline void check_last(xn_status code, const char *field, const char *value, int line) {
    const char *f = xn_last_error_field(), *v = xn_last_error_value(), *r = xn_last_error_reason();
    if (xn_last_error_code() == code && strcmp(f, field) == 0 && (value == NULL || strcmp(v, value) == 0) &&
        (code == XN_OK) == (r[0] == '\0')) {
        passed++;
    } else {
        failed++;
        printf("FAIL line %d: last error is %d, field \"%s\", value \"%s\", reason \"%s\"; expected %d, \"%s\", "
               "\"%s\"\n",
               line, (int)xn_last_error_code(), f, v, r, (int)code, field, value != NULL ? value : "(any)");
    }
}

#define LAST(code, field, value) check_last((code), (field), (value), __LINE__)

/* A buffer expected to hold text containing `needle`; prints the text when it does not. */
static inline void check_contains(const xn_buffer *buf, const char *needle, const char *what, int line) {
    if (buf->data != NULL && strstr(buf->data, needle) != NULL) {
        passed++;
    } else {
        failed++;
        printf("FAIL line %d: %s does not contain %s: %s\n", line, what, needle,
               buf->data != NULL ? buf->data : "(null)");
    }
}

#define CONTAINS(buf, needle) check_contains(&(buf), (needle), #buf, __LINE__)

/* A string literal as the (pointer, length) pair of a string argument. */
#define S(literal) literal, strlen(literal)

/* The file `rel` under the directory `root`, NUL-terminated, its length in *len; NULL when it cannot be
 * read. Free it with free(). */
static inline char *read_file(const char *root, const char *rel, size_t *len) {
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", root, rel);
    FILE *f = fopen(path, "rb");
    if (f == NULL) {
        return NULL;
    }
    size_t cap = 4096, n = 0;
    char *buf = malloc(cap);
    size_t got;
    while (buf != NULL && (got = fread(buf + n, 1, cap - n, f)) > 0) {
        n += got;
        if (n == cap) {
            char *grown = realloc(buf, cap * 2);
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

/* The organisation text `org_text` with `extra` (staff objects, each followed by a comma) put first in its
 * "staff" array, the new length in *len; NULL when the text has no staff array or memory runs out. Free it
 * with free(). */
static inline char *with_staff(const char *org_text, const char *extra, size_t *len) {
    const char *staff = strstr(org_text, "\"staff\": [");
    if (staff == NULL) {
        return NULL;
    }
    size_t head = (size_t)(staff - org_text) + strlen("\"staff\": [");
    size_t total = strlen(org_text) + strlen(extra);
    char *text = malloc(total + 1);
    if (text == NULL) {
        return NULL;
    }
    memcpy(text, org_text, head);
    memcpy(text + head, extra, strlen(extra));
    strcpy(text + head + strlen(extra), org_text + head);
    *len = total;
    return text;
}

/* The county fixtures under the repository root `root`: presets/county.toml, tests/fixtures/county-org.json
 * with `extra_staff` put first in its staff (see with_staff) and tests/fixtures/county-catalog.json, into
 * *policy, *org and *cat. 1 when all three load; else 0, after printing why and the "0 passed, 1 failed"
 * line, with whatever loaded freed. */
static inline int load_county(const char *root, const char *extra_staff, xn_policy **policy, xn_org **org,
                              xn_catalog **cat) {
    size_t pl = 0, ol = 0, cl = 0, ol2 = 0;
    char *ptext = read_file(root, "presets/county.toml", &pl);
    char *otext = read_file(root, "tests/fixtures/county-org.json", &ol);
    char *ctext = read_file(root, "tests/fixtures/county-catalog.json", &cl);
    char *otext2 = otext != NULL ? with_staff(otext, extra_staff, &ol2) : NULL;
    int ready = ptext != NULL && otext2 != NULL && ctext != NULL && xn_policy_from_toml(ptext, pl, policy) == XN_OK &&
                xn_org_from_json(otext2, ol2, org) == XN_OK && xn_catalog_from_json(ctext, cl, *org, cat) == XN_OK;
    free(ptext);
    free(otext);
    free(otext2);
    free(ctext);
    if (!ready) {
        printf("FAIL: fixtures under %s: %s\n0 passed, 1 failed\n", root, xn_last_error());
        xn_catalog_free(*cat);
        xn_org_free(*org);
        xn_policy_free(*policy);
        *cat = NULL;
        *org = NULL;
        *policy = NULL;
    }
    return ready;
}

#endif /* XN_TEST_CHECK_H */
