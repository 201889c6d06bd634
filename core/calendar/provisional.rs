//! The provisional calendar beyond the last notice (docs/rules.md §2): weekends plus the 13 statutory days
//! off of the national holiday regulation (全国年节及纪念日放假办法, as amended in 2024, in force from
//! 2025), with the lunar festivals and Qingming read from bundled data (`provisional.txt`, 2025-2099).
//!
//! Date queries never see these days: a calendar answers them only inside its notices. Clocks count on
//! them (a case is never refused for lack of a notice), through [`Calendar::clock_view`], a second
//! calendar built once, on first use, from the same definition plus one statutory notice per year. Every
//! figure a clock derives from a day beyond the last notice says so (`provisional: true`).

use std::ops::RangeInclusive;
use std::sync::OnceLock;

use chrono::{Datelike, NaiveDate};

use super::spec::{BaseCalendar, DayBlock, YearNotice};
use super::{day_number, Calendar, DateRange, DayNumber};

/// The moving statutory holidays of one year, as `provisional.txt` lists them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct MovingDays {
    year: i32,
    /// The 1st of the first lunar month (春节); New Year's Eve (除夕) is the day before.
    lunar_new_year: NaiveDate,
    /// The day of the solar term 清明.
    qingming: NaiveDate,
    /// The 5th of the fifth lunar month (端午节).
    dragon_boat: NaiveDate,
    /// The 15th of the eighth lunar month (中秋节).
    mid_autumn: NaiveDate,
}

const PROVISIONAL_TXT: &str = include_str!("provisional.txt");

/// The bundled table, parsed once. The file is ours and tested, so a parse failure is a build defect.
fn table() -> &'static (RangeInclusive<i32>, Vec<MovingDays>) {
    static TABLE: OnceLock<(RangeInclusive<i32>, Vec<MovingDays>)> = OnceLock::new();
    TABLE.get_or_init(|| parse(PROVISIONAL_TXT).expect("embedded provisional.txt is well-formed"))
}

fn parse(text: &str) -> Result<(RangeInclusive<i32>, Vec<MovingDays>), String> {
    let mut range = None;
    let mut rows: Vec<MovingDays> = Vec::new();
    for (no, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let err = |why: &str| format!("provisional.txt line {}: `{line}`: {why}", no + 1);
        let f: Vec<&str> = line.split_whitespace().collect();
        let year = |s: &str| s.parse::<i32>().map_err(|e| err(&e.to_string()));
        let date = |s: &str| s.parse::<NaiveDate>().map_err(|e| err(&e.to_string()));
        match f.as_slice() {
            ["range", a, b] => range = Some(year(a)?..=year(b)?),
            [y, ny, qm, db, ma] => {
                let row = MovingDays {
                    year: year(y)?,
                    lunar_new_year: date(ny)?,
                    qingming: date(qm)?,
                    dragon_boat: date(db)?,
                    mid_autumn: date(ma)?,
                };
                let expected = rows.last().map(|r| r.year + 1);
                if expected.is_some_and(|e| e != row.year) {
                    return Err(err("years must follow one another"));
                }
                // The lunar new year falls between Jan 21 and Feb 20, Qingming on Apr 4-6, the Dragon
                // Boat Festival between May 26 and Jun 25, Mid-Autumn between Sep 7 and Oct 8: a line out
                // of these bounds is a transcription error.
                let within = |d: NaiveDate, from: (u32, u32), to: (u32, u32)| {
                    d.year() == row.year && (d.month(), d.day()) >= from && (d.month(), d.day()) <= to
                };
                if !within(row.lunar_new_year, (1, 21), (2, 20))
                    || !within(row.qingming, (4, 4), (4, 6))
                    || !within(row.dragon_boat, (5, 26), (6, 25))
                    || !within(row.mid_autumn, (9, 7), (10, 8))
                {
                    return Err(err("a date outside its festival's bounds"));
                }
                rows.push(row);
            }
            _ => {
                return Err(err(
                    "expected `range FIRST LAST` or `YEAR NEW_YEAR QINGMING DRAGON_BOAT MID_AUTUMN`",
                ))
            }
        }
    }
    let range = range.ok_or("provisional.txt has no range line")?;
    let listed = rows.first().map(|r| r.year)..=rows.last().map(|r| r.year);
    if listed != (Some(*range.start())..=Some(*range.end())) {
        return Err(format!(
            "provisional.txt lists {listed:?}, its range line says {range:?}"
        ));
    }
    Ok((range, rows))
}

