//! The serde form of a calendar (its definition document) and the embedded national data.

use chrono::{Datelike, NaiveDate, Weekday};
use serde::{Deserialize, Serialize};

use super::CalendarError;

/// Current version of the calendar document schema.
pub const CALENDAR_SCHEMA: u32 = 1;

/// The definition of a working-day calendar: the document `Calendar::from_json` reads and `to_json` writes.
///
/// ```json
/// {"schema": 1, "base": "china", "days_off": [{"start": "2026-03-05", "name": "local festival"}]}
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CalendarSpec {
    /// Schema version, must be 1.
    #[schemars(extend("const" = 1))]
    pub schema: u32,
    /// A display name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// A bundled calendar to start from; the rest of the document is an overlay on it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub base: Option<BaseCalendar>,
    /// The covered range. Required without a base; with a base, it may only narrow the base's range.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub range: Option<DateRange>,
    /// Offset of local time from UTC, `"+08:00"` by default.
    #[serde(default = "default_offset")]
    pub utc_offset: UtcOffset,
    /// Days of the week that are rest days unless listed as workdays, `["sat", "sun"]` by default.
    #[serde(default = "default_rest_days", with = "weekdays")]
    #[schemars(with = "Vec<crate::codec::WeekdayName>")]
    pub weekly_rest_days: Vec<Weekday>,
    /// Year notices (the State Council's yearly holiday arrangement, or a locality's): each one
    /// replaces the whole classification of its year and may extend the range by that year.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub notices: Vec<YearNotice>,
    /// Extra days off on top of the base and notices (a local festival, a closure).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub days_off: Vec<DayBlock>,
    /// Extra workdays on top of the base and notices (a local makeup day).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[schemars(with = "Vec<crate::codec::IsoDate>")]
    pub workdays: Vec<NaiveDate>,
    /// Office hours on a working day, as non-overlapping intervals in local time. When absent, the
    /// base's hours apply; a calendar without any has no working-hours arithmetic.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub office_hours: Option<Vec<OfficeInterval>>,
}

impl CalendarSpec {
    /// The bundled national calendar, as a document: `{"schema": 1, "base": "china"}`.
    pub fn china() -> Self {
        CalendarSpec {
            schema: CALENDAR_SCHEMA,
            name: None,
            base: Some(BaseCalendar::China),
            range: None,
            utc_offset: default_offset(),
            weekly_rest_days: default_rest_days(),
            notices: Vec::new(),
            days_off: Vec::new(),
            workdays: Vec::new(),
            office_hours: None,
        }
    }
}

/// A bundled calendar.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum BaseCalendar {
    /// The national calendar of the PRC, 2004-2026, from the State Council's yearly notices.
    China,
}

/// An inclusive range of dates.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DateRange {
    /// First covered date.
    #[schemars(with = "crate::codec::IsoDate")]
    pub start: NaiveDate,
    /// Last covered date (inclusive).
    #[schemars(with = "crate::codec::IsoDate")]
    pub end: NaiveDate,
}

/// A block of consecutive days off, e.g. the Spring Festival holiday. Every day of it is a day off.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DayBlock {
    /// First day off.
    #[schemars(with = "crate::codec::IsoDate")]
    pub start: NaiveDate,
    /// Last day off (inclusive); the block is one day when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<crate::codec::IsoDate>")]
    pub end: Option<NaiveDate>,
    /// Name of the holiday, e.g. `春节`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
}

impl DayBlock {
    pub(crate) fn last(&self) -> NaiveDate {
        self.end.unwrap_or(self.start)
    }
}

/// One year's holiday arrangement (年度节假日安排): its blocks of days off and its makeup workdays.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct YearNotice {
    /// The year the notice arranges.
    pub year: i32,
    /// Blocks of days off (every day of a block is off, weekends included).
    #[serde(default)]
    pub days_off: Vec<DayBlock>,
    /// Makeup workdays (调休上班): weekend days worked in exchange for a holiday.
    #[serde(default)]
    #[schemars(with = "Vec<crate::codec::IsoDate>")]
    pub workdays: Vec<NaiveDate>,
}

impl YearNotice {
    /// Reads a notice from JSON, naming the offending field on error.
    ///
    /// # Errors
    ///
    /// [`crate::Error::Parse`] for malformed documents and unknown fields.
    pub fn from_json(text: &str) -> crate::Result<Self> {
        crate::codec::from_json(text)
    }
}

