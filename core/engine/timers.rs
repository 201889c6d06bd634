//! The deadline index: a min-heap of (instant, handle) entries with lazy deletion, over records of every
//! kind. Moving a timer pushes a new entry and leaves the old one, which is dropped when it reaches the
//! top (it no longer matches its slot's timer) or when stale entries pass half the live ones (the heap
//! is rebuilt from the slots). Pushing a later deadline costs a comparison or two, where an ordered set
//! paid a search, a removal and an insertion.

use std::cmp::Reverse;
use std::collections::BinaryHeap;

use chrono::{DateTime, Utc};

use super::store::Handle;

/// An entry of the deadline index: the instant (seconds, then nanoseconds) and the handle packed into one
/// integer, so that the index compares integers. Ordered as `(instant, handle)`; the instant itself is
/// read back from the slot (which keeps it exactly).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct TimerKey(u128);

impl TimerKey {
    /// Seconds (64 bits, sign flipped so they order as unsigned), nanoseconds (30 bits), handle (34 bits).
    pub(crate) fn new(t: DateTime<Utc>, h: Handle) -> TimerKey {
        let secs = (t.timestamp() as u64) ^ (1 << 63);
        let nanos = u64::from(t.timestamp_subsec_nanos().min((1 << 30) - 1));
        TimerKey(u128::from(secs) << 64 | u128::from(nanos) << 34 | u128::from(h.packed()))
    }

    /// The handle of the entry.
    pub(crate) fn handle(self) -> Handle {
        Handle::unpack((self.0 & ((1 << 34) - 1)) as u64)
    }

    /// Whether two entries are at the same instant.
    pub(crate) fn same_instant(self, other: TimerKey) -> bool {
        self.0 >> 34 == other.0 >> 34
    }
}

/// The deadline index over every record's pending timer.
#[derive(Debug, Clone, Default)]
pub(crate) struct Deadlines {
    heap: BinaryHeap<Reverse<TimerKey>>,
    /// Records with a pending timer (the live entries of `heap`).
    live: usize,
}

impl Deadlines {
    /// The top entry, live when [`Deadlines::tidy`] ran after the last change.
    pub(crate) fn peek(&self) -> Option<TimerKey> {
        self.heap.peek().map(|r| r.0)
    }

    /// Removes the top entry.
    pub(crate) fn pop(&mut self) -> Option<TimerKey> {
        self.heap.pop().map(|r| r.0)
    }

    /// Number of records with a pending timer.
    pub(crate) fn live(&self) -> usize {
        self.live
    }

    /// Records that the timer of `h` moved from `old` to `new`.
    pub(crate) fn moved(&mut self, h: Handle, old: Option<DateTime<Utc>>, new: Option<DateTime<Utc>>) {
        match (old, new) {
            (None, Some(_)) => self.live += 1,
            (Some(_), None) => self.live -= 1,
            _ => {}
        }
        if let Some(t) = new {
            self.heap.push(Reverse(TimerKey::new(t, h)));
        }
    }

    /// Records that a live entry was taken out of the index (its record is firing).
    pub(crate) fn taken(&mut self) {
        self.live -= 1;
    }

    /// Drops stale entries from the top, and rebuilds the heap from `all` (every record's pending timer)
    /// when stale entries pass half the live ones. `timer_of` reads a handle's pending timer; `all` passes every
    /// record's pending timer to the function it is given.
    pub(crate) fn tidy(
        &mut self,
        timer_of: impl Fn(Handle) -> Option<DateTime<Utc>>,
        all: impl FnOnce(&mut dyn FnMut(Handle, DateTime<Utc>)),
    ) {
        while let Some(k) = self.peek() {
            if is_live(&timer_of, k) {
                break;
            }
            self.heap.pop();
        }
        let room = self.live + self.live / 2 + 1024;
        if self.heap.len() > room {
            // Rebuilt in its own allocation, sized to the pushes up to the next rebuild: `room + 1`
            // entries (a new vector of exactly `room` grew, copying every entry, at the push before each
            // rebuild; a reused one keeps whatever capacity it grew to, bytes every open case pays).
            let mut keys = std::mem::take(&mut self.heap).into_vec();
            keys.clear();
            keys.shrink_to(room + 1);
            keys.reserve_exact(room + 1);
            all(&mut |h, t| keys.push(Reverse(TimerKey::new(t, h))));
            self.heap = BinaryHeap::from(keys);
        }
    }
}

/// Whether a heap entry is its slot's pending timer.
pub(crate) fn is_live(timer_of: &impl Fn(Handle) -> Option<DateTime<Utc>>, k: TimerKey) -> bool {
    timer_of(k.handle()).is_some_and(|t| TimerKey::new(t, k.handle()) == k)
}
