//! The journal's guarantees, one test each (docs/journal.md): exact-bytes hashing, the torn tail cut,
//! each kind of tampering named by its first bad sequence number, fail-stop, checkpoints, both hash
//! algorithms, durability policies, rotation, snapshots and compaction, erasure.

mod common;

use common::journal::{event, events, lines, open, put_lines, segments, written};
use xiaoneng::journal::{
    verify_storage, Checkpoint, Durability, HashAlgorithm, Journal, JournalOptions, Loss, MemStorage, Storage,
};
use xiaoneng::{Error, ErrorCode};

fn options() -> JournalOptions {
    JournalOptions::default()
}

/// The `seq` an open's damage error names.
fn bad_seq(mem: &MemStorage) -> u64 {
    let err = Journal::open(Box::new(mem.clone()), options()).unwrap_err();
    assert_eq!((err.code(), err.field()), (ErrorCode::Corrupt, Some("seq")), "{err}");
    let report = verify_storage(mem, None).unwrap();
    let seq: u64 = err.value().unwrap().parse().unwrap();
    assert_eq!(
        report.first_bad_seq,
        Some(seq),
        "verify and open name the same record: {err}"
    );
    seq
}

#[test]
fn a_record_hash_covers_the_exact_bytes_written_before_it() {
    let mem = written(2, &options());
    let seg = &segments(&mem)[0];
    let l = lines(&mem, seg);
    assert_eq!(l.len(), 3, "a header and two records");
    let second = &l[2];
    let body = &second[..second.len() - 76];
    let hash = HashAlgorithm::Sha256.digest(&[body]).to_string();
    assert!(second.ends_with(format!(",\"hash\":\"{hash}\"}}\n").as_bytes()));
    let first_hash = &l[1][l[1].len() - 67..l[1].len() - 3];
    assert!(std::str::from_utf8(body)
        .unwrap()
        .contains(&format!("\"prev\":\"{}\"", std::str::from_utf8(first_hash).unwrap())));
}

#[test]
fn a_torn_last_record_is_cut_and_reported() {
    let mem = written(3, &options());
    let seg = segments(&mem)[0].clone();
    let mut bytes = mem.read(&seg).unwrap();
    let whole = bytes.len() as u64;
    bytes.extend_from_slice(b"{\"seq\":4,\"at\":\"2026-09");
    mem.put(&seg, bytes);
    let (mut j, report, recovery) = Journal::open(Box::new(mem.clone()), options()).unwrap();
    let torn = report.torn.expect("the torn tail is reported");
    assert_eq!((torn.kept_bytes, torn.cut_bytes, torn.cut_records), (whole, 22, 0));
    assert_eq!((report.records, recovery.events.len()), (3, 3));
    j.append(&[event(4)]).unwrap();
    j.close().unwrap();
    let report = verify_storage(&mem, None).unwrap();
    assert!(
        report.is_ok() && report.torn.is_none() && report.records == 4,
        "{report:?}"
    );
}

#[test]
fn an_unfinished_batch_is_a_torn_tail_cut_whole() {
    let mem = written(2, &options());
    let mut j = open(&mem, &options());
    j.append(&events(3, 3)).unwrap();
    drop(j);
    let seg = segments(&mem)[0].clone();
    let mut l = lines(&mem, &seg);
    l.pop();
    put_lines(&mem, &seg, &l);
    let (_, report, recovery) = Journal::open(Box::new(mem.clone()), options()).unwrap();
    assert_eq!(report.torn.unwrap().cut_records, 2);
    assert_eq!((report.last_seq, recovery.events.len()), (2, 2));
}

#[test]
fn an_edited_record_is_named_by_its_seq() {
    let mem = written(8, &options());
    let seg = segments(&mem)[0].clone();
    let mut l = lines(&mem, &seg);
    let text = String::from_utf8(l[5].clone()).unwrap().replace("申请人5", "申请人X");
    l[5] = text.into_bytes();
    put_lines(&mem, &seg, &l);
    assert_eq!(bad_seq(&mem), 5);
}

