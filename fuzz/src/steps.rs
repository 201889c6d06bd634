//! Structured command sequences for `command_json`: bytes decoded into steps over a small fixed vocabulary
//! (case numbers, actors, items, units, materials, texts, instants), so that nearly every input is a
//! well-formed sequence and mutations change *which* command, actor or instant rather than breaking the
//! JSON (the script form of the target keeps the JSON parser fuzzed). With `XN_FUZZ_TRACE` set, each
//! command is printed as its JSON line, so a failing input can be kept as a script seed.
//!
//! An input is a sequence of steps, each an opcode byte and the bytes it reads (missing bytes read as 0):
//!
//! ```text
//! command: op case actor time extra…     (op % 22 < 20: receive, notify_corrections, …, withdraw)
//! advance: op time                       (op % 22 == 20: advance to the instant)
//! timer:   op how                        (op % 22 == 21: advance to the next timer, or just before it)
//! ```
//!
//! Opcodes are in [`op`]; an input has at most 16 steps; `fuzz/structured_seeds.py` writes the structured
//! seeds (`fuzz/seeds/command_json/*.bin`).
//!
//! The actor byte picks, below 0xA0, the actor the action usually needs (a window clerk of the case's unit
//! or of the intake window, the step's acting
//! holder under the A/B rule, the case unit's head, a reviewer of the named consulted unit, the applicant,
//! the inquiry's responsible staff member); from 0xA0, any name of [`Vocab::actors`]: every staff member of
//! every unit of the organisation fixture, the applicants, and unknown names. The time byte moves a clock
//! that starts on Monday 2026-09-28 09:00 (+08:00): forward by minutes, hours or days, or to the same
//! instant, a second or hours back, the next timer, after the calendar's last day, before its first, or
//! an absence's bounds.

use std::sync::OnceLock;

use chrono::{DateTime, Duration, Utc};
use xiaoneng::commands;
use xiaoneng::{Command, InquiryOutcome, Opinion, PauseKind, Role};

use crate::engine::{county, tracing, Run};

/// Most steps of an input.
const MAX_STEPS: usize = 16;

/// Case numbers (inquiries share the space): repeated ones are likelier.
const CASES: [&str; 8] = ["C1", "C2", "C3", "C1", "C2", "Q1", "Q2", ""];

/// Applicants (one of them named like a staff member).
const APPLICANTS: [&str; 4] = ["甲", "乙", "s-clerk", "甲"];

/// Texts for reasons, notices and results: three in four are not blank.
const TEXTS: [&str; 3] = ["说明", "《行政许可法》第三十二条", "可申请行政复议或提起行政诉讼"];

const PAUSE_KINDS: [PauseKind; 8] = [
    PauseKind::Inspection,
    PauseKind::Hearing,
    PauseKind::Correction,
    PauseKind::Tendering,
    PauseKind::Auction,
    PauseKind::Appraisal,
    PauseKind::ExpertReview,
    PauseKind::Other,
];
const OPINIONS: [Opinion; 4] = [
    Opinion::Agree,
    Opinion::Disagree,
    Opinion::AgreeAndForward,
    Opinion::Other,
];
const OUTCOMES: [InquiryOutcome; 3] = [
    InquiryOutcome::Answered,
    InquiryOutcome::Handled,
    InquiryOutcome::Guided,
];
const AMOUNTS: [u32; 8] = [1, 5, 10, 3, 0, 11, 100_000, u32::MAX];

/// Names drawn from the fixtures, built once.
pub struct Vocab {
    /// Every staff member (of every unit), the applicants, and names nobody has.
    pub actors: Vec<String>,
    /// Staff with the window clerk role.
    clerks: Vec<String>,
    /// Staff with the supervisor role.
    supervisors: Vec<String>,
    /// Every unit, and one nobody has.
    units: Vec<String>,
    /// Every item code, and one nobody has.
    items: Vec<String>,
    /// Every material of every item, and one no item lists.
    materials: Vec<String>,
}

