//! Batch forms over slices of day numbers: the same O(1) kernels in a tight loop, for arrays from
//! numpy (`datetime64[D]` is an `i64` day number) and C.
//!
//! The loops run the calendar's kernels inline; at the first element a kernel rejects, a cold function
//! names the failure.
//! On error the output slice may be partly written; the error names the first failing index.

use super::{Calendar, CalendarError, DayNumber, StartRule};

/// Runs `fast` over two input slices into `out`; at the first element `fast` rejects, `error` (a cold
/// function) says why, naming the index.
#[inline(always)]
fn run<A: Copy, B: Copy, O>(
    a: &[A],
    b: &[B],
    out: &mut [O],
    fast: impl Fn(A, B) -> Option<O>,
    error: impl Fn(A, B) -> CalendarError,
) -> Result<(), BatchError> {
    for (index, ((&x, &y), o)) in a.iter().zip(b).zip(out.iter_mut()).enumerate() {
        match fast(x, y) {
            Some(r) => *o = r,
            None => {
                return Err(BatchError {
                    index,
                    error: error(x, y),
                })
            }
        }
    }
    Ok(())
}

/// Error of a batch call: the index of the first failing element and why it failed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("element {index}: {error}")]
pub struct BatchError {
    /// Index of the first failing element.
    pub index: usize,
    /// What failed there.
    pub error: CalendarError,
}

fn check_lengths(expected: usize, others: &[(&str, usize)]) -> Result<(), BatchError> {
    for &(name, len) in others {
        if len != expected {
            return Err(BatchError {
                index: len.min(expected),
                error: CalendarError::invalid(name, len, format!("length differs from the input's {expected}")),
            });
        }
    }
    Ok(())
}

impl Calendar {
    /// [`Calendar::is_workday_day`] over a slice.
    ///
    /// # Errors
    ///
    /// [`BatchError`] for mismatched lengths or the first day out of range.
    pub fn is_workday_batch(&self, days: &[DayNumber], out: &mut [bool]) -> Result<(), BatchError> {
        check_lengths(days.len(), &[("out", out.len())])?;
        let t = &*self.inner;
        run(days, days, out, |d, _| t.is_workday_fast(d), |d, _| self.day_error(d))
    }

    /// [`Calendar::add_workdays_day`] over slices: `out[i] = days[i] + n[i]` working days.
    ///
    /// # Errors
    ///
    /// [`BatchError`] for mismatched lengths or the first element whose day or result is out of range.
    pub fn add_workdays_batch(
        &self,
        days: &[DayNumber],
        n: &[i64],
        rule: StartRule,
        out: &mut [DayNumber],
    ) -> Result<(), BatchError> {
        check_lengths(days.len(), &[("n", n.len()), ("out", out.len())])?;
        for (index, ((&d, &k), o)) in days.iter().zip(n).zip(out.iter_mut()).enumerate() {
            *o = self
                .add_workdays_day(d, k, rule)
                .map_err(|error| BatchError { index, error })?;
        }
        Ok(())
    }

    /// [`Calendar::workdays_between_day`] over slices: `out[i]` = working days in `(from[i], to[i]]`.
    ///
    /// # Errors
    ///
    /// [`BatchError`] for mismatched lengths or the first element with a day out of range.
    pub fn workdays_between_batch(
        &self,
        from: &[DayNumber],
        to: &[DayNumber],
        rule: StartRule,
        out: &mut [i64],
    ) -> Result<(), BatchError> {
        check_lengths(from.len(), &[("to", to.len()), ("out", out.len())])?;
        for (index, ((&a, &b), o)) in from.iter().zip(to).zip(out.iter_mut()).enumerate() {
            *o = self
                .workdays_between_day(a, b, rule)
                .map_err(|error| BatchError { index, error })?;
        }
        Ok(())
    }

    /// [`Calendar::add_days_day`] over slices: `out[i] = days[i] + n[i]` natural days.
    ///
    /// # Errors
    ///
    /// [`BatchError`] for mismatched lengths or the first element whose day or result is not a
    /// representable date.
    pub fn add_days_batch(&self, days: &[DayNumber], n: &[i64], out: &mut [DayNumber]) -> Result<(), BatchError> {
        check_lengths(days.len(), &[("n", n.len()), ("out", out.len())])?;
        for (index, ((&d, &k), o)) in days.iter().zip(n).zip(out.iter_mut()).enumerate() {
            *o = self.add_days_day(d, k).map_err(|error| BatchError { index, error })?;
        }
        Ok(())
    }
}
