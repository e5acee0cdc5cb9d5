//! The PDF reports, read back in-process (tests/common/pdf_text.rs):
//! every partner gets a report, hostile names print exactly as typed, nothing outside the
//! template folder can be read, a broken template names its file and line,
//! missing glyphs are reported, output is byte-identical across runs, and
//! the district report carries the workbook's headline numbers.

use std::path::{Path, PathBuf};

mod common;

use partner_eval::lang::Lang;
use partner_eval::report::pdf::{self, Options, Templates};
use partner_eval::schema::vocab::Vocabulary;
use partner_eval::score::{self, Evaluation};

fn samples(keep: usize) -> Evaluation {
    let (_, _, mut eval) = common::evaluated_samples();
    eval.partners.truncate(keep);
    eval
}

fn options(templates: &Templates, lang: Lang) -> Options<'_> {
    Options {
        lang,
        evaluator: Some("郫都区社区发展治理评估组"),
        templates,
        placement: Default::default(),
        progress: false,
    }
}

fn partner_pdf(out: &Path, eval: &Evaluation, k: usize, lang: Lang) -> PathBuf {
    let p = &eval.partners[k];
    pdf::partner_dir(out, lang).join(format!(
        "{}-{}.pdf",
        pdf::safe_file_part(&p.partner_id),
        pdf::safe_file_part(&p.name)
    ))
}

#[test]
fn every_partner_gets_a_report_and_the_district_one_is_written() {
    let eval = samples(usize::MAX);
    let tmp = tempfile::tempdir().unwrap();
    let t = Templates::builtin();
    let written = pdf::write(tmp.path(), &eval, &options(&t, Lang::Zh)).unwrap();
    assert_eq!(written.partners.len(), eval.partners.len());
    assert_eq!(
        written.districts,
        [pdf::district_path(tmp.path(), Lang::Zh)]
    );
    assert!(written.missing.is_empty(), "{:?}", written.missing);
    for k in [0, eval.partners.len() - 1] {
        let p = &eval.partners[k];
        let s = common::pdf_text(&partner_pdf(tmp.path(), &eval, k, Lang::Zh));
        assert!(s.contains(&p.name), "{} lacks its name", p.partner_id);
        assert!(s.contains(&p.partner_id));
        assert!(s.contains("评估机构（盖章）"));
        assert!(s.contains(&score::format::points(p.total)));
    }
    let district = common::pdf_text(&pdf::district_path(tmp.path(), Lang::Zh));
    assert!(district.contains("排名表"));
    for p in &eval.partners {
        assert!(
            district.contains(&p.partner_id),
            "ranking lacks {}",
            p.partner_id
        );
    }
}

#[test]
fn district_headline_matches_the_workbook_summary() {
    let eval = samples(usize::MAX);
    let tmp = tempfile::tempdir().unwrap();
    let t = Templates::builtin();
    pdf::write(tmp.path(), &eval, &options(&t, Lang::Zh)).unwrap();
    let district = common::pdf_text(&pdf::district_path(tmp.path(), Lang::Zh));
    let s = &eval.summary;
    let participants: i64 = eval.partners.iter().map(|p| p.activity.participants).sum();
    let paid: rust_decimal::Decimal = eval
        .partners
        .iter()
        .flat_map(|p| &p.fund)
        .map(|l| l.paid)
        .sum();
    for (what, n) in [
        ("partners", s.partners.to_string()),
        ("renew", s.renew.to_string()),
        ("rectify", s.rectify.to_string()),
        ("exit", s.exit.to_string()),
        ("participants", participants.to_string()),
        ("fund paid", score::format::money(paid)),
    ] {
        assert!(district.contains(&n), "district report lacks {what} = {n}");
    }
}

#[test]
fn hostile_names_print_exactly_as_typed() {
    let hostile = [
        "#read(\"/etc/passwd\")",
        "合伙人]乙",
        "价格$5$起",
        "#let x = 1",
        "引号\"名\"",
        "*粗体* _斜体_ @ref <lab>",
        "反斜杠\\ // 注释",
    ];
    let mut eval = samples(hostile.len());
    for (p, name) in eval.partners.iter_mut().zip(hostile) {
        p.name = name.to_string();
    }
    let tmp = tempfile::tempdir().unwrap();
    let t = Templates::builtin();
    pdf::write(tmp.path(), &eval, &options(&t, Lang::Zh)).unwrap();
    for (k, name) in hostile.iter().enumerate() {
        let s = common::pdf_text(&partner_pdf(tmp.path(), &eval, k, Lang::Zh));
        assert!(s.contains(name), "{name:?} is not printed literally:\n{s}");
        assert!(!s.contains("root:"), "a template read /etc/passwd");
    }
    let district = common::pdf_text(&pdf::district_path(tmp.path(), Lang::Zh));
    assert!(district.contains("#read(\"/etc/passwd\")"));
}

