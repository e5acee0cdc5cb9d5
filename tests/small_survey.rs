//! Small surveys (DOMAIN.md §3.10 R4): below the minimum sample S1 is the
//! posterior mean toward the district's pooled satisfaction rate, the rule
//! is recorded once in the scored result, reports explain it in words from
//! that record, and the gap analysis never asks a partner to reach a rate
//! it already has. Built on small workbooks, plus the sample partner
//! PD-XP01-008 by id.

mod common;

use common::scored::{d, evaluate_2025, load_book, partner, row};
use common::*;

/// `sheets` as one workbook, scored with `set` for 2025.
fn evaluate(sheets: &[Sheet], set: &IndicatorSet) -> Evaluation {
    evaluate_2025(&load_book(sheets), set)
}
use partner_eval::indicators::{IndicatorSet, DEFAULT_TOML};
use partner_eval::lang::Lang;
use partner_eval::report::gap_words;
use partner_eval::schema::enums::Decision;
use partner_eval::score::{Evaluation, SmallSampleMethod};
use rust_decimal::Decimal;

/// `valid_sheets()` made into a year in which P-1 earns full points on
/// every indicator but S1 (as tests/indicator_files.rs builds it: 13 公益
/// sessions against 12 agreed, low-cost ratio 0.5, fund paid in full), and:
/// - P-1: 22 valid questionnaires, 21 rating 4 or 5 (95.5 %);
/// - P-2 (same district): 40 aggregated answers, none satisfied;
/// - P-3 (another district, 温江区): 10 aggregated answers, 5 satisfied.
///
/// The district's pooled rate for P-1 and P-2 is 21 / 62 = 33.9 %, so P-1's
/// S1 is (21 + 10 × 21/62) / 32 = 76.2 %: 3.7 of 15 points, and the
/// satisfaction dimension (3.7 + 6 + 4 of 25) is below 60 % of its weight.
fn small_survey_sheets() -> Vec<Sheet> {
    let mut sheets = valid_sheets();
    set(&mut sheets, "合伙人名册", 1, 16, "12");
    set(&mut sheets, "服务记录", 1, 6, "6");
    let registry = &mut sheets.iter_mut().find(|s| s.0 == "合伙人名册").unwrap().1;
    let mut p3 = partner_row("P-3", "温江便民点");
    p3[4] = "温江区".into();
    registry.push(p3);
    let services = &mut sheets.iter_mut().find(|s| s.0 == "服务记录").unwrap().1;
    for m in 1..=12 {
        services.push(row(&[
            &format!("FW-G{m}"),
            "P-1",
            &format!("d:2025-{m:02}-15"),
            "养老",
            "健康讲座",
            "公益",
            "0",
            "",
            "10",
            "2",
        ]));
    }
    let survey = &mut sheets.iter_mut().find(|s| s.0 == "满意度调查").unwrap().1;
    for n in 2..=22 {
        let score = if n <= 21 { "4" } else { "3" };
        survey.push(row(&[
            &format!("MY-{n}"),
            "P-1",
            "d:2025-11-20",
            "现场",
            "服务对象",
            score,
            "是",
        ]));
    }
    sheets.push(sheet(
        "满意度汇总",
        &[
            &[
                "合伙人编号",
                "期间",
                "有效问卷数",
                "非常满意",
                "满意",
                "一般",
                "不满意",
                "非常不满意",
            ],
            &["P-2", "2025", "40", "0", "0", "40", "0", "0"],
            &["P-3", "2025", "10", "2", "3", "5", "0", "0"],
        ],
    ));
    sheets
}

/// The default set with the small-sample call replaced.
fn with_rule(call: &str) -> IndicatorSet {
    let shrunk = "shrunk(survey.satisfied, survey.valid, district.satisfaction_rate, param.survey_prior_strength)";
    assert!(DEFAULT_TOML.contains(shrunk));
    IndicatorSet::from_text("t.toml", &DEFAULT_TOML.replace(shrunk, call))
        .unwrap_or_else(|e| panic!("{e:#?}"))
}