/// The years the bundled provisional data covers (2025-2099).
pub(crate) fn years() -> RangeInclusive<i32> {
    table().0.clone()
}

/// The statutory days off of `year`, as a notice without makeup workdays (see [`YearNotice::statutory`]).
pub(crate) fn statutory(year: i32) -> Option<YearNotice> {
    let (range, rows) = table();
    if !range.contains(&year) {
        return None;
    }
    let m = rows.get(usize::try_from(year - range.start()).ok()?)?;
    let ymd = |month, day| NaiveDate::from_ymd_opt(year, month, day);
    let block = |start: NaiveDate, end: Option<NaiveDate>, name: &str| DayBlock {
        start,
        end,
        name: Some(name.to_string()),
    };
    let eve = m.lunar_new_year.pred_opt()?;
    let mut days_off = vec![
        block(ymd(1, 1)?, None, "元旦"),
        block(eve, Some(m.lunar_new_year + chrono::Duration::days(2)), "春节"),
        block(m.qingming, None, "清明节"),
        block(ymd(5, 1)?, ymd(5, 2), "劳动节"),
        block(m.dragon_boat, None, "端午节"),
        block(m.mid_autumn, None, "中秋节"),
        block(ymd(10, 1)?, ymd(10, 3), "国庆节"),
    ];
    days_off.sort_by_key(|b| b.start);
    Some(YearNotice {
        year,
        days_off,
        workdays: Vec::new(),
    })
}

/// The calendar clocks count on: `official` extended by the statutory years after its last notice, or
/// `None` when it has no such extension (a calendar not based on the national one, a range that does not
/// end on a 31 December, or a last notice at or beyond the bundled years).
pub(crate) fn extend(official: &Calendar) -> Option<Calendar> {
    let spec = official.spec();
    if spec.base != Some(BaseCalendar::China) {
        return None;
    }
    let last = official.range().end;
    if (last.month(), last.day()) != (12, 31) {
        return None;
    }
    let years = years();
    let from = last.year().checked_add(1)?;
    if !years.contains(&from) {
        return None;
    }
    let mut spec = spec.clone();
    for year in from..=*years.end() {
        spec.notices.push(statutory(year)?);
    }
    Calendar::from_spec(spec).ok()
}

/// A *horizon*, the last day whose class (working or not) a clock figure rests on, as clocks and the
/// engine keep it: a day number in an `i32` (the supported years fit), [`NO_HORIZON`] for figures that read
/// no calendar data (natural units), so that the later of two horizons is their `max`.
pub(crate) type Horizon = i32;

/// The horizon of a figure that reads no calendar data.
pub(crate) const NO_HORIZON: Horizon = i32::MIN;

/// The horizon of a day number.
#[inline]
pub(crate) fn horizon_of(day: DayNumber) -> Horizon {
    day.clamp(i64::from(i32::MIN) + 1, i64::from(i32::MAX)) as i32
}

impl Calendar {
    /// The official calendar's last day as a horizon: a figure whose horizon is later is provisional.
    #[inline]
    pub(crate) fn last_official_horizon(&self) -> Horizon {
        horizon_of(self.official_last_day())
    }

    /// The calendar clocks count on: this one, extended by the provisional years after its last notice
    /// when it has them (built once, on first use, and shared by clones).
    #[inline]
    pub(crate) fn clock_view(&self) -> &Calendar {
        self.inner.clock.get_or_init(|| extend(self)).as_ref().unwrap_or(self)
    }