#[test]
fn a_character_the_font_lacks_is_reported() {
    let mut eval = samples(2);
    eval.partners[0].name = "张\u{13000}服务社".into();
    let tmp = tempfile::tempdir().unwrap();
    let t = Templates::builtin();
    let written = pdf::write(tmp.path(), &eval, &options(&t, Lang::Zh)).unwrap();
    // The partner's report and the district report both print the name.
    assert_eq!(written.missing.len(), 2, "{:?}", written.missing);
    assert!(written
        .missing
        .iter()
        .all(|(_, c)| c.contains(&'\u{13000}')));
}

#[test]
fn same_result_same_bytes() {
    let eval = samples(2);
    let t = Templates::builtin();
    let a = tempfile::tempdir().unwrap();
    let b = tempfile::tempdir().unwrap();
    pdf::write(a.path(), &eval, &options(&t, Lang::Zh)).unwrap();
    pdf::write(b.path(), &eval, &options(&t, Lang::Zh)).unwrap();
    for path in [
        partner_pdf(a.path(), &eval, 0, Lang::Zh),
        pdf::district_path(a.path(), Lang::Zh),
    ] {
        let rel = path.strip_prefix(a.path()).unwrap();
        assert_eq!(
            std::fs::read(&path).unwrap(),
            std::fs::read(b.path().join(rel)).unwrap()
        );
    }
}

#[test]
fn english_reports() {
    let eval = samples(1);
    let tmp = tempfile::tempdir().unwrap();
    let t = Templates::builtin();
    pdf::write(tmp.path(), &eval, &options(&t, Lang::En)).unwrap();
    let s = common::pdf_text(&partner_pdf(tmp.path(), &eval, 0, Lang::En));
    assert!(s.contains("Community partner evaluation report"));
    assert!(s.contains("Fund reconciliation"));
    let d = common::pdf_text(&pdf::district_path(tmp.path(), Lang::En));
    assert!(d.contains("Public notice"));
}

#[test]
fn a_broken_template_names_its_file_and_line() {
    let dir = tempfile::tempdir().unwrap();
    let builtin = Templates::builtin();
    let mut broken = builtin.text("partner.typ").to_string();
    let line = broken.lines().count() + 1;
    broken.push_str("#let = (\n");
    std::fs::write(dir.path().join("partner.typ"), broken).unwrap();
    let t = Templates::from_dir(dir.path()).unwrap();
    let eval = samples(1);
    let out = tempfile::tempdir().unwrap();
    let err = pdf::write(out.path(), &eval, &options(&t, Lang::Zh))
        .unwrap_err()
        .to_string();
    let want = format!("partner.typ:{line}:");
    assert!(err.contains(&want), "{err} lacks {want}");

    std::fs::write(dir.path().join("partner.typ"), builtin.text("partner.typ")).unwrap();
    std::fs::write(
        dir.path().join("notice.zh.j2"),
        "第一行\n{{ headline.partners }\n",
    )
    .unwrap();
    let t = Templates::from_dir(dir.path()).unwrap();
    let err = pdf::write(out.path(), &eval, &options(&t, Lang::Zh))
        .unwrap_err()
        .to_string();
    assert!(err.contains("notice.zh.j2:2:"), "{err}");
}

#[test]
fn templates_cannot_reach_outside_their_folder() {
    // A link inside the folder that leads out of it is refused.
    let dir = tempfile::tempdir().unwrap();
    std::os::unix::fs::symlink("/etc/passwd", dir.path().join("common.typ")).unwrap();
    let err = Templates::from_dir(dir.path()).unwrap_err().to_string();
    assert!(
        err.contains("common.typ") && err.contains("outside"),
        "{err}"
    );

    // A template that reads a file gets nothing: the world holds only the
    // template sources.
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("partner.typ"), "#read(\"/etc/passwd\")\n").unwrap();
    let t = Templates::from_dir(dir.path()).unwrap();
    let eval = samples(1);
    let out = tempfile::tempdir().unwrap();
    let err = pdf::write(out.path(), &eval, &options(&t, Lang::Zh))
        .unwrap_err()
        .to_string();
    assert!(err.contains("partner.typ:1:"), "{err}");
}

