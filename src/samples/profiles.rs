//! Partner profiles: the behaviour a partner's data is generated to show,
//! so that the scoring of DOMAIN.md §3 has clear cases to find.
//!
//! A profile fixes the targets (share of market-priced sessions, agreed free
//! sessions met, low-cost price ratio, commercial use of space, fund paid,
//! satisfaction, …); the intended over-commercialisation conditions c1–c6
//! (§3.5) pick targets on the far side of their thresholds, every other
//! target stays well inside, so that each partner shows exactly what
//! profiles.csv says.

use super::catalog::Archetype;
use super::rng::Rng;
use crate::schema::enums::{Category, FundBasis, FundFrequency, ServiceMode};

/// What a partner's data is meant to show.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Profile {
    /// Many free sessions, fair prices, satisfied residents, fund paid.
    Good,
    /// Passable on everything, good at nothing: 整改后续约 territory.
    Average,
    /// Over-commercialised, yellow card: exactly two of c1–c5.
    Yellow,
    /// Over-commercialised, red card: three of c1–c5, or c6.
    Red,
    /// One fund period unpaid (FL4).
    Arrears,
    /// Two consecutive fund periods unpaid (V4).
    ArrearsVeto,
    /// A major safety incident (V1).
    SafetyVeto,
    /// Sales under the public-welfare label, confirmed by the regulator (V2).
    SalesVeto,
    /// Agreement since 2025-11-01: fewer than 3 active months.
    New,
    /// Satisfaction below 60 % with at least 30 questionnaires.
    LowSatisfaction,
    /// An active month without any records (FL6).
    DataGap,
    /// Profit basis, margin below 2 % every period, unverified (FL7).
    ProfitAnomaly,
    /// Fewer than 30 questionnaires (FL5).
    SmallSample,
}

impl Profile {
    pub fn key(self) -> &'static str {
        match self {
            Profile::Good => "good",
            Profile::Average => "average",
            Profile::Yellow => "yellow",
            Profile::Red => "red",
            Profile::Arrears => "arrears",
            Profile::ArrearsVeto => "arrears_veto",
            Profile::SafetyVeto => "safety_veto",
            Profile::SalesVeto => "sales_veto",
            Profile::New => "new",
            Profile::LowSatisfaction => "low_satisfaction",
            Profile::DataGap => "data_gap",
            Profile::ProfitAnomaly => "profit_anomaly",
            Profile::SmallSample => "small_sample",
        }
    }

    pub fn zh(self) -> &'static str {
        match self {
            Profile::Good => "良好",
            Profile::Average => "一般",
            Profile::Yellow => "过度商业化（黄牌）",
            Profile::Red => "过度商业化（红牌）",
            Profile::Arrears => "公益金欠缴一期（FL4）",
            Profile::ArrearsVeto => "连续两期未缴（V4）",
            Profile::SafetyVeto => "重大安全事故（V1）",
            Profile::SalesVeto => "借公益名义推销，市场监管认定（V2）",
            Profile::New => "新入驻（不足 3 个月）",
            Profile::LowSatisfaction => "满意率低于 60%",
            Profile::DataGap => "有在约月份无记录（FL6）",
            Profile::ProfitAnomaly => "利润率异常偏低（FL7）",
            Profile::SmallSample => "问卷不足 30 份（FL5）",
        }
    }

    /// Whether an archetype can show this profile.
    pub fn fits(self, a: &Archetype) -> bool {
        match self {
            Profile::Yellow | Profile::Red => a.has_market() && a.space,
            // 会销: "free health lectures" that sell supplements.
            Profile::SalesVeto => {
                a.has_market() && matches!(a.category, Category::Health | Category::ElderlyCare)
            }
            Profile::Arrears => a.frequency == Some(FundFrequency::Monthly),
            Profile::ArrearsVeto => a.frequency == Some(FundFrequency::Quarterly),
            Profile::ProfitAnomaly => a.basis == FundBasis::Profit,
            // Its 其他 items are not in the price list: see `plant`.
            Profile::DataGap => {
                a.service_mode == ServiceMode::WelfareLowCost && a.category == Category::Other
            }
            Profile::LowSatisfaction | Profile::SafetyVeto => a.has_market(),
            _ => true,
        }
    }
}

/// The over-commercialisation conditions c1–c6 of DOMAIN.md §3.5, as a set.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Conds(u8);

impl Conds {
    pub const fn of(list: &[u8]) -> Conds {
        let mut bits = 0;
        let mut i = 0;
        while i < list.len() {
            bits |= 1 << list[i];
            i += 1;
        }
        Conds(bits)
    }

    pub fn has(self, c: u8) -> bool {
        self.0 & (1 << c) != 0
    }