#[test]
fn an_edited_record_with_its_hash_recomputed_breaks_the_next_link() {
    let mem = written(8, &options());
    let seg = segments(&mem)[0].clone();
    let mut l = lines(&mem, &seg);
    let text = String::from_utf8(l[5].clone()).unwrap().replace("申请人5", "申请人X");
    let body = &text.as_bytes()[..text.len() - 76];
    let hash = HashAlgorithm::Sha256.digest(&[body]);
    l[5] = format!("{},\"hash\":\"{hash}\"}}\n", std::str::from_utf8(body).unwrap()).into_bytes();
    put_lines(&mem, &seg, &l);
    assert_eq!(bad_seq(&mem), 6);
}

#[test]
fn a_removed_record_is_named_by_its_seq() {
    let mem = written(8, &options());
    let seg = segments(&mem)[0].clone();
    let mut l = lines(&mem, &seg);
    l.remove(5);
    put_lines(&mem, &seg, &l);
    assert_eq!(bad_seq(&mem), 5);
}

#[test]
fn reordered_records_are_named_by_the_first_out_of_place() {
    let mem = written(8, &options());
    let seg = segments(&mem)[0].clone();
    let mut l = lines(&mem, &seg);
    l.swap(4, 5);
    put_lines(&mem, &seg, &l);
    assert_eq!(bad_seq(&mem), 4);
}

#[test]
fn an_inserted_record_is_named_by_the_seq_it_takes() {
    let mem = written(8, &options());
    let seg = segments(&mem)[0].clone();
    let mut l = lines(&mem, &seg);
    let copy = l[3].clone();
    l.insert(4, copy);
    put_lines(&mem, &seg, &l);
    assert_eq!(bad_seq(&mem), 4);
}

#[test]
fn a_removed_last_record_is_not_a_torn_tail_but_a_checkpoint_catches_it() {
    let mem = written(8, &options());
    let checkpoint = open(&mem, &options()).checkpoint();
    let seg = segments(&mem)[0].clone();
    let mut l = lines(&mem, &seg);
    l.truncate(6);
    put_lines(&mem, &seg, &l);
    assert!(
        verify_storage(&mem, None).unwrap().is_ok(),
        "a clean cut at a record boundary looks whole"
    );
    let report = verify_storage(&mem, Some(&checkpoint)).unwrap();
    assert_eq!(report.first_bad_seq, Some(6), "{report:?}");
    assert!(report.damage.unwrap().starts_with("truncated"));
}

#[test]
fn a_forked_history_differs_from_the_checkpoint() {
    let mem = written(8, &options());
    let checkpoint = open(&mem, &options()).checkpoint();
    // Another history of the same size.
    let other = MemStorage::new(2);
    let mut j = open(&other, &options());
    for s in 1..=8 {
        let mut e = event(s);
        if s == 3 {
            e.case = "C-forged".into();
        }
        j.append(&[e]).unwrap();
    }
    let report = verify_storage(&other, Some(&checkpoint)).unwrap();
    assert_eq!(report.first_bad_seq, Some(8), "{report:?}");
    assert!(report.damage.unwrap().starts_with("forked"));
    // An older checkpoint of the true history still verifies against its longer self.
    j.append(&[event(9)]).unwrap();
    let report = verify_storage(&mem, Some(&checkpoint)).unwrap();
    assert!(report.is_ok() && report.checkpoint_checked == Some(true));
    let json = checkpoint.to_json();
    assert_eq!(Checkpoint::from_json(&json).unwrap(), checkpoint);
}

#[test]
fn a_removed_segment_is_named_by_its_first_seq() {
    let o = JournalOptions {
        segment_bytes: 600,
        ..options()
    };
    let mem = written(20, &o);
    let segs = segments(&mem);
    assert!(segs.len() >= 4, "{segs:?}");
    let gone = &segs[1];
    let first: u64 = gone[4..24].parse().unwrap();
    let mut s = mem.clone();
    s.remove(gone).unwrap();
    let err = Journal::open(Box::new(mem.clone()), o).unwrap_err();
    assert_eq!(
        (err.code(), err.value()),
        (ErrorCode::Corrupt, Some(first.to_string().as_str())),
        "{err}"
    );
}

