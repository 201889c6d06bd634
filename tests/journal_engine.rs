//! The engine on a journal: reopening gives the engine the live one was, answers are acknowledged only
//! once durable, snapshots and compaction keep the chain verifiable, a damaged snapshot stops the open,
//! erasure keeps every hash verifiable, readers verify while a writer appends, and a host's own sink.

mod common;

use chrono::{DateTime, Duration, Utc};
use common::scenario;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use xiaoneng::journal::{
    verify, verify_storage, Confidential, Journal, JournalOptions, JournaledEngine, Loss, MemStorage, SinkedEngine,
    Storage,
};
use xiaoneng::{commands, Command, Engine, ErrorCode, EventKind};

fn receive(case: &str, at: DateTime<Utc>, applicant: &str) -> Command {
    Command::from(commands::Receive {
        case: case.into(),
        at,
        actor: "s-clerk".into(),
        item: "330100-FOOD-001".into(),
        applicant: applicant.into(),
        materials: vec![],
        renewal_of_expiry: None,
    })
}

fn open_mem(mem: &MemStorage, o: &JournalOptions) -> JournaledEngine {
    let (p, org, c) = scenario::config();
    JournaledEngine::open_storage(Box::new(mem.clone()), p, org, c, o.clone()).unwrap()
}

/// `steps` seeded random commands and advances (receipts of new cases, and any command on them).
fn drive(e: &mut JournaledEngine, seed: u64, steps: usize) {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let mut now = scenario::start();
    for _ in 0..steps {
        now += Duration::seconds(rng.random_range(0..8 * 3_600));
        if rng.random_range(0..8) == 0 {
            e.advance(now).unwrap();
            continue;
        }
        let kind = if rng.random_range(0..3) == 0 {
            0
        } else {
            rng.random_range(0..19)
        };
        let actor = if kind == 0 { 0 } else { rng.random_range(0..8) };
        if let Some(cmd) = scenario::command(
            kind,
            rng.random_range(0..40),
            actor,
            rng.random_range(0..2),
            rng.random(),
            now,
        ) {
            if let Err(err) = e.execute(cmd) {
                assert_ne!(err.code(), ErrorCode::Io, "{err}");
            }
        }
    }
}

#[test]
fn reopening_gives_an_engine_equal_to_the_live_one() {
    let dir = tempfile::tempdir().unwrap();
    let o = JournalOptions {
        segment_bytes: 8_000,
        snapshot_every: 25,
        ..JournalOptions::default()
    };
    let (p, org, c) = scenario::config();
    let mut e = JournaledEngine::open(dir.path(), p.clone(), org.clone(), c.clone(), o.clone()).unwrap();
    drive(&mut e, 1, 200);
    let live = e.engine().clone();
    assert!(live.seq() > 50, "the scenario does something: {} events", live.seq());
    e.close().unwrap();
    let reopened = JournaledEngine::open(dir.path(), p, org, c, o).unwrap();
    assert_eq!(reopened.engine(), &live);
    let report = reopened.report();
    assert!(report.snapshot_seq.is_some() && report.segments > 1, "{report:?}");
    assert!(verify(dir.path(), None).unwrap().is_ok());
}

#[test]
fn replaying_the_whole_journal_equals_the_live_engine() {
    let mem = MemStorage::new(1);
    let mut e = open_mem(&mem, &JournalOptions::default());
    drive(&mut e, 2, 150);
    let live = e.engine().clone();
    e.close().unwrap();
    let (_, _, recovery) = Journal::open(Box::new(mem), JournalOptions::default()).unwrap();
    let (p, org, c) = scenario::config();
    assert_eq!(Engine::replay(p, org, c, &recovery.events).unwrap(), live);
}