/// The vocabulary of the county fixtures.
pub fn vocab() -> &'static Vocab {
    static VOCAB: OnceLock<Vocab> = OnceLock::new();
    VOCAB.get_or_init(|| {
        let county = county();
        let spec = county.org.spec();
        let with_role = |r: Role| -> Vec<String> {
            spec.staff
                .iter()
                .filter(|s| s.roles.contains(&r))
                .map(|s| s.id.clone())
                .collect()
        };
        let mut actors: Vec<String> = spec.staff.iter().map(|s| s.id.clone()).collect();
        actors.extend(["甲", "乙", "ghost", ""].map(String::from));
        let mut units: Vec<String> = spec.units.iter().map(|u| u.id.clone()).collect();
        units.push("nope".into());
        let items = county.catalog.items();
        let mut codes: Vec<String> = items.iter().map(|i| i.code.clone()).collect();
        codes.push("NOPE-000".into());
        let mut materials: Vec<String> = Vec::new();
        for m in items.iter().flat_map(|i| &i.materials) {
            if !materials.contains(&m.name) {
                materials.push(m.name.clone());
            }
        }
        materials.truncate(7);
        materials.push("未列明材料".into());
        Vocab {
            actors,
            clerks: with_role(Role::WindowClerk),
            supervisors: with_role(Role::Supervisor),
            units,
            items: codes,
            materials,
        }
    })
}

/// Bytes read in order; 0 once exhausted.
struct Bytes<'a> {
    data: &'a [u8],
    pos: usize,
}

impl Bytes<'_> {
    fn done(&self) -> bool {
        self.pos >= self.data.len()
    }
    fn byte(&mut self) -> u8 {
        let b = self.data.get(self.pos).copied().unwrap_or(0);
        self.pos += 1;
        b
    }
    fn pick<'v, T: ?Sized>(&mut self, from: &'v [impl AsRef<T>]) -> &'v T {
        from[self.byte() as usize % from.len()].as_ref()
    }
}

/// The first instant: Monday 2026-09-28 09:00 +08:00.
fn start() -> DateTime<Utc> {
    DateTime::from_timestamp(1_790_557_200, 0).expect("in range")
}

/// Instants at the edges of the fixtures: absences (start and end of s-rev's and s-rev2's), the day after
/// the calendar's last, the day before its first.
fn edges() -> &'static [DateTime<Utc>] {
    static EDGES: OnceLock<Vec<DateTime<Utc>>> = OnceLock::new();
    EDGES.get_or_init(|| {
        let county = county();
        let mut out: Vec<DateTime<Utc>> = Vec::new();
        for a in &county.org.spec().absences {
            out.extend([a.start, a.end]);
        }
        for s in ["2026-12-31T16:00:00Z", "2027-01-04T01:00:00Z", "2003-12-31T01:00:00Z"] {
            out.push(s.parse().expect("instant"));
        }
        out
    })
}

/// Moves the clock by a time byte: the low two bits choose minutes (×10), hours (×4) or days, forward by
/// the upper six bits; or (3) one of eight jumps.
fn time(b: u8, now: DateTime<Utc>, next_timer: Option<DateTime<Utc>>) -> DateTime<Utc> {
    let k = i64::from(b >> 2);
    let t = match b & 3 {
        0 => now.checked_add_signed(Duration::minutes(10 * k)),
        1 => now.checked_add_signed(Duration::hours(4 * k)),
        2 => now.checked_add_signed(Duration::days(k)),
        _ => match k % 8 {
            0 => Some(now),
            1 => now.checked_sub_signed(Duration::seconds(1)),
            2 => now.checked_sub_signed(Duration::hours(k / 8 + 1)),
            3 => next_timer,
            4 => next_timer.and_then(|t| t.checked_sub_signed(Duration::seconds(1))),
            5 => next_timer.and_then(|t| t.checked_add_signed(Duration::seconds(1))),
            _ => {
                let e = edges();
                let t = e[(k / 8) as usize % e.len()];
                if k % 8 == 6 {
                    Some(t)
                } else {
                    t.checked_sub_signed(Duration::seconds(1))
                }
            }
        },
    };
    t.unwrap_or(now)
}