#[test]
fn segments_rotate_by_size_and_the_chain_runs_across_them() {
    let o = JournalOptions {
        segment_bytes: 600,
        ..options()
    };
    let mem = written(20, &o);
    assert!(segments(&mem).len() >= 4);
    let report = verify_storage(&mem, None).unwrap();
    assert!(report.is_ok(), "{report:?}");
    assert_eq!((report.records, report.segments), (20, segments(&mem).len()));
    let (_, _, recovery) = Journal::open(Box::new(mem), o).unwrap();
    assert_eq!(recovery.events, events(1, 20));
}

#[test]
fn after_an_injected_fsync_error_every_append_is_refused() {
    let mem = MemStorage::new(1);
    let mut j = open(&mem, &options());
    j.append(&[event(1)]).unwrap();
    mem.fail_sync(0);
    let err = j.append(&[event(2)]).unwrap_err();
    assert_eq!(err.code(), ErrorCode::Io, "{err}");
    // The storage works again, yet the journal refuses: fail-stop, no retry.
    let err = j.append(&[event(2)]).unwrap_err();
    assert_eq!(err.code(), ErrorCode::Io);
    assert!(err.reason().contains("stopped"), "{err}");
    assert!(j.flush().is_err() && j.stopped().is_some());
    assert_eq!(j.durable_seq(), 1);
    // Reopened after a crash: the acknowledged record is there.
    let after = mem.crashed(Loss::Drop, 0);
    let (_, report, _) = Journal::open(Box::new(after), options()).unwrap();
    assert_eq!(report.last_seq, 1);
}

#[test]
fn after_an_injected_write_error_every_append_is_refused() {
    let mem = MemStorage::new(1);
    let mut j = open(&mem, &options());
    j.append(&[event(1)]).unwrap();
    mem.fail_op(mem.ops());
    assert_eq!(j.append(&[event(2)]).unwrap_err().code(), ErrorCode::Io);
    assert_eq!(j.append(&[event(2)]).unwrap_err().code(), ErrorCode::Io);
    assert_eq!(j.seq(), 1);
}

#[test]
fn sm3_and_sha256_journals_both_verify_and_do_not_mix() {
    for alg in [HashAlgorithm::Sha256, HashAlgorithm::Sm3] {
        let o = JournalOptions {
            algorithm: alg,
            segment_bytes: 800,
            ..options()
        };
        let mem = written(10, &o);
        let report = verify_storage(&mem, None).unwrap();
        assert_eq!((report.algorithm, report.records), (Some(alg), 10));
        assert!(report.is_ok());
        let header = &lines(&mem, &segments(&mem)[0])[0];
        assert!(std::str::from_utf8(header)
            .unwrap()
            .contains(&format!("\"algorithm\":\"{alg}\"")));
        let other = if alg == HashAlgorithm::Sm3 {
            HashAlgorithm::Sha256
        } else {
            HashAlgorithm::Sm3
        };
        let err = Journal::open(Box::new(mem), JournalOptions { algorithm: other, ..o }).unwrap_err();
        assert_eq!((err.code(), err.field()), (ErrorCode::InvalidInput, Some("algorithm")));
    }
}

#[test]
fn a_sequence_out_of_order_is_refused_and_writes_nothing() {
    let mem = MemStorage::new(1);
    let mut j = open(&mem, &options());
    let err = j.append(&[event(2)]).unwrap_err();
    assert_eq!(
        (err.code(), err.field()),
        (ErrorCode::InvalidInput, Some("events[0].seq"))
    );
    assert!(j.stopped().is_none());
    j.append(&[event(1)]).unwrap();
}

#[test]
fn every_n_records_syncs_at_the_nth() {
    let mem = MemStorage::new(1);
    let o = JournalOptions {
        durability: Durability::EveryRecords(3),
        ..options()
    };
    let mut j = open(&mem, &o);
    j.append(&[event(1)]).unwrap();
    j.append(&[event(2)]).unwrap();
    assert_eq!(j.durable_seq(), 0);
    j.append(&[event(3)]).unwrap();
    assert_eq!(j.durable_seq(), 3);
    j.append(&[event(4)]).unwrap();
    let (_, report, _) = Journal::open(Box::new(mem.crashed(Loss::Drop, 0)), o).unwrap();
    assert_eq!(report.last_seq, 3);
}

