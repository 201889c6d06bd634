//! Where records live: one [`Store`] of boxed slots per kind, addressed by a [`Handle`] (kind and index),
//! each slot with the instant of its pending timer. Handles are internal: hosts name records by number.

use chrono::{DateTime, Utc};

use super::aggregate::Kind;

/// Most records of one kind an engine holds: indices are 31 bits.
pub(crate) const MAX_SLOTS: usize = (1 << 31) - 1;

/// Where a record lives: its kind and its position in that kind's store.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) struct Handle {
    pub(crate) kind: Kind,
    pub(crate) index: u32,
}

impl Handle {
    /// The handle packed into 34 bits: the kind (3 bits) above the index (31 bits).
    pub(crate) fn packed(self) -> u64 {
        (u64::from(self.kind as u8) << 31) | u64::from(self.index)
    }

    /// The handle of [`Handle::packed`] bits.
    pub(crate) fn unpack(bits: u64) -> Handle {
        Handle {
            kind: Kind::from_bits(((bits >> 31) & 0b111) as u8),
            index: (bits & MAX_SLOTS as u64) as u32,
        }
    }
}

/// A record (boxed: the slot vector grows by pointers), the instant of its pending timer and the horizon
/// of its timers (the last day whose class they rest on; [`NO_HORIZON`] when none).
/// The horizon fits in the slot's padding: a slot is 24 bytes with or without it.
#[derive(Debug, Clone)]
pub(crate) struct Slot<T> {
    pub(crate) value: Box<T>,
    pub(crate) timer: Option<DateTime<Utc>>,
    pub(crate) horizon: i32,
}

pub(crate) use crate::calendar::provisional::NO_HORIZON;

/// The records of one kind.
#[derive(Debug, Clone)]
pub(crate) struct Store<T> {
    pub(crate) slots: Vec<Slot<T>>,
}

impl<T> Default for Store<T> {
    fn default() -> Self {
        Store { slots: Vec::new() }
    }
}

impl<T> Store<T> {
    /// Number of records.
    pub(crate) fn len(&self) -> usize {
        self.slots.len()
    }

    /// Every record, in insertion order.
    pub(crate) fn iter(&self) -> impl Iterator<Item = &T> {
        self.slots.iter().map(|s| &*s.value)
    }

    /// Stores a new record; its index.
    pub(crate) fn push(&mut self, value: T) -> u32 {
        let k = self.slots.len() as u32;
        self.slots.push(Slot {
            value: Box::new(value),
            timer: None,
            horizon: NO_HORIZON,
        });
        k
    }
}