/// Runs a structured input (see the module docs) against the county engine, then the end-of-run checks.
pub fn run_bytes(data: &[u8]) {
    let county = county();
    let v = vocab();
    let mut run = Run::new(&county.engine, county.config());
    let mut d = Bytes { data, pos: 0 };
    let mut now = start();
    for _ in 0..MAX_STEPS {
        if d.done() {
            break;
        }
        let op = d.byte() % op::COUNT;
        if op == op::ADVANCE {
            now = time(d.byte(), now, run.engine.next_timer());
            run.advance(now);
            continue;
        }
        if op == op::TIMER {
            let how = d.byte();
            if let Some(t) = run.engine.next_timer() {
                now = match how % 4 {
                    0 => t.checked_sub_signed(Duration::seconds(1)).unwrap_or(t),
                    _ => t,
                };
                run.advance(now);
            }
            continue;
        }
        let case = d.pick::<str>(&CASES);
        let actor_byte = d.byte();
        now = time(d.byte(), now, run.engine.next_timer());
        let actor = actor_for(&run, v, op, case, now, actor_byte, &mut d);
        let cmd = command(op, case, now, actor, &mut d, v, &run);
        if tracing() {
            eprintln!("{}", serde_json::to_string(&cmd).expect("a command serializes"));
        }
        run.execute(cmd);
    }
    run.finish();
}

/// Opcodes (an opcode byte is taken modulo [`op::COUNT`]).
mod op {
    pub const RECEIVE: u8 = 0;
    pub const NOTIFY_CORRECTIONS: u8 = 1;
    pub const SUBMIT_CORRECTIONS: u8 = 2;
    pub const ACCEPT: u8 = 3;
    pub const REFUSE: u8 = 4;
    pub const REPORT_NEGATIVE: u8 = 5;
    pub const COMPLETE_STEP: u8 = 6;
    pub const PAUSE: u8 = 7;
    pub const RESUME: u8 = 8;
    pub const EXTEND: u8 = 9;
    pub const DECIDE: u8 = 10;
    pub const DELIVER: u8 = 11;
    pub const JOINT_REPLY: u8 = 12;
    pub const JOINT_ABSENCE: u8 = 13;
    pub const RATE: u8 = 14;
    pub const FOLLOW_UP_RATING: u8 = 15;
    pub const TERMINATE: u8 = 16;
    pub const RECORD_INQUIRY: u8 = 17;
    pub const ANSWER_INQUIRY: u8 = 18;
    pub const WITHDRAW: u8 = 19;
    /// Advance to the instant of a time byte.
    pub const ADVANCE: u8 = 20;
    /// Advance to the next timer (or a second before it).
    pub const TIMER: u8 = 21;
    pub const NOTIFY_HEARING_RIGHT: u8 = 22;
    pub const REQUEST_HEARING: u8 = 23;
    pub const HOLD_HEARING: u8 = 24;
    /// Receipt of a renewal (with a licence expiry).
    pub const RECEIVE_RENEWAL: u8 = 25;
    pub const COUNT: u8 = 26;
}