#[test]
fn every_t_milliseconds_syncs_by_the_storage_clock() {
    let mem = MemStorage::new(1);
    let o = JournalOptions {
        durability: Durability::EveryMillis(10),
        ..options()
    };
    let mut j = open(&mem, &o);
    j.append(&[event(1)]).unwrap();
    j.append(&[event(2)]).unwrap();
    assert_eq!(j.durable_seq(), 0);
    mem.advance_ms(10);
    j.append(&[event(3)]).unwrap();
    assert_eq!(j.durable_seq(), 3);
}

#[test]
fn never_syncs_only_when_flushed() {
    let mem = MemStorage::new(1);
    let o = JournalOptions {
        durability: Durability::Never,
        ..options()
    };
    let mut j = open(&mem, &o);
    j.append(&events(1, 5)).unwrap();
    assert_eq!(j.durable_seq(), 0);
    j.flush().unwrap();
    assert_eq!(j.durable_seq(), 5);
}

#[test]
fn io_errors_have_a_stable_code() {
    assert_eq!(ErrorCode::Io as i32, 11);
    assert_eq!(ErrorCode::Corrupt as i32, 12);
    let e = Error::Io(xiaoneng::FieldError::new("seg", "sync", "disk full"));
    assert_eq!((e.code().as_str(), e.code().http_status()), ("io", 500));
}

#[test]
fn the_command_line_verify_exits_non_zero_on_damage() {
    let dir = tempfile::tempdir().unwrap();
    let (mut j, _, _) = Journal::open_dir(dir.path(), options()).unwrap();
    j.append(&events(1, 5)).unwrap();
    let checkpoint = j.checkpoint();
    j.close().unwrap();
    let cp = dir.path().join("checkpoint.json");
    let journal = dir.path().join("journal");
    std::fs::create_dir(&journal).unwrap();
    for entry in std::fs::read_dir(dir.path()).unwrap() {
        let p = entry.unwrap().path();
        if p.is_file() {
            std::fs::rename(&p, journal.join(p.file_name().unwrap())).unwrap();
        }
    }
    std::fs::write(&cp, checkpoint.to_json()).unwrap();
    let run = |args: &[&str]| {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_xiaoneng"))
            .args(args)
            .output()
            .unwrap();
        (out.status.code(), String::from_utf8(out.stdout).unwrap())
    };
    let path = journal.to_str().unwrap();
    let (code, text) = run(&["verify", path, "--checkpoint", cp.to_str().unwrap()]);
    assert_eq!(code, Some(0), "{text}");
    assert!(text.contains("records   5") && text.ends_with("OK\n"), "{text}");
    let seg = journal.join("seg-00000000000000000001.jsonl");
    let edited = std::fs::read_to_string(&seg).unwrap().replace("申请人3", "申请人X");
    std::fs::write(&seg, edited).unwrap();
    let (code, text) = run(&["verify", path, "--json"]);
    assert_eq!(code, Some(1), "{text}");
    assert!(text.contains("\"first_bad_seq\":3"), "{text}");
    assert_eq!(run(&["verify", "/nonexistent/journal"]).0, Some(2));
}

#[test]
fn a_last_line_of_nul_bytes_is_a_torn_tail() {
    let mem = written(3, &options());
    let seg = segments(&mem)[0].clone();
    let mut bytes = mem.read(&seg).unwrap();
    bytes.extend_from_slice(&[0u8; 40]);
    bytes.push(b'\n');
    mem.put(&seg, bytes);
    let (_, report, _) = Journal::open(Box::new(mem), options()).unwrap();
    assert_eq!((report.last_seq, report.torn.unwrap().cut_bytes), (3, 41));
}

#[test]
fn a_damaged_complete_last_record_is_damage_not_a_torn_tail() {
    let mem = written(3, &options());
    let seg = segments(&mem)[0].clone();
    let mut l = lines(&mem, &seg);
    let last = String::from_utf8(l[3].clone()).unwrap().replace("申请人3", "申请人X");
    l[3] = last.into_bytes();
    put_lines(&mem, &seg, &l);
    assert_eq!(bad_seq(&mem), 3);
}

