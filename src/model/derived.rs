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
    /// price sheet's entry for the same category and item (活动名称). `None`
    /// when neither applies: the row is then left out of the price-ratio
    /// indicators and flagged as a data gap. Another item's price is never
    /// borrowed, since a 家电维修 row is not priced like a 理发 row.
    pub fn market_reference(&self, s: &ServiceRecord) -> Option<Decimal> {
        if let Some(p) = s.market_ref_price.filter(|p| *p > Decimal::ZERO) {
            return Some(p);
        }
        let title = s.title.as_deref()?;
        self.market_prices
            .iter()
            .find(|m| m.category == s.category && m.item == title)
            .map(|m| m.market_ref_price)
            .filter(|p| *p > Decimal::ZERO)
    }
}