/// An interval of office hours in local time, `{"start": "08:30", "end": "12:00"}`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct OfficeInterval {
    /// Opening time.
    pub start: TimeOfDay,
    /// Closing time (exclusive), after `start`.
    pub end: TimeOfDay,
}

/// A time of day, `"HH:MM"` or `"HH:MM:SS"`; `"24:00"` is the end of the day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct TimeOfDay {
    /// Seconds since midnight, 0..=86400.
    pub seconds: u32,
}

impl TimeOfDay {
    /// Builds a time of day from hours and minutes.
    pub fn hm(hours: u32, minutes: u32) -> Self {
        TimeOfDay {
            seconds: hours * 3600 + minutes * 60,
        }
    }
}

impl std::str::FromStr for TimeOfDay {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        let bad = || format!("`{s}` is not a time of day HH:MM or HH:MM:SS");
        let parts: Vec<&str> = s.split(':').collect();
        if !(2..=3).contains(&parts.len()) || parts.iter().any(|p| p.len() != 2) {
            return Err(bad());
        }
        let nums: Vec<u32> = parts
            .iter()
            .map(|p| p.parse::<u32>().map_err(|_| bad()))
            .collect::<Result<_, _>>()?;
        let (h, m, sec) = (nums[0], nums[1], nums.get(2).copied().unwrap_or(0));
        if m > 59 || sec > 59 || h > 24 || (h == 24 && (m, sec) != (0, 0)) {
            return Err(bad());
        }
        Ok(TimeOfDay {
            seconds: h * 3600 + m * 60 + sec,
        })
    }
}

impl std::fmt::Display for TimeOfDay {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let (h, m, s) = (self.seconds / 3600, self.seconds / 60 % 60, self.seconds % 60);
        if s == 0 {
            write!(f, "{h:02}:{m:02}")
        } else {
            write!(f, "{h:02}:{m:02}:{s:02}")
        }
    }
}

impl Serialize for TimeOfDay {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for TimeOfDay {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

/// A fixed offset from UTC, `"+08:00"`: a sign, hours and minutes (`±HH:MM`, or `±HHMM`), as RFC 3339
/// writes offsets. An offset with seconds (`"+08:05:43"`, a local mean time) is refused, never rounded: a
/// calendar's instants are written with its offset, and RFC 3339 has no seconds there. A `UtcOffset` built
/// in Rust with seconds is refused when the calendar is built.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct UtcOffset(pub chrono::FixedOffset);

impl std::str::FromStr for UtcOffset {
    type Err = String;

    /// `±HH:MM` or `±HHMM`, hours 00-23 and minutes 00-59, nothing before or after.
    fn from_str(s: &str) -> Result<Self, String> {
        let bad = || {
            // Quote a bounded prefix (the document may hold anything here).
            let mut end = s.len().min(40);
            while !s.is_char_boundary(end) {
                end -= 1;
            }
            let more = if end < s.len() { "…" } else { "" };
            format!(
                "`{}{more}` is not a UTC offset like +08:00 (a sign, hours and minutes; seconds are not supported)",
                &s[..end]
            )
        };
        let b = s.as_bytes();
        let sign = match b.first() {
            Some(b'+') => 1,
            Some(b'-') => -1,
            _ => return Err(bad()),
        };
        let digits = match b.len() {
            6 if b[3] == b':' => [b[1], b[2], b[4], b[5]],
            5 => [b[1], b[2], b[3], b[4]],
            _ => return Err(bad()),
        };
        if !digits.iter().all(u8::is_ascii_digit) {
            return Err(bad());
        }
        let n = |k: usize| i32::from(digits[k] - b'0') * 10 + i32::from(digits[k + 1] - b'0');
        let (h, m) = (n(0), n(2));
        if h > 23 || m > 59 {
            return Err(bad());
        }
        chrono::FixedOffset::east_opt(sign * (h * 3600 + m * 60))
            .map(UtcOffset)
            .ok_or_else(bad)
    }
}

fn default_offset() -> UtcOffset {
    UtcOffset(chrono::FixedOffset::east_opt(8 * 3600).expect("+08:00 is a valid offset"))
}

impl Serialize for UtcOffset {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for UtcOffset {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        s.parse::<UtcOffset>().map_err(serde::de::Error::custom)
    }
}

fn default_rest_days() -> Vec<Weekday> {
    vec![Weekday::Sat, Weekday::Sun]
}

mod weekdays {
    use chrono::Weekday;
    use serde::{Deserialize, Deserializer, Serializer};

