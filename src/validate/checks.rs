//! The individual cross-row checks.

use std::hash::{BuildHasher, Hash};

use hashbrown::hash_table::{Entry, HashTable};
use rustc_hash::{FxBuildHasher, FxHashMap, FxHashSet};

use super::Verdicts;
use crate::model::{Dataset, Origin, Partner};
use crate::problem::Issue;
use crate::schema::enums::PricingMode;
use crate::value::Period;

/// A partner registered twice: identical rows merge, different rows conflict.
pub fn unique_partners(ds: &Dataset, v: &mut Verdicts) {
    let mut first: FxHashMap<&str, &Partner> = FxHashMap::default();
    for p in &ds.partners {
        let Some(earlier) = first.get(p.partner_id.as_str()) else {
            first.insert(&p.partner_id, p);
            continue;
        };
        let at = ds.location(earlier.origin, "partner_id");
        let fields = differing_fields(earlier, p);
        if fields.is_empty() {
            v.merged.insert(p.origin);
            let issue = Issue::RepeatedPartner { first: at };
            v.warn(ds, p.origin, "partner_id", p.partner_id.clone(), issue);
        } else {
            let issue = Issue::ConflictingPartner { first: at, fields };
            v.reject(ds, p.origin, "partner_id", p.partner_id.clone(), issue);
        }
    }
}

/// Keys of the registry fields on which two rows disagree. The identity
/// number is left out of the serialised record (it never reaches an
/// output), so it is compared on its own: two registrations differing only
/// in it are two people, not one row typed twice. Only its key is named.
fn differing_fields(a: &Partner, b: &Partner) -> Vec<String> {
    let json = |p: &Partner| match serde_json::to_value(p) {
        Ok(serde_json::Value::Object(map)) => map,
        _ => serde_json::Map::new(),
    };
    let mut fields: Vec<String> = {
        let (a, b) = (json(a), json(b));
        a.iter()
            .filter(|(k, va)| k.as_str() != "origin" && b.get(k.as_str()) != Some(va))
            .map(|(k, _)| k.clone())
            .collect()
    };
    if a.id_number != b.id_number {
        fields.push("id_number".into());
    }
    fields
}

/// Ids that must be unique across all files, and one declaration per period.
pub fn unique_ids(ds: &Dataset, v: &mut Verdicts) {
    let id = |k: &&str| k.to_string();
    dedupe(
        ds,
        v,
        &ds.services,
        |r| (r.record_id.as_str(), r.origin),
        id,
        "record_id",
    );
    dedupe(
        ds,
        v,
        &ds.fund_payments,
        |r| (r.payment_id.as_str(), r.origin),
        id,
        "payment_id",
    );
    dedupe(
        ds,
        v,
        &ds.survey_responses,
        |r| (r.response_id.as_str(), r.origin),
        id,
        "response_id",
    );
    dedupe(
        ds,
        v,
        &ds.complaints,
        |r| (r.case_id.as_str(), r.origin),
        id,
        "case_id",
    );
    dedupe(
        ds,
        v,
        &ds.spaces,
        |r| (r.space_id.as_str(), r.origin),
        id,
        "space_id",
    );
    dedupe(
        ds,
        v,
        &ds.rectifications,
        |r| (r.issue_id.as_str(), r.origin),
        id,
        "issue_id",
    );
    let per_period = |(pid, period): &(&str, Period)| format!("{pid} {period}");
    dedupe(
        ds,
        v,
        &ds.financials,
        |r| ((r.partner_id.as_str(), r.period), r.origin),
        per_period,
        "period",
    );
    dedupe(
        ds,
        v,
        &ds.survey_totals,
        |r| ((r.partner_id.as_str(), r.period), r.origin),
        per_period,
        "period",
    );
}

/// Rejects every record whose key an earlier record has. `key` gives a
/// record's key, borrowed from it, and its origin; `shown` quotes a key in
/// the problem.
///
/// The table holds only the index of each key's first record, not the key:
/// a city's six million record ids would otherwise take a few hundred MB
/// more at the peak of loading.
fn dedupe<'a, T, K: Hash + Eq>(
    ds: &Dataset,
    v: &mut Verdicts,
    records: &'a [T],
    key: impl Fn(&'a T) -> (K, Origin),
    shown: impl Fn(&K) -> String,
    column: &str,
) {
    let hash = |k: &K| FxBuildHasher.hash_one(k);
    let mut first: HashTable<usize> = HashTable::with_capacity(records.len());
    for (i, r) in records.iter().enumerate() {
        let (k, origin) = key(r);
        let same = |&j: &usize| key(&records[j]).0 == k;
        match first.entry(hash(&k), same, |&j| hash(&key(&records[j]).0)) {
            Entry::Occupied(earlier) => {
                let issue = Issue::DuplicateId {
                    first: ds.location(key(&records[*earlier.get()]).1, column),
                };
                v.reject(ds, origin, column, shown(&k), issue);
            }
            Entry::Vacant(slot) => {
                slot.insert(i);
            }
        }
    }
}

