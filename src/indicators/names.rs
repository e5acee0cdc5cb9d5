//! The names a formula may use besides record fields, and when each is known.
//!
//! Indicator formulas see the partner's registry, the parameters and a few
//! derived inputs; flags and vetoes also see indicator values; decision rules
//! also see the total, flags and vetoes. A formula that uses a name before it
//! is known is refused when the file is checked.

use std::sync::Arc;

use rust_decimal::Decimal;

use crate::choices;
use crate::formula::{Names, Ty};
use crate::model::Partner;
use crate::schema::enums::*;
use crate::schema::vocab::Vocabulary;

/// When a name gets its value during scoring.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Stage {
    /// Before any indicator is scored.
    Inputs,
    /// After every indicator is scored.
    Indicators,
    /// After flags and vetoes, for decision rules.
    Outcome,
}

/// A survey statistic, from raw questionnaires and aggregated counts alike.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SurveyStat {
    Valid,
    Satisfied,
    SalesPressure,
    SalesAnswered,
}

/// Reads a number from the registry.
type PartnerNum = fn(&Partner) -> Option<Decimal>;

/// What a name stands for.
#[derive(Debug, Clone, Copy)]
pub enum Var {
    ActiveMonths,
    PartnerNum(fn(&Partner) -> Option<Decimal>),
    PartnerChoice(fn(&Partner) -> Option<&'static str>),
    Param(Decimal),
    Survey(SurveyStat),
    ConsecutiveUnpaid,
    DistrictMedianRevenue,
    /// Σ satisfied ÷ Σ valid answers over the partner's district (R4's
    /// prior for a small survey).
    DistrictSatisfactionRate,
    IndicatorValue(usize),
    IndicatorPoints(usize),
    Total,
    Vetoes,
    Flag(usize),
    OverCommercialised,
    WeakDimensions,
    RectifyReasons,
}

#[derive(Debug, Clone)]
pub struct VarDef {
    /// Shared with every partner's audit trail ([`crate::score::Input`]).
    pub path: Arc<str>,
    pub ty: Ty,
    pub stage: Stage,
    pub var: Var,
}

/// Every name of an indicator set.
#[derive(Debug, Clone, Default)]
pub struct VarTable {
    pub vars: Vec<VarDef>,
}

fn float(v: Option<f64>) -> Option<Decimal> {
    v.and_then(|x| Decimal::try_from(x).ok())
}

impl VarTable {
    /// The names every set has: registry fields, derived inputs, parameters.
    pub fn new(params: &[(String, Decimal)]) -> Self {
        let mut t = VarTable::default();
        let num = Ty::Num;
        t.add("active_months", num, Stage::Inputs, Var::ActiveMonths);
        let partner_nums: [(&str, PartnerNum); 6] = [
            ("agreed_free_sessions", |p| {
                Some(Decimal::from(p.agreed_free_sessions))
            }),
            ("agreed_free_hours", |p| float(p.agreed_free_hours)),
            ("low_cost_cap_ratio", |p| p.low_cost_cap_ratio),
            ("space_area_m2", |p| float(p.space_area_m2)),
            ("fund_rate", |p| p.fund_rate),
            ("fund_fixed", |p| p.fund_fixed),
        ];
        for (name, get) in partner_nums {
            t.add(
                &format!("partner.{name}"),
                num,
                Stage::Inputs,
                Var::PartnerNum(get),
            );
        }
        macro_rules! choice {
            ($name:literal, $t:ty, $zh:literal, $en:literal, |$p:ident| $get:expr) => {
                t.add(
                    concat!("partner.", $name),
                    Ty::Choice(choices!($t, $zh, $en)),
                    Stage::Inputs,
                    Var::PartnerChoice(|$p| $get),
                )
            };
        }
        choice!(
            "fund_basis",
            FundBasis,
            "公益金计提基数",
            "fund basis",
            |p| Some(p.fund_basis.key())
        );
        choice!("legal_form", LegalForm, "主体性质", "legal form", |p| {
            Some(p.legal_form.key())
        });
        choice!(
            "partner_type",
            PartnerType,
            "合伙人类型",
            "partner type",
            |p| Some(p.partner_type.key())
        );
        choice!(
            "coop_mode",
            CoopMode,
            "合作模式",
            "cooperation mode",
            |p| Some(p.coop_mode.key())
        );
        choice!(
            "service_mode",
            ServiceMode,
            "服务模式",
            "service mode",
            |p| Some(p.service_mode.key())
        );
        choice!(
            "main_category",
            Category,
            "主要服务类别",
            "main category",
            |p| Some(p.main_category.key())
        );
        choice!(
            "space_terms",
            SpaceTerms,
            "场地方式",
            "space terms",
            |p| Some(p.space_terms.key())
        );
        choice!("status", PartnerStatus, "状态", "status", |p| Some(
            p.status.key()
        ));
        choice!(
            "fund_frequency",
            FundFrequency,
            "缴纳周期",
            "payment frequency",
            |p| p.fund_frequency.map(|v| v.key())
        );
        choice!(
            "prior_decision",
            Decision,
            "上期决策",
            "prior decision",
            |p| p.prior_decision.map(|v| v.key())
        );
        choice!(
            "prior_flag",
            WarningLevel,
            "上期预警",
            "prior flag",
            |p| p.prior_flag.map(|v| v.key())
        );
        choice!("prior_grade", Grade, "上期等级", "prior grade", |p| p
            .prior_grade
            .map(|v| v.key()));
        // Short forms for the history rules.
        t.vars.push(VarDef {
            path: "prior_decision".into(),
            ..t.get("partner.prior_decision")
        });
        t.vars.push(VarDef {
            path: "prior_flag".into(),
            ..t.get("partner.prior_flag")
        });
        for (name, value) in params {
            t.add(
                &format!("param.{name}"),
                num,
                Stage::Inputs,
                Var::Param(*value),
            );
        }
        for (name, stat) in [
            ("valid", SurveyStat::Valid),
            ("satisfied", SurveyStat::Satisfied),
            ("sales_pressure", SurveyStat::SalesPressure),
            ("sales_answered", SurveyStat::SalesAnswered),
        ] {
            t.add(
                &format!("survey.{name}"),
                num,
                Stage::Inputs,
                Var::Survey(stat),
            );
        }
        t.add(
            "fund.consecutive_unpaid",
            num,
            Stage::Inputs,
            Var::ConsecutiveUnpaid,
        );
        t.add(
            "district.median_revenue",
            num,
            Stage::Inputs,
            Var::DistrictMedianRevenue,
        );
        t.add(
            "district.satisfaction_rate",
            num,
            Stage::Inputs,
            Var::DistrictSatisfactionRate,
        );
        t
    }

