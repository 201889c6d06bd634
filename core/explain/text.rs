//! An [`Explanation`] as text, in Chinese or English. The wording of the bases and rules lives here, one
//! function per kind of sentence.

use std::fmt::Write as _;

use chrono::{DateTime, FixedOffset};

use super::{ClockExplanation, DayKind, DeemedWhat, Explanation, Lang};
use crate::clock::{ClockState, Limit, Signal, TimeUnit};
use crate::event::{ClockName, DeemedBecause};
use crate::policy::DeemedAt;

/// The basis of a clock's limit.
pub(super) fn basis(clock: ClockName, lang: Lang) -> &'static str {
    use ClockName::*;
    match (clock, lang) {
        (Notice, Lang::Zh) => "《行政许可法》第三十二条（一次性告知补正材料）",
        (Notice, Lang::En) => "Administrative License Law art. 32 (one-time notice of missing materials)",
        (Decision, Lang::Zh) => "《行政许可法》第四十二条（作出决定的期限），第四十五条（听证、检验检测等时间不计入）",
        (Decision, Lang::En) => {
            "Administrative License Law art. 42 (decision limit); art. 45 (hearings, inspections and the like not counted)"
        }
        (Step, Lang::Zh) => "服务指南规定的办理环节时限（限时办结制）",
        (Step, Lang::En) => "the procedure step's limit in the service guide (time-limited completion)",
        (Consult, Lang::Zh) => "联审联办会签时限（政策：超时默认、缺席默认）",
        (Consult, Lang::En) => "joint review consult limit (policy: timeout and absence default)",
        (NegativeReport, Lang::Zh) => "否定报备制（政策规定的报备时限）",
        (NegativeReport, Lang::En) => "negative-decision reporting (the policy's limit)",
        (Delivery, Lang::Zh) => "《行政许可法》第四十四条（颁发、送达许可证件）",
        (Delivery, Lang::En) => "Administrative License Law art. 44 (issuing and delivering the licence)",
        (Rating, Lang::Zh) => "好差评制度：办结后的评价等待期，期满未评价的按政策默认评价",
        (Rating, Lang::En) => "ratings: the wait after closure; without a rating the policy's default is recorded",
        (RatingFollowUp, Lang::Zh) => "好差评制度：差评核实整改时限（政策）",
        (RatingFollowUp, Lang::En) => "ratings: the follow-up limit of a bad rating (policy)",
        (Inquiry, Lang::Zh) => "首问负责制答复时限（政策）",
        (Inquiry, Lang::En) => "first inquiry: the answer limit (policy)",
        (HearingRequest, Lang::Zh) => "《行政许可法》第四十七条（被告知听证权利之日起五日内提出听证申请）",
        (HearingRequest, Lang::En) => {
            "Administrative License Law art. 47 (a hearing is requested within 5 days of the notice of the right)"
        }
        (Hearing, Lang::Zh) => "《行政许可法》第四十七条（在申请之日起二十日内组织听证）",
        (Hearing, Lang::En) => "Administrative License Law art. 47 (the hearing is held within 20 days of the request)",
        (Acceptance, Lang::Zh) => {
            "《行政许可法》第三十二条第一款第（五）项（申请人按要求提交全部补正材料的，应当受理；补正后受理时限按政策）"
        }
        (Acceptance, Lang::En) => {
            "Administrative License Law art. 32 (5) (once every correction asked for is handed in, the application is \
             accepted; the limit after corrections is the policy's)"
        }
        (Corrections, Lang::Zh) => "一次性告知书载明的补正期限（政策；期满未补正的，记录逾期，由窗口决定是否不予受理）",
        (Corrections, Lang::En) => {
            "the applicant's correction limit told with the one-time notice (policy; when it passes it is recorded, \
             and the window decides whether to refuse)"
        }
        (ComplaintAcceptance, Lang::Zh) => "效能投诉制：投诉受理时限（政策）",
        (ComplaintAcceptance, Lang::En) => "efficiency complaints: the limit to decide acceptance (policy)",
        (ComplaintHandling, Lang::Zh) => "效能投诉制：投诉办理时限（政策；复杂投诉经批准可延期一次）",
        (ComplaintHandling, Lang::En) => {
            "efficiency complaints: the handling limit (policy; extendable once with approval for a complex complaint)"
        }
        (ComplaintReply, Lang::Zh) => "效能投诉制：办结后答复投诉人的时限（政策；匿名投诉不予答复）",
        (ComplaintReply, Lang::En) => {
            "efficiency complaints: the limit to reply to the complainant after closing (policy; no reply to anonymous complaints)"
        }
        (PledgeSigning, Lang::Zh) => "督查督办制：下达整改通知后签订整改承诺书的时限（政策）",
        (PledgeSigning, Lang::En) => "supervision: the limit to sign the rectification pledge after the order (policy)",
        (PledgeDeadline, Lang::Zh) => "整改承诺书或督办事项载明的完成时限（定时限）",
        (PledgeDeadline, Lang::En) => "the limit the pledge or supervised item sets (its own limit)",
        (PledgeMilestone, Lang::Zh) => "整改承诺书或督办事项载明的节点时限",
        (PledgeMilestone, Lang::En) => "a milestone's limit in the pledge or supervised item",
    }
}

