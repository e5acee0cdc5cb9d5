//! The facts a report prints beside the score: the agreement and its spaces,
//! the survey summary and the complaint list (DOMAIN.md §1.5 (a), sections
//! 基本情况 and 附件).
//!
//! They are copied or counted from the partner's own rows here, once, so a
//! renderer never goes back to the dataset and every line keeps its place in
//! the user's workbook.

use rust_decimal::Decimal;

use super::context::PartnerScope;
use super::result::{Agreement, ComplaintLine, SpaceLine, SurveySummary};
use crate::formula::{Scope, Table};
use crate::schema::enums::{LegalForm, SurveyMethod};
use crate::schema::vocab::Vocabulary;

/// The agreement as the registry records it, with the spaces it grants and
/// the hours each was used in the period.
pub fn agreement(scope: &PartnerScope) -> Agreement {
    let p = scope.partner;
    let ds = scope.ds;
    let spaces = p
        .space_ids
        .iter()
        .map(|id| {
            let space = ds.spaces.iter().find(|s| &s.space_id == id);
            let hours: f64 = scope
                .rows(Table::SpaceUsage)
                .iter()
                .map(|&i| &ds.space_usage[i as usize])
                .filter(|u| &u.space_id == id)
                .map(|u| u.hours)
                .sum();
            SpaceLine {
                space_id: id.clone(),
                name: space.map(|s| s.name.clone()),
                area_m2: space.map(|s| s.area_m2),
                hours,
            }
        })
        .collect();
    Agreement {
        legal_form: Some(p.legal_form),
        org_form: p.org_form,
        // A registered body's public code; a person or an unregistered
        // team has none to print (whatever was typed there).
        credit_code: p
            .credit_code
            .clone()
            .filter(|_| !matches!(p.legal_form, LegalForm::Individual | LegalForm::Team)),
        space_terms: Some(p.space_terms),
        status: Some(p.status),
        fund_frequency: p.fund_frequency,
        agreed_free_hours: p.agreed_free_hours,
        number: p.agreement_no.clone(),
        start: p.start_date,
        end: p.end_date,
        coop_mode: p.coop_mode,
        service_mode: p.service_mode,
        main_category: p.main_category,
        fund_basis: p.fund_basis,
        fund_rate: p.fund_rate,
        fund_fixed: p.fund_fixed,
        agreed_free_sessions: p.agreed_free_sessions,
        low_cost_cap_ratio: p.low_cost_cap_ratio,
        spaces,
        location: ds.location(p.origin, "agreement_no"),
    }
}

/// Questionnaires and aggregated counts of the period, summed the way the
/// satisfaction indicators count them: "satisfied" is 4 or 5 on the overall
/// question ([S27]); invalid questionnaires are counted but not used.
pub fn survey(scope: &PartnerScope) -> SurveySummary {
    let ds = scope.ds;
    let mut s = SurveySummary::default();
    let mut sums = [0u32; 4];
    let mut answered = [0u32; 4];
    let mut methods: Vec<(SurveyMethod, usize)> = Vec::new();
    for &i in scope.rows(Table::SurveyResponses) {
        let r = &ds.survey_responses[i as usize];
        s.questionnaires += 1;
        if !r.valid {
            s.invalid += 1;
            continue;
        }
        s.valid += 1;
        if let Some(k) = (1..=5).rev().position(|v| v == r.q_overall) {
            s.counts[k] += 1;
        }
        let answers = [Some(r.q_overall), r.q_quality, r.q_price, r.q_safety];
        for (k, a) in answers.iter().enumerate() {
            if let Some(a) = a {
                sums[k] += u32::from(*a);
                answered[k] += 1;
            }
        }
        if let Some(pressed) = r.q_sales_pressure {
            s.sales_answered += 1;
            s.sales_pressure += i64::from(pressed);
        }
        match methods.iter_mut().find(|(m, _)| *m == r.method) {
            Some((_, n)) => *n += 1,
            None => methods.push((r.method, 1)),
        }
    }
    for &i in scope.rows(Table::SurveyTotals) {
        let t = &ds.survey_totals[i as usize];
        s.aggregated_rows += 1;
        s.valid += t.n_valid;
        for (c, n) in s.counts.iter_mut().zip(t.counts) {
            *c += n;
        }
        if let Some(n) = t.n_sales_pressure {
            s.sales_pressure += n;
            s.sales_answered += t.n_valid;
        }
    }
    s.satisfied = s.counts[0] + s.counts[1];
    s.rate = (s.valid > 0).then(|| Decimal::from(s.satisfied) / Decimal::from(s.valid));
    // Means come from questionnaires only: aggregated rows carry no answers
    // to the detail questions.
    s.means = sums
        .iter()
        .zip(answered)
        .map(|(&sum, n)| (n > 0).then(|| Decimal::from(sum) / Decimal::from(n)))
        .collect();
    methods.sort_by_key(|(m, _)| m.key());
    s.methods = methods;
    s
}

/// Every complaint or incident of the period, oldest first.
pub fn complaints(scope: &PartnerScope) -> Vec<ComplaintLine> {
    let ds = scope.ds;
    let mut lines: Vec<ComplaintLine> = scope
        .rows(Table::Complaints)
        .iter()
        .map(|&i| {
            let c = &ds.complaints[i as usize];
            ComplaintLine {
                case_id: c.case_id.clone(),
                received: c.received_date,
                channel: c.channel,
                category: c.category,
                valid: c.valid,
                severity: c.severity,
                closed: c.closed_date,
                days_to_close: c.closed_date.map(|d| (d - c.received_date).num_days()),
                veto_code: c.veto_code,
                outcome: c.outcome.clone(),
                location: ds.location(c.origin, "case_id"),
            }
        })
        .collect();
    lines.sort_by(|a, b| (a.received, &a.case_id).cmp(&(b.received, &b.case_id)));
    lines
}
