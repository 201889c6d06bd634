//! Helpers of the journal tests: synthetic events, journals on the fault-injecting storage, and the lines
//! of a segment for tampering.

use xiaoneng::journal::{Journal, JournalOptions, MemStorage, Storage};
use xiaoneng::{Event, EventKind};

/// A `received` event numbered `seq` (the journal does not replay: any event will do).
pub fn event(seq: u64) -> Event {
    Event {
        seq,
        at: super::t("2026-09-28T01:00:00Z") + chrono::Duration::minutes(seq as i64),
        case: format!("C{seq}"),
        actor: Some("s-clerk".into()),
        provisional: false,
        kind: EventKind::Received {
            item: "330100-FOOD-001".into(),
            applicant: format!("申请人{seq}"),
            materials: vec![],
        },
    }
}

/// The events `from..from + n`.
pub fn events(from: u64, n: u64) -> Vec<Event> {
    (from..from + n).map(event).collect()
}

/// A journal on `mem` with `options`, opened (panics on error).
pub fn open(mem: &MemStorage, options: &JournalOptions) -> Journal {
    Journal::open(Box::new(mem.clone()), options.clone()).unwrap().0
}

/// A journal of `n` records appended one batch each, on a new storage.
pub fn written(n: u64, options: &JournalOptions) -> MemStorage {
    let mem = MemStorage::new(1);
    let mut j = open(&mem, options);
    for s in 1..=n {
        j.append(&[event(s)]).unwrap();
    }
    j.close().unwrap();
    mem
}

/// The segment files of `mem`, in order.
pub fn segments(mem: &MemStorage) -> Vec<String> {
    mem.list()
        .unwrap()
        .into_iter()
        .filter(|n| n.starts_with("seg-") && !n.contains("sealed"))
        .collect()
}

/// The lines (with their newlines) of file `name`.
pub fn lines(mem: &MemStorage, name: &str) -> Vec<Vec<u8>> {
    mem.read(name)
        .unwrap()
        .split_inclusive(|&b| b == b'\n')
        .map(<[u8]>::to_vec)
        .collect()
}

/// Rewrites file `name` with `lines`.
pub fn put_lines(mem: &MemStorage, name: &str, lines: &[Vec<u8>]) {
    mem.put(name, lines.concat());
}
