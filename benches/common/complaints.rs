//! Seeded efficiency complaints (效能投诉) for the duplicate-detection bench and quality test
//! (`benches/dedup.rs`, `tests/dedup_quality.rs`): realistic Chinese texts of about 20-120 characters
//! built from a fixed vocabulary, grouped into matters (事项), each an original and its repeats.
//!
//! A matter is a unit, a service item, a problem and its details (a date, a window, a staff member, a
//! count, a duration, a sum, a telephone number). Its complaints are worded in clauses (how the
//! complainant came, what went wrong, the details, what they ask for), each with several templates:
//!
//! - an original picks one template per clause;
//! - an edited repeat (the same complainant again) keeps the wording with clauses reordered, characters
//!   inserted or deleted, punctuation changed, and often a `再次投诉` prefix;
//! - a reworded repeat (another complainant, the same matter) picks other templates for the clauses,
//!   may leave the place out and asks for something else;
//! - a distinct matter on the same unit shares the unit's vocabulary, and often its item or problem.
//!
//! Deterministic: ChaCha8 from a seed, so a run compares across machines and commits.

#![allow(dead_code)]

use chrono::{DateTime, TimeDelta, Utc};
use rand::{Rng as _, SeedableRng};
use rand_chacha::ChaCha8Rng;

/// How a complaint relates to its matter.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// The matter's first complaint.
    Original,
    /// The same complainant again: edits, reordering, punctuation.
    Edited,
    /// Another complainant's wording of the same matter.
    Reworded,
}

/// One generated complaint.
#[derive(Debug, Clone)]
pub struct Complaint {
    pub id: String,
    pub unit: String,
    pub at: DateTime<Utc>,
    pub text: String,
    /// The matter it belongs to (the label).
    pub matter: usize,
    pub kind: Kind,
}

const DEPARTMENTS: &[(&str, &[&str], &[&str])] = &[
    (
        "市场监管局",
        &["营业执照变更登记", "食品经营许可证", "个体工商户注册", "药品经营许可证"],
        &["注册窗口", "许可科"],
    ),
    (
        "不动产登记中心",
        &["不动产权证书", "抵押登记", "二手房过户", "预告登记"],
        &["登记大厅", "受理窗口"],
    ),
    (
        "公安局户政科",
        &["户口迁移", "身份证补办", "居住证", "新生儿落户"],
        &["户籍窗口", "办证大厅"],
    ),
    (
        "人社局",
        &["社保卡补办", "养老保险转移", "失业金申领", "退休审批"],
        &["社保窗口", "经办大厅"],
    ),
    (
        "住房公积金中心",
        &["公积金提取", "公积金贷款", "缴存基数调整"],
        &["归集窗口", "贷款窗口"],
    ),
    (
        "住建局",
        &["施工许可证", "消防验收备案", "商品房预售许可", "竣工验收备案"],
        &["审批科", "建设窗口"],
    ),
    (
        "税务局",
        &["发票领用", "个税退税", "税务登记", "社保费缴纳"],
        &["办税大厅", "综合窗口"],
    ),
    (
        "卫健委",
        &["出生医学证明", "医师执业注册", "诊所执业许可"],
        &["医政科", "审批窗口"],
    ),
    (
        "交警大队",
        &["驾驶证换证", "机动车年检", "违章处理"],
        &["车管所", "业务大厅"],
    ),
    (
        "政务服务中心",
        &["企业开办", "工程建设项目审批", "综合窗口取号"],
        &["综合窗口", "一楼大厅"],
    ),
];

const PLACE_SYLLABLES: &[&str] = &[
    "临", "安", "富", "阳", "桐", "庐", "淳", "建", "德", "萧", "山", "余", "杭", "西", "湖", "滨", "江", "上", "城",
    "拱", "墅", "钱", "塘", "龙", "泉", "青", "田", "云", "和", "松", "溪", "平", "湖",
];
const PLACE_KINDS: &[&str] = &["区", "县", "镇", "街道", "市"];

const SURNAMES: &[&str] = &[
    "王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡", "郭",
];
const NUMBERS: &[&str] = &["两", "三", "四", "五", "六", "七", "八"];
const DURATIONS: &[&str] = &[
    "两个月",
    "三个星期",
    "四十多天",
    "半年",
    "一个多月",
    "二十天",
    "三个月",
    "十来天",
];
const DEMANDS: &[&str] = &[
    "希望尽快处理。",
    "请求严肃处理相关人员。",
    "要求给个说法！",
    "请领导过问此事。",
    "希望有关部门核实查处。",
    "恳请督促整改，还群众一个公道。",
    "请尽快答复。",
    "希望效能办介入调查。",
];

