//! The fixed vocabulary of the ladder: measures (the efficiency ladder and the formal sanctions), the
//! severity of a violation, and the effects a step can carry.

use serde::{Deserialize, Serialize};

crate::names::wire_enum! {
    /// A measure a ladder step proposes: the efficiency ladder (效能问责, from the mildest) and the formal
    /// sanctions on public officials (政务处分, 公职人员政务处分法), a separate national ladder the efficiency
    /// ladder can escalate into. [`Measure::is_formal`] tells them apart; [`Measure::period_months`] gives
    /// a formal sanction's period.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
    pub enum Measure {
        /// A reminder talk (谈话提醒), a minor case handled without a sanction.
        ReminderTalk = "reminder_talk" / "谈话提醒",
        /// Criticism and education (批评教育).
        CriticismEducation = "criticism_education" / "批评教育",
        /// A written self-criticism (书面检查; 责令检查).
        WrittenSelfCriticism = "written_self_criticism" / "书面检查",
        /// Public criticism (通报批评), at a level (1 = the mildest; the points table has one deduction
        /// per level).
        PublicCriticism = "public_criticism" / "通报批评",
        /// An efficiency warning (效能告诫).
        EfficiencyWarning = "efficiency_warning" / "效能告诫",
        /// An admonishment talk (诫勉谈话).
        AdmonishmentTalk = "admonishment_talk" / "诫勉谈话",
        /// Reassignment away from the post (调离岗位).
        Reassignment = "reassignment" / "调离岗位",
        /// Suspension for self-examination (停职检查).
        Suspension = "suspension" / "停职检查",
        /// Demotion (降职).
        Demotion = "demotion" / "降职",
        /// Removal from office (免职).
        Removal = "removal" / "免职",
        /// Formal sanction: warning (警告), 6 months.
        Warning = "warning" / "警告",
        /// Formal sanction: demerit (记过), 12 months.
        Demerit = "demerit" / "记过",
        /// Formal sanction: major demerit (记大过), 18 months.
        MajorDemerit = "major_demerit" / "记大过",
        /// Formal sanction: downgrade (降级), 24 months.
        Downgrade = "downgrade" / "降级",
        /// Formal sanction: dismissal from post (撤职), 24 months.
        DismissalFromPost = "dismissal_from_post" / "撤职",
        /// Formal sanction: expulsion (开除), without end.
        Expulsion = "expulsion" / "开除",
    }
}

impl Measure {
    /// Whether the measure is a formal sanction (政务处分) rather than a step of the efficiency ladder.
    ///
    /// ```
    /// use xiaoneng::Measure;
    /// assert!(Measure::Demerit.is_formal());
    /// assert!(!Measure::Suspension.is_formal());
    /// ```
    pub const fn is_formal(self) -> bool {
        matches!(
            self,
            Measure::Warning
                | Measure::Demerit
                | Measure::MajorDemerit
                | Measure::Downgrade
                | Measure::DismissalFromPost
                | Measure::Expulsion
        )
    }

    /// The period of a formal sanction in months (公职人员政务处分法 art. 8): warning 6, demerit 12, major
    /// demerit 18, downgrade and dismissal from post 24; `None` for expulsion (no end) and for every
    /// measure of the efficiency ladder (no period).
    ///
    /// ```
    /// use xiaoneng::Measure;
    /// assert_eq!(Measure::MajorDemerit.period_months(), Some(18));
    /// assert_eq!(Measure::Expulsion.period_months(), None);
    /// ```
    pub const fn period_months(self) -> Option<u32> {
        match self {
            Measure::Warning => Some(6),
            Measure::Demerit => Some(12),
            Measure::MajorDemerit => Some(18),
            Measure::Downgrade | Measure::DismissalFromPost => Some(24),
            _ => None,
        }
    }
}

crate::names::wire_enum! {
    /// How serious a violation is, as the office that found it judges (the host says; the library only
    /// matches ladder rules on it).
    #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, schemars::JsonSchema)]
    pub enum Severity {
        /// Minor (情节轻微).
        Minor = "minor" / "情节轻微",
        /// Ordinary (一般).
        Ordinary = "ordinary" / "情节一般",
        /// Serious (较重).
        Serious = "serious" / "情节较重",
        /// Grave (严重).
        Grave = "grave" / "情节严重",
    }
}