/// The rule that deemed an acceptance once corrections were handed in (art. 32 (5); docs/rules.md §3).
pub(super) fn deemed_acceptance_after_corrections(lang: Lang) -> &'static str {
    match lang {
        Lang::Zh => {
            "《行政许可法》第三十二条：申请人按要求提交全部补正材料的，应当受理；补正后受理时限届满未作决定，\
             自收到补正材料之日起视为受理"
        }
        Lang::En => {
            "art. 32: the corrections were handed in and no acceptance decision came within the limit, so the \
             application counts as accepted from the day the corrections were received"
        }
    }
}

/// The rule that deemed an outcome; `deemed_at`, the deadline that triggered a deemed approval.
pub(super) fn deemed_rule(
    what: DeemedWhat,
    because: Option<DeemedBecause>,
    deemed_at: Option<DeemedAt>,
    lang: Lang,
) -> &'static str {
    use DeemedBecause::*;
    match (what, deemed_at, lang) {
        (DeemedWhat::Approval, Some(DeemedAt::Pledged), Lang::Zh) => {
            return "超时默认：承诺期限届满未作出决定，按政策视为准予"
        }
        (DeemedWhat::Approval, Some(DeemedAt::Pledged), Lang::En) => {
            return "timeout default: the pledged deadline passed without a decision, so approval is deemed as the \
                    policy says"
        }
        (DeemedWhat::Approval, Some(DeemedAt::Statutory), Lang::Zh) => {
            return "超时默认：法定期限届满未作出决定，按政策视为准予"
        }
        (DeemedWhat::Approval, Some(DeemedAt::Statutory), Lang::En) => {
            return "timeout default: the statutory deadline passed without a decision, so approval is deemed as \
                    the policy says"
        }
        _ => {}
    }
    match (what, because, lang) {
        (DeemedWhat::Acceptance, _, Lang::Zh) => {
            "《行政许可法》第三十二条：逾期不告知补正材料的，自收到申请材料之日起即为受理"
        }
        (DeemedWhat::Acceptance, _, Lang::En) => {
            "art. 32: no one-time notice within the limit, so the application counts as accepted from its receipt"
        }
        (DeemedWhat::Approval, _, Lang::Zh) => "超时默认：办理时限届满未作出决定，按政策视为准予",
        (DeemedWhat::Approval, _, Lang::En) => {
            "timeout default: the limit passed without a decision, so approval is deemed as the policy says"
        }
        (DeemedWhat::Opinion, Some(Silence), Lang::Zh) => "超时默认：会签期限内未答复，视为同意",
        (DeemedWhat::Opinion, Some(Silence), Lang::En) => {
            "timeout default: no reply within the consult limit counts as agreement"
        }
        (DeemedWhat::Opinion, Some(Absence), Lang::Zh) => "缺席默认：无故缺席联审会议，视为同意",
        (DeemedWhat::Opinion, Some(Absence), Lang::En) => {
            "absence default: an unexcused absence from the joint meeting counts as agreement"
        }
        (DeemedWhat::Opinion, Some(UnreasonedDisagreement), Lang::Zh) => "不同意但未说明理由，按政策视为同意",
        (DeemedWhat::Opinion, Some(UnreasonedDisagreement), Lang::En) => {
            "a disagreement without reasons counts as agreement under the policy"
        }
        (DeemedWhat::Opinion, _, Lang::Zh) => "答复意见不明确，按政策视为同意",
        (DeemedWhat::Opinion, _, Lang::En) => {
            "a reply that is not a clear opinion counts as agreement under the policy"
        }
        (DeemedWhat::Rating, _, Lang::Zh) => "评价等待期满未评价，按政策记录默认评价",
        (DeemedWhat::Rating, _, Lang::En) => "no rating within the wait, so the policy's default rating is recorded",
        (DeemedWhat::Renewal, _, Lang::Zh) => {
            "《行政许可法》第五十条：在许可有效期届满前未作出是否准予延续的决定，视为准予延续"
        }
        (DeemedWhat::Renewal, _, Lang::En) => {
            "art. 50: no decision on the renewal before the licence expired, so the renewal is deemed granted"
        }
    }
}

