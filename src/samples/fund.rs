//! 经营数据申报 and 公益金缴纳: what partners earned and what they paid in.
//!
//! Declared revenue is the period's session revenue plus a little business
//! the ledger does not show; profit follows the partner's margin. The amount
//! due is computed exactly as the engine computes it (rate × basis, to the
//! fen, or the fixed amount), so a partner meant to pay in full pays exactly
//! what is due.

use chrono::{Datelike, Days, NaiveDate};
use rust_decimal::Decimal;

use super::partner::Partner;
use super::profiles::Profile;
use super::rng::Rng;
use super::services::Service;
use super::spelling::Spelled;
use super::style::Style;
use super::table::{Table, Val};
use super::write::FILLED;
use crate::model::to_fen;
use crate::schema::enums::*;
use crate::schema::SheetKind;
use crate::value::Period;

/// The fund periods of 2025 that overlap the active months.
pub fn periods(frequency: FundFrequency, active: &[u32]) -> Vec<Period> {
    let mut out: Vec<Period> = active
        .iter()
        .map(|m| match frequency {
            FundFrequency::Monthly => Period::Month(2025, *m as u8),
            FundFrequency::Quarterly => Period::Quarter(2025, (*m as u8 - 1) / 3 + 1),
            FundFrequency::Annual => Period::Year(2025),
        })
        .collect();
    out.dedup();
    out
}

/// Payments fall due on the 15th of the month after the period.
pub fn due_date(p: Period) -> NaiveDate {
    let next = p.end() + Days::new(1);
    NaiveDate::from_ymd_opt(next.year(), next.month(), 15).unwrap_or(next)
}

/// Declarations and payments of one partner, appended to the two tables.
pub struct FundTables {
    pub financials: Table,
    pub payments: Table,
}

impl FundTables {
    pub fn new() -> FundTables {
        FundTables {
            financials: Table::new(SheetKind::Financials),
            payments: Table::new(SheetKind::FundPayments),
        }
    }

    /// Adds one partner's rows; sets its fixed amount when it pays one.
    pub fn add(
        &mut self,
        rng: &mut Rng,
        index: usize,
        p: &mut Partner,
        services: &[Service],
        style: &Style,
        recipient: &str,
    ) {
        let Some(frequency) = p.kind.frequency else {
            return;
        };
        let periods = periods(frequency, &p.active);
        let earned: Vec<i64> = periods
            .iter()
            .map(|period| {
                services
                    .iter()
                    .filter(|s| s.partner == index && period.contains(s.date))
                    .map(Service::revenue)
                    .sum()
            })
            .collect();
        let basis: Vec<Option<i64>> = match p.kind.basis {
            FundBasis::Revenue | FundBasis::Profit => {
                self.declare(rng, index, p, &periods, &earned)
            }
            _ => vec![None; periods.len()],
        };
        if p.kind.basis == FundBasis::Fixed {
            let year: i64 = earned.iter().sum();
            let per = (year * 5 / 100 / periods.len() as i64 + 99) / 100 * 100;
            p.fixed = Some(Decimal::from(per.max(100)));
        }
        let dues: Vec<Decimal> = basis
            .iter()
            .map(|b| match (b, p.rate, p.fixed) {
                (Some(b), Some(rate), _) => to_fen(rate * Decimal::from(*b)),
                (_, _, Some(fixed)) => fixed,
                _ => Decimal::ZERO,
            })
            .collect();
        let unpaid = unpaid(p.slot.profile, &periods, &dues);
        for (k, period) in periods.iter().enumerate() {
            let due = dues[k];
            let on = due_date(*period);
            let paid = if unpaid.contains(&k) {
                Decimal::ZERO
            } else if p.targets.paid < 1.0 {
                let share = Decimal::from_f64_retain(p.targets.paid).unwrap_or_default();
                (due * share).floor()
            } else {
                due
            };
            let t = &self.payments;
            let mut row = t.row(index, on);
            t.set(&mut row, "partner_id", Val::Text(p.id.clone()));
            t.set(&mut row, "period", Val::Period(*period));
            t.set(&mut row, "basis_amount", Val::opt(basis[k], Val::yuan));
            if style.amount_due {
                t.set(&mut row, "amount_due", Val::Money(due));
            }
            t.set(&mut row, "due_date", Val::Date(on));
            t.set(&mut row, "amount_paid", Val::Money(paid));
            let goods = p.kind.legal_form == LegalForm::SocialOrg && rng.chance(0.3);
            let form = if goods {
                PaymentForm::Goods
            } else {
                PaymentForm::Cash
            };
            t.set(&mut row, "form", form.val());
            t.set(&mut row, "recipient", Val::Text(recipient.to_string()));
            if paid > Decimal::ZERO {
                let late = rng.chance(p.targets.late);
                let day = match on.checked_add_days(Days::new(rng.int(3, 20) as u64)) {
                    Some(d) if late && d <= FILLED => d,
                    _ => on - Days::new(rng.int(1, 12) as u64),
                };
                t.set(&mut row, "paid_date", Val::Date(day));
                let receipt = format!("GY{}{:06}", day.year(), rng.int(1, 999_999));
                t.set(&mut row, "receipt_no", Val::Text(receipt));
            }
            self.payments.rows.push(row);
        }
    }

