//! The generated samples: reproducible, loadable, complete, and honest about
//! what each partner is meant to show.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use chrono::{Datelike, NaiveDate};
use partner_eval::ingest::{load, Loaded};
use partner_eval::model::{Dataset, Partner};
use partner_eval::problem::Severity;
use partner_eval::samples::{generate, Options, Scale};
use partner_eval::schema::enums::{self, *};
use partner_eval::schema::vocab::Vocabulary;
use partner_eval::schema::SheetKind;
use rust_decimal::prelude::ToPrimitive;
use rust_decimal::Decimal;

const COMMITTED: &str = "samples";

/// The committed samples, loaded once for all tests.
fn committed() -> &'static Loaded {
    static LOADED: OnceLock<Loaded> = OnceLock::new();
    LOADED.get_or_init(|| load(&[PathBuf::from(COMMITTED)]).expect("the samples load"))
}

/// Every file under `dir`, relative path → bytes.
fn files(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut out = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).expect("readable dir").flatten() {
            let path = e.path();
            if path.is_dir() {
                stack.push(path);
            } else {
                let rel = path.strip_prefix(dir).expect("inside").to_path_buf();
                out.insert(rel, std::fs::read(&path).expect("readable file"));
            }
        }
    }
    out
}

/// A CSV written by the generator (UTF-8 with BOM), as rows of fields.
fn read_csv(path: &Path) -> Vec<Vec<String>> {
    let text = std::fs::read_to_string(path).expect("readable csv");
    let mut r = csv::Reader::from_reader(text.trim_start_matches('\u{feff}').as_bytes());
    r.records()
        .map(|rec| rec.expect("csv row").iter().map(str::to_string).collect())
        .collect()
}

#[test]
fn small_generation_is_reproducible_and_matches_the_committed_samples() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let (a, b) = (tmp.path().join("a/samples"), tmp.path().join("b/samples"));
    let summary = generate(&a, &Options::new(Scale::Small)).expect("generates");
    generate(&b, &Options::new(Scale::Small)).expect("generates");
    let (fa, fb) = (files(&a), files(&b));
    assert_eq!(fa.keys().collect::<Vec<_>>(), fb.keys().collect::<Vec<_>>());
    for (path, bytes) in &fa {
        assert!(
            bytes == &fb[path],
            "{} differs between two runs",
            path.display()
        );
    }
    let committed = files(Path::new(COMMITTED));
    assert_eq!(
        fa.keys().collect::<Vec<_>>(),
        committed.keys().collect::<Vec<_>>(),
        "regenerate: cargo run --release -- samples --scale small --out samples --force"
    );
    for (path, bytes) in &fa {
        assert!(
            bytes == &committed[path],
            "samples/{} is not what the generator makes; regenerate it",
            path.display()
        );
    }
    assert_eq!(summary.workbooks, 8);
    assert_eq!(summary.partners, 60);
    let services = summary.rows[&SheetKind::Services];
    assert!(
        (4_000..=6_000).contains(&services),
        "{services} service rows"
    );
}

#[test]
fn committed_samples_report_exactly_the_planted_errors() {
    let loaded = committed();
    let found: BTreeSet<Vec<String>> = loaded
        .problems
        .iter()
        .map(|p| {
            let severity = match p.severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
            };
            let l = &p.location;
            [
                &l.file,
                &l.sheet,
                &l.row.to_string(),
                &l.column,
                p.code(),
                severity,
            ]
            .map(|s| s.to_string())
            .to_vec()
        })
        .collect();
    let planted: BTreeSet<Vec<String>> = read_csv(&Path::new(COMMITTED).join("planted-errors.csv"))
        .into_iter()
        .collect();
    assert_eq!(found, planted);
    assert!(planted.len() >= 10);
    for s in &loaded.dataset.sheets {
        let c = s.counts;
        assert_eq!(c.read, c.accepted + c.rejected, "{} › {}", s.file, s.sheet);
    }
}