/// Which deadline triggers the timeout default of an undecided case; `apart` when a pledged limit sets
/// the statutory deadline apart from the supervised one (the cards then still follow the pledge).
pub(super) fn timeout_rule(deemed_at: DeemedAt, apart: bool, lang: Lang) -> String {
    let cards = match (deemed_at, apart, lang) {
        (DeemedAt::Statutory, true, Lang::Zh) => "；黄牌、红牌和超期违规仍按承诺期限",
        (DeemedAt::Statutory, true, Lang::En) => {
            "; yellow and red cards and the overdue violation still follow the pledged deadline"
        }
        _ => "",
    };
    match (deemed_at, lang) {
        (DeemedAt::Pledged, Lang::Zh) => format!("超时默认：承诺期限届满仍未作出决定的，视为准予{cards}"),
        (DeemedAt::Statutory, Lang::Zh) => format!("超时默认：法定期限届满仍未作出决定的，视为准予{cards}"),
        (DeemedAt::Pledged, Lang::En) => {
            format!("timeout default: approval is deemed when the pledged deadline passes without a decision{cards}")
        }
        (DeemedAt::Statutory, Lang::En) => {
            format!("timeout default: approval is deemed when the statutory deadline passes without a decision{cards}")
        }
    }
}

/// A renewal's rule (art. 50): applied for `lead` before the expiry, it is deemed granted there when
/// undecided; applied for later, the ordinary limits apply.
pub(super) fn renewal_rule(in_time: bool, lead: Limit, lang: Lang) -> String {
    let lead = limit(lead, lang);
    match (in_time, lang) {
        (true, Lang::Zh) => format!(
            "《行政许可法》第五十条：延续申请于有效期届满{lead}前提出，在有效期届满前未作出是否准予延续的决定的，视为准予延续"
        ),
        (false, Lang::Zh) => format!(
            "《行政许可法》第五十条：延续申请未在有效期届满{lead}前提出，届满时不视为准予延续，按一般办理期限办理"
        ),
        (true, Lang::En) => format!(
            "Administrative License Law art. 50: applied for at least {lead} before the expiry, the renewal is \
             deemed granted at the expiry if no decision is made before it"
        ),
        (false, Lang::En) => format!(
            "Administrative License Law art. 50: not applied for {lead} before the expiry, the renewal is not \
             deemed granted at the expiry; the ordinary limits apply"
        ),
    }
}