/// The partner report carries the agreement, every complaint of the period
/// and the survey counts from the scored result, and a partner with a red
/// flag or veto gets the decision paragraph of the decision template.
#[test]
fn partner_report_prints_agreement_survey_and_every_complaint() {
    let (_, _, eval) = common::evaluated_samples();
    let k = eval
        .partners
        .iter()
        .position(|p| p.complaints.len() >= 2 && p.survey.valid > 0)
        .expect("a sample partner with complaints and a survey");
    let one = Evaluation {
        partners: vec![eval.partners[k].clone()],
        ..eval.clone()
    };
    let p = &one.partners[0];
    let tmp = tempfile::tempdir().unwrap();
    let t = Templates::builtin();
    pdf::write(tmp.path(), &one, &options(&t, Lang::Zh)).unwrap();
    // Table cells wrap: compare without line breaks and spaces.
    let s: String = common::pdf_text(&partner_pdf(tmp.path(), &one, 0, Lang::Zh))
        .split_whitespace()
        .collect();
    assert!(s.contains(&p.agreement.number), "agreement number");
    assert!(s.contains(&p.agreement.start.to_string()));
    for c in &p.complaints {
        assert!(s.contains(&c.case_id), "complaint {} missing", c.case_id);
    }
    assert!(s.contains("满意度调查汇总"));
    assert!(s.contains(&p.survey.valid.to_string()));
    assert!(s.contains(&format!("总分{}分", score::format::points(p.total))));
}

/// Edited wording templates are used: the 整改要求 of each item and the
/// decision paragraph come from `--templates`.
#[test]
fn edited_wording_templates_change_the_report() {
    let (_, _, eval) = common::evaluated_samples();
    let k = eval
        .partners
        .iter()
        .position(|p| p.rectifications.iter().any(|i| i.deadline.is_some()))
        .expect("a sample partner with rectification items");
    let one = Evaluation {
        partners: vec![eval.partners[k].clone()],
        ..eval.clone()
    };
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("rectification.zh.j2"),
        "请于{{ deadline }}前改正：{{ code }}",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("decision.zh.j2"),
        "编辑过的结论：{{ decision }}，共 {{ rectifications }} 项。",
    )
    .unwrap();
    let t = Templates::from_dir(dir.path()).unwrap();
    let out = tempfile::tempdir().unwrap();
    pdf::write(out.path(), &one, &options(&t, Lang::Zh)).unwrap();
    // Table cells wrap: compare without line breaks and spaces.
    let squash = |s: &str| s.split_whitespace().collect::<String>();
    let s = squash(&common::pdf_text(&partner_pdf(
        out.path(),
        &one,
        0,
        Lang::Zh,
    )));
    let p = &one.partners[0];
    let item = p
        .rectifications
        .iter()
        .find(|i| i.deadline.is_some())
        .unwrap();
    let deadline = item.deadline.unwrap();
    assert!(
        s.contains(&format!("请于{deadline}前改正：{}", item.code)),
        "{s}"
    );
    assert!(s.contains(&squash(&format!(
        "编辑过的结论：{}，共 {} 项。",
        p.decision.label(Lang::Zh),
        p.rectifications
            .iter()
            .filter(|i| i.deadline.is_some())
            .count()
    ))));

    std::fs::write(dir.path().join("decision.zh.j2"), "{% if %}\n").unwrap();
    let t = Templates::from_dir(dir.path()).unwrap();
    let err = pdf::write(out.path(), &one, &options(&t, Lang::Zh))
        .unwrap_err()
        .to_string();
    assert!(err.contains("decision.zh.j2:1:"), "{err}");
}