    /// `c1;c3;c4`.
    pub fn list(self) -> String {
        (1..=6)
            .filter(|c| self.has(*c))
            .map(|c| format!("c{c}"))
            .collect::<Vec<_>>()
            .join(";")
    }
}

/// The previous evaluation as the registry records it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Prior {
    /// Nothing recorded (first evaluation or not filled in).
    Blank,
    /// 上期 良, 续约.
    Renewed,
    /// 上期 中, 整改后续约: a second 整改后续约 means exit.
    Rectified,
    /// 上期 中, 整改后续约 with a yellow card: a second yellow means red.
    RectifiedYellow,
}

/// One partner's place in the plan: what it shows and what it showed last year.
#[derive(Debug, Clone, Copy)]
pub struct Slot {
    pub profile: Profile,
    pub conds: Conds,
    pub prior: Prior,
    /// For red c6: sales pressure in the survey instead of a complaint.
    pub survey_pressure: bool,
}

const fn slot(profile: Profile, conds: &[u8]) -> Slot {
    Slot {
        profile,
        conds: Conds::of(conds),
        prior: Prior::Blank,
        survey_pressure: false,
    }
}

const fn with_prior(s: Slot, prior: Prior) -> Slot {
    Slot { prior, ..s }
}

use Profile::*;

const G: Slot = slot(Good, &[]);
const A: Slot = slot(Average, &[]);

/// Red through residents' reports of sales pressure (c6) rather than a case.
const RED_PRESSURE: Slot = Slot {
    survey_pressure: true,
    ..slot(Red, &[1, 6])
};

/// The small samples: eight communities and who is in each. The special
/// profiles sit where `plant` expects them (the new partner of 恒山, the
/// data-gap partner of 鹃城).
#[rustfmt::skip]
pub static SMALL: [&[Slot]; 8] = [
    // 犀浦社区
    &[with_prior(G, Prior::Rectified), G, G, G, A,
      slot(Yellow, &[1, 2]), slot(SafetyVeto, &[]), slot(SmallSample, &[])],
    // 恒山社区
    &[G, G, with_prior(G, Prior::Renewed), A, A,
      with_prior(slot(Yellow, &[1, 4]), Prior::RectifiedYellow), slot(Arrears, &[]), slot(New, &[])],
    // 犀安社区
    &[G, G, G, A,
      slot(Red, &[1, 2, 3]), slot(ProfitAnomaly, &[5]), slot(LowSatisfaction, &[])],
    // 书院社区
    &[G, G, with_prior(G, Prior::Renewed), G, with_prior(A, Prior::Rectified), A,
      slot(Yellow, &[2, 3]), slot(ArrearsVeto, &[5])],
    // 望丛社区
    &[G, G, G, A, A,
      slot(Red, &[1, 3, 4, 5]), slot(SalesVeto, &[6])],
    // 鹃城社区
    &[G, G, G, A, A,
      slot(Yellow, &[3, 4]), slot(DataGap, &[])],
    // 团结社区
    &[G, G, G, G, A,
      slot(Yellow, &[1, 3]), slot(Arrears, &[]), slot(New, &[]), slot(SmallSample, &[])],
    // 宋家河社区
    &[G, G, G, with_prior(G, Prior::Renewed), A,
      RED_PRESSURE],
];

/// Profiles of larger scales, with their weights (percent of partners).
static MIX: &[(Slot, f64)] = &[
    (G, 45.0),
    (A, 20.0),
    (slot(Yellow, &[1, 2]), 2.0),
    (slot(Yellow, &[1, 4]), 1.5),
    (slot(Yellow, &[2, 3]), 1.5),
    (slot(Yellow, &[3, 4]), 1.5),
    (slot(Yellow, &[1, 3]), 1.5),
    (slot(Red, &[1, 2, 3]), 2.0),
    (slot(Red, &[1, 3, 4, 5]), 1.5),
    (RED_PRESSURE, 1.5),
    (slot(Arrears, &[]), 3.5),
    (slot(ArrearsVeto, &[5]), 1.5),
    (slot(SafetyVeto, &[]), 1.0),
    (slot(SalesVeto, &[6]), 1.0),
    (slot(New, &[]), 4.0),
    (slot(LowSatisfaction, &[]), 1.5),
    (slot(DataGap, &[]), 1.5),
    (slot(ProfitAnomaly, &[5]), 1.0),
    (slot(SmallSample, &[]), 3.0),
];

/// Draws the slots of one community of a larger scale.
pub fn draw(rng: &mut Rng, n: usize) -> Vec<Slot> {
    let weights: Vec<f64> = MIX.iter().map(|(_, w)| *w).collect();
    (0..n)
        .map(|_| {
            let mut s = MIX[rng.weighted(&weights)].0;
            s.prior = match s.profile {
                Good if rng.chance(0.3) => Prior::Renewed,
                Good | Average if rng.chance(0.08) => Prior::Rectified,
                Yellow if rng.chance(0.2) => Prior::RectifiedYellow,
                _ => Prior::Blank,
            };
            s
        })
        .collect()
}

