/*
 * Tests of the journal part of the C ABI (include/xiaoneng.h): xn_journal_* and xn_journal_verify.
 *
 * An engine on a journal directory: open, execute, advance, close, reopen with the state equal (the
 * snapshots of the engine views compared byte for byte), a second handle after close; the engine view
 * (read through the xn_engine_* readers, refused by the changing ones, ignored by xn_engine_free, closed
 * with its journal); the durability option (durable_seq behind with "never", caught up by flush); the
 * open report; verification (XN_OK; a byte edited in a segment: XN_ERR_CORRUPT naming the first bad
 * seq, from verify and from open; a tail cut after a checkpoint: detected against it only; a torn tail
 * reported, not damage, cut by the next open; a missing directory: XN_ERR_IO); SM3; snapshots and
 * compaction; a confidential field sealed and erased; bad options naming the field; fail-stop after a
 * write error (XN_ERR_IO, then for every later change and close); NULL arguments.
 *
 * Test data: presets/county.toml, tests/fixtures/county-org.json and tests/fixtures/county-catalog.json,
 * read from the repository root given as the first argument (default: the current directory). Journals
 * are written under a fresh directory in $TMPDIR (or /tmp), removed at the end.
 *
 * Built and run by scripts/test-c with -std=c11 -Wall -Wextra -Werror -pedantic, under valgrind.
 * Prints one line per failed check and ends with "N passed, M failed"; exits non-zero on failure.
 */
#define _XOPEN_SOURCE 700

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "xiaoneng.h"

#include "check.h"

/* ------------------------------------------------------------------------------------------------ */
/* Files                                                                                            */
/* ------------------------------------------------------------------------------------------------ */