/// The problems, each with templates that name its details: {staff} {n} {dur} {amount} {phone}.
const PROBLEMS: &[&[&str]] = &[
    &[
        "办理拖延，超过承诺时限{dur}还没有结果",
        "承诺的办结时限早就过了，拖了{dur}还是没办好",
        "材料交齐后一直拖着不办，已经{dur}了",
    ],
    &[
        "多次要求补交材料，没有一次性告知，前后跑了{n}趟",
        "需要的材料一次说不清，让我来回跑了{n}趟补材料",
        "每次去都说还缺材料，一次性告知没有落实，白跑了{n}趟",
    ],
    &[
        "工作人员{staff}态度恶劣，对群众咨询爱理不理",
        "{staff}说话很冲，服务态度差，问几句就不耐烦",
        "窗口的{staff}态度生硬，还和办事群众争吵",
    ],
    &[
        "几个科室互相推诿，让我找这个找那个",
        "窗口说归科室管，科室又说归窗口管，来回推诿扯皮",
        "推来推去没人负责，被踢了{n}次皮球",
    ],
    &[
        "要求缴纳{amount}元费用，没有出具收费依据",
        "额外收了{amount}元，问收费依据也不给说明",
        "被收取{amount}元不合理费用，连票据都没有",
    ],
    &[
        "上班时间{staff}在玩手机，窗口排长队没人管",
        "工作时间窗口无人，{staff}脱岗{dur}",
        "{staff}上班期间看视频玩手机，群众等了很久",
    ],
    &[
        "公布的咨询电话{phone}一直无人接听",
        "打了{n}次{phone}都没人接",
        "咨询电话{phone}形同虚设，始终打不通",
    ],
];

const INTROS: &[&str] = &[
    "我于{date}到{unit}{place}办理{item}，",
    "{date}在{unit}{place}申请{item}时，",
    "本人{date}去{unit}办{item}，",
    "关于{unit}{place}办理{item}的问题：",
    "{date}我来{unit}{place}咨询{item}，",
];

/// What the complainant was told: part of the matter, so repeats quote it and distinct matters differ.
const QUOTES: &[&str] = &[
    "材料不全回去等通知",
    "系统坏了明天再来",
    "这事不归我们管",
    "领导不在签不了字",
    "快下班了明天再说",
    "要找关系才能快",
    "上面没批下来我们也没办法",
    "你去别的窗口问问",
    "复印件不行要原件",
    "表格填错了重新填",
    "要先去街道开证明",
    "网上申报通道关了",
    "审批要排队等三个月",
    "原来的经办人调走了",
    "章还没刻好盖不了",
    "这个政策刚改了不清楚",
];

/// The complainant's own circumstances: each complainant has one or two of their own.
const CIRCUMSTANCES: &[&str] = &[
    "孩子上学急需这个证明",
    "公司等着开业",
    "我年纪大了腿脚不便",
    "为此请了三天假",
    "是从外地专门赶回来办的",
    "耽误了一笔生意",
    "银行贷款等着用",
    "房子交易因此延误",
    "家里老人需要照顾",
    "每次排队都要一上午",
    "来回车费花了不少",
    "单位催着要材料",
    "已经错过了申报期",
    "孩子的医保停了",
    "工资卡办不下来",
    "合同违约要赔钱",
    "工人都等着开工",
    "租的门面空了一个月",
    "父亲住院急需报销",
    "找了好几个人都不管用",
    "网上说可以当天办结",
    "别的县区早就办好了",
    "我是残疾人行动不便",
    "怀孕七个月还要来回跑",
];

const REPEAT_PREFIXES: &[&str] = &["再次投诉：", "第二次反映：", "之前投诉过，", "还是上次的问题，", ""];
const FILLERS: &[&str] = &["的", "了", "也", "都", "还", "就", "真是", "实在"];
const PUNCT: &[&str] = &["，", "。", "！", " ", ",", "；", "、", "…"];

/// A seeded generator.
pub struct Gen(ChaCha8Rng);

impl Gen {
    pub fn new(seed: u64) -> Self {
        Gen(ChaCha8Rng::seed_from_u64(seed))
    }

    pub fn below(&mut self, n: usize) -> usize {
        self.0.random_range(0..n)
    }