/// A district of 600 partners: the ranking pages cleanly (every partner is
/// in it, the header repeats on every page), called from an ordinary 2 MiB
/// thread (the report is compiled on the big-stack rendering threads).
#[test]
fn a_large_district_report_renders() {
    let (_, _, eval) = common::evaluated_samples();
    let mut big = eval.clone();
    big.partners = (0..10)
        .flat_map(|k| {
            eval.partners.iter().map(move |p| {
                let mut p = p.clone();
                p.partner_id = format!("{}-{k}", p.partner_id);
                p
            })
        })
        .collect();
    assert_eq!(big.partners.len(), 600);
    let t = Templates::builtin();
    let bytes = std::thread::Builder::new()
        .stack_size(2 << 20)
        .spawn(move || {
            let part = &pdf::district_parts(&big)[0];
            let bytes = pdf::district_pdf(&big, part, &options(&t, Lang::Zh));
            bytes.map(|b| (b, big))
        })
        .unwrap()
        .join()
        .unwrap();
    let (bytes, big) = bytes.unwrap();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("district.pdf");
    std::fs::write(&path, bytes).unwrap();
    // Table cells wrap, at a hyphen too: compare without spaces, line breaks
    // and hyphens.
    let bare = |s: &str| {
        s.chars()
            .filter(|c| !c.is_whitespace() && *c != '-')
            .collect::<String>()
    };
    let pages: Vec<String> = common::pdf_text(&path).split('\u{c}').map(bare).collect();
    let all = pages.concat();
    for p in &big.partners {
        assert!(
            all.contains(&bare(&p.partner_id)),
            "ranking lacks {}",
            p.partner_id
        );
    }
    let ranking_pages = pages
        .iter()
        .filter(|page| page.contains("名次区间"))
        .count();
    assert!(ranking_pages >= 10, "header on {ranking_pages} pages");
}

// ── The audit of the per-partner report (基本情况, flags, issue list,
// method, gap analysis, layout, metadata) ────────────────────────────────

/// Every sample partner's report, rendered once per language and shared by
/// the tests below: their text and metadata are kept, the files removed.
struct Rendered {
    loaded: partner_eval::ingest::Loaded,
    eval: Evaluation,
    /// The text of each partner's report, in result order.
    texts: Vec<String>,
    /// The title (info dictionary) of each partner's report.
    titles: Vec<String>,
}

fn rendered(lang: Lang) -> &'static Rendered {
    static ZH: std::sync::OnceLock<Rendered> = std::sync::OnceLock::new();
    static EN: std::sync::OnceLock<Rendered> = std::sync::OnceLock::new();
    let cell = match lang {
        Lang::Zh => &ZH,
        Lang::En => &EN,
    };
    cell.get_or_init(|| {
        let (loaded, _, eval) = common::evaluated_samples();
        let tmp = tempfile::tempdir().unwrap();
        let t = Templates::builtin();
        pdf::write(tmp.path(), &eval, &options(&t, lang)).unwrap();
        let paths: Vec<PathBuf> = (0..eval.partners.len())
            .map(|k| partner_pdf(tmp.path(), &eval, k, lang))
            .collect();
        let texts = paths.iter().map(|p| common::pdf_text(p)).collect();
        let titles = paths.iter().map(|p| common::pdf_text::title(p)).collect();
        Rendered {
            loaded,
            eval,
            texts,
            titles,
        }
    })
}

/// Text without spaces and line breaks (table cells wrap).
fn squash(s: &str) -> String {
    s.split_whitespace().collect()
}

/// The registry row of a partner.
fn registry<'a>(r: &'a Rendered, id: &str) -> &'a partner_eval::model::Partner {
    r.loaded
        .dataset
        .partners
        .iter()
        .find(|p| p.partner_id == id)
        .unwrap()
}