    pub fn add(&mut self, path: &str, ty: Ty, stage: Stage, var: Var) {
        self.vars.push(VarDef {
            path: path.into(),
            ty,
            stage,
            var,
        });
    }

    fn get(&self, path: &str) -> VarDef {
        self.vars
            .iter()
            .find(|v| *v.path == *path)
            .cloned()
            .expect("declared above")
    }

    /// The names usable at a stage.
    pub fn at(&self, stage: Stage) -> StageNames<'_> {
        StageNames { table: self, stage }
    }
}

/// The view of a [`VarTable`] that a formula of one stage may use.
pub struct StageNames<'a> {
    table: &'a VarTable,
    stage: Stage,
}

impl Names for StageNames<'_> {
    fn var(&self, path: &[String]) -> Option<(usize, Ty)> {
        let joined = path.join(".");
        self.table
            .vars
            .iter()
            .position(|v| *v.path == *joined && v.stage <= self.stage)
            .map(|i| (i, self.table.vars[i].ty))
    }

    fn usable_in(&self, path: &[String]) -> Option<(&'static str, &'static str)> {
        let joined = path.join(".");
        let v = self.table.vars.iter().find(|v| *v.path == *joined)?;
        match v.stage {
            Stage::Inputs => None,
            Stage::Indicators => Some((
                "预警、否决、过度商业化条件和决策规则",
                "flags, vetoes, over-commercialised conditions and decision rules",
            )),
            Stage::Outcome => Some(("决策规则", "decision rules")),
        }
    }

    fn constant(&self, id: usize) -> Option<Decimal> {
        match self.table.vars.get(id)?.var {
            Var::Param(x) => Some(x),
            _ => None,
        }
    }

    fn known(&self) -> Vec<String> {
        self.table
            .vars
            .iter()
            .filter(|v| v.stage <= self.stage)
            .map(|v| v.path.to_string())
            .collect()
    }
}