fn clock_name(c: ClockName, lang: Lang) -> &'static str {
    use ClockName::*;
    match lang {
        Lang::Zh => c.label_zh(),
        Lang::En => match c {
            Notice => "one-time notice limit",
            Decision => "decision limit",
            Step => "step limit",
            NegativeReport => "negative-decision report limit",
            Delivery => "delivery limit",
            Consult => "joint review consult limit",
            RatingFollowUp => "bad-rating follow-up limit",
            Rating => "rating wait",
            Inquiry => "first-inquiry answer limit",
            HearingRequest => "hearing request limit",
            Hearing => "hearing hold limit",
            Acceptance => "acceptance limit after corrections",
            Corrections => "applicant's correction limit",
            ComplaintAcceptance => "complaint acceptance limit",
            ComplaintHandling => "complaint handling limit",
            ComplaintReply => "complaint reply limit",
            PledgeSigning => "pledge signing limit",
            PledgeDeadline => "pledge limit",
            PledgeMilestone => "pledge milestone limit",
        },
    }
}

fn limit(l: Limit, lang: Lang) -> String {
    let n = l.amount;
    match (lang, l.unit, n) {
        (Lang::Zh, TimeUnit::WorkingDays | TimeUnit::NaturalDays, 0) => "当日办结".to_string(),
        (Lang::Zh, u, n) => format!("{n}个{}", u.label_zh()),
        (Lang::En, TimeUnit::WorkingDays | TimeUnit::NaturalDays, 0) => "the same day".to_string(),
        (Lang::En, u, n) => {
            let unit = match u {
                TimeUnit::WorkingDays => "working day",
                TimeUnit::NaturalDays => "day",
                TimeUnit::WorkingHours => "working hour",
                TimeUnit::NaturalHours => "hour",
            };
            format!("{n} {unit}{}", if n == 1 { "" } else { "s" })
        }
    }
}

fn time(t: DateTime<FixedOffset>) -> String {
    t.format("%Y-%m-%d %H:%M").to_string()
}

fn state(s: ClockState, lang: Lang) -> &'static str {
    match lang {
        Lang::Zh => s.label_zh(),
        Lang::En => match s {
            ClockState::NotStarted => "not started",
            ClockState::Running => "running",
            ClockState::Paused => "paused",
            ClockState::Overdue => "overdue",
            ClockState::CompletedOnTime => "completed on time",
            ClockState::CompletedLate => "completed late",
        },
    }
}

fn signal(s: Signal, lang: Lang) -> &'static str {
    match lang {
        Lang::Zh => s.label_zh(),
        Lang::En => match s {
            Signal::None => "none",
            Signal::Reminder => "reminder",
            Signal::Yellow => "yellow card",
            Signal::Red => "red card",
        },
    }
}

fn day_kind(k: DayKind, lang: Lang) -> &'static str {
    match lang {
        Lang::Zh => k.label_zh(),
        Lang::En => match k {
            DayKind::Weekend => "weekend",
            DayKind::Holiday => "holiday",
            DayKind::Makeup => "makeup workday",
        },
    }
}

/// A holiday's name in English (the national calendar's names; others as written).
fn holiday_en(name: &str) -> &str {
    match name {
        "元旦" => "New Year's Day",
        "春节" => "Spring Festival",
        "清明节" => "Qingming Festival",
        "劳动节" => "Labour Day",
        "端午节" => "Dragon Boat Festival",
        "中秋节" => "Mid-Autumn Festival",
        "国庆节" => "National Day",
        "国庆节、中秋节" | "中秋节、国庆节" => "National Day and Mid-Autumn Festival",
        other => other,
    }
}

