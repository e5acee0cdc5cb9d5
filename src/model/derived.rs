//! Values derived from records, shared by validation and scoring so that
//! both always agree on them.

use std::collections::HashMap;

use rust_decimal::{Decimal, RoundingStrategy};

use super::{Dataset, FundPayment, Partner, ServiceRecord};
use crate::schema::enums::{Category, FundBasis};

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
            // Checked, though a rate is at most 1 and a basis at most 1e15.
            FundBasis::Revenue | FundBasis::Profit => Some(to_fen(
                partner
                    .fund_rate?
                    .checked_mul(self.basis_amount?.max(Decimal::ZERO))?,
            )),
            FundBasis::Fixed => partner.fund_fixed,
            FundBasis::NoFund => Some(Decimal::ZERO),
        }
    }
}

/// The price sheet by category and item (活动名称), holding the first entry
/// of each: the one [`Dataset::market_reference`] finds. Built once by
/// [`Dataset::market_index`] for looking up many rows.
pub type MarketIndex<'a> = HashMap<(Category, &'a str), Decimal>;

impl Dataset {
    /// The market reference price of a service row: the row's own, else the
    /// price sheet's entry for the same category and item (活动名称). `None`
    /// when neither applies: the row is then left out of the price-ratio
    /// indicators and flagged as a data gap. Another item's price is never
    /// borrowed, since a 家电维修 row is not priced like a 理发 row.
    pub fn market_reference(&self, s: &ServiceRecord) -> Option<Decimal> {
        s.market_reference_with(|title| {
            self.market_prices
                .iter()
                .find(|m| m.category == s.category && m.item == title)
                .map(|m| m.market_ref_price)
        })
    }

    /// The price sheet indexed, for [`ServiceRecord::market_reference_in`].
    pub fn market_index(&self) -> MarketIndex<'_> {
        let mut first = HashMap::with_capacity(self.market_prices.len());
        for m in &self.market_prices {
            first
                .entry((m.category, m.item.as_str()))
                .or_insert(m.market_ref_price);
        }
        first
    }
}

impl ServiceRecord {
    /// [`Dataset::market_reference`] of this row, looked up in an index of
    /// the same dataset's price sheet instead of scanning it.
    pub fn market_reference_in(&self, index: &MarketIndex) -> Option<Decimal> {
        self.market_reference_with(|title| index.get(&(self.category, title)).copied())
    }

    /// The row's own price, else `sheet`'s price for its item, if positive.
    fn market_reference_with(
        &self,
        sheet: impl FnOnce(&str) -> Option<Decimal>,
    ) -> Option<Decimal> {
        if let Some(p) = self.market_ref_price.filter(|p| *p > Decimal::ZERO) {
            return Some(p);
        }
        sheet(self.title.as_deref()?).filter(|p| *p > Decimal::ZERO)
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_index_finds_what_the_scan_finds() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("samples");
        let ds = crate::ingest::load(&[dir]).expect("samples load").dataset;
        let index = ds.market_index();
        assert!(!index.is_empty());
        let mut found = 0;
        for s in &ds.services {
            let scanned = ds.market_reference(s);
            assert_eq!(s.market_reference_in(&index), scanned, "{}", s.record_id);
            found += usize::from(scanned.is_some() && s.market_ref_price.is_none());
        }
        assert!(found > 0, "no row priced from the sheet");
    }
}