#[test]
fn snapshots_at_policy_intervals_and_compaction_keep_the_chain_verifiable() {
    let mem = MemStorage::new(1);
    let o = JournalOptions {
        segment_bytes: 3_000,
        snapshot_every: 20,
        compact: true,
        ..JournalOptions::default()
    };
    let mut e = open_mem(&mem, &o);
    drive(&mut e, 3, 200);
    let live = e.engine().clone();
    let early = e.journal().seq();
    e.close().unwrap();
    let files = mem.list().unwrap();
    let snaps: Vec<_> = files.iter().filter(|f| f.starts_with("snap-")).collect();
    assert_eq!(snaps.len(), 1, "older snapshots compacted: {files:?}");
    assert!(
        !files.contains(&"seg-00000000000000000001.jsonl".to_string()),
        "covered segments removed: {files:?}"
    );
    let report = verify_storage(&mem, None).unwrap();
    assert!(report.is_ok(), "{report:?}");
    assert!(report.snapshot_seq.unwrap() + 20 > early);
    assert_eq!(open_mem(&mem, &o).engine(), &live);
}

#[test]
fn a_damaged_snapshot_stops_the_open_naming_its_seq() {
    let mem = MemStorage::new(1);
    let o = JournalOptions::default();
    let mut e = open_mem(&mem, &o);
    let at = scenario::start();
    e.execute(receive("C1", at, "张三")).unwrap();
    e.snapshot_now().unwrap();
    e.execute(receive("C2", at, "李四")).unwrap();
    e.close().unwrap();
    let name = format!("snap-{:020}.json", 1);
    let text = String::from_utf8(mem.read(&name).unwrap()).unwrap();
    mem.put(&name, text.replace("张三", "王五").into_bytes());
    let (p, org, c) = scenario::config();
    let err = JournaledEngine::open_storage(Box::new(mem.clone()), p, org, c, o).unwrap_err();
    assert_eq!(
        (err.code(), err.field(), err.value()),
        (ErrorCode::Corrupt, Some("seq"), Some("1")),
        "{err}"
    );
    assert_eq!(verify_storage(&mem, None).unwrap().first_bad_seq, Some(1));
}

#[test]
fn an_answer_is_acknowledged_only_once_durable_and_a_failed_sync_stops_the_engine() {
    let mem = MemStorage::new(1);
    let o = JournalOptions::default();
    let mut e = open_mem(&mem, &o);
    let at = scenario::start();
    e.execute(receive("C1", at, "张三")).unwrap();
    let before = e.engine().clone();
    mem.fail_sync(0);
    let err = e.execute(receive("C2", at, "李四")).unwrap_err();
    assert_eq!(err.code(), ErrorCode::Io, "{err}");
    // Stopped: nothing more is taken, though the storage works again.
    let err = e.execute(receive("C3", at, "王五")).unwrap_err();
    assert_eq!(err.code(), ErrorCode::Io);
    assert!(e.advance(at).is_err() && e.snapshot_now().is_err());
    // What a crash leaves: the acknowledged answer, and not the one that failed.
    let reopened = open_mem(&mem.crashed(Loss::Drop, 0), &o);
    assert_eq!(reopened.engine(), &before);
}