/// 基本情况 prints the registry and agreement facts the scored result
/// carries for an organisation, and an individual's identity number is in
/// no report.
#[test]
fn basic_information_prints_the_agreement_and_no_identity_number() {
    use partner_eval::schema::enums::LegalForm;
    let r = rendered(Lang::Zh);
    let k = r
        .eval
        .partners
        .iter()
        .position(|p| {
            registry(r, &p.partner_id).legal_form == LegalForm::Enterprise
                && !p.agreement.spaces.is_empty()
        })
        .expect("an enterprise partner with a space");
    let p = &r.eval.partners[k];
    let s = squash(&r.texts[k]);
    let basic = s
        .split("一、基本情况")
        .nth(1)
        .and_then(|s| s.split("二、评估方法").next())
        .unwrap();
    let a = &p.agreement;
    for (label, v) in [
        ("合伙人类型", p.partner_type.label(Lang::Zh)),
        ("协议编号", a.number.clone()),
        ("协议期限", a.start.to_string()),
        (
            "合作方式/服务方式",
            squash(&format!(
                "{} / {}",
                a.coop_mode.label(Lang::Zh),
                a.service_mode.label(Lang::Zh)
            )),
        ),
        ("主要服务类别", a.main_category.label(Lang::Zh)),
        ("公益金约定", a.fund_basis.label(Lang::Zh)),
        ("约定公益活动（场/年）", a.agreed_free_sessions.to_string()),
        ("低偿价格上限（占市场价）", "".into()),
        ("场地编号", a.spaces[0].space_id.clone()),
    ] {
        assert!(
            basic.contains(label) && basic.contains(&v),
            "{label} {v} missing:\n{basic}"
        );
    }
    // An empty sum of hours is −0.0; it never prints as such.
    assert!(r.texts.iter().all(|t| !t.contains("-0.0")));

    let ids: Vec<(&str, &str)> = r
        .loaded
        .dataset
        .partners
        .iter()
        .filter_map(|p| Some((p.partner_id.as_str(), p.id_number.as_deref()?)))
        .collect();
    assert!(!ids.is_empty(), "the samples have individual partners");
    for (k, p) in r.eval.partners.iter().enumerate() {
        let s = squash(&r.texts[k]);
        for (owner, id) in &ids {
            assert!(
                !s.contains(id),
                "{}'s report shows {owner}'s identity number",
                p.partner_id
            );
        }
    }
}

/// The registry fields DOMAIN.md §2.1 lists and a signer expects in 基本情况,
/// from the scored result's agreement.
#[test]
fn basic_information_prints_every_registry_field() {
    use partner_eval::schema::enums::LegalForm;
    let r = rendered(Lang::Zh);
    let k = r
        .eval
        .partners
        .iter()
        .position(|p| registry(r, &p.partner_id).credit_code.is_some())
        .expect("an organisation with a credit code");
    let (reg, s) = (
        registry(r, &r.eval.partners[k].partner_id),
        squash(&r.texts[k]),
    );
    assert_ne!(reg.legal_form, LegalForm::Individual);
    for label in [
        "主体性质",
        "统一社会信用代码",
        "组织形态",
        "场地方式",
        "状态",
        "缴纳周期",
        "约定公益时长",
    ] {
        assert!(s.contains(label), "{label} missing");
    }
    // Text extraction may take the label column before the values: each
    // value is present, the credit code exactly.
    assert!(s.contains(reg.credit_code.as_deref().unwrap()));
    for value in [
        reg.legal_form.label(Lang::Zh),
        reg.space_terms.label(Lang::Zh),
        reg.status.label(Lang::Zh),
    ] {
        assert!(s.contains(&value), "{value} missing");
    }
}

/// Flag conditions and notes name indicators in words (`C1 市场化服务占比
/// 68.8%`), never formula paths (`C1.value = 0.6875`) or raw numbers.
#[test]
fn flag_lines_name_indicators_and_never_formula_paths() {
    for lang in [Lang::Zh, Lang::En] {
        let r = rendered(lang);
        let mut conditions = 0;
        for (p, text) in r.eval.partners.iter().zip(&r.texts) {
            for bad in [
                ".value",
                "missing:",
                "prior_flag",
                "months(services)",
                "survey.valid",
            ] {
                assert!(
                    !text.contains(bad),
                    "{} ({lang:?}) prints {bad:?}",
                    p.partner_id
                );
            }
            let flags = text
                .split(lang.pick("预警与否决", "Flags and vetoes"))
                .nth(1)
                .map(|s| {
                    s.split(lang.pick("四、问题清单", "4. Issues"))
                        .next()
                        .unwrap()
                })
                .unwrap_or_default();
            let raw = flags
                .split(|c: char| !c.is_ascii_digit() && c != '.')
                .any(|n| {
                    n.split_once('.')
                        .is_some_and(|(a, b)| !a.is_empty() && b.len() >= 4)
                });
            assert!(
                !raw,
                "{} ({lang:?}) flags show a raw number:\n{flags}",
                p.partner_id
            );
            let flags = squash(flags);
            for c in p.flags.iter().flat_map(|f| &f.conditions) {
                for f in &c.facts {
                    let want = squash(&score::format::fact(f, lang));
                    assert!(
                        flags.contains(&want),
                        "{} lacks {want}:\n{flags}",
                        p.partner_id
                    );
                    conditions += 1;
                }
            }
        }
        assert!(
            conditions >= 10,
            "only {conditions} condition values checked"
        );
    }
}