/// Every partner id and space id must resolve.
pub fn foreign_keys(ds: &Dataset, v: &mut Verdicts) {
    let partners: FxHashSet<&str> = ds.partners.iter().map(|p| p.partner_id.as_str()).collect();
    let mut check = |origin: Origin, id: &str| {
        if !partners.contains(id) {
            let issue = Issue::UnknownPartner { id: id.to_string() };
            v.reject(ds, origin, "partner_id", id.to_string(), issue);
        }
    };
    ds.services
        .iter()
        .for_each(|r| check(r.origin, &r.partner_id));
    ds.fund_payments
        .iter()
        .for_each(|r| check(r.origin, &r.partner_id));
    ds.financials
        .iter()
        .for_each(|r| check(r.origin, &r.partner_id));
    ds.survey_responses
        .iter()
        .for_each(|r| check(r.origin, &r.partner_id));
    ds.survey_totals
        .iter()
        .for_each(|r| check(r.origin, &r.partner_id));
    ds.complaints
        .iter()
        .for_each(|r| check(r.origin, &r.partner_id));
    ds.space_usage
        .iter()
        .for_each(|r| check(r.origin, &r.partner_id));
    ds.rectifications
        .iter()
        .for_each(|r| check(r.origin, &r.partner_id));
    ds.volunteering
        .iter()
        .for_each(|r| check(r.origin, &r.partner_id));
    space_keys(ds, v);
}

/// Space ids are checked only when a space register was given.
fn space_keys(ds: &Dataset, v: &mut Verdicts) {
    if ds.spaces.is_empty() {
        return;
    }
    let spaces: FxHashSet<&str> = ds.spaces.iter().map(|s| s.space_id.as_str()).collect();
    let unknown = |id: &str| Issue::UnknownSpace { id: id.to_string() };
    for u in ds
        .space_usage
        .iter()
        .filter(|u| !spaces.contains(u.space_id.as_str()))
    {
        v.reject(
            ds,
            u.origin,
            "space_id",
            u.space_id.to_string(),
            unknown(&u.space_id),
        );
    }
    for s in &ds.services {
        if let Some(id) = s.space_id.as_deref().filter(|id| !spaces.contains(id)) {
            v.warn(ds, s.origin, "space_id", id.to_string(), unknown(id));
        }
    }
    for p in &ds.partners {
        for id in p
            .space_ids
            .iter()
            .filter(|id| !spaces.contains(id.as_str()))
        {
            v.warn(ds, p.origin, "space_ids", id.clone(), unknown(id));
        }
    }
}

/// Activities count only inside the partner's agreement.
pub fn agreement_dates(ds: &Dataset, v: &mut Verdicts) {
    let partners = by_id(ds);
    for s in &ds.services {
        let Some(p) = partners.get(s.partner_id.as_str()) else {
            continue;
        };
        if s.date < p.start_date || s.date > p.end_date {
            let issue = Issue::OutsideAgreement {
                start: p.start_date.to_string(),
                end: p.end_date.to_string(),
            };
            v.reject(ds, s.origin, "date", s.date.to_string(), issue);
        }
    }
}

/// Low-cost rows need a market reference, from the row or the price sheet.
pub fn market_references(ds: &Dataset, v: &mut Verdicts) {
    for s in ds
        .services
        .iter()
        .filter(|s| s.pricing_mode == PricingMode::LowCost)
    {
        if ds.market_reference(s).is_none() {
            let shown = s
                .market_ref_price
                .map(|p| p.to_string())
                .unwrap_or_default();
            v.warn(
                ds,
                s.origin,
                "market_ref_price",
                shown,
                Issue::NoMarketReference,
            );
        }
    }
}

/// A payment above three times what was due is probably a typing error.
pub fn fund_sanity(ds: &Dataset, v: &mut Verdicts) {
    let partners = by_id(ds);
    for f in &ds.fund_payments {
        let Some(p) = partners.get(f.partner_id.as_str()) else {
            continue;
        };
        let Some(due) = f.due(p) else { continue };
        if due.is_sign_positive()
            && !due.is_zero()
            && f.amount_paid > due * rust_decimal::Decimal::from(3)
        {
            let issue = Issue::PaidFarAboveDue {
                paid: f.amount_paid.to_string(),
                due: due.to_string(),
            };
            v.warn(
                ds,
                f.origin,
                "amount_paid",
                f.amount_paid.to_string(),
                issue,
            );
        }
    }
}

/// Registry rows by partner id.
fn by_id(ds: &Dataset) -> FxHashMap<&str, &Partner> {
    ds.partners
        .iter()
        .map(|p| (p.partner_id.as_str(), p))
        .collect()
}