/// The actor of a command: the one the action usually needs (actor byte below 0xA0), else any name.
fn actor_for(run: &Run, v: &Vocab, op: u8, case: &str, at: DateTime<Utc>, b: u8, d: &mut Bytes) -> String {
    if b >= 0xA0 {
        return v.actors[(b - 0xA0) as usize % v.actors.len()].clone();
    }
    let county = county();
    let org = &county.org;
    let c = run.engine.case(case);
    let unit = c.map_or("amr", |c| c.unit());
    let head = || org.unit(unit).and_then(|u| u.head.clone());
    // A window clerk of the case's unit (amr before receipt) or of an intake window of the policy.
    let clerk = || {
        let pool: Vec<&String> = v
            .clerks
            .iter()
            .filter(|c| {
                org.staff(c)
                    .is_some_and(|s| s.unit == unit || county.policy.intake.iter().any(|i| i.unit == s.unit))
            })
            .collect();
        pool.get(b as usize % pool.len().max(1)).map(|c| c.to_string())
    };
    // The acting holder of the case's current step's post.
    let holder = || {
        let c = c?;
        let item = county.catalog.item(c.item())?;
        let step = item.steps.get(c.step())?;
        org.acting_holder(&step.post, at).ok().map(|a| a.staff().to_string())
    };
    let usual = match op {
        op::COMPLETE_STEP | op::PAUSE | op::RESUME => holder().or_else(head),
        op::DECIDE => {
            if b & 1 == 0 {
                holder().or_else(head)
            } else {
                head()
            }
        }
        op::EXTEND | op::TERMINATE | op::REPORT_NEGATIVE => head(),
        op::FOLLOW_UP_RATING => {
            if b & 1 == 0 {
                head()
            } else {
                v.supervisors.first().cloned()
            }
        }
        op::JOINT_REPLY => {
            // A reviewer or head of the consulted unit the command will name (peeked, not consumed).
            let u = &v.units[d.data.get(d.pos).copied().unwrap_or(0) as usize % v.units.len()];
            let mut of_unit = org.spec().staff.iter().filter(|s| s.unit == *u);
            of_unit
                .nth(b as usize % 2)
                .or_else(|| org.spec().staff.iter().find(|s| s.unit == *u))
                .map(|s| s.id.clone())
        }
        op::RATE | op::REQUEST_HEARING => c.map(|c| c.applicant().to_string()),
        // Corrections: handed in by the applicant, or taken by the window.
        op::SUBMIT_CORRECTIONS if b & 1 == 1 => c.map(|c| c.applicant().to_string()),
        op::NOTIFY_HEARING_RIGHT | op::HOLD_HEARING => {
            if b & 1 == 0 {
                holder().or_else(head)
            } else {
                head()
            }
        }
        op::ANSWER_INQUIRY => run.responsible(case).map(str::to_string),
        _ => clerk(),
    };
    usual.or_else(clerk).unwrap_or_default()
}