    /// The last day of the official data (the covered range's end): a day after it is provisional.
    #[inline]
    pub(crate) fn official_last_day(&self) -> DayNumber {
        self.inner.first + self.inner.days.len() as i64 - 1
    }

    /// The provisional days clocks count on beyond the last notice: from the day after the covered
    /// range through the last bundled year (2099), or `None` when the calendar has none (it is not based
    /// on the national calendar, its range does not end on a 31 December, or its notices reach the last
    /// bundled year). Date queries (`is_workday`, `add_workdays`, ...) never answer for these days; clocks
    /// and the engine count on them and mark what rests on them `provisional` (docs/rules.md §2).
    ///
    /// # Examples
    ///
    /// ```
    /// use xiaoneng::Calendar;
    ///
    /// let cal = Calendar::china();
    /// let p = cal.provisional_range().unwrap();
    /// assert_eq!((p.start.to_string(), p.end.to_string()), ("2027-01-01".into(), "2099-12-31".into()));
    /// assert!(cal.is_workday(p.start).is_err()); // a date query outside the notices stays an error
    /// ```
    pub fn provisional_range(&self) -> Option<DateRange> {
        let view = self.clock_view();
        let end = view.range().end;
        let start = super::date_of(self.official_last_day() + 1)?;
        (end >= start).then_some(DateRange { start, end })
    }

    /// Whether `date` is a provisional day: beyond the last notice, inside [`Calendar::provisional_range`].
    pub fn is_provisional(&self, date: NaiveDate) -> bool {
        self.provisional_range()
            .is_some_and(|r| date >= r.start && date <= r.end)
    }
}

impl YearNotice {
    /// The 13 statutory days off of `year` under the national holiday regulation as amended in 2024
    /// (in force from 2025), as a notice without makeup workdays or bridged days: New Year's Day, the
    /// Spring Festival (lunar New Year's Eve and the 1st-3rd of the first lunar month), Qingming, Labour
    /// Day (May 1-2), the Dragon Boat Festival, Mid-Autumn and National Day (Oct 1-3). This is what the
    /// provisional calendar assumes beyond the last notice (docs/rules.md §2). `None` outside the bundled
    /// years 2025-2099.
    ///
    /// # Examples
    ///
    /// ```
    /// use xiaoneng::YearNotice;
    ///
    /// let n = YearNotice::statutory(2027).unwrap();
    /// let days: usize = n.days_off.iter().map(|b| (b.end.unwrap_or(b.start) - b.start).num_days() as usize + 1).sum();
    /// assert_eq!(days, 13);
    /// assert_eq!(n.days_off[1].start.to_string(), "2027-02-05"); // New Year's Eve (除夕)
    /// assert!(YearNotice::statutory(2024).is_none());
    /// ```
    pub fn statutory(year: i32) -> Option<YearNotice> {
        statutory(year)
    }

    /// The years [`YearNotice::statutory`] answers for (2025-2099).
    pub fn statutory_years() -> RangeInclusive<i32> {
        years()
    }
}