/// The whole text.
pub(super) fn render(e: &Explanation, lang: Lang) -> String {
    let mut s = String::new();
    match lang {
        Lang::Zh => {
            let _ = writeln!(
                s,
                "办件 {}（{} {}，{}），截至 {}：{}。",
                e.case,
                e.item,
                e.item_name,
                e.unit,
                time(e.at),
                e.state.label_zh()
            );
        }
        Lang::En => {
            let _ = writeln!(
                s,
                "Case {} ({} {}, unit {}), as of {}: {}.",
                e.case,
                e.item,
                e.item_name,
                e.unit,
                time(e.at),
                e.state.as_str().replace('_', " ")
            );
        }
    }
    for c in &e.clocks {
        clock(&mut s, c, lang);
    }
    if let Some(r) = &e.renewal {
        let _ = match lang {
            Lang::Zh => writeln!(s, "延续申请：原许可有效期至 {}；{}。", time(r.expiry), r.rule),
            Lang::En => writeln!(s, "Renewal: the licence expires at {}; {}.", time(r.expiry), r.rule),
        };
    }
    if let Some(x) = &e.timeout {
        let _ = match lang {
            Lang::Zh => writeln!(s, "视为准予的期限：{}；{}。", time(x.deadline), x.rule),
            Lang::En => writeln!(s, "Deemed approval at: {}; {}.", time(x.deadline), x.rule),
        };
    }
    for d in &e.deemed {
        let unit = d.unit.as_deref().map(|u| match lang {
            Lang::Zh => format!("（{u}）"),
            Lang::En => format!(" ({u})"),
        });
        let _ = match lang {
            Lang::Zh => writeln!(
                s,
                "{}{}：{}，依据：{}。",
                d.what.label_zh(),
                unit.unwrap_or_default(),
                time(d.at),
                d.rule
            ),
            Lang::En => writeln!(
                s,
                "Deemed {}{}: {}, because {}.",
                d.what.as_str(),
                unit.unwrap_or_default(),
                time(d.at),
                d.rule
            ),
        };
    }
    s
}