crate::names::wire_enum! {
    /// A consequence a ladder step carries besides its measures.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
    pub enum SanctionEffect {
        /// No award or commendation in the year of the violation (当年不得评先评优).
        NoAwardThatYear = "no_award_that_year" / "当年不得评先评优",
        /// Loss of the year's efficiency bonus (扣发奖金).
        LossOfBonus = "loss_of_bonus" / "扣发奖金",
        /// The unit head (第一责任人) is held accountable too.
        UnitHeadAccountable = "unit_head_accountable" / "追究单位主要负责人责任",
        /// The deputy head in charge (分管领导) is held accountable too.
        DeputyAccountable = "deputy_accountable" / "追究分管领导责任",
    }
}

/// A measure as a step names it: the measure and, for public criticism, its level.
///
/// On the wire a measure without a level is its name (`"written_self_criticism"`); one with a level is a
/// table (`{ measure = "public_criticism", level = 2 }`). Both forms are read.
///
/// ```
/// use xiaoneng::{Measure, MeasureSpec};
/// let m: MeasureSpec = serde_json::from_str(r#"{"measure": "public_criticism", "level": 2}"#).unwrap();
/// assert_eq!(m, MeasureSpec::with_level(Measure::PublicCriticism, 2));
/// assert_eq!(serde_json::to_string(&MeasureSpec::new(Measure::Suspension)).unwrap(), r#""suspension""#);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct MeasureSpec {
    /// The measure.
    pub measure: Measure,
    /// The level of a public criticism (1 = the mildest); none for every other measure.
    pub level: Option<u8>,
}

impl MeasureSpec {
    /// A measure without a level.
    ///
    /// ```
    /// use xiaoneng::{Measure, MeasureSpec};
    /// assert_eq!(MeasureSpec::new(Measure::Warning).level, None);
    /// ```
    pub const fn new(measure: Measure) -> Self {
        MeasureSpec { measure, level: None }
    }

    /// A measure with a level (public criticism).
    ///
    /// ```
    /// use xiaoneng::{Measure, MeasureSpec};
    /// assert_eq!(MeasureSpec::with_level(Measure::PublicCriticism, 3).level, Some(3));
    /// ```
    pub const fn with_level(measure: Measure, level: u8) -> Self {
        MeasureSpec {
            measure,
            level: Some(level),
        }
    }
}

impl std::fmt::Display for MeasureSpec {
    /// The wire name, with the level after a colon when there is one (`public_criticism:2`).
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.level {
            Some(l) => write!(f, "{}:{l}", self.measure),
            None => write!(f, "{}", self.measure),
        }
    }
}

impl From<Measure> for MeasureSpec {
    fn from(measure: Measure) -> Self {
        MeasureSpec::new(measure)
    }
}

impl Serialize for MeasureSpec {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        match self.level {
            None => self.measure.serialize(s),
            Some(level) => {
                let mut st = s.serialize_struct("MeasureSpec", 2)?;
                st.serialize_field("measure", &self.measure)?;
                st.serialize_field("level", &level)?;
                st.end()
            }
        }
    }
}

impl<'de> Deserialize<'de> for MeasureSpec {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(SpecVisitor)
    }
}

struct SpecVisitor;

fn measure_of<E: serde::de::Error>(s: &str) -> Result<Measure, E> {
    s.parse::<Measure>().map_err(|e| E::custom(e.reason()))
}

impl<'de> serde::de::Visitor<'de> for SpecVisitor {
    type Value = MeasureSpec;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a measure name or a table { measure, level }")
    }

    fn visit_str<E: serde::de::Error>(self, s: &str) -> Result<MeasureSpec, E> {
        Ok(MeasureSpec::new(measure_of(s)?))
    }

    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<MeasureSpec, A::Error> {
        use serde::de::Error as _;
        let mut measure = None;
        let mut level = None;
        while let Some(key) = map.next_key::<String>()? {
            match key.as_str() {
                "measure" if measure.is_none() => measure = Some(measure_of(&map.next_value::<String>()?)?),
                "level" if level.is_none() => level = Some(map.next_value::<u8>()?),
                "measure" | "level" => return Err(A::Error::custom(format_args!("duplicate field `{key}`"))),
                other => return Err(A::Error::unknown_field(other, &["measure", "level"])),
            }
        }
        let measure = measure.ok_or_else(|| A::Error::missing_field("measure"))?;
        Ok(MeasureSpec { measure, level })
    }
}