/// Command `op` on `case` at `at` by `actor`, its other fields read from the bytes.
fn command(op: u8, case: &str, at: DateTime<Utc>, actor: String, d: &mut Bytes, v: &Vocab, run: &Run) -> Command {
    let case = case.to_string();
    let text = |b: u8, k: u32| -> String {
        match (b >> (2 * k)) & 3 {
            3 if b & 0x80 != 0 => " ".into(),
            3 => String::new(),
            i => TEXTS[i as usize].into(),
        }
    };
    match op {
        op::RECEIVE => Command::from(commands::Receive {
            case,
            at,
            actor,
            item: d.pick::<str>(&v.items).to_string(),
            applicant: d.pick::<str>(&APPLICANTS).to_string(),
            materials: materials(d.byte(), v),
            renewal_of_expiry: None,
        }),
        op::RECEIVE_RENEWAL => {
            let item = d.pick::<str>(&v.items).to_string();
            let applicant = d.pick::<str>(&APPLICANTS).to_string();
            let materials = materials(d.byte(), v);
            // Days ahead of receipt: before, around and after the policy's 30-day lead.
            let days = i64::from(d.byte() % 64) - 2;
            Command::from(commands::Receive {
                case,
                at,
                actor,
                item,
                applicant,
                materials,
                renewal_of_expiry: at.checked_add_signed(Duration::days(days)),
            })
        }
        op::NOTIFY_HEARING_RIGHT => Command::from(commands::NotifyHearingRight {
            case,
            at,
            actor,
            notice: text(d.byte(), 0),
        }),
        op::REQUEST_HEARING => Command::from(commands::RequestHearing { case, at, actor }),
        op::HOLD_HEARING => Command::from(commands::HoldHearing { case, at, actor }),
        op::NOTIFY_CORRECTIONS => Command::from(commands::NotifyCorrections {
            case,
            at,
            actor,
            missing: materials(d.byte(), v),
        }),
        op::SUBMIT_CORRECTIONS => Command::from(commands::SubmitCorrections {
            case,
            at,
            actor,
            materials: materials(d.byte(), v),
        }),
        op::ACCEPT => Command::from(commands::Accept { case, at, actor }),
        op::REFUSE => {
            let b = d.byte();
            Command::from(commands::Refuse {
                case,
                at,
                actor,
                reasons: text(b, 0),
                legal_basis: text(b, 1),
                remedies: text(b, 2),
            })
        }
        op::REPORT_NEGATIVE => {
            // Usually the head of the case's unit; else any name.
            let b = d.byte();
            let superior = if b < 0x80 {
                let unit = run.engine.case(&case).map_or("amr", |c| c.unit());
                county().org.unit(unit).and_then(|u| u.head.clone()).unwrap_or_default()
            } else {
                v.actors[b as usize % v.actors.len()].clone()
            };
            Command::from(commands::ReportNegative {
                case,
                at,
                actor,
                superior,
            })
        }
        op::COMPLETE_STEP => Command::from(commands::CompleteStep { case, at, actor }),
        op::PAUSE => {
            let b = d.byte();
            Command::from(commands::Pause {
                case,
                at,
                actor,
                kind: PAUSE_KINDS[b as usize % PAUSE_KINDS.len()],
                notice: text(b, 2),
            })
        }
        op::RESUME => Command::from(commands::Resume { case, at, actor }),
        op::EXTEND => {
            let b = d.byte();
            Command::from(commands::Extend {
                case,
                at,
                actor,
                amount: AMOUNTS[b as usize % AMOUNTS.len()],
                reason: text(b, 3),
            })
        }
        op::DECIDE => {
            let b = d.byte();
            let (reasons, legal_basis, remedies) = if b & 2 == 0 {
                (text(b, 1), text(b, 2), text(b, 3))
            } else {
                Default::default()
            };
            Command::from(commands::Decide {
                case,
                at,
                actor,
                approve: b & 1 == 1,
                reasons,
                legal_basis,
                remedies,
            })
        }
        op::DELIVER => Command::from(commands::Deliver { case, at, actor }),
        op::JOINT_REPLY => {
            let unit = d.pick::<str>(&v.units).to_string();
            let b = d.byte();
            Command::from(commands::JointReply {
                case,
                at,
                actor,
                unit,
                opinion: OPINIONS[b as usize % OPINIONS.len()],
                reasons: text(b, 2),
            })
        }
        op::JOINT_ABSENCE => Command::from(commands::JointAbsence {
            case,
            at,
            actor,
            unit: d.pick::<str>(&v.units).to_string(),
            excused: d.byte() & 1 == 1,
        }),
        op::RATE => {
            let b = d.byte();
            Command::from(commands::Rate {
                case,
                at,
                actor,
                level: b % 7,
                real_name: b & 0x40 != 0,
                comment: if b & 0x80 != 0 {
                    "等候时间长".into()
                } else {
                    String::new()
                },
            })
        }
        op::FOLLOW_UP_RATING => Command::from(commands::FollowUpRating {
            case,
            at,
            actor,
            result: text(d.byte(), 0),
        }),
        op::TERMINATE => Command::from(commands::Terminate {
            case,
            at,
            actor,
            reason: text(d.byte(), 0),
        }),
        op::RECORD_INQUIRY => {
            let b = d.byte();
            let also_asked = (0..b >> 6).map(|_| d.pick::<str>(&v.actors).to_string()).collect();
            Command::from(commands::RecordInquiry {
                case,
                at,
                actor,
                person: "张三".into(),
                topic: text(b, 0),
                also_asked,
            })
        }
        op::ANSWER_INQUIRY => {
            let b = d.byte();
            Command::from(commands::AnswerInquiry {
                case,
                at,
                actor,
                outcome: OUTCOMES[b as usize % OUTCOMES.len()],
                guided_to: text(b, 2),
            })
        }
        op::WITHDRAW => Command::from(commands::Withdraw { case, at, actor }),
        _ => unreachable!("opcode {op} is not a command"),
    }
}

/// The materials chosen by the bits of `mask`.
fn materials(mask: u8, v: &Vocab) -> Vec<String> {
    v.materials
        .iter()
        .enumerate()
        .filter(|(k, _)| mask & (1 << k) != 0)
        .map(|(_, m)| m.clone())
        .collect()
}