#[test]
fn a_small_survey_is_shrunk_toward_its_districts_pooled_rate() {
    let e = evaluate(
        &small_survey_sheets(),
        &IndicatorSet::default_set().unwrap(),
    );
    let p1 = partner(&e, "P-1");
    assert_eq!((p1.survey.valid, p1.survey.satisfied), (22, 21));
    let s1 = p1.indicator("S1").unwrap();
    // p0 = Σ satisfied / Σ valid over 郫都区 (P-1 and P-2, both sources).
    let p0 = d("21") / d("62");
    let raw = d("21") / d("22");
    let expected = (d("21") + d("10") * p0) / (d("22") + d("10"));
    assert_eq!(s1.value, Some(expected));
    let v = expected;
    assert!(p0 < v && v < raw, "{p0} < {v} < {raw}");
    assert_eq!(v.round_dp(4), d("0.7621"));
    // The typed record, computed once in scoring.
    let rule = s1.small_sample.as_ref().expect("a small-sample record");
    assert_eq!(
        rule.method,
        SmallSampleMethod::PosteriorMean {
            prior: p0,
            strength: d("10")
        }
    );
    assert_eq!((rule.n, rule.successes), (d("22"), d("21")));
    assert_eq!(rule.min, Some(d("30")));
    assert_eq!(rule.raw, raw);
    assert!(rule.applied);
    assert_eq!(rule.value, v);

    // 40 answers, at least 30: the raw rate counts, exactly.
    let p2 = partner(&e, "P-2");
    let s1 = p2.indicator("S1").unwrap();
    assert_eq!(s1.value, Some(Decimal::ZERO));
    let rule = s1.small_sample.as_ref().unwrap();
    assert!(!rule.applied);
    assert_eq!((rule.raw, rule.value), (Decimal::ZERO, Decimal::ZERO));

    // Another district has its own prior: P-3's 5 / 10 alone.
    let rule = partner(&e, "P-3")
        .indicator("S1")
        .unwrap()
        .small_sample
        .clone();
    let rule = rule.unwrap();
    assert_eq!(
        rule.method,
        SmallSampleMethod::PosteriorMean {
            prior: d("0.5"),
            strength: d("10")
        }
    );
    // Its raw rate is its district's rate, so shrinking leaves it there.
    assert_eq!(rule.value, d("0.5"));

    // The record survives results.json.
    let json = serde_json::to_string(&e).unwrap();
    assert!(json.contains("\"kind\":\"posterior_mean\""), "{json}");
}

#[test]
fn the_prior_strength_is_a_parameter_and_the_bounds_stay_selectable() {
    let sheets = small_survey_sheets();
    // m = 0: no shrinkage, the raw rate.
    let set = IndicatorSet::from_text(
        "t.toml",
        &DEFAULT_TOML.replace("survey_prior_strength = 10", "survey_prior_strength = 0"),
    )
    .unwrap();
    let e = evaluate(&sheets, &set);
    let s1 = partner(&e, "P-1").indicator("S1").unwrap();
    assert_eq!(s1.value, Some(d("21") / d("22")));
    // Wilson 95 %: 21/22 → 78.202 % (tests/weighting_sets.rs checks the
    // digits against R).
    let e = evaluate(
        &sheets,
        &with_rule("wilson_lower(survey.satisfied, survey.valid, 0.95)"),
    );
    let s1 = partner(&e, "P-1").indicator("S1").unwrap();
    assert_eq!(s1.value.unwrap().round_dp(5), d("0.78202"));
    let rule = s1.small_sample.as_ref().unwrap();
    assert_eq!(
        rule.method,
        SmallSampleMethod::Wilson {
            confidence: d("0.95")
        }
    );
    assert!(rule.applied);
    let e = evaluate(
        &sheets,
        &with_rule("beta_lower(survey.satisfied, survey.valid, 0.5, 0.5, 0.025)"),
    );
    let rule = partner(&e, "P-1")
        .indicator("S1")
        .unwrap()
        .small_sample
        .clone();
    assert!(matches!(
        rule.unwrap().method,
        SmallSampleMethod::Beta { .. }
    ));
}

