//! The individual cross-row checks.

use std::collections::{HashMap, HashSet};

use super::Verdicts;
use crate::model::{Dataset, Origin, Partner};
use crate::problem::Issue;
use crate::schema::enums::PricingMode;

/// A partner registered twice: identical rows merge, different rows conflict.
pub fn unique_partners(ds: &Dataset, v: &mut Verdicts) {
    let mut first: HashMap<&str, &Partner> = HashMap::new();
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

/// Keys of the registry fields on which two rows disagree.
fn differing_fields(a: &Partner, b: &Partner) -> Vec<String> {
    let json = |p: &Partner| match serde_json::to_value(p) {
        Ok(serde_json::Value::Object(map)) => map,
        _ => serde_json::Map::new(),
    };
    let (a, b) = (json(a), json(b));
    a.iter()
        .filter(|(k, va)| k.as_str() != "origin" && b.get(k.as_str()) != Some(va))
        .map(|(k, _)| k.clone())
        .collect()
}

/// Ids that must be unique across all files, and one declaration per period.
pub fn unique_ids(ds: &Dataset, v: &mut Verdicts) {
    let id = |s: &String| s.clone();
    dedupe(
        ds,
        v,
        &ds.services,
        |r| id(&r.record_id),
        |r| r.origin,
        "record_id",
    );
    dedupe(
        ds,
        v,
        &ds.fund_payments,
        |r| id(&r.payment_id),
        |r| r.origin,
        "payment_id",
    );
    dedupe(
        ds,
        v,
        &ds.survey_responses,
        |r| id(&r.response_id),
        |r| r.origin,
        "response_id",
    );
    dedupe(
        ds,
        v,
        &ds.complaints,
        |r| id(&r.case_id),
        |r| r.origin,
        "case_id",
    );
    dedupe(
        ds,
        v,
        &ds.spaces,
        |r| id(&r.space_id),
        |r| r.origin,
        "space_id",
    );
    dedupe(
        ds,
        v,
        &ds.rectifications,
        |r| id(&r.issue_id),
        |r| r.origin,
        "issue_id",
    );
    let per_period = |pid: &str, period: &dyn std::fmt::Display| format!("{pid} {period}");
    dedupe(
        ds,
        v,
        &ds.financials,
        |r| per_period(&r.partner_id, &r.period),
        |r| r.origin,
        "period",
    );
    dedupe(
        ds,
        v,
        &ds.survey_totals,
        |r| per_period(&r.partner_id, &r.period),
        |r| r.origin,
        "period",
    );
}

fn dedupe<T>(
    ds: &Dataset,
    v: &mut Verdicts,
    records: &[T],
    key: impl Fn(&T) -> String,
    origin: impl Fn(&T) -> Origin,
    column: &str,
) {
    let mut first: HashMap<String, Origin> = HashMap::new();
    for r in records {
        let k = key(r);
        match first.get(&k) {
            Some(&at) => {
                let issue = Issue::DuplicateId {
                    first: ds.location(at, column),
                };
                v.reject(ds, origin(r), column, k, issue);
            }
            None => {
                first.insert(k, origin(r));
            }
        }
    }
}

/// Every partner id and space id must resolve.
pub fn foreign_keys(ds: &Dataset, v: &mut Verdicts) {
    let partners: HashSet<&str> = ds.partners.iter().map(|p| p.partner_id.as_str()).collect();
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
    let spaces: HashSet<&str> = ds.spaces.iter().map(|s| s.space_id.as_str()).collect();
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
            u.space_id.clone(),
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
fn by_id(ds: &Dataset) -> HashMap<&str, &Partner> {
    ds.partners
        .iter()
        .map(|p| (p.partner_id.as_str(), p))
        .collect()
}
