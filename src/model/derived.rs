//! Values derived from records, shared by validation and scoring so that
//! both always agree on them.

use rust_decimal::{Decimal, RoundingStrategy};

use super::{Dataset, FundPayment, Partner, ServiceRecord};
use crate::schema::enums::FundBasis;

/// Rounds money to the fen the way Chinese accounting does (四舍五入).
pub fn to_fen(amount: Decimal) -> Decimal {
    amount.round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero)
}

impl FundPayment {
    /// The amount due for this period: as entered, else the agreed rate times
    /// the period's basis, else the agreed fixed amount. `None` when it cannot
    /// be known from the data.
    pub fn due(&self, partner: &Partner) -> Option<Decimal> {
        if let Some(due) = self.amount_due {
            return Some(due);
        }
        match partner.fund_basis {
            FundBasis::Revenue | FundBasis::Profit => Some(to_fen(
                partner.fund_rate? * self.basis_amount?.max(Decimal::ZERO),
            )),
            FundBasis::Fixed => partner.fund_fixed,
            FundBasis::NoFund => Some(Decimal::ZERO),
        }
    }
}

impl Dataset {
    /// The market reference price of a service row: the row's own, else the
    /// price sheet's entry for the same category and item (活动名称), else the
    /// category's only entry. `None` when none applies: the row is then left
    /// out of the price-ratio indicators and flagged as a data gap.
    pub fn market_reference(&self, s: &ServiceRecord) -> Option<Decimal> {
        if let Some(p) = s.market_ref_price.filter(|p| *p > Decimal::ZERO) {
            return Some(p);
        }
        let mut same_category = self
            .market_prices
            .iter()
            .filter(|m| m.category == s.category);
        let by_item = s.title.as_deref().and_then(|title| {
            self.market_prices
                .iter()
                .find(|m| m.category == s.category && m.item == title)
        });
        let only = match (same_category.next(), same_category.next()) {
            (Some(m), None) => Some(m),
            _ => None,
        };
        by_item
            .or(only)
            .map(|m| m.market_ref_price)
            .filter(|p| *p > Decimal::ZERO)
    }
}