    pub fn percent(&mut self, p: u32) -> bool {
        self.0.random_range(0..100) < p
    }

    pub fn pick<'a>(&mut self, xs: &[&'a str]) -> &'a str {
        xs[self.below(xs.len())]
    }
}

/// The name of unit `u` (a locality and a department) and its department.
pub fn unit_name(u: usize) -> (String, usize) {
    let dept = u % DEPARTMENTS.len();
    let place = u / DEPARTMENTS.len();
    let a = PLACE_SYLLABLES[place % PLACE_SYLLABLES.len()];
    let b = PLACE_SYLLABLES[(place / PLACE_SYLLABLES.len() + 7 * place) % PLACE_SYLLABLES.len()];
    let kind = PLACE_KINDS[(place / PLACE_SYLLABLES.len()) % PLACE_KINDS.len()];
    (format!("{a}{b}{kind}{}", DEPARTMENTS[dept].0), dept)
}

/// A matter: what happened, to be worded.
#[derive(Debug, Clone)]
struct Matter {
    unit: String,
    dept: usize,
    item: &'static str,
    place: String,
    problem: usize,
    date: String,
    staff: String,
    n: &'static str,
    dur: &'static str,
    amount: u32,
    phone: String,
    quote: &'static str,
}

impl Matter {
    fn new(g: &mut Gen, unit: String, dept: usize, day: i64) -> Matter {
        let (_, items, places) = DEPARTMENTS[dept];
        let place = if g.percent(50) {
            format!("{}楼{}号窗口", g.pick(&["一", "二", "三"]), 1 + g.below(20))
        } else {
            g.pick(places).to_string()
        };
        let staff = if g.percent(60) {
            format!("{}姓工作人员", g.pick(SURNAMES))
        } else {
            format!("工号{:04}的工作人员", g.below(10_000))
        };
        let month = 1 + (day / 30).rem_euclid(12);
        Matter {
            unit,
            dept,
            item: items[g.below(items.len())],
            place,
            problem: g.below(PROBLEMS.len()),
            date: format!("{month}月{}日", 1 + g.below(28)),
            staff,
            n: g.pick(NUMBERS),
            dur: g.pick(DURATIONS),
            amount: 50 * (1 + g.below(40) as u32),
            phone: format!("0571-8{:07}", g.below(10_000_000)),
            quote: g.pick(QUOTES),
        }
    }

    /// Another matter on the same unit: the same item or problem half the time, new details.
    fn sibling(&self, g: &mut Gen, day: i64) -> Matter {
        let mut m = Matter::new(g, self.unit.clone(), self.dept, day);
        if g.percent(50) {
            m.item = self.item;
        }
        if g.percent(50) {
            m.problem = self.problem;
        }
        m
    }

    fn fill(&self, template: &str) -> String {
        template
            .replace("{date}", &self.date)
            .replace("{unit}", &self.unit)
            .replace("{place}", &self.place)
            .replace("{item}", self.item)
            .replace("{staff}", &self.staff)
            .replace("{n}", self.n)
            .replace("{dur}", self.dur)
            .replace("{amount}", &self.amount.to_string())
            .replace("{phone}", &self.phone)
            .replace("{quote}", self.quote)
    }
}

/// A wording: the template chosen for each clause.
#[derive(Debug, Clone, Copy)]
struct Wording {
    intro: usize,
    problem: usize,
    demand: usize,
    with_place: bool,
    quote: usize,
    /// The complainant's circumstances (indexes into [`CIRCUMSTANCES`]).
    own: [usize; 2],
    owns: usize,
}

const QUOTE_FORMS: &[&str] = &[
    "对方说“{quote}”，",
    "工作人员答复{quote}，",
    "只说一句{quote}，",
    "被告知{quote}，",
];

impl Wording {
    fn new(g: &mut Gen) -> Wording {
        Wording {
            intro: g.below(INTROS.len()),
            problem: g.below(3),
            demand: g.below(DEMANDS.len()),
            with_place: true,
            quote: g.below(QUOTE_FORMS.len()),
            own: [g.below(CIRCUMSTANCES.len()), g.below(CIRCUMSTANCES.len())],
            owns: g.below(3),
        }
    }

    /// Another complainant's: every clause worded differently.
    fn other(self, g: &mut Gen) -> Wording {
        Wording {
            intro: (self.intro + 1 + g.below(INTROS.len() - 1)) % INTROS.len(),
            problem: (self.problem + 1 + g.below(2)) % 3,
            demand: (self.demand + 1 + g.below(DEMANDS.len() - 1)) % DEMANDS.len(),
            with_place: g.percent(60),
            quote: g.below(QUOTE_FORMS.len()),
            own: [g.below(CIRCUMSTANCES.len()), g.below(CIRCUMSTANCES.len())],
            owns: g.below(3),
        }
    }