#[test]
fn a_confidential_field_enters_the_chain_as_a_commitment_and_its_erasure_keeps_every_hash() {
    let mem = MemStorage::new(7);
    let o = JournalOptions {
        confidential: vec![Confidential::new("received", "/applicant")],
        ..JournalOptions::default()
    };
    let mut e = open_mem(&mem, &o);
    let at = scenario::start();
    e.execute(receive("C1", at, "张三")).unwrap();
    e.execute(receive("C2", at + Duration::hours(1), "李四")).unwrap();
    let live = e.engine().clone();
    e.close().unwrap();
    let segment = String::from_utf8(mem.read("seg-00000000000000000001.jsonl").unwrap()).unwrap();
    assert!(
        !segment.contains("张三") && segment.contains("\"applicant\":\"sealed:"),
        "{segment}"
    );
    // Kept beside the chain: the engine reopens as it was.
    assert_eq!(open_mem(&mem, &o).engine(), &live);
    assert_eq!(live.case("C1").unwrap().applicant(), "张三");
    // Retention ends for the first record: erased, and the journal still verifies.
    let mut j = Journal::open(Box::new(mem.clone()), o.clone()).unwrap().0;
    assert_eq!(j.erase_through(1).unwrap(), 1);
    j.close().unwrap();
    let report = verify_storage(&mem, None).unwrap();
    assert!(report.is_ok() && report.erased == 1, "{report:?}");
    let side = String::from_utf8(mem.read("seg-00000000000000000001.sealed.jsonl").unwrap()).unwrap();
    assert!(!side.contains("张三") && side.contains("李四"), "{side}");
    let (_, _, recovery) = Journal::open(Box::new(mem.clone()), o.clone()).unwrap();
    let applicant = |k: usize| match &recovery.events[k].kind {
        EventKind::Received { applicant, .. } => applicant.clone(),
        other => panic!("{other:?}"),
    };
    assert!(applicant(0).starts_with("sealed:"), "{}", applicant(0));
    assert_eq!(applicant(1), "李四");
    // A kept value that does not match its commitment is damage.
    mem.put(
        "seg-00000000000000000001.sealed.jsonl",
        side.replace("李四", "赵六").into_bytes(),
    );
    assert_eq!(verify_storage(&mem, None).unwrap().first_bad_seq, Some(2));
}

#[test]
fn a_confidential_pointer_that_points_nowhere_is_refused_not_left_in_clear() {
    // Without the leading `/` it would match no field, and the value would enter the chain in clear.
    let text = r#"{"confidential": [{"event": "received", "pointer": "/applicant"}, {"event": "received", "pointer": "applicant"}]}"#;
    let err = JournalOptions::from_json(text).unwrap_err();
    assert_eq!(
        (err.code(), err.field()),
        (ErrorCode::InvalidInput, Some("confidential[1].pointer"))
    );
    let o = JournalOptions {
        confidential: vec![Confidential::new("received", "applicant")],
        ..JournalOptions::default()
    };
    let err = Journal::open(Box::new(MemStorage::new(1)), o).unwrap_err();
    assert_eq!(err.field(), Some("confidential[0].pointer"));
}

#[test]
fn readers_verify_while_a_writer_appends() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().to_path_buf();
    let o = JournalOptions {
        segment_bytes: 2_000,
        ..JournalOptions::default()
    };
    let writer = std::thread::spawn({
        let path = path.clone();
        move || {
            let (mut j, _, _) = Journal::open_dir(&path, o).unwrap();
            for s in 1..=300 {
                j.append(&[common::journal::event(s)]).unwrap();
                if s % 40 == 0 {
                    // The journal alone: any JSON stands for the engine's state.
                    j.write_snapshot("{}").unwrap();
                    j.compact().unwrap();
                }
            }
            j.close().unwrap();
        }
    });
    let mut reads = 0;
    while !writer.is_finished() || reads == 0 {
        let report = verify(&path, None).unwrap();
        assert!(report.is_ok(), "{report:?}");
        reads += 1;
    }
    writer.join().unwrap();
    let report = verify(&path, None).unwrap();
    assert_eq!(
        (report.last_seq, report.snapshot_seq, report.torn),
        (300, Some(280), None)
    );
}

#[test]
fn a_host_sink_receives_every_answer_in_order() {
    let mut e = SinkedEngine::new(scenario::engine(), Vec::new());
    let at = scenario::start();
    let mut answered = e.execute(receive("C1", at, "张三")).unwrap();
    answered.extend(e.advance(at + Duration::days(30)).unwrap());
    assert!(
        e.execute(receive("C1", at, "张三")).is_err(),
        "a refused command reaches no sink"
    );
    let (engine, sink) = e.into_parts();
    assert_eq!(sink, answered);
    assert_eq!(sink.len() as u64, engine.seq());
}