#[test]
fn committed_samples_cover_every_kind_of_partner_and_row() {
    let ds = &committed().dataset;
    fn all<V: Vocabulary + Ord + std::fmt::Debug>(seen: impl Iterator<Item = V>) {
        let seen: BTreeSet<V> = seen.collect();
        let every: BTreeSet<V> = V::all().iter().copied().collect();
        assert_eq!(seen, every);
    }
    let p = &ds.partners;
    all(p.iter().map(|p| p.partner_type));
    all(p.iter().map(|p| p.legal_form));
    all(p.iter().map(|p| p.coop_mode));
    all(p.iter().map(|p| p.service_mode));
    all(p.iter().map(|p| p.main_category));
    all(p.iter().map(|p| p.fund_basis));
    all(p.iter().filter_map(|p| p.fund_frequency));
    all(ds.services.iter().map(|s| s.category));
    all(ds.services.iter().map(|s| s.pricing_mode));
    assert!(!ds.survey_totals.is_empty() && !ds.survey_responses.is_empty());
    assert!(!ds.rectifications.is_empty() && !ds.volunteering.is_empty());
    assert!(!ds.market_prices.is_empty() && !ds.financials.is_empty());
    let names: String = p.iter().map(|p| p.name.as_str()).collect();
    for rare in ['堃', '喆', '昇', '珺', '玥', '垚', '犇', '镕'] {
        assert!(names.contains(rare), "no partner name with {rare}");
    }
    for person in p.iter().filter(|p| p.legal_form == LegalForm::Individual) {
        let id = person.id_number.as_deref().unwrap_or_default();
        assert_eq!(id.len(), 18, "{}", person.name);
    }
}

#[test]
fn district_generation_loads_clean_with_the_rows_written() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let out = tmp.path().join("district");
    let opts = Options {
        partners: Some(40),
        service_rows: Some(3_000),
        ..Options::new(Scale::District)
    };
    let summary = generate(&out, &opts).expect("generates");
    assert_eq!(summary.workbooks, 4);
    assert_eq!(summary.partners, 40);
    assert_eq!(summary.planted, 0);
    let loaded = load(&[out]).expect("loads");
    assert!(
        loaded.problems.is_empty(),
        "{:#?}",
        &loaded.problems[..loaded.problems.len().min(5)]
    );
    let mut accepted: BTreeMap<SheetKind, usize> = BTreeMap::new();
    for s in &loaded.dataset.sheets {
        if s.kind != SheetKind::MarketPrices {
            *accepted.entry(s.kind).or_default() += s.counts.accepted as usize;
        }
    }
    assert_eq!(accepted, summary.rows);
    let services = summary.rows[&SheetKind::Services];
    assert!(
        (2_400..=3_600).contains(&services),
        "{services} service rows"
    );
}