    /// The clauses of `m` in this wording.
    fn clauses(self, m: &Matter) -> Vec<String> {
        let mut intro = m.fill(INTROS[self.intro]);
        if !self.with_place {
            intro = intro.replace(&m.place, "");
        }
        let problem = m.fill(PROBLEMS[m.problem][self.problem]);
        let mut out = vec![intro];
        out.extend(problem.split('，').map(|c| format!("{c}，")));
        if self.owns != 1 {
            out.push(m.fill(QUOTE_FORMS[self.quote]));
        }
        for &c in &self.own[..self.owns] {
            out.push(format!("{}，", CIRCUMSTANCES[c]));
        }
        out.push(DEMANDS[self.demand].to_string());
        out
    }
}

/// The same complainant again: reordered clauses, edits, punctuation, a prefix.
fn edit(g: &mut Gen, clauses: &[String]) -> String {
    let mut clauses = clauses.to_vec();
    if clauses.len() > 2 && g.percent(50) {
        // Swap two clauses of the body (keep the demand last).
        let body = clauses.len() - 1;
        let (i, j) = (g.below(body), g.below(body));
        clauses.swap(i, j);
    }
    let mut chars: Vec<String> = clauses.concat().chars().map(String::from).collect();
    for _ in 0..g.below(4) {
        let k = g.below(chars.len());
        chars.remove(k);
    }
    for _ in 0..g.below(4) {
        let k = g.below(chars.len() + 1);
        chars.insert(k, g.pick(FILLERS).to_string());
    }
    for c in chars.iter_mut() {
        if PUNCT.contains(&c.as_str()) && g.percent(40) {
            *c = g.pick(PUNCT).to_string();
        }
    }
    let prefix = if g.percent(50) { g.pick(REPEAT_PREFIXES) } else { "" };
    format!("{prefix}{}", chars.concat())
}

/// `n` complaints against `units` units over `days` days from `start`, in the order received (ids
/// `C-0`, `C-1`, ... in that order). About 45 % of matters have no repeat, the others one to three,
/// received within 60 days of the original; two of five repeats are reworded by another complainant.
/// `sibling` is the percentage of matters created as a distinct matter on the unit of the previous one
/// (overlapping vocabulary).
pub fn generate(seed: u64, n: usize, units: usize, days: i64, sibling: u32, start: DateTime<Utc>) -> Vec<Complaint> {
    let mut g = Gen::new(seed);
    let mut out: Vec<Complaint> = Vec::with_capacity(n + 4);
    let mut matter_no = 0;
    let mut last: Option<Matter> = None;
    while out.len() < n {
        let day = g.below(days as usize) as i64;
        let matter = match &last {
            Some(prev) if g.percent(sibling) => prev.sibling(&mut g, day),
            _ => {
                let (unit, dept) = unit_name(g.below(units));
                Matter::new(&mut g, unit, dept, day)
            }
        };
        let at = start + TimeDelta::days(day) + TimeDelta::seconds(g.below(86_400) as i64);
        let wording = Wording::new(&mut g);
        let clauses = wording.clauses(&matter);
        out.push(Complaint {
            id: String::new(),
            unit: matter.unit.clone(),
            at,
            text: clauses.concat(),
            matter: matter_no,
            kind: Kind::Original,
        });
        let repeats = match g.below(100) {
            0..45 => 0,
            45..75 => 1,
            75..90 => 2,
            _ => 3,
        };
        for _ in 0..repeats {
            let later = at + TimeDelta::seconds(g.below(60 * 86_400) as i64);
            let (text, kind) = if g.percent(40) {
                let other = wording.other(&mut g).clauses(&matter);
                (other.concat(), Kind::Reworded)
            } else {
                (edit(&mut g, &clauses), Kind::Edited)
            };
            out.push(Complaint {
                id: String::new(),
                unit: matter.unit.clone(),
                at: later,
                text,
                matter: matter_no,
                kind,
            });
        }
        matter_no += 1;
        last = Some(matter);
    }
    out.truncate(n);
    out.sort_by_key(|c| c.at);
    for (k, c) in out.iter_mut().enumerate() {
        c.id = format!("C-{k}");
    }
    out
}