fn clock(s: &mut String, c: &ClockExplanation, lang: Lang) {
    let zh = lang == Lang::Zh;
    let supervised = match (c.pledged, zh) {
        (Some(p), true) => format!("法定{}，承诺{}（按承诺时限监察）", limit(c.limit, lang), limit(p, lang)),
        (Some(p), false) => format!(
            "statutory {}, pledged {} (supervised on the pledge)",
            limit(c.limit, lang),
            limit(p, lang)
        ),
        (None, _) => limit(c.limit, lang),
    };
    let start = match (c.start_rule, zh) {
        (crate::calendar::StartRule::NextDay, true) => "起算日不计，次日起算",
        (crate::calendar::StartRule::SameDay, true) => "起算日计入",
        (crate::calendar::StartRule::NextDay, false) => "the start day not counted",
        (crate::calendar::StartRule::SameDay, false) => "the start day counted",
    };
    let _ = if zh {
        writeln!(
            s,
            "【{}】{}；依据：{}；自 {} 起算（{}）。",
            clock_name(c.clock, lang),
            supervised,
            c.basis,
            time(c.started_at),
            start
        )
    } else {
        writeln!(
            s,
            "[{}] {}; basis: {}; from {} ({}).",
            clock_name(c.clock, lang),
            supervised,
            c.basis,
            time(c.started_at),
            start
        )
    };
    if !c.days.is_empty() {
        let runs: Vec<String> = c
            .days
            .iter()
            .map(|r| {
                let span = if r.first == r.last {
                    r.first.to_string()
                } else {
                    format!("{}..{}", r.first, r.last)
                };
                let text = match (&r.name, zh) {
                    (Some(n), true) => format!("{span} {}（{n}）", day_kind(r.kind, lang)),
                    (Some(n), false) => format!("{span} {} ({})", day_kind(r.kind, lang), holiday_en(n)),
                    (None, _) => format!("{span} {}", day_kind(r.kind, lang)),
                };
                match (r.provisional, zh) {
                    (true, true) => format!("{text}［暂定］"),
                    (true, false) => format!("{text} [provisional]"),
                    (false, _) => text,
                }
            })
            .collect();
        let _ = if zh {
            writeln!(s, "  期间非工作日与调休：{}。", runs.join("；"))
        } else {
            writeln!(s, "  Days off and makeup days in the span: {}.", runs.join("; "))
        };
    }
    for p in &c.pauses {
        let to = p.to.map(time);
        let notice = p.notice.as_deref().unwrap_or(if zh { "无" } else { "none" });
        let _ = if zh {
            writeln!(
                s,
                "  暂停计时（{}）：{} 至 {}，书面告知：{}。",
                p.kind.label_zh(),
                time(p.from),
                to.unwrap_or_else(|| "今".to_string()),
                notice
            )
        } else {
            writeln!(
                s,
                "  Paused ({}): {} to {}, written notice: {}.",
                p.kind.as_str().replace('_', " "),
                time(p.from),
                to.unwrap_or_else(|| "now".to_string()),
                notice
            )
        };
    }
    for x in &c.extensions {
        let added = limit(
            Limit {
                unit: c.limit.unit,
                amount: x.amount,
            },
            lang,
        );
        let _ = if zh {
            writeln!(
                s,
                "  延期：{} 延长{}，批准人 {}，理由：{}。",
                time(x.at),
                added,
                x.approver,
                x.reason
            )
        } else {
            writeln!(
                s,
                "  Extended at {} by {}, approved by {}, because: {}.",
                time(x.at),
                added,
                x.approver,
                x.reason
            )
        };
    }
    let thresholds: Vec<String> = c
        .thresholds
        .iter()
        .map(|t| {
            let reached = match (t.reached, zh) {
                (true, true) => "已到",
                (false, true) => "未到",
                (true, false) => "reached",
                (false, false) => "not reached",
            };
            if zh {
                format!("{} {}（{reached}）", signal(t.signal, lang), time(t.at))
            } else {
                format!("{} {} ({reached})", signal(t.signal, lang), time(t.at))
            }
        })
        .collect();
    if c.provisional {
        let _ = if zh {
            writeln!(
                s,
                "  暂定：期限所依据的日期在最近一次国务院节假日安排通知之后，按周末和法定节假日推算，通知公布后将重新计算。"
            )
        } else {
            writeln!(
                s,
                "  Provisional: the deadline rests on days after the last State Council holiday notice, counted on \
                 weekends and the statutory holidays; it is recomputed when the notice is added."
            )
        };
    }
    // Hour limits end at an instant; day limits at the end of a day (overdue from the next midnight).
    let hours = c.limit.unit.tick() == crate::clock::Tick::Second;
    let deadline = match (hours, zh) {
        (true, true) => format!("{}（法定期限 {}）", time(c.deadline), time(c.statutory_deadline)),
        (true, false) => format!("{} (statutory {})", time(c.deadline), time(c.statutory_deadline)),
        (false, true) => format!(
            "{} 届满（{} 起超期；法定期限 {}）",
            c.deadline_date,
            time(c.deadline),
            c.statutory_deadline_date
        ),
        (false, false) => format!(
            "the end of {} (overdue from {}; statutory {})",
            c.deadline_date,
            time(c.deadline),
            c.statutory_deadline_date
        ),
    };
    let completed = c.completed_at.map(time);
    let _ = if zh {
        writeln!(
            s,
            "  期限：{deadline}；状态：{}{}；信号：{}；监察节点：{}。",
            state(c.state, lang),
            completed.map(|t| format!("（{t} 办结）")).unwrap_or_default(),
            signal(c.signal, lang),
            thresholds.join("，")
        )
    } else {
        let colon = if hours { "" } else { ":" };
        writeln!(
            s,
            "  Deadline{colon} {deadline}; state: {}{}; signal: {}; thresholds: {}.",
            state(c.state, lang),
            completed.map(|t| format!(" (completed {t})")).unwrap_or_default(),
            signal(c.signal, lang),
            thresholds.join(", ")
        )
    };
}
