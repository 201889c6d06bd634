/*
 * Tests of the priority service card (金卡) rule of the C ABI (include/xiaoneng.h):
 * xn_policy_priority_card_json. Eligible by annual sales, by registered capital, by both, by neither,
 * exactly at a threshold and a cent below; a policy's own thresholds; a negative or non-numeric figure
 * and both figures absent refused naming the figure; NULL arguments, bad UTF-8. The same answers as Rust
 * (tests/priority_rules.rs) and Python (python/tests/test_priority.py).
 *
 * Built and run by scripts/test-c with -std=c11 -Wall -Wextra -Werror -pedantic, under valgrind; the
 * first argument is the repository root (it reads presets/county.toml).
 * Prints one line per failed check and ends with "N passed, M failed"; exits non-zero on failure.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xiaoneng.h"

#include "check.h"

/* The answer for (sales, capital), each a C string or NULL (absent); out is freed first. */
static xn_status card(const xn_policy *p, const char *sales, const char *capital, xn_buffer *out) {
    xn_buffer_free(out);
    return xn_policy_priority_card_json(p, sales, sales != NULL ? strlen(sales) : 0, capital,
                                        capital != NULL ? strlen(capital) : 0, out);
}

static void test_eligible(const xn_policy *p) {
    xn_buffer out = {0};
    OK(card(p, "30000000", NULL, &out));
    CONTAINS(out, "\"eligible\":true");
    CONTAINS(out, "\"by\":[\"annual_sales\"]");
    CONTAINS(out, "annual sales 30000000 yuan ≥ 30000000 yuan: met");
    CONTAINS(out, "registered capital not given");

    OK(card(p, NULL, "5000000", &out));
    CONTAINS(out, "\"eligible\":true");
    CONTAINS(out, "\"by\":[\"registered_capital\"]");

    OK(card(p, "100", "5000000.00", &out));
    CONTAINS(out, "\"by\":[\"registered_capital\"]");
    CONTAINS(out, "annual sales 100 yuan < 30000000 yuan: not met");

    OK(card(p, "45000000.5", "6000000", &out));
    CONTAINS(out, "\"by\":[\"annual_sales\",\"registered_capital\"]");

    /* A 0-length string is absent, like NULL. */
    xn_buffer_free(&out);
    OK(xn_policy_priority_card_json(p, "30000000", 0, S("5000000"), &out));
    CONTAINS(out, "\"by\":[\"registered_capital\"]");
    CONTAINS(out, "annual sales not given");
    xn_buffer_free(&out);
}

static void test_not_eligible(const xn_policy *p) {
    xn_buffer out = {0};
    OK(card(p, "29999999.99", "4999999.99", &out));
    CONTAINS(out, "\"eligible\":false");
    CONTAINS(out, "\"by\":[]");
    CONTAINS(out, "neither threshold is met");

    OK(card(p, "0", NULL, &out));
    CONTAINS(out, "\"eligible\":false");
    xn_buffer_free(&out);
}

static void test_own_thresholds(const char *ptext, size_t pl) {
    const char *extra = "\n[priority_card]\nmin_annual_sales_yuan = \"50000000\"\n"
                        "min_registered_capital_yuan = \"10000000\"\n";
    size_t el = strlen(extra);
    char *text = malloc(pl + el + 1);
    CHECK(text != NULL);
    if (text == NULL) {
        return;
    }
    memcpy(text, ptext, pl);
    memcpy(text + pl, extra, el + 1);
    xn_policy *p = NULL;
    OK(xn_policy_from_toml(text, pl + el, &p));
    free(text);
    xn_buffer out = {0};
    OK(card(p, "30000000", "5000000", &out));
    CONTAINS(out, "\"eligible\":false");
    CONTAINS(out, "30000000 yuan < 50000000 yuan");
    OK(card(p, NULL, "10000000", &out));
    CONTAINS(out, "\"eligible\":true");
    xn_buffer_free(&out);
    xn_policy_free(p);

    /* A negative threshold is refused when the policy is read. */
    const char *bad = "\n[priority_card]\nmin_registered_capital_yuan = \"-5\"\n";
    size_t bl = strlen(bad);
    text = malloc(pl + bl + 1);
    CHECK(text != NULL);
    if (text == NULL) {
        return;
    }
    memcpy(text, ptext, pl);
    memcpy(text + pl, bad, bl + 1);
    p = NULL;
    ERR(xn_policy_from_toml(text, pl + bl, &p), XN_ERR_INVALID, NULL);
    LAST(XN_ERR_INVALID, "priority_card.min_registered_capital_yuan", "-5");
    CHECK(p == NULL);
    free(text);
}

static void test_refused(const xn_policy *p) {
    xn_buffer out = {0};
    ERR(card(p, "-1", "6000000", &out), XN_ERR_INVALID, "not negative");
    LAST(XN_ERR_INVALID, "annual_sales_yuan", "-1");
    CHECK(out.data == NULL);
    ERR(card(p, "40000000", "-0.01", &out), XN_ERR_INVALID, NULL);
    LAST(XN_ERR_INVALID, "registered_capital_yuan", "-0.01");

    ERR(card(p, NULL, NULL, &out), XN_ERR_INVALID, "cannot be decided");
    CHECK(out.data == NULL);

    /* Non-numeric strings: money is a plain decimal string. */
    const char *bad[] = {"abc", "1e7", "+5000000", "5,000,000", " 5000000", "5000000.", ".5", "NaN", "1_000"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        ERR(card(p, NULL, bad[i], &out), XN_ERR_INVALID, "decimal string");
        LAST(XN_ERR_INVALID, "registered_capital_yuan", NULL);
    }
    ERR(card(p, "123456789012345678901234567890", NULL, &out), XN_ERR_INVALID, "28 significant digits");
    LAST(XN_ERR_INVALID, "annual_sales_yuan", NULL);

    /* NULL handle and out-pointer; bad UTF-8. */
    ERR(card(NULL, "30000000", NULL, &out), XN_ERR_NULL, "policy");
    ERR(xn_policy_priority_card_json(p, S("30000000"), NULL, 0, NULL), XN_ERR_NULL, "out");
    ERR(xn_policy_priority_card_json(p, S("3000\xff"), NULL, 0, &out), XN_ERR_UTF8, "sales");
    ERR(xn_policy_priority_card_json(p, NULL, 0, S("\xc3("), &out), XN_ERR_UTF8, "capital");
    CHECK(out.data == NULL);
    xn_buffer_free(&out);
}

int main(int argc, char **argv) {
    const char *root = argc > 1 ? argv[1] : ".";
    size_t pl = 0;
    char *ptext = read_file(root, "presets/county.toml", &pl);
    if (ptext == NULL) {
        printf("cannot read %s/presets/county.toml\n", root);
        return 1;
    }
    xn_policy *p = NULL;
    OK(xn_policy_from_toml(ptext, pl, &p));
    test_eligible(p);
    test_not_eligible(p);
    test_refused(p);
    test_own_thresholds(ptext, pl);
    xn_policy_free(p);
    free(ptext);
    printf("%d passed, %d failed\n", passed, failed);
    return failed == 0 ? 0 : 1;
}