#[test]
fn a_notice_added_on_a_journaled_engine_reopens_with_the_engine_s_policy() {
    let mem = MemStorage::new(1);
    let o = JournalOptions {
        snapshot_every: 3,
        ..JournalOptions::default()
    };
    let mut e = open_mem(&mem, &o);
    let at = common::t("2026-12-21T09:00:00+08:00");
    e.execute(receive("C1", at, "张三")).unwrap();
    let notice = xiaoneng::YearNotice::from_json(
        r#"{"year": 2027, "days_off": [{"start": "2027-01-01", "end": "2027-01-03", "name": "元旦"}]}"#,
    )
    .unwrap();
    e.add_notice(notice, at + Duration::hours(1)).unwrap();
    e.advance(at + Duration::days(20)).unwrap();
    let live = e.engine().clone();
    e.close().unwrap();
    let (_, org, c) = scenario::config();
    let reopened =
        JournaledEngine::open_storage(Box::new(mem.clone()), live.policy().clone(), org, c, o.clone()).unwrap();
    assert_eq!(reopened.engine(), &live);
}

#[test]
fn a_second_writer_is_refused_while_the_first_holds_the_journal() {
    let dir = tempfile::tempdir().unwrap();
    let (p, org, c) = scenario::config();
    let o = JournalOptions::default();
    let mut first = JournaledEngine::open(dir.path(), p.clone(), org.clone(), c.clone(), o.clone()).unwrap();
    drive(&mut first, 3, 20);
    // Another handle (in another process it is the same lock) is refused, naming why, and changes nothing.
    let err = JournaledEngine::open(dir.path(), p.clone(), org.clone(), c.clone(), o.clone()).unwrap_err();
    assert_eq!(err.code(), ErrorCode::Io);
    assert!(err.reason().contains("one writer per journal"), "{err}");
    assert!(Journal::open_dir(dir.path(), o.clone()).is_err());
    // Readers take no lock.
    assert!(verify(dir.path(), None).unwrap().is_ok());
    let live = first.engine().clone();
    first.close().unwrap();
    // Closed (or crashed: the lock goes with the process), the journal opens again.
    let reopened = JournaledEngine::open(dir.path(), p, org, c, o).unwrap();
    assert_eq!(reopened.engine(), &live);
}

#[test]
fn a_complainants_identity_is_always_sealed_in_the_journal_and_erasable() {
    let mem = MemStorage::new(7);
    // No confidential fields in the options: the complainant is sealed all the same.
    let o = JournalOptions::default();
    let mut e = open_mem(&mem, &o);
    let register = Command::from(commands::RegisterComplaint {
        case: "T1".into(),
        at: scenario::start(),
        actor: "s-sup".into(),
        channel: xiaoneng::Channel::Letter,
        category: xiaoneng::Category::Rudeness,
        respondent: "amr".into(),
        subject: "窗口人员态度生硬".into(),
        complainant: Some("王小姐".into()),
        contact: "139-0000-1111".into(),
    });
    let seq = e.execute(register).unwrap()[0].seq;
    drop(e);
    let mut chain = Vec::new();
    for name in mem.list().unwrap() {
        if !name.contains("sealed") {
            chain.extend(mem.read(&name).unwrap());
        }
    }
    let chain = String::from_utf8_lossy(&chain);
    assert!(chain.contains("窗口人员态度生硬"), "the segment holds the complaint");
    assert!(!chain.contains("王小姐") && !chain.contains("139-0000-1111"), "{chain}");
    // Reopened, the engine has the complainant back from beside the chain.
    let mut e = open_mem(&mem, &o);
    assert_eq!(
        e.engine().complaint("T1").unwrap().complainant.as_ref().unwrap().name,
        "王小姐"
    );
    // Erased at the end of its retention: gone from the side file, and the chain still verifies.
    e.erase_through(seq).unwrap();
    drop(e);
    let e = open_mem(&mem, &o);
    let name = &e.engine().complaint("T1").unwrap().complainant.as_ref().unwrap().name;
    assert!(name.starts_with("sealed:"), "{name}");
    let report = verify_storage(&mem, None).unwrap();
    assert_eq!((report.first_bad_seq, report.erased), (None, 2));
}