/// The days whose class (working or not) differs between two calendars' clock views, within `range`, in
/// order. A day that turns from provisional to official with the same class is not among them: no count
/// changes there (what rests on it stops being provisional, which statuses and events derive anew).
pub(crate) fn changed_days(old: &Calendar, new: &Calendar, range: DateRange) -> Vec<DayNumber> {
    let (a, b) = (old.clock_view(), new.clock_view());
    let (first, last) = (day_number(range.start), day_number(range.end));
    (first..=last)
        .filter(|&d| a.is_workday_day(d).ok() != b.is_workday_day(d).ok())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn the_bundled_table_parses_and_covers_2025_to_2099() {
        assert_eq!(years(), 2025..=2099);
        assert_eq!(table().1.len(), 75);
    }

    #[test]
    fn every_statutory_year_has_13_days_off_and_no_makeup_workdays() {
        for year in years() {
            let n = statutory(year).unwrap();
            let mut days: Vec<NaiveDate> = n
                .days_off
                .iter()
                .flat_map(|b| b.start.iter_days().take_while(move |x| *x <= b.last()))
                .collect();
            days.sort();
            days.dedup();
            // Mid-Autumn may fall on National Day (2028-10-03): the regulation's 13 days then overlap.
            let expected = if days.len() == 13 { 13 } else { 12 };
            assert_eq!(days.len(), expected, "{year}");
            assert!(n.workdays.is_empty());
            assert!(days.iter().all(|x| x.year() == year), "{year}");
        }
    }

    #[test]
    fn new_years_eve_is_the_day_before_the_lunar_new_year() {
        let n = statutory(2027).unwrap();
        let spring = n.days_off.iter().find(|b| b.name.as_deref() == Some("春节")).unwrap();
        assert_eq!((spring.start, spring.last()), (d("2027-02-05"), d("2027-02-08")));
    }

    #[test]
    fn malformed_tables_are_refused_naming_the_line() {
        for (text, why) in [
            ("range 2025 2026\n2025 2025-01-29 2025-04-04 2025-05-31 2025-10-06\n", "lists"),
            ("range 2025 2025\n2025 2025-03-29 2025-04-04 2025-05-31 2025-10-06\n", "bounds"),
            ("range 2025 2026\n2025 2025-01-29 2025-04-04 2025-05-31 2025-10-06\n2027 2027-02-06 2027-04-05 2027-06-09 2027-09-15\n", "follow"),
            ("2025 x\n", "expected"),
        ] {
            let e = parse(text).unwrap_err();
            assert!(e.contains(why), "{e}");
        }
    }

    #[test]
    fn changed_days_are_those_whose_class_a_notice_changes() {
        let cal = Calendar::china();
        let year = DateRange {
            start: d("2027-01-01"),
            end: d("2027-12-31"),
        };
        // The statutory days as the notice: nothing to recompute, though the year is no longer provisional.
        let same = cal.with_notice(statutory(2027).unwrap()).unwrap();
        assert!(changed_days(&cal, &same, year).is_empty());
        // A makeup Sunday and a bridged Tuesday.
        let mut n = statutory(2027).unwrap();
        n.workdays.push(d("2027-01-31"));
        n.days_off.push(DayBlock {
            start: d("2027-02-09"),
            end: None,
            name: None,
        });
        let next = cal.with_notice(n).unwrap();
        let days: Vec<NaiveDate> = changed_days(&cal, &next, year)
            .into_iter()
            .map(|x| super::super::date_of(x).unwrap())
            .collect();
        assert_eq!(days, vec![d("2027-01-31"), d("2027-02-09")]);
    }

    #[test]
    fn the_clock_view_extends_the_national_calendar_only() {
        use crate::Document;
        let cal = Calendar::china();
        assert_eq!(cal.clock_view().range().end, d("2099-12-31"));
        assert_eq!(cal.provisional_range().unwrap().start, d("2027-01-01"));
        assert!(cal.is_provisional(d("2027-01-04")) && !cal.is_provisional(d("2026-12-31")));
        // Provisional days are those of the national regulation: a calendar of its own has none.
        let custom =
            Calendar::from_json(r#"{"schema": 1, "range": {"start": "2026-01-01", "end": "2026-12-31"}}"#).unwrap();
        assert!(std::ptr::eq(custom.clock_view(), &custom));
        assert_eq!(custom.provisional_range(), None);
        // A narrowed national calendar ending mid-year has none either (a notice covers a whole year).
        let narrowed = Calendar::from_json(
            r#"{"schema": 1, "base": "china", "range": {"start": "2020-01-01", "end": "2026-06-30"}}"#,
        )
        .unwrap();
        assert_eq!(narrowed.provisional_range(), None);
        // With next year's notice, the provisional days start a year later.
        let next = cal.with_notice(statutory(2027).unwrap()).unwrap();
        assert_eq!(next.provisional_range().unwrap().start, d("2028-01-01"));
    }
}