#[test]
fn impossible_settings_are_refused_when_the_file_is_read() {
    // A negative prior strength, written as a parameter: the error points
    // at the argument in S1's formula.
    let text = DEFAULT_TOML.replace("survey_prior_strength = 10", "survey_prior_strength = -10");
    let errors = IndicatorSet::from_text("t.toml", &text).unwrap_err();
    let e = &errors[0];
    assert!(
        e.zh.contains("shrunk 的第 4 个参数（先验强度）应不小于 0，实际为 -10"),
        "{errors:#?}"
    );
    let line = text
        .lines()
        .position(|l| l.starts_with("value = \"if(survey.valid >= param.min_survey_n"))
        .unwrap();
    let written = text.lines().nth(line).unwrap();
    let at = written.find("param.survey_prior_strength").unwrap();
    assert_eq!(
        (e.line, e.column),
        (line + 1, written[..at].chars().count() + 1),
        "{e:#?}"
    );
    assert!(
        e.en.contains("argument 4 of shrunk (prior strength) must be 0 or more, not -10"),
        "{e:#?}"
    );
    // A percentage written as 80 instead of 0.8.
    let errors = IndicatorSet::from_text(
        "t.toml",
        &DEFAULT_TOML.replace("district.satisfaction_rate, param", "80, param"),
    )
    .unwrap_err();
    assert!(errors[0].en.contains("prior rate"), "{errors:#?}");
}

#[test]
fn the_gap_never_asks_for_a_rate_the_partner_already_has() {
    let e = evaluate(
        &small_survey_sheets(),
        &IndicatorSet::default_set().unwrap(),
    );
    let p = partner(&e, "P-1");
    // S1 76.2 % (3.73 of 15): satisfaction 13.73 of 25, a weak dimension.
    assert_eq!(p.decision, Decision::Rectify, "{:?}", p.reasons);
    let g = p.gap.as_ref().expect("a gap");
    // Its own 95.5 % would earn full marks and renewal; so the gap is the
    // survey's size, not "raise S1 to 95 %".
    assert_ne!(g.indicator.as_deref(), Some("S1"));
    let s = g.sample.as_ref().expect("the survey-size gap");
    assert_eq!(s.indicator, "S1");
    assert_eq!((s.raw.as_str(), s.value_now.as_str()), ("95.5%", "76.2%"));
    assert_eq!(
        (s.n, s.min, s.to),
        (d("22"), Some(d("30")), Decision::Renew)
    );
    let zh = gap_words::sentence(&e, p, Lang::Zh);
    assert!(
        zh.contains("S1 综合满意率 的实际比率 95.5% 已达到使决策变为「续约」所需的水平"),
        "{zh}"
    );
    assert!(zh.contains("有效问卷 22 份，少于 30 份"), "{zh}");
    assert!(zh.contains("扩大问卷调查是社区的工作"), "{zh}");
    assert!(!zh.contains("提高到"), "{zh}");
    let en = gap_words::sentence(&e, p, Lang::En);
    assert!(en.contains("already reaches"), "{en}");
    assert!(en.contains("community's task"), "{en}");
    assert!(!en.contains("Raising"), "{en}");
    let brief = gap_words::brief(&e, p, Lang::Zh);
    assert!(brief.contains("95.5%") && brief.contains("社区"), "{brief}");
    assert!(!brief.contains("→"), "{brief}");
}