/// A fund-arrears item states the periods and the amount owed, not the
/// payment ids again (they are its evidence), and asks for no "达到 0".
#[test]
fn fund_arrears_item_states_periods_and_amount() {
    let r = rendered(Lang::Zh);
    let mut seen = 0;
    for (p, text) in r.eval.partners.iter().zip(&r.texts) {
        let s = squash(text);
        assert!(!s.contains("达到0，"), "{} asks to reach 0", p.partner_id);
        let Some(item) = p.rectifications.iter().find(|i| i.code == "FL4") else {
            continue;
        };
        let owed: rust_decimal::Decimal = p
            .fund
            .iter()
            .filter(|l| item.evidence.iter().any(|e| e.id == l.payment_id))
            .filter_map(|l| l.difference)
            .map(|d| -d)
            .sum();
        let issues = s.split("四、问题清单与整改要求").nth(1).unwrap();
        assert!(
            issues.contains(&format!("合计欠缴{}", score::format::money(owed))),
            "{}: {issues}",
            p.partner_id
        );
        assert!(
            issues.contains("未足额缴纳期数"),
            "{}: {issues}",
            p.partner_id
        );
        // Each payment id shows once: as evidence, not again as found.
        for e in &item.evidence {
            assert_eq!(
                issues.matches(e.id.as_str()).count(),
                1,
                "{}: {issues}",
                p.partner_id
            );
        }
        seen += 1;
    }
    assert!(seen >= 2, "{seen} partners with fund arrears");
}

/// The PDF title names the partner and the period, as the district's does.
#[test]
fn title_metadata_carries_the_period() {
    for lang in [Lang::Zh, Lang::En] {
        let r = rendered(lang);
        for (p, title) in r.eval.partners.iter().zip(&r.titles) {
            assert!(
                title.contains(&format!("{} · {}", p.name, r.eval.period)),
                "{title}"
            );
        }
    }
}

/// 评估方法 states the small-sample rule in words, and for a partner below
/// the minimum the sample, its actual rate, the district's rate and the
/// value scored; Annex 2 shows the rate scored beside the raw one. Since
/// DOMAIN.md §3.10 R4 the rule is the posterior mean toward the district's
/// pooled rate, and the samples' small-survey partners (21/22, 15/16) are
/// renewed, so no gap names S1 any more (the gap wording is tested on a
/// built workbook in tests/small_survey.rs).
#[test]
fn small_sample_partner_gets_its_n_raw_rate_and_adjusted_value() {
    let r = rendered(Lang::Zh);
    let k = r
        .eval
        .partners
        .iter()
        .position(|p| p.partner_id == "PD-XP01-008")
        .unwrap();
    let p = &r.eval.partners[k];
    let s = squash(&r.texts[k]);
    let (n, sat) = (p.survey.valid, p.survey.satisfied);
    let percent = |v| score::format::value(Some(v), partner_eval::indicators::Unit::Percent);
    let s1 = p.indicator("S1").unwrap();
    let rule = s1.small_sample.as_ref().unwrap();
    let score::SmallSampleMethod::PosteriorMean { prior, .. } = rule.method else {
        panic!("{:?}", rule.method);
    };
    let (raw, now) = (percent(rule.raw), percent(s1.value.unwrap()));
    assert_eq!((raw.as_str(), now.as_str()), ("95.5%", "93.7%"));
    for want in [
        "有效问卷少于30份时，不单看本合伙人自己的比率".to_string(),
        format!(
            "样本量为{n}，少于30：实际比率{raw}（{sat}/{n}），全区合计比率{}，合并计算后计为{now}",
            percent(prior)
        ),
        format!("计分满意率{now}（S1；有效问卷少于30份，按小样本规则计算）"),
    ] {
        assert!(s.contains(&want), "{} lacks {want}:\n{s}", p.partner_id);
    }
    for engine in [
        "shrunk",
        "satisfaction_rate",
        "prior_strength",
        "置信区间下限",
    ] {
        assert!(!s.contains(engine), "{engine}");
    }
    assert!(!s.contains("先验见指标公式"));
}