static char *read_all(const char *path, size_t *len) {
    FILE *f = fopen(path, "rb");
    if (f == NULL) {
        return NULL;
    }
    size_t cap = 4096, n = 0, got;
    char *buf = malloc(cap);
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

static int write_all(const char *path, const char *data, size_t len, const char *mode) {
    FILE *f = fopen(path, mode);
    if (f == NULL) {
        return 0;
    }
    int ok = fwrite(data, 1, len, f) == len;
    return fclose(f) == 0 && ok;
}

/* Removes a directory and everything in it (the journals are flat; the base holds journals). */
static void remove_tree(const char *dir) {
    DIR *d = opendir(dir);
    if (d == NULL) {
        return;
    }
    struct dirent *ent;
    char path[4096];
    while ((ent = readdir(d)) != NULL) {
        if (strcmp(ent->d_name, ".") == 0 || strcmp(ent->d_name, "..") == 0) {
            continue;
        }
        snprintf(path, sizeof path, "%s/%s", dir, ent->d_name);
        struct stat st;
        if (lstat(path, &st) == 0 && S_ISDIR(st.st_mode)) {
            remove_tree(path);
        } else {
            unlink(path);
        }
    }
    closedir(d);
    rmdir(dir);
}

/* The number of files in a directory whose name starts with `prefix`. */
static int count_files(const char *dir, const char *prefix) {
    DIR *d = opendir(dir);
    int n = 0;
    if (d == NULL) {
        return -1;
    }
    struct dirent *ent;
    while ((ent = readdir(d)) != NULL) {
        n += strncmp(ent->d_name, prefix, strlen(prefix)) == 0;
    }
    closedir(d);
    return n;
}

static char base[2048];

/* A journal directory under the base: `name`. */
static const char *dir_of(const char *name) {
    static char path[4096];
    snprintf(path, sizeof path, "%s/%s", base, name);
    return path;
}

/* The first segment's file of journal directory `dir`. */
static void first_segment(const char *dir, char *path, size_t cap) {
    snprintf(path, cap, "%s/seg-%020d.jsonl", dir, 1);
}

/* ------------------------------------------------------------------------------------------------ */
/* Fixtures and helpers                                                                             */
/* ------------------------------------------------------------------------------------------------ */

static xn_policy *policy;
static xn_org *org;
static xn_catalog *cat;

/* Unix seconds of a local time in China (UTC+08:00) in 2026. */
static int64_t at(int month, int day, int hour) {
    xn_date d = {2026, (uint8_t)month, (uint8_t)day};
    int64_t n = 0;
    xn_date_to_day(d, &n);
    return n * 86400 + (int64_t)hour * 3600 - 8 * 3600;
}

static const char RECEIVE_C1[] =
    "{\"type\": \"receive\", \"case\": \"C1\", \"at\": \"2026-09-28T09:00:00+08:00\", \"actor\": \"s-clerk\","
    " \"item\": \"330100-FOOD-001\", \"applicant\": \"张三\", \"materials\": [\"食品经营许可申请书\"]}";
static const char ACCEPT_C1[] =
    "{\"type\": \"accept\", \"case\": \"C1\", \"at\": \"2026-09-28T10:00:00+08:00\", \"actor\": \"s-clerk\"}";
static const char RECEIVE_J1[] =
    "{\"type\": \"receive\", \"case\": \"J1\", \"at\": \"2026-09-28T11:00:00+08:00\", \"actor\": \"s-clerk\","
    " \"item\": \"330100-BLDG-007\", \"applicant\": \"李四\", \"materials\": [\"消防安全检查申报表\"]}";
static const char ACCEPT_J1[] =
    "{\"type\": \"accept\", \"case\": \"J1\", \"at\": \"2026-09-28T12:00:00+08:00\", \"actor\": \"s-clerk\"}";

static xn_status open_journal(const char *dir, const char *options, xn_journal **out) {
    return xn_journal_open(dir, strlen(dir), policy, org, cat, options, options != NULL ? strlen(options) : 0,
                           out);
}

/* Executes a command on a journal, expecting success. */
static void exec_ok(xn_journal *j, const char *command, int line) {
    xn_buffer ev = {0};
    check_ok(xn_journal_execute(j, command, strlen(command), &ev), command, line);
    xn_buffer_free(&ev);
}

#define EXEC(j, command) exec_ok((j), (command), __LINE__)

/* The engine view's sequence number (0 on failure). */
static uint64_t seq_of(const xn_journal *j) {
    const xn_engine *view = NULL;
    uint64_t seq = 0;
    if (xn_journal_engine(j, &view) != XN_OK || xn_engine_seq(view, &seq) != XN_OK) {
        return 0;
    }
    return seq;
}

/* A copy of the engine view's snapshot (NULL on failure); free it. */
static char *snapshot_of(const xn_journal *j) {
    const xn_engine *view = NULL;
    xn_buffer b = {0};
    if (xn_journal_engine(j, &view) != XN_OK || xn_engine_snapshot(view, &b) != XN_OK) {
        return NULL;
    }
    char *copy = malloc(b.len + 1);
    memcpy(copy, b.data, b.len + 1);
    xn_buffer_free(&b);
    return copy;
}

/* Two cases received and accepted, and a week of timers: the journal's contents in most tests. */
static void fill(xn_journal *j) {
    EXEC(j, RECEIVE_C1);
    EXEC(j, ACCEPT_C1);
    EXEC(j, RECEIVE_J1);
    EXEC(j, ACCEPT_J1);
    xn_buffer ev = {0};
    OK(xn_journal_advance(j, at(10, 20, 9), &ev));
    CHECK(ev.data != NULL && ev.data[0] == '[');
    xn_buffer_free(&ev);
}

/* Verifies `dir` (checkpoint `cp` or NULL); returns the status, the report in *report. */
static xn_status verify(const char *dir, const char *cp, xn_buffer *report) {
    return xn_journal_verify(dir, strlen(dir), cp, cp != NULL ? strlen(cp) : 0, report);
}

/* ------------------------------------------------------------------------------------------------ */
/* Tests                                                                                            */
/* ------------------------------------------------------------------------------------------------ */

/* Open, execute, advance, close, reopen: the state is equal; a second handle after close. */
static void test_reopen_gives_the_same_state(void) {
    const char *dir = dir_of("reopen");
    xn_journal *j = NULL;
    OK(open_journal(dir, NULL, &j));
    xn_buffer report = {0};
    OK(xn_journal_open_report_json(j, &report));
    CONTAINS(report, "\"records\":0");
    CONTAINS(report, "\"algorithm\":\"sha256\"");
    xn_buffer_free(&report);

    xn_buffer ev = {0};
    OK(xn_journal_execute(j, S(RECEIVE_C1), &ev));
    CONTAINS(ev, "\"seq\":1,");
    CONTAINS(ev, "\"type\":\"received\"");
    xn_buffer_free(&ev);
    /* A refused command changes nothing and writes nothing; the buffer stays untouched. */
    ERR(xn_journal_execute(j, S(ACCEPT_J1), &ev), XN_ERR_NOT_FOUND, "`case` = J1");
    LAST(XN_ERR_NOT_FOUND, "case", "J1");
    CHECK(ev.data == NULL && ev.len == 0);
    ERR(xn_journal_execute(j, S("{\"type\": \"accept\"}"), &ev), XN_ERR_PARSE, NULL);
    EXEC(j, ACCEPT_C1);
    EXEC(j, RECEIVE_J1);
    EXEC(j, ACCEPT_J1);
    OK(xn_journal_advance(j, at(10, 20, 9), &ev));
    CONTAINS(ev, "\"type\":\"signal_raised\"");
    xn_buffer_free(&ev);
    ERR(xn_journal_advance(j, INT64_MAX, &ev), XN_ERR_OUT_OF_RANGE, NULL);
    LAST(XN_ERR_OUT_OF_RANGE, "now_unix", NULL);

    /* Every-record durability: everything acknowledged is durable. */
    uint64_t seq = seq_of(j), durable = 0;
    OK(xn_journal_durable_seq(j, &durable));
    CHECK(seq > 4 && durable == seq);
    char *live = snapshot_of(j);
    OK(xn_journal_close(j));
    /* Closed: every call answers XN_ERR_STATE, a second close too. */
    ERR(xn_journal_close(j), XN_ERR_STATE, "closed");
    LAST(XN_ERR_STATE, "journal", "closed");
    ERR(xn_journal_execute(j, S(RECEIVE_C1), &ev), XN_ERR_STATE, "closed");
    ERR(xn_journal_advance(j, at(10, 21, 9), &ev), XN_ERR_STATE, "closed");
    ERR(xn_journal_flush(j), XN_ERR_STATE, "closed");
    ERR(xn_journal_open_report_json(j, &report), XN_ERR_STATE, "closed");
    ERR(xn_journal_durable_seq(j, &durable), XN_ERR_STATE, "closed");
    xn_journal_free(j);

    /* A second handle on the same directory: the same state, byte for byte. */
    xn_journal *again = NULL;
    OK(open_journal(dir, NULL, &again));
    char *reopened = snapshot_of(again);
    CHECK(live != NULL && reopened != NULL && strcmp(live, reopened) == 0);
    CHECK(seq_of(again) == seq);
    OK(xn_journal_open_report_json(again, &report));
    CONTAINS(report, "\"torn\":null");
    char want[64];
    snprintf(want, sizeof want, "\"records\":%llu", (unsigned long long)seq);
    CONTAINS(report, want);
    xn_buffer_free(&report);
    /* It goes on from there. */
    OK(xn_journal_advance(again, at(11, 30, 9), &ev));
    xn_buffer_free(&ev);
    CHECK(seq_of(again) > seq);
    OK(xn_journal_close(again));
    xn_journal_free(again);
    free(live);
    free(reopened);

    xn_buffer vr = {0};
    OK(verify(dir, NULL, &vr));
    CONTAINS(vr, "\"first_bad_seq\":null");
    CONTAINS(vr, "\"damage\":null");
    CONTAINS(vr, "\"checkpoint_checked\":null");
    xn_buffer_free(&vr);
}

/* The engine view: read with the xn_engine_* readers, refused by the changing ones, never freed. */
static void test_engine_view(void) {
    const char *dir = dir_of("view");
    xn_journal *j = NULL;
    OK(open_journal(dir, NULL, &j));
    fill(j);
    const xn_engine *view = NULL, *same = NULL;
    OK(xn_journal_engine(j, &view));
    OK(xn_journal_engine(j, &same));
    CHECK(view != NULL && view == same);
    size_t n = 0;
    OK(xn_engine_case_count(view, &n));
    CHECK(n == 2);
    xn_buffer out = {0};
    OK(xn_engine_case_json(view, S("C1"), &out));
    CONTAINS(out, "\"applicant\":\"张三\"");
    xn_buffer_free(&out);
    OK(xn_engine_view_json(view, S("J1"), at(10, 20, 9), &out));
    CONTAINS(out, "\"state\":\"accepted\"");
    xn_buffer_free(&out);
    ERR(xn_engine_case_json(view, S("C9"), &out), XN_ERR_NOT_FOUND, "C9");
    OK(xn_engine_board_json(view, at(10, 20, 9), &out));
    xn_buffer_free(&out);
    OK(xn_engine_policy_json(view, &out));
    xn_buffer_free(&out);
    bool has = false;
    int64_t when = 0;
    OK(xn_engine_next_timer(view, &has, &when));
    CHECK(has && when > at(10, 20, 9));

    /* Changing the engine goes through the journal: the view refuses, and nothing changes. */
    xn_engine *mut = (xn_engine *)view;
    uint64_t before = seq_of(j);
    ERR(xn_engine_execute(mut, S(RECEIVE_C1), &out), XN_ERR_STATE, "read only");
    LAST(XN_ERR_STATE, "engine", "journal view");
    ERR(xn_engine_advance(mut, at(12, 1, 9), &out), XN_ERR_STATE, "read only");
    size_t count = 0;
    ERR(xn_engine_pending(mut, at(12, 1, 9), &count), XN_ERR_STATE, "read only");
    ERR(xn_engine_reserve(mut, 10), XN_ERR_STATE, "read only");
    CHECK(out.data == NULL && seq_of(j) == before);
    /* Not the caller's to free: nothing happens (valgrind would see a bad free). */
    xn_engine_free(mut);
    OK(xn_engine_seq(view, &before));

    /* Closed with its journal: the pointer stays valid until xn_journal_free, every call refused. */
    OK(xn_journal_close(j));
    uint64_t seq = 0;
    ERR(xn_engine_seq(view, &seq), XN_ERR_STATE, "closed");
    LAST(XN_ERR_STATE, "journal", "closed");
    ERR(xn_engine_snapshot(view, &out), XN_ERR_STATE, "closed");
    ERR(xn_engine_queued(view, &count), XN_ERR_STATE, "closed");
    ERR(xn_engine_case_json(view, S("C1"), &out), XN_ERR_STATE, "closed");
    OK(xn_journal_engine(j, &same));
    CHECK(same == view);
    xn_journal_free(j);
}

/* Durability "never": acknowledged before durable; flush and close make it durable. */
static void test_durability_option(void) {
    const char *dir = dir_of("never");
    xn_journal *j = NULL;
    OK(open_journal(dir, "{\"durability\": \"never\", \"segment_bytes\": 1048576}", &j));
    EXEC(j, RECEIVE_C1);
    EXEC(j, ACCEPT_C1);
    uint64_t durable = 99;
    OK(xn_journal_durable_seq(j, &durable));
    CHECK(durable == 0 && seq_of(j) >= 2);
    OK(xn_journal_flush(j));
    OK(xn_journal_durable_seq(j, &durable));
    CHECK(durable == seq_of(j));
    EXEC(j, RECEIVE_J1);
    OK(xn_journal_durable_seq(j, &durable));
    CHECK(durable < seq_of(j));
    uint64_t seq = seq_of(j);
    OK(xn_journal_close(j));
    xn_journal_free(j);
    OK(open_journal(dir, "{\"durability\": {\"every_records\": 64}}", &j));
    CHECK(seq_of(j) == seq);
    OK(xn_journal_durable_seq(j, &durable));
    CHECK(durable == seq);
    OK(xn_journal_close(j));
    xn_journal_free(j);
}

/* A byte edited in a segment: verify and open name the first bad sequence number. */
static void test_tampering_names_the_first_bad_seq(void) {
    const char *dir = dir_of("tamper");
    xn_journal *j = NULL;
    OK(open_journal(dir, NULL, &j));
    EXEC(j, RECEIVE_C1); /* seq 1 */
    EXEC(j, RECEIVE_J1); /* seq 2 */
    EXEC(j, ACCEPT_C1);  /* seq 3.. */
    EXEC(j, ACCEPT_J1);
    OK(xn_journal_close(j));
    xn_journal_free(j);

    char seg[4096];
    first_segment(dir, seg, sizeof seg);
    size_t len = 0;
    char *text = read_all(seg, &len);
    CHECK(text != NULL);
    if (text == NULL) {
        return;
    }
    /* The applicant of seq 2, 李四, becomes 李五: one byte edited, the record otherwise intact. */
    char *rec = strstr(text, "{\"seq\":2,");
    char *name = rec != NULL ? strstr(rec, "李四") : NULL;
    CHECK(name != NULL);
    if (name != NULL) {
        memcpy(name + strlen("李"), "五", strlen("五"));
        CHECK(write_all(seg, text, len, "wb"));
    }
    free(text);

    xn_buffer report = {0};
    ERR(verify(dir, NULL, &report), XN_ERR_CORRUPT, NULL);
    LAST(XN_ERR_CORRUPT, "seq", "2");
    /* The report is filled for XN_ERR_CORRUPT: what was verified, and where the damage is. */
    CONTAINS(report, "\"first_bad_seq\":2");
    CONTAINS(report, "\"records\":1");
    CHECK(report.data != NULL && strstr(report.data, "\"damage\":null") == NULL);
    xn_buffer_free(&report);

    /* Opening refuses it, naming the same seq, and changes nothing. */
    j = NULL;
    ERR(open_journal(dir, NULL, &j), XN_ERR_CORRUPT, NULL);
    LAST(XN_ERR_CORRUPT, "seq", "2");
    CHECK(j == NULL);
}

/* A checkpoint kept elsewhere: a tail cut afterwards verifies alone, but not against the checkpoint. */
static void test_checkpoint_detects_truncation(void) {
    const char *dir = dir_of("checkpoint");
    xn_journal *j = NULL;
    OK(open_journal(dir, NULL, &j));
    EXEC(j, RECEIVE_C1);
    EXEC(j, RECEIVE_J1);
    uint64_t cut_from = seq_of(j) + 1;
    EXEC(j, ACCEPT_C1);
    xn_buffer cp = {0};
    OK(xn_journal_checkpoint_json(j, &cp));
    CONTAINS(cp, "\"format\":1");
    CONTAINS(cp, "\"algorithm\":\"sha256\"");
    char want[64];
    snprintf(want, sizeof want, "\"size\":%llu", (unsigned long long)seq_of(j));
    CONTAINS(cp, want);
    OK(xn_journal_close(j));
    xn_journal_free(j);

    xn_buffer report = {0};
    OK(verify(dir, cp.data, &report));
    CONTAINS(report, "\"checkpoint_checked\":true");
    xn_buffer_free(&report);

    /* Cut the last batch off, at a line boundary: a clean, shorter journal. */
    char seg[4096], needle[64];
    first_segment(dir, seg, sizeof seg);
    size_t len = 0;
    char *text = read_all(seg, &len);
    snprintf(needle, sizeof needle, "{\"seq\":%llu,", (unsigned long long)cut_from);
    char *line = text != NULL ? strstr(text, needle) : NULL;
    CHECK(line != NULL);
    if (line != NULL) {
        CHECK(truncate(seg, (off_t)(line - text)) == 0);
    }
    free(text);

    OK(verify(dir, NULL, &report));
    xn_buffer_free(&report);
    ERR(verify(dir, cp.data, &report), XN_ERR_CORRUPT, "truncated");
    snprintf(want, sizeof want, "%llu", (unsigned long long)cut_from);
    LAST(XN_ERR_CORRUPT, "seq", want);
    snprintf(needle, sizeof needle, "\"first_bad_seq\":%llu", (unsigned long long)cut_from);
    CONTAINS(report, needle);
    xn_buffer_free(&report);

    /* A malformed checkpoint, or one of another algorithm, is not a verdict on the journal. */
    ERR(verify(dir, "{\"size\": 1}", &report), XN_ERR_PARSE, NULL);
    CHECK(report.data == NULL);
    char *other = malloc(cp.len + 1);
    memcpy(other, cp.data, cp.len + 1);
    char *alg = strstr(other, "sha256");
    if (alg != NULL) {
        memcpy(alg, "sm3\",", 5);
        memmove(alg + 5, alg + 8, strlen(alg + 8) + 1);
    }
    ERR(verify(dir, other, &report), XN_ERR_INVALID, NULL);
    LAST(XN_ERR_INVALID, "checkpoint.algorithm", "sm3");
    free(other);
    xn_buffer_free(&cp);
}

/* A torn tail (a crash mid-write) is not damage: verify reports it, the next open cuts it. */
static void test_torn_tail_is_cut(void) {
    const char *dir = dir_of("torn");
    xn_journal *j = NULL;
    OK(open_journal(dir, NULL, &j));
    EXEC(j, RECEIVE_C1);
    uint64_t seq = seq_of(j);
    OK(xn_journal_close(j));
    xn_journal_free(j);
    char seg[4096];
    first_segment(dir, seg, sizeof seg);
    const char partial[] = "{\"seq\":2,\"at\":\"2026-09-28T02:00:00Z\",\"act";
    CHECK(write_all(seg, partial, strlen(partial), "ab"));

    xn_buffer report = {0};
    OK(verify(dir, NULL, &report));
    CONTAINS(report, "\"torn\":{");
    xn_buffer_free(&report);
    OK(open_journal(dir, NULL, &j));
    OK(xn_journal_open_report_json(j, &report));
    CONTAINS(report, "\"torn\":{");
    char want[64];
    snprintf(want, sizeof want, "\"cut_bytes\":%zu", strlen(partial));
    CONTAINS(report, want);
    xn_buffer_free(&report);
    CHECK(seq_of(j) == seq);
    EXEC(j, ACCEPT_C1);
    OK(xn_journal_close(j));
    xn_journal_free(j);
    OK(verify(dir, NULL, &report));
    CONTAINS(report, "\"torn\":null");
    xn_buffer_free(&report);
}

/* SM3 (国密) as an option: the chain, the checkpoint and the report say so; the algorithm is fixed. */
static void test_sm3(void) {
    const char *dir = dir_of("sm3");
    xn_journal *j = NULL;
    OK(open_journal(dir, "{\"algorithm\": \"sm3\"}", &j));
    fill(j);
    xn_buffer cp = {0}, report = {0};
    OK(xn_journal_checkpoint_json(j, &cp));
    CONTAINS(cp, "\"algorithm\":\"sm3\"");
    char *live = snapshot_of(j);
    OK(xn_journal_close(j));
    xn_journal_free(j);
    OK(verify(dir, cp.data, &report));
    CONTAINS(report, "\"algorithm\":\"sm3\"");
    CONTAINS(report, "\"checkpoint_checked\":true");
    xn_buffer_free(&report);
    char seg[4096];
    first_segment(dir, seg, sizeof seg);
    size_t len = 0;
    char *text = read_all(seg, &len);
    CHECK(text != NULL && strstr(text, "\"algorithm\":\"sm3\"") != NULL);
    free(text);

    /* Reopened with the default (SHA-256): refused, naming the field. */
    j = NULL;
    ERR(open_journal(dir, NULL, &j), XN_ERR_INVALID, "sm3");
    LAST(XN_ERR_INVALID, "algorithm", "sha256");
    CHECK(j == NULL);
    OK(open_journal(dir, "{\"algorithm\": \"sm3\"}", &j));
    char *reopened = snapshot_of(j);
    CHECK(live != NULL && reopened != NULL && strcmp(live, reopened) == 0);
    OK(xn_journal_close(j));
    xn_journal_free(j);
    free(live);
    free(reopened);
    xn_buffer_free(&cp);
}

/* Snapshots by policy and now, and compaction: the chain stays verifiable, the state the same. */
static void test_snapshots_and_compaction(void) {
    const char *dir = dir_of("compact");
    xn_journal *j = NULL;
    /* One batch per segment (segment_bytes 1), a snapshot every 3 records. */
    OK(open_journal(dir, "{\"segment_bytes\": 1, \"snapshot_every\": 3}", &j));
    fill(j);
    CHECK(count_files(dir, "snap-") >= 1);
    int segments = count_files(dir, "seg-");
    CHECK(segments >= 4);
    OK(xn_journal_snapshot_now(j));
    size_t removed = 0;
    OK(xn_journal_compact(j, &removed));
    CHECK(removed > 0 && (int)removed < segments);
    CHECK(count_files(dir, "snap-") == 1 && count_files(dir, "seg-") == segments - (int)removed);
    char *live = snapshot_of(j);
    OK(xn_journal_close(j));
    xn_journal_free(j);

    xn_buffer report = {0};
    OK(verify(dir, NULL, &report));
    CONTAINS(report, "\"snapshot_seq\":");
    CHECK(report.data != NULL && strstr(report.data, "\"snapshot_seq\":null") == NULL);
    xn_buffer_free(&report);
    OK(open_journal(dir, NULL, &j));
    char *reopened = snapshot_of(j);
    CHECK(live != NULL && reopened != NULL && strcmp(live, reopened) == 0);
    OK(xn_journal_close(j));
    xn_journal_free(j);
    free(live);
    free(reopened);
}

/* A confidential field enters the chain as a commitment; erasing it keeps the journal verifiable. */
static void test_confidential_field(void) {
    const char *dir = dir_of("confidential");
    const char *options = "{\"confidential\": [{\"event\": \"received\", \"pointer\": \"/applicant\"}]}";
    xn_journal *j = NULL;
    OK(open_journal(dir, options, &j));
    EXEC(j, RECEIVE_C1);
    EXEC(j, RECEIVE_J1);
    char seg[4096];
    first_segment(dir, seg, sizeof seg);
    size_t len = 0;
    char *text = read_all(seg, &len);
    CHECK(text != NULL && strstr(text, "张三") == NULL && strstr(text, "\"applicant\":\"sealed:") != NULL);
    free(text);
    uint64_t erased = 0;
    OK(xn_journal_erase_through(j, 1, &erased));
    CHECK(erased == 1);
    OK(xn_journal_close(j));
    xn_journal_free(j);
    xn_buffer report = {0};
    OK(verify(dir, NULL, &report));
    CONTAINS(report, "\"erased\":1");
    xn_buffer_free(&report);
}

/* Bad options name the field; the directory is not touched by a refused open. */
static void test_bad_options(void) {
    const char *dir = dir_of("options");
    xn_journal *j = NULL;
    ERR(open_journal(dir, "{\"algorithm\": \"md5\"}", &j), XN_ERR_PARSE, "md5");
    LAST(XN_ERR_PARSE, "algorithm", "");
    ERR(open_journal(dir, "{\"algo\": \"sm3\"}", &j), XN_ERR_PARSE, "algo");
    ERR(open_journal(dir, "{\"durability\": {\"every_records\": \"many\"}}", &j), XN_ERR_PARSE, NULL);
    LAST(XN_ERR_PARSE, "durability.every_records", "");
    ERR(open_journal(dir, "{\"snapshot_every\": -1}", &j), XN_ERR_PARSE, NULL);
    LAST(XN_ERR_PARSE, "snapshot_every", "");
    ERR(open_journal(dir, "{\"confidential\": [{\"event\": \"received\", \"pointer\": \"applicant\"}]}", &j),
        XN_ERR_INVALID, "JSON pointer");
    LAST(XN_ERR_INVALID, "confidential[0].pointer", "applicant");
    ERR(open_journal(dir, "not json", &j), XN_ERR_PARSE, NULL);
    static const char bad_utf8[] = "{\"algorithm\": \"\xff\"}";
    ERR(xn_journal_open(dir, strlen(dir), policy, org, cat, bad_utf8, sizeof bad_utf8 - 1, &j), XN_ERR_UTF8, NULL);
    LAST(XN_ERR_UTF8, "options_json", "");
    CHECK(j == NULL && count_files(dir, "") == -1);
    /* Empty options are the defaults. */
    OK(open_journal(dir, "{}", &j));
    OK(xn_journal_close(j));
    xn_journal_free(j);
}

/* I/O errors are told apart from damage: a missing directory, a path that is a file. */
static void test_io_errors(void) {
    xn_buffer report = {0};
    const char *missing = dir_of("missing");
    ERR(verify(missing, NULL, &report), XN_ERR_IO, NULL);
    LAST(XN_ERR_IO, "path", missing);
    CHECK(report.data == NULL);
    char file[4096];
    snprintf(file, sizeof file, "%s/a-file", base);
    CHECK(write_all(file, "x", 1, "wb"));
    xn_journal *j = NULL;
    ERR(open_journal(file, NULL, &j), XN_ERR_IO, NULL);
    CHECK(j == NULL);
    ERR(verify(file, NULL, &report), XN_ERR_IO, NULL);
    /* An empty directory verifies: nothing to check. */
    const char *empty = dir_of("empty");
    mkdir(empty, 0700);
    OK(verify(empty, NULL, &report));
    CONTAINS(report, "\"records\":0");
    xn_buffer_free(&report);
}

/* Fail-stop: a write error (the directory removed under the journal, so the next segment cannot be
 * created) is XN_ERR_IO, and every later change is refused with XN_ERR_IO, close included. */
static void test_fail_stop(void) {
    const char *dir = dir_of("failstop");
    xn_journal *j = NULL;
    OK(open_journal(dir, "{\"segment_bytes\": 1}", &j)); /* a new segment file before every batch */
    EXEC(j, RECEIVE_C1);
    uint64_t seq = seq_of(j);
    remove_tree(dir);
    xn_buffer ev = {0};
    ERR(xn_journal_execute(j, S(RECEIVE_J1), &ev), XN_ERR_IO, NULL);
    char want[64];
    snprintf(want, sizeof want, "seg-%020llu.jsonl", (unsigned long long)seq + 1);
    LAST(XN_ERR_IO, want, "create");
    CHECK(ev.data == NULL);
    mkdir(dir, 0700); /* the disk "works again": the journal stays stopped */
    ERR(xn_journal_execute(j, S(ACCEPT_C1), &ev), XN_ERR_IO, "stopped");
    ERR(xn_journal_advance(j, at(10, 20, 9), &ev), XN_ERR_IO, "stopped");
    ERR(xn_journal_flush(j), XN_ERR_IO, "stopped");
    ERR(xn_journal_snapshot_now(j), XN_ERR_IO, "stopped");
    CHECK(ev.data == NULL);
    ERR(xn_journal_close(j), XN_ERR_IO, "stopped");
    /* Closed whatever the status. */
    ERR(xn_journal_flush(j), XN_ERR_STATE, "closed");
    xn_journal_free(j);
}

/* NULL arguments are XN_ERR_NULL naming the argument, and change nothing. */
static void test_null_arguments(void) {
    const char *dir = dir_of("nulls");
    xn_journal *j = NULL;
    ERR(xn_journal_open(NULL, 0, policy, org, cat, NULL, 0, &j), XN_ERR_NULL, "`path`");
    LAST(XN_ERR_NULL, "path", "");
    ERR(xn_journal_open(dir, strlen(dir), NULL, org, cat, NULL, 0, &j), XN_ERR_NULL, "`policy`");
    ERR(xn_journal_open(dir, strlen(dir), policy, NULL, cat, NULL, 0, &j), XN_ERR_NULL, "`org`");
    ERR(xn_journal_open(dir, strlen(dir), policy, org, NULL, NULL, 0, &j), XN_ERR_NULL, "`catalog`");
    ERR(xn_journal_open(dir, strlen(dir), policy, org, cat, NULL, 0, NULL), XN_ERR_NULL, "`out`");
    CHECK(j == NULL && count_files(dir, "") == -1);
    OK(open_journal(dir, NULL, &j));

    xn_buffer b = {0};
    const xn_engine *view = NULL;
    uint64_t u = 0;
    size_t n = 0;
    ERR(xn_journal_open_report_json(NULL, &b), XN_ERR_NULL, "`journal`");
    ERR(xn_journal_open_report_json(j, NULL), XN_ERR_NULL, "`out`");
    ERR(xn_journal_engine(NULL, &view), XN_ERR_NULL, "`journal`");
    ERR(xn_journal_engine(j, NULL), XN_ERR_NULL, "`out`");
    ERR(xn_journal_execute(NULL, S(RECEIVE_C1), &b), XN_ERR_NULL, "`journal`");
    ERR(xn_journal_execute(j, NULL, 0, &b), XN_ERR_NULL, "`command_json`");
    ERR(xn_journal_execute(j, S(RECEIVE_C1), NULL), XN_ERR_NULL, "`events_json`");
    ERR(xn_journal_advance(NULL, at(10, 1, 9), &b), XN_ERR_NULL, "`journal`");
    ERR(xn_journal_advance(j, at(10, 1, 9), NULL), XN_ERR_NULL, "`events_json`");
    ERR(xn_journal_add_notice_json(NULL, S("{}"), at(10, 1, 9), false, &b), XN_ERR_NULL, "`journal`");
    ERR(xn_journal_add_notice_json(j, NULL, 0, at(10, 1, 9), false, &b), XN_ERR_NULL, "`notice_json`");
    ERR(xn_journal_add_notice_json(j, S("{}"), at(10, 1, 9), false, NULL), XN_ERR_NULL, "`events_json`");
    ERR(xn_journal_flush(NULL), XN_ERR_NULL, "`journal`");
    ERR(xn_journal_durable_seq(NULL, &u), XN_ERR_NULL, "`journal`");
    ERR(xn_journal_durable_seq(j, NULL), XN_ERR_NULL, "`seq`");
    ERR(xn_journal_checkpoint_json(NULL, &b), XN_ERR_NULL, "`journal`");
    ERR(xn_journal_checkpoint_json(j, NULL), XN_ERR_NULL, "`out`");
    ERR(xn_journal_snapshot_now(NULL), XN_ERR_NULL, "`journal`");
    ERR(xn_journal_compact(NULL, &n), XN_ERR_NULL, "`journal`");
    ERR(xn_journal_compact(j, NULL), XN_ERR_NULL, "`removed`");
    ERR(xn_journal_erase_through(NULL, 1, &u), XN_ERR_NULL, "`journal`");
    ERR(xn_journal_erase_through(j, 1, NULL), XN_ERR_NULL, "`erased`");
    ERR(xn_journal_close(NULL), XN_ERR_NULL, "`journal`");
    ERR(xn_journal_verify(NULL, 0, NULL, 0, &b), XN_ERR_NULL, "`path`");
    ERR(xn_journal_verify(dir, strlen(dir), NULL, 0, NULL), XN_ERR_NULL, "`report_json`");
    CHECK(b.data == NULL && seq_of(j) == 0);
    xn_journal_free(NULL);
    OK(xn_journal_close(j));
    xn_journal_free(j);
}

/* A notice added through the journal: reopened with the engine's policy (which keeps it). */
static void test_add_notice(void) {
    const char *dir = dir_of("notice");
    static const char notice[] =
        "{\"year\": 2027, \"days_off\": [{\"start\": \"2027-01-01\", \"end\": \"2027-01-03\", \"name\": \"元旦\"},"
        " {\"start\": \"2027-02-05\", \"end\": \"2027-02-13\", \"name\": \"春节\"}],"
        " \"workdays\": [\"2027-01-31\", \"2027-02-20\"]}";
    xn_journal *j = NULL;
    OK(open_journal(dir, NULL, &j));
    EXEC(j, RECEIVE_C1);
    xn_buffer ev = {0};
    ERR(xn_journal_add_notice_json(j, S("{\"year\": 2027}"), at(12, 1, 9), false, &ev), XN_ERR_INVALID, NULL);
    LAST(XN_ERR_INVALID, "days_off", "[]");
    ERR(xn_journal_add_notice_json(j, S("{\"year\": \"x\"}"), at(12, 1, 9), false, &ev), XN_ERR_PARSE, NULL);
    CHECK(ev.data == NULL);
    OK(xn_journal_add_notice_json(j, S(notice), at(12, 1, 9), false, &ev));
    CHECK(ev.data != NULL && ev.data[0] == '[');
    xn_buffer_free(&ev);
    const xn_engine *view = NULL;
    xn_buffer pj = {0};
    OK(xn_journal_engine(j, &view));
    OK(xn_engine_policy_json(view, &pj));
    char *live = snapshot_of(j);
    OK(xn_journal_close(j));
    xn_journal_free(j);
    xn_policy *with_notice = NULL;
    OK(xn_policy_from_json(pj.data, pj.len, &with_notice));
    OK(xn_journal_open(dir, strlen(dir), with_notice, org, cat, NULL, 0, &j));
    char *reopened = snapshot_of(j);
    CHECK(live != NULL && reopened != NULL && strcmp(live, reopened) == 0);
    OK(xn_journal_close(j));
    xn_journal_free(j);
    xn_policy_free(with_notice);
    xn_buffer_free(&pj);
    free(live);
    free(reopened);
}

/* One writer per journal: a second handle on the same directory is refused with XN_ERR_IO while the
 * first is open (the LOCK file's lock); verify takes no lock; after close the journal opens again. */
static void test_one_writer(void) {
    const char *dir = dir_of("onewriter");
    xn_journal *first = NULL, *second = NULL;
    OK(open_journal(dir, NULL, &first));
    exec_ok(first, RECEIVE_C1, __LINE__);
    ERR(open_journal(dir, NULL, &second), XN_ERR_IO, "one writer per journal");
    CHECK(second == NULL);
    xn_buffer report = {0};
    OK(verify(dir, NULL, &report));
    xn_buffer_free(&report);
    OK(xn_journal_close(first));
    xn_journal_free(first);
    OK(open_journal(dir, NULL, &second));
    uint64_t seq = 0;
    OK(xn_journal_durable_seq(second, &seq));
    CHECK(seq == 1);
    OK(xn_journal_close(second));
    xn_journal_free(second);
}

int main(int argc, char **argv) {
    const char *root = argc > 1 ? argv[1] : ".";
    char path[4096];
    size_t pl = 0, ol = 0, cl = 0;
    snprintf(path, sizeof path, "%s/presets/county.toml", root);
    char *ptext = read_all(path, &pl);
    snprintf(path, sizeof path, "%s/tests/fixtures/county-org.json", root);
    char *otext = read_all(path, &ol);
    snprintf(path, sizeof path, "%s/tests/fixtures/county-catalog.json", root);
    char *ctext = read_all(path, &cl);
    int ready = ptext != NULL && otext != NULL && ctext != NULL && xn_policy_from_toml(ptext, pl, &policy) == XN_OK &&
                xn_org_from_json(otext, ol, &org) == XN_OK && xn_catalog_from_json(ctext, cl, org, &cat) == XN_OK;
    free(ptext);
    free(otext);
    free(ctext);
    const char *tmp = getenv("TMPDIR");
    snprintf(base, sizeof base, "%s/xn-test-journal-XXXXXX", tmp != NULL && tmp[0] != '\0' ? tmp : "/tmp");
    if (!ready || mkdtemp(base) == NULL) {
        printf("FAIL: fixtures under %s or a temporary directory: %s\n0 passed, 1 failed\n", root, xn_last_error());
        xn_catalog_free(cat);
        xn_org_free(org);
        xn_policy_free(policy);
        return 1;
    }
    test_reopen_gives_the_same_state();
    test_one_writer();
    test_engine_view();
    test_durability_option();
    test_tampering_names_the_first_bad_seq();
    test_checkpoint_detects_truncation();
    test_torn_tail_is_cut();
    test_sm3();
    test_snapshots_and_compaction();
    test_confidential_field();
    test_bad_options();
    test_io_errors();
    test_fail_stop();
    test_null_arguments();
    test_add_notice();
    remove_tree(base);
    xn_catalog_free(cat);
    xn_org_free(org);
    xn_policy_free(policy);
    printf("%d passed, %d failed\n", passed, failed);
    return failed == 0 ? 0 : 1;
}