#[test]
fn segments_removed_from_the_start_without_a_snapshot_name_seq_1() {
    let o = JournalOptions {
        segment_bytes: 600,
        ..options()
    };
    let mem = written(20, &o);
    let mut s = mem.clone();
    s.remove(&segments(&mem)[0]).unwrap();
    let err = Journal::open(Box::new(mem.clone()), o).unwrap_err();
    assert_eq!((err.code(), err.value()), (ErrorCode::Corrupt, Some("1")), "{err}");
}

#[test]
fn a_nul_byte_in_a_record_that_another_follows_is_damage() {
    let mem = written(4, &options());
    let seg = segments(&mem)[0].clone();
    let mut l = lines(&mem, &seg);
    l[2][10] = 0;
    put_lines(&mem, &seg, &l);
    assert_eq!(bad_seq(&mem), 2);
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(128))]

    /// Any change of any byte before the last line of a segment is damage, found by verify and by open.
    #[test]
    fn any_changed_byte_before_the_last_line_is_damage(at in 0usize..10_000, by in 1u8..=255) {
        let mem = written(6, &options());
        let seg = segments(&mem)[0].clone();
        let mut bytes = mem.read(&seg).unwrap();
        let last_line = bytes[..bytes.len() - 1].iter().rposition(|&b| b == b'\n').unwrap() + 1;
        let k = at % last_line;
        bytes[k] ^= by;
        mem.put(&seg, bytes);
        let report = verify_storage(&mem, None).unwrap();
        proptest::prop_assert!(report.first_bad_seq.is_some(), "byte {k}: {report:?}");
        proptest::prop_assert!(Journal::open(Box::new(mem), options()).is_err());
    }
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(256))]

    /// Whatever the files hold, and whatever numbers their names carry, opening and verifying answer
    /// (an error or a report), never panic.
    #[test]
    fn any_files_are_answered_without_a_panic(
        seg in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..300),
        snap in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..300),
        first in proptest::prelude::any::<u64>(),
        covered in proptest::prelude::any::<u64>(),
        valid_prefix in proptest::prelude::any::<bool>(),
    ) {
        let mem = if valid_prefix { written(3, &options()) } else { MemStorage::new(1) };
        let mut bytes = if valid_prefix { mem.read(&segments(&mem)[0]).unwrap() } else { Vec::new() };
        bytes.extend_from_slice(&seg);
        mem.put(&format!("seg-{:020}.jsonl", first % 10u64.pow(19)), bytes);
        mem.put(&format!("snap-{covered:020}.json"), snap);
        let _ = verify_storage(&mem, None);
        let _ = Journal::open(Box::new(mem), options());
    }
}

#[test]
fn a_checkpoint_whose_record_was_compacted_away_is_reported_unchecked() {
    let o = JournalOptions {
        segment_bytes: 600,
        ..options()
    };
    let mem = MemStorage::new(1);
    let mut j = open(&mem, &o);
    j.append(&events(1, 3)).unwrap();
    let old = j.checkpoint();
    for s in 4..=12 {
        j.append(&[event(s)]).unwrap();
    }
    let at_snapshot = j.checkpoint();
    j.write_snapshot("{}").unwrap();
    j.append(&events(13, 8)).unwrap();
    assert!(j.compact().unwrap() > 0);
    j.close().unwrap();
    let report = verify_storage(&mem, Some(&old)).unwrap();
    assert_eq!(
        (report.is_ok(), report.checkpoint_checked),
        (true, Some(false)),
        "{report:?}"
    );
    let report = verify_storage(&mem, Some(&at_snapshot)).unwrap();
    assert_eq!(
        (report.is_ok(), report.checkpoint_checked),
        (true, Some(true)),
        "{report:?}"
    );
    let forged = Checkpoint {
        head: old.head,
        ..at_snapshot
    };
    assert_eq!(verify_storage(&mem, Some(&forged)).unwrap().first_bad_seq, Some(12));
}