/// Layout: the data sources' lead-in never ends a page, annex headers and
/// values stay on one line, evidence lines are not spread out, and English
/// dimension labels are not hyphenated.
#[test]
fn layout_keeps_lead_ins_headers_and_labels_whole() {
    for lang in [Lang::Zh, Lang::En] {
        let r = rendered(lang);
        let lead = lang.pick("可据此复核：", "be checked:");
        for (p, text) in r.eval.partners.iter().zip(&r.texts) {
            // The page with the lead-in also holds the start of the list
            // (each file's line ends with its SHA-256 prefix and `…`).
            let page = text
                .split('\u{c}')
                .find(|page| page.contains(lead))
                .unwrap();
            let after = page.split(lead).nth(1).unwrap();
            assert!(
                after.contains('…'),
                "{}: the lead-in ends its page",
                p.partner_id
            );
            assert!(
                !text.contains("证 据") && !text.contains("vidence :"),
                "{}",
                p.partner_id
            );
            let annex = text.split(lang.pick("附件一", "Annex 1")).nth(1).unwrap();
            if !p.fund.is_empty() {
                for header in [
                    lang.pick("逾期天数", "Days late"),
                    lang.pick("基数金额", "Basis amount"),
                ] {
                    assert!(annex.contains(header), "{}: {header} broken", p.partner_id);
                }
                for l in &p.fund {
                    let basis = l.basis.label(lang);
                    assert!(annex.contains(&basis), "{}: {basis} broken", p.partner_id);
                }
            }
            if !p.complaints.is_empty() {
                let complaints = annex.split(lang.pick("附件三", "Annex 3")).nth(1).unwrap();
                for header in ["有效", "程度", "天数", "办结日期"]
                    .iter()
                    .zip(["Valid", "Severity", "Days", "Closed"])
                {
                    let h = lang.pick(header.0, header.1);
                    assert!(complaints.contains(h), "{}: {h} broken", p.partner_id);
                }
            }
            if lang == Lang::En {
                // A label broken at a hyphenation point ends its line with
                // the hyphen glyph (read as `-`; poppler read it as U+00AD).
                let chart = text
                    .split("Dimension points against weights")
                    .nth(1)
                    .and_then(|s| s.split("Dark: points").next())
                    .unwrap();
                for d in &r.eval.indicator_set.dimensions {
                    assert!(
                        chart.contains(&d.name_en),
                        "{}: {} broken",
                        p.partner_id,
                        d.name_en
                    );
                }
                assert!(
                    !chart
                        .lines()
                        .any(|l| l.ends_with('-') || l.ends_with('\u{ad}')),
                    "{}: {chart}",
                    p.partner_id
                );
            }
        }
    }
}

/// With last period's results (`--previous`), the indicator table gains
/// the 较上期 column and the results section the comparison sentence.
#[test]
fn a_two_year_run_shows_the_change_against_last_period() {
    use partner_eval::score::Evaluation;
    let r = rendered(Lang::Zh);
    let mut prev = r.eval.clone();
    prev.period = partner_eval::value::Period::Year(2024);
    for p in &mut prev.partners {
        p.total -= rust_decimal::Decimal::from(5);
    }
    let tmp = tempfile::tempdir().unwrap();
    let json = tmp.path().join("results.json");
    partner_eval::report::write_json(&json, &prev).unwrap();
    let prev = partner_eval::history::read(&json, &Default::default()).unwrap();
    let mut now: Evaluation = r.eval.clone();
    now.partners.truncate(1);
    partner_eval::history::attach(&mut now, &prev);
    assert!(now.partners[0].previous.is_some());
    let t = Templates::builtin();
    for lang in [Lang::Zh, Lang::En] {
        pdf::write(tmp.path(), &now, &options(&t, lang)).unwrap();
        let s = squash(&common::pdf_text(&partner_pdf(tmp.path(), &now, 0, lang)));
        let (column, sentence) = match lang {
            Lang::Zh => ("较上期", "与上期（2024）相比"),
            Lang::En => ("vslast", "Againstlastperiod(2024)"),
        };
        assert!(s.contains(column), "{lang:?}: no {column} column");
        assert!(s.contains(sentence), "{lang:?}: no comparison");
        assert!(s.contains("+5.00"), "{lang:?}: no total change");
    }
}