/// The over-commercialisation conditions c1–c6 of DOMAIN.md §3.5 as the
/// data show them, computed independently of the generator.
fn conditions(ds: &Dataset, p: &Partner) -> BTreeSet<String> {
    let mut c = BTreeSet::new();
    let id = p.partner_id.as_str();
    let rows: Vec<_> = ds.services.iter().filter(|s| s.partner_id == id).collect();
    let months = active_months(p) as f64;
    let count =
        |f: &dyn Fn(PricingMode) -> bool| rows.iter().filter(|s| f(s.pricing_mode)).count() as f64;
    let hours = |f: &dyn Fn(PricingMode) -> bool| {
        rows.iter()
            .filter(|s| f(s.pricing_mode))
            .map(|s| s.duration_h.unwrap_or(1.0))
            .sum::<f64>()
    };
    let market = |m: PricingMode| m == PricingMode::Market;
    let any = |_: PricingMode| true;
    let by_hours = rows.iter().all(|s| s.duration_h.is_some());
    let share = if by_hours {
        hours(&market) / hours(&any)
    } else {
        count(&market) / count(&any)
    };
    if share > 0.6 {
        c.insert("c1");
    }
    let agreed = rows
        .iter()
        .filter(|s| s.pricing_mode == PricingMode::Free && s.counts_agreed)
        .count();
    if (agreed as f64) < 0.8 * p.agreed_free_sessions as f64 * months / 12.0 {
        c.insert("c2");
    }
    let low: Vec<_> = rows
        .iter()
        .filter(|s| s.pricing_mode == PricingMode::LowCost)
        .filter_map(|s| ds.market_reference(s).map(|r| (s, r)))
        .collect();
    if !low.is_empty() {
        let paid: Decimal = low
            .iter()
            .map(|(s, _)| s.unit_price * Decimal::from(s.participants))
            .sum();
        let worth: Decimal = low
            .iter()
            .map(|(s, r)| *r * Decimal::from(s.participants))
            .sum();
        let cap = p.low_cost_cap_ratio.unwrap_or(Decimal::new(8, 1));
        let above = low.iter().filter(|(s, r)| s.unit_price > cap * *r).count();
        if paid / worth > Decimal::new(8, 1) || above * 10 > low.len() {
            c.insert("c3");
        }
    }
    let uses: Vec<_> = ds
        .space_usage
        .iter()
        .filter(|u| u.partner_id == id)
        .collect();
    let busy = |f: &dyn Fn(SpacePurpose) -> bool| {
        uses.iter()
            .filter(|u| f(u.purpose))
            .map(|u| u.hours)
            .sum::<f64>()
    };
    let used = busy(&|p| p != SpacePurpose::Idle);
    if used > 0.0
        && busy(&|p| matches!(p, SpacePurpose::Commercial | SpacePurpose::StorageOffice)) / used
            > 0.7
    {
        c.insert("c4");
    }
    let payments: Vec<_> = ds
        .fund_payments
        .iter()
        .filter(|f| f.partner_id == id)
        .collect();
    let due: Decimal = payments.iter().filter_map(|f| f.due(p)).sum();
    let paid: Decimal = payments.iter().map(|f| f.amount_paid).sum();
    let revenue: Decimal = rows.iter().map(|s| s.revenue).sum();
    let market_revenue = rows
        .iter()
        .any(|s| s.pricing_mode == PricingMode::Market && !s.revenue.is_zero());
    let f1_low = due > Decimal::ZERO && paid / due < Decimal::new(8, 1);
    let f3_low = market_revenue && paid / revenue < Decimal::new(1, 2);
    if f1_low || f3_low {
        c.insert("c5");
    }
    let sales = ds
        .complaints
        .iter()
        .any(|k| k.partner_id == id && k.valid && k.category == ComplaintCategory::Sales);
    let (pressed, asked) = pressure(ds, id);
    if sales || (asked > 0 && pressed * 5 >= asked) {
        c.insert("c6");
    }
    c.into_iter().map(str::to_string).collect()
}

fn active_months(p: &Partner) -> u32 {
    let from = p
        .start_date
        .max(NaiveDate::from_ymd_opt(2025, 1, 1).expect("date"));
    let to = p
        .end_date
        .min(NaiveDate::from_ymd_opt(2025, 12, 31).expect("date"));
    (to.month() + 12 * (to.year() - from.year()) as u32).saturating_sub(from.month()) + 1
}

/// Respondents reporting sales pressure, and valid respondents.
fn pressure(ds: &Dataset, id: &str) -> (i64, i64) {
    let raw = ds
        .survey_responses
        .iter()
        .filter(|r| r.partner_id == id && r.valid);
    let (mut pressed, mut asked) = raw.fold((0, 0), |(p, n), r| {
        (p + i64::from(r.q_sales_pressure == Some(true)), n + 1)
    });
    for t in ds.survey_totals.iter().filter(|t| t.partner_id == id) {
        pressed += t.n_sales_pressure.unwrap_or(0);
        asked += t.n_valid;
    }
    (pressed, asked)
}

/// Satisfied share and number of valid questionnaires.
fn satisfaction(ds: &Dataset, id: &str) -> (f64, i64) {
    let raw: Vec<_> = ds
        .survey_responses
        .iter()
        .filter(|r| r.partner_id == id && r.valid)
        .collect();
    let mut happy = raw.iter().filter(|r| r.q_overall >= 4).count() as i64;
    let mut n = raw.len() as i64;
    for t in ds.survey_totals.iter().filter(|t| t.partner_id == id) {
        happy += t.counts[0] + t.counts[1];
        n += t.n_valid;
    }
    (happy as f64 / n.max(1) as f64, n)
}