/// The targets one partner's data is generated from.
#[derive(Debug, Clone)]
pub struct Targets {
    /// Share of sessions that are market-priced (c1 above 60 %).
    pub market: f64,
    /// Share of sessions that are low-cost.
    pub low: f64,
    /// Agreed free sessions met (c2 below 80 %).
    pub fulfilment: f64,
    /// Low-cost price over market reference (c3 above 0.8).
    pub price_ratio: (f64, f64),
    /// Commercial and storage hours over all hours in the space (c4 above 70 %).
    pub commercial: f64,
    /// Share of the amount due that is paid (c5 below 80 %).
    pub paid: f64,
    /// Share of periods paid late.
    pub late: f64,
    /// Satisfied (4 or 5) share of valid questionnaires.
    pub satisfaction: f64,
    pub responses: i64,
    /// Share of respondents reporting sales pressure (c6 at 20 % or more).
    pub pressure: f64,
    /// Vulnerable share of free and low-cost participants.
    pub vulnerable: (f64, f64),
    /// Head-count multiplier (the profit-anomaly partner is large).
    pub volume: f64,
}

impl Slot {
    /// The intended flags and vetoes besides c1–c6, for profiles.csv.
    pub fn flags(&self) -> String {
        let mut f: Vec<&str> = Vec::new();
        match self.profile {
            Yellow => f.push("FL1:yellow"),
            Red => f.push("FL1:red"),
            _ => {}
        }
        if self.conds.has(2) {
            f.push("FL2");
        }
        if self.conds.has(3) {
            f.push("FL3");
        }
        f.extend(match self.profile {
            Arrears => &["FL4"][..],
            ArrearsVeto => &["FL4", "V4"],
            SafetyVeto => &["V1"],
            SalesVeto => &["V2"],
            New => &["new"],
            LowSatisfaction => &["S1<60%"],
            DataGap => &["FL6"],
            ProfitAnomaly => &["FL7"],
            SmallSample => &["FL5"],
            _ => &[],
        });
        f.join(";")
    }

    pub fn targets(&self, rng: &mut Rng) -> Targets {
        let c = |n| self.conds.has(n);
        let p = self.profile;
        let good = matches!(
            p,
            Good | New | SmallSample | DataGap | Arrears | ProfitAnomaly
        );
        // A yellow card is a warning to an otherwise sound partner: outside
        // its two conditions it behaves well, so it lands in 整改后续约.
        let tidy = good || p == Yellow;
        Targets {
            market: if c(1) {
                rng.float((0.66, 0.74))
            } else if p == Good {
                rng.float((0.08, 0.25))
            } else {
                rng.float((0.2, 0.42))
            },
            low: if c(1) {
                rng.float((0.1, 0.14))
            } else {
                rng.float((0.2, 0.35))
            },
            fulfilment: if c(2) {
                rng.float((0.55, 0.72))
            } else if tidy {
                rng.float((1.0, 1.25))
            } else {
                rng.float((0.9, 1.05))
            },
            price_ratio: if c(3) {
                (0.86, 0.95)
            } else if tidy {
                (0.35, 0.6)
            } else {
                (0.55, 0.72)
            },
            commercial: if c(4) {
                rng.float((0.76, 0.88))
            } else if tidy {
                rng.float((0.1, 0.3))
            } else {
                rng.float((0.3, 0.58))
            },
            // Red and yellow c5 pay part of what is due; the others meet
            // c5 through arrears or a tiny profit.
            paid: if c(5) && matches!(p, Red | Yellow) {
                rng.float((0.6, 0.72))
            } else {
                1.0
            },
            late: match p {
                Average | Red => 0.3,
                Good | New | Yellow => 0.0,
                _ => 0.15,
            },
            satisfaction: match p {
                LowSatisfaction => rng.float((0.45, 0.55)),
                Red => rng.float((0.66, 0.8)),
                Yellow => rng.float((0.9, 0.96)),
                Average => rng.float((0.78, 0.88)),
                _ if good => rng.float((0.92, 0.98)),
                _ => rng.float((0.84, 0.92)),
            },
            responses: match p {
                SmallSample => rng.int(16, 26),
                New => rng.int(30, 36),
                _ => rng.int(30, 60),
            },
            pressure: if self.survey_pressure {
                rng.float((0.24, 0.3))
            } else if good {
                rng.float((0.0, 0.03))
            } else {
                rng.float((0.0, 0.08))
            },
            vulnerable: if good { (0.25, 0.4) } else { (0.08, 0.2) },
            volume: if p == ProfitAnomaly { 3.0 } else { 1.0 },
        }
    }
}