    /// Writes the declarations; returns the fund basis of each period.
    fn declare(
        &mut self,
        rng: &mut Rng,
        index: usize,
        p: &Partner,
        periods: &[Period],
        earned: &[i64],
    ) -> Vec<Option<i64>> {
        let anomaly = p.slot.profile == Profile::ProfitAnomaly;
        let profit_basis = p.kind.basis == FundBasis::Profit;
        let detailed = profit_basis || rng.chance(0.5);
        let source = match p.kind.legal_form {
            _ if anomaly => FinancialSource::SelfReported,
            LegalForm::Enterprise if rng.chance(0.3) => FinancialSource::ThirdParty,
            LegalForm::Enterprise => FinancialSource::Statements,
            _ => FinancialSource::SelfReported,
        };
        let verified = match source {
            FinancialSource::ThirdParty => Some(true),
            _ if anomaly => Some(false),
            _ => rng.chance(0.5).then_some(false),
        };
        let mut basis = Vec::with_capacity(periods.len());
        for (period, earned) in periods.iter().zip(earned) {
            let revenue = (*earned as f64 * rng.float((1.0, 1.12))).round() as i64;
            let margin = if anomaly {
                rng.float((0.005, 0.018))
            } else {
                rng.float((
                    p.kind.margin.0 as f64 / 100.0,
                    p.kind.margin.1 as f64 / 100.0,
                ))
            };
            let profit = (revenue as f64 * margin).round() as i64;
            let t = &self.financials;
            let mut row = t.row(index, period.start());
            t.set(&mut row, "partner_id", Val::Text(p.id.clone()));
            t.set(&mut row, "period", Val::Period(*period));
            t.set(&mut row, "revenue", Val::yuan(revenue));
            if detailed {
                t.set(&mut row, "cost", Val::yuan(revenue - profit));
                t.set(&mut row, "profit", Val::yuan(profit));
            }
            t.set(&mut row, "source", source.val());
            t.set(&mut row, "verified", Val::opt(verified, Val::Bool));
            self.financials.rows.push(row);
            basis.push(Some(if profit_basis { profit } else { revenue }));
        }
        basis
    }
}

/// Periods left unpaid: the smallest due for one arrear (so F1 stays above
/// 80 %), Q2 and Q3 for two consecutive arrears.
fn unpaid(profile: Profile, periods: &[Period], dues: &[Decimal]) -> Vec<usize> {
    match profile {
        Profile::Arrears => dues
            .iter()
            .enumerate()
            .filter(|(_, d)| **d > Decimal::ZERO)
            .min_by_key(|(_, d)| **d)
            .map(|(k, _)| vec![k])
            .unwrap_or_default(),
        Profile::ArrearsVeto => periods
            .iter()
            .enumerate()
            .filter(|(_, p)| matches!(p, Period::Quarter(_, 2 | 3)))
            .map(|(k, _)| k)
            .collect(),
        _ => Vec::new(),
    }
}
