//! 满意度调查 / 满意度汇总: resident questionnaires, raw or as counts.
//!
//! The answers are not drawn one by one: the number of satisfied answers is
//! fixed from the partner's target first (so a partner meant to be above 90 %
//! is, whatever the draw), then the answers are shuffled.

use chrono::NaiveDate;

use super::partner::Partner;
use super::profiles::Profile;
use super::rng::Rng;
use super::services::day_in;
use super::spelling::Spelled;
use super::table::{Table, Val};
use crate::schema::enums::{RespondentType, SurveyMethod};
use crate::schema::SheetKind;
use crate::value::Period;

/// Overall scores (5 = 非常满意) of `n` valid questionnaires.
fn scores(rng: &mut Rng, n: i64, satisfied: f64) -> Vec<i64> {
    let happy = (n as f64 * satisfied).round() as i64;
    let fives = (happy as f64 * rng.float((0.45, 0.7))).round() as i64;
    let unhappy = n - happy;
    let threes = (unhappy * 3 + 4) / 5;
    let twos = (unhappy - threes + 1) / 2;
    let mut out: Vec<i64> = [(5, fives), (4, happy - fives), (3, threes), (2, twos)]
        .iter()
        .flat_map(|(s, k)| std::iter::repeat_n(*s, *k as usize))
        .collect();
    out.resize(n as usize, 1);
    rng.shuffle(&mut out);
    out
}

/// How many respondents report sales pressure.
fn pressured(n: i64, share: f64) -> i64 {
    (n as f64 * share).round() as i64
}

fn month_window(p: &Partner) -> (u32, u32) {
    if p.slot.profile == Profile::New {
        (12, 12)
    } else {
        (11, 12)
    }
}

/// Raw questionnaires of one partner, appended to `t`.
pub fn responses(rng: &mut Rng, t: &mut Table, index: usize, p: &Partner) {
    let n = p.targets.responses;
    let overall = scores(rng, n, p.targets.satisfaction);
    let pressure = pressured(n, p.targets.pressure);
    let invalid = rng.int(0, 2);
    let (from, to) = month_window(p);
    let mut rows: Vec<(NaiveDate, Option<i64>, bool)> = overall
        .iter()
        .enumerate()
        .map(|(k, s)| {
            let month = rng.int(from as i64, to as i64) as u32;
            (day_in(rng, month), Some(*s), (k as i64) < pressure)
        })
        .collect();
    rows.extend((0..invalid).map(|_| (day_in(rng, to), None, false)));
    rows.sort_by_key(|r| r.0);
    for (date, score, pressed) in rows {
        let mut row = t.row(index, date);
        let valid = score.is_some();
        let q = score.unwrap_or_else(|| rng.int(1, 5));
        let near = |rng: &mut Rng, up: i64| (q + rng.int(-1, up)).clamp(1, 5);
        t.set(&mut row, "partner_id", Val::Text(p.id.clone()));
        t.set(&mut row, "date", Val::Date(date));
        let method = rng.pick(&[
            SurveyMethod::OnSite,
            SurveyMethod::OnSite,
            SurveyMethod::OnSite,
            SurveyMethod::Phone,
            SurveyMethod::Online,
            SurveyMethod::DoorToDoor,
        ]);
        t.set(&mut row, "method", method.val());
        let respondent = if rng.chance(0.75) {
            RespondentType::ServiceUser
        } else {
            RespondentType::Resident
        };
        t.set(&mut row, "respondent_type", respondent.val());
        t.set(&mut row, "vulnerable", Val::Bool(rng.chance(0.25)));
        t.set(&mut row, "q_overall", Val::Int(q));
        let quality = near(rng, 1);
        t.set(&mut row, "q_quality", Val::Int(quality));
        let price = near(rng, if p.slot.conds.has(3) { 0 } else { 1 });
        t.set(&mut row, "q_price", Val::Int(price));
        let safety = near(rng, 1).max(3);
        t.set(&mut row, "q_safety", Val::Int(safety));
        t.set(&mut row, "q_sales_pressure", Val::Bool(pressed));
        t.set(&mut row, "valid", Val::Bool(valid));
        t.rows.push(row);
    }
}

/// Counts of one partner for the aggregated form, by half-year survey round.
pub fn totals(rng: &mut Rng, t: &mut Table, index: usize, p: &Partner) {
    let n = p.targets.responses;
    let overall = scores(rng, n, p.targets.satisfaction);
    let pressure = pressured(n, p.targets.pressure);
    let rounds: &[Period] = if p.slot.profile == Profile::New {
        &[Period::Quarter(2025, 4)]
    } else {
        &[Period::Quarter(2025, 2), Period::Quarter(2025, 4)]
    };
    let size = overall.len().div_ceil(rounds.len());
    for (k, (period, chunk)) in rounds.iter().zip(overall.chunks(size)).enumerate() {
        let mut row = t.row(index, period.start());
        let count = |s: i64| Val::Int(chunk.iter().filter(|x| **x == s).count() as i64);
        t.set(&mut row, "partner_id", Val::Text(p.id.clone()));
        t.set(&mut row, "period", Val::Period(*period));
        t.set(&mut row, "n_valid", Val::Int(chunk.len() as i64));
        for (key, s) in [("n_5", 5), ("n_4", 4), ("n_3", 3), ("n_2", 2), ("n_1", 1)] {
            t.set(&mut row, key, count(s));
        }
        // Split over the rounds; the first holds the odd one out.
        let later = pressure / rounds.len() as i64;
        let reported = if k == 0 {
            pressure - later * (rounds.len() as i64 - 1)
        } else {
            later
        };
        t.set(&mut row, "n_sales_pressure", Val::Int(reported));
        t.rows.push(row);
    }
}

/// The survey sheet of a community: questionnaires or counts.
pub fn table(rng: &mut Rng, partners: &[Partner], counts_only: bool) -> Table {
    let kind = if counts_only {
        SheetKind::SurveyTotals
    } else {
        SheetKind::SurveyResponses
    };
    let mut t = Table::new(kind);
    for (i, p) in partners.iter().enumerate() {
        if counts_only {
            totals(rng, &mut t, i, p);
        } else {
            responses(rng, &mut t, i, p);
        }
    }
    t
}