    const NAMES: [&str; 7] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];

    pub fn serialize<S: Serializer>(days: &[Weekday], s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(days.iter().map(|d| NAMES[d.num_days_from_monday() as usize]))
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<Weekday>, D::Error> {
        let names = Vec::<String>::deserialize(d)?;
        names
            .iter()
            .map(|n| {
                NAMES
                    .iter()
                    .position(|x| x.eq_ignore_ascii_case(n))
                    .and_then(|i| Weekday::try_from(i as u8).ok())
                    .ok_or_else(|| {
                        serde::de::Error::custom(format!("`{n}` is not a weekday (mon, tue, wed, thu, fri, sat, sun)"))
                    })
            })
            .collect()
    }
}

/// The bundled national data, parsed from `china.txt`.
pub(crate) struct NationalData {
    pub range: DateRange,
    pub days_off: Vec<DayBlock>,
    pub workdays: Vec<NaiveDate>,
    pub office_hours: Vec<OfficeInterval>,
}

const CHINA_TXT: &str = include_str!("china.txt");

/// Parses the embedded national data. The file is ours and tested, so a parse failure is a build defect.
pub(crate) fn national() -> NationalData {
    parse_national(CHINA_TXT).expect("embedded china.txt is well-formed")
}

fn parse_national(text: &str) -> Result<NationalData, String> {
    let mut range = None;
    let mut days_off = Vec::new();
    let mut workdays = Vec::new();
    let mut office_hours = Vec::new();
    let date = |s: &str| s.parse::<NaiveDate>().map_err(|e| format!("{s}: {e}"));
    for (no, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let f: Vec<&str> = line.split_whitespace().collect();
        let err = || format!("china.txt line {}: `{line}`", no + 1);
        match f.as_slice() {
            ["range", a, b] => {
                range = Some(DateRange {
                    start: date(a)?,
                    end: date(b)?,
                })
            }
            ["off", a, b, name] => days_off.push(DayBlock {
                start: date(a)?,
                end: Some(date(b)?),
                name: Some((*name).to_string()),
            }),
            ["work", a, _name] => workdays.push(date(a)?),
            ["office", intervals @ ..] => {
                for iv in intervals {
                    let (a, b) = iv.split_once('-').ok_or_else(err)?;
                    office_hours.push(OfficeInterval {
                        start: a.parse()?,
                        end: b.parse()?,
                    });
                }
            }
            _ => return Err(err()),
        }
    }
    Ok(NationalData {
        range: range.ok_or("china.txt has no range line")?,
        days_off,
        workdays,
        office_hours,
    })
}

/// Checks that `date` lies in `range`, naming `field` otherwise.
pub(crate) fn check_in(range: &DateRange, date: NaiveDate, field: &str) -> Result<(), CalendarError> {
    if date < range.start || date > range.end {
        return Err(CalendarError::invalid(
            field,
            date,
            format!("outside the covered range {}..={}", range.start, range.end),
        ));
    }
    Ok(())
}

/// Year bounds of the first day of `year`.
pub(crate) fn year_bounds(year: i32) -> Option<(NaiveDate, NaiveDate)> {
    Some((
        NaiveDate::from_ymd_opt(year, 1, 1)?,
        NaiveDate::from_ymd_opt(year, 12, 31)?,
    ))
}

pub(crate) fn weekday_mask(days: &[Weekday]) -> u8 {
    days.iter().fold(0u8, |m, d| m | (1 << d.num_days_from_monday()))
}

pub(crate) fn is_rest(mask: u8, date: NaiveDate) -> bool {
    mask & (1 << date.weekday().num_days_from_monday()) != 0
}

impl schemars::JsonSchema for TimeOfDay {
    fn inline_schema() -> bool {
        true
    }

    fn schema_name() -> std::borrow::Cow<'static, str> {
        "TimeOfDay".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "type": "string",
            "pattern": r"^(([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9])?|24:00(:00)?)$",
            "description": "A time of day in local time, HH:MM or HH:MM:SS; 24:00 is the end of the day.",
        })
    }
}

impl schemars::JsonSchema for UtcOffset {
    fn inline_schema() -> bool {
        true
    }

    fn schema_name() -> std::borrow::Cow<'static, str> {
        "UtcOffset".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "type": "string",
            "pattern": r"^[+-][0-9]{2}:?[0-9]{2}$",
            "description": "A fixed offset from UTC, e.g. +08:00.",
        })
    }
}