#[test]
fn every_partner_shows_what_profiles_csv_says() {
    let ds = &committed().dataset;
    let partners: BTreeMap<&str, &Partner> = ds
        .partners
        .iter()
        .map(|p| (p.partner_id.as_str(), p))
        .collect();
    let profiles = read_csv(&Path::new(COMMITTED).join("profiles.csv"));
    assert_eq!(profiles.len(), 60);
    let mut seen = BTreeMap::<String, usize>::new();
    for line in &profiles {
        let (id, profile, conds, flags) = (&line[0], line[5].as_str(), &line[6], &line[7]);
        *seen.entry(profile.to_string()).or_default() += 1;
        let p = partners[id.as_str()];
        let intended: BTreeSet<String> = conds
            .split(';')
            .filter(|c| !c.is_empty())
            .map(str::to_string)
            .collect();
        assert_eq!(conditions(ds, p), intended, "{id} ({profile})");
        let (rate, n) = satisfaction(ds, id);
        match profile {
            "good" => assert!(rate >= 0.9, "{id}: satisfaction {rate}"),
            "low_satisfaction" => assert!(rate < 0.6 && n >= 30, "{id}: {rate} of {n}"),
            "small_sample" => assert!(n < 30, "{id}: {n} questionnaires"),
            _ => assert!(n >= 30, "{id}: {n} questionnaires"),
        }
        let payments: Vec<_> = ds
            .fund_payments
            .iter()
            .filter(|f| f.partner_id == *id)
            .collect();
        let unpaid: Vec<_> = payments
            .iter()
            .filter(|f| f.amount_paid.is_zero() && f.due(p).is_some_and(|d| d > Decimal::ZERO))
            .map(|f| f.period)
            .collect();
        match profile {
            "arrears" => assert_eq!(unpaid.len(), 1, "{id}"),
            "arrears_veto" => assert_eq!(unpaid.len(), 2, "{id}"),
            _ => assert!(unpaid.is_empty(), "{id}: unpaid {unpaid:?}"),
        }
        let vetoes: BTreeSet<&str> = ds
            .complaints
            .iter()
            .filter(|k| k.partner_id == *id && k.valid)
            .filter_map(|k| k.veto_code.map(|v| v.key()))
            .collect();
        for v in ["V1", "V2"] {
            assert_eq!(vetoes.contains(v), flags.contains(v), "{id}: {v}");
        }
        if profile == "safety_veto" {
            let major = ds
                .complaints
                .iter()
                .any(|k| k.partner_id == *id && k.severity == enums::Severity::Major);
            assert!(major, "{id}");
        }
        // 2025-10-01 to 12-31: three calendar months at most (DOMAIN.md §3.1).
        let late_start = p.start_date >= NaiveDate::from_ymd_opt(2025, 10, 1).expect("date");
        assert_eq!(
            late_start && active_months(p) <= 3,
            profile == "new",
            "{id}"
        );
        let months: BTreeSet<u32> = ds
            .services
            .iter()
            .filter(|s| s.partner_id == *id)
            .map(|s| s.date.month())
            .collect();
        let gap = (active_months(p) as usize) > months.len();
        assert_eq!(gap, profile == "data_gap", "{id}: months {months:?}");
        let declared: Vec<_> = ds
            .financials
            .iter()
            .filter(|f| f.partner_id == *id)
            .collect();
        let thin = !declared.is_empty()
            && p.fund_basis == FundBasis::Profit
            && declared.iter().all(|f| {
                let margin = f.profit.unwrap_or_default() / f.revenue.max(Decimal::ONE);
                margin.to_f64().unwrap_or(1.0) < 0.02 && f.verified != Some(true)
            });
        assert_eq!(thin, profile == "profit_anomaly", "{id}");
        if thin {
            let revenue = |id: &str| {
                ds.services
                    .iter()
                    .filter(|s| s.partner_id == id)
                    .map(|s| s.revenue)
                    .sum::<Decimal>()
            };
            let mut all: Vec<Decimal> =
                ds.partners.iter().map(|p| revenue(&p.partner_id)).collect();
            all.sort();
            assert!(
                revenue(id) > all[all.len() / 2],
                "{id}: revenue not above the median"
            );
        }
    }
    for profile in [
        "good",
        "average",
        "yellow",
        "red",
        "arrears",
        "new",
        "small_sample",
    ] {
        assert!(seen.contains_key(profile), "no {profile} partner");
    }
}