#[test]
fn the_partner_report_explains_the_rule_in_words_from_the_record() {
    let e = evaluate(
        &small_survey_sheets(),
        &IndicatorSet::default_set().unwrap(),
    );
    let tmp = tempfile::tempdir().unwrap();
    let templates = partner_eval::report::pdf::Templates::builtin();
    for lang in [Lang::Zh, Lang::En] {
        let opts = partner_eval::report::pdf::Options {
            lang,
            evaluator: None,
            templates: &templates,
            placement: Default::default(),
            progress: false,
        };
        let written = partner_eval::report::pdf::write(tmp.path(), &e, &opts).unwrap();
        let pdf = written
            .partners
            .iter()
            .find(|f| f.to_string_lossy().contains("P-1"))
            .unwrap();
        let text: String = pdf_text(pdf).split_whitespace().collect();
        let want: &[&str] = match lang {
            Lang::Zh => &[
                "有效问卷少于30份时，不单看本合伙人自己的比率，而是把它与全区合伙人合计的比率合并计算",
                // (A page break may fall inside the sentence.)
                "再加入10份按全",
                "实际比率95.5%（21/22），全区合计比率33.9%，合并计算后计为76.2%",
                "计分满意率76.2%",
                "实际比率95.5%已达到使决策变为「续约」所需的水平",
                "扩大问卷调查是社区的工作",
            ],
            // (Typst prints apostrophes as typographic ones: not matched.)
            Lang::En => &[
                "withfewerthan30validanswers",
                "asif10answersatthedistrict",
                "theactualrate95.5%(21/22)combinedwiththedistrict",
                "countsas76.2%",
                "alreadyreacheswhatthedecision",
            ],
        };
        for w in want {
            assert!(text.contains(w), "{lang:?} lacks {w}:\n{text}");
        }
        // No formula text or field names in a published document.
        for engine in [
            "shrunk",
            "district.satisfaction_rate",
            "survey_prior_strength",
            "survey.valid",
            "posterior_mean",
        ] {
            assert!(!text.contains(engine), "{lang:?} shows {engine}");
        }
    }
}

/// The sample partner PD-XP01-008: 21 of 22 answers satisfied (95.5 %).
/// Under the Wilson bound it scored 78.2 %, a weak satisfaction dimension,
/// and had to rectify, told to reach ≥ 95 %, which it already had. Now its
/// S1 is the posterior mean toward 郫都区's pooled rate (89.7 %): 93.7 %,
/// near its own rate; its total rises from 86.19 to 94.17 (优) and, with no
/// weak dimension, flag or other cause, it renews. Renewed partners have no
/// gap, so no sentence asks it to reach anything.
#[test]
fn sample_partner_pd_xp01_008_is_scored_near_its_own_rate_and_renews() {
    let (_, _, eval) = common::evaluated_samples();
    let p = partner(&eval, "PD-XP01-008");
    assert_eq!((p.survey.valid, p.survey.satisfied), (22, 21));
    let s1 = p.indicator("S1").unwrap();
    let rule = s1.small_sample.as_ref().unwrap();
    let SmallSampleMethod::PosteriorMean { prior, strength } = rule.method else {
        panic!("{:?}", rule.method);
    };
    assert_eq!(strength, d("10"));
    // The prior is 郫都区's pooled rate over every partner's answers.
    let (sat, valid) = eval
        .partners
        .iter()
        .filter(|q| q.district == p.district)
        .fold((0, 0), |(s, n), q| {
            (s + q.survey.satisfied, n + q.survey.valid)
        });
    assert_eq!(prior, Decimal::from(sat) / Decimal::from(valid));
    let raw = d("21") / d("22");
    let v = s1.value.unwrap();
    assert_eq!(v, (d("21") + strength * prior) / (d("22") + strength));
    assert!(prior < v && v < raw);
    assert!(raw - v < d("0.02"), "near its own rate: {v}");
    assert_eq!(v.round_dp(3), d("0.937"));
    assert_eq!(p.total, d("94.17"));
    assert_eq!(p.decision, Decision::Renew);
    assert!(p.gap.is_none());
    assert!(p.reasons.iter().all(|r| !r.zh.contains("满意")));
}
