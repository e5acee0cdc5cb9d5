//! The PDF reports, read back with poppler's `pdftotext`: every partner
//! gets a report, hostile names print exactly as typed, nothing outside the
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
        .position(|p| !p.rectifications.is_empty())
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
    let item = &p.rectifications[0];
    assert!(
        s.contains(&format!("请于{}前改正：{}", item.deadline, item.code)),
        "{s}"
    );
    assert!(s.contains(&squash(&format!(
        "编辑过的结论：{}，共 {} 项。",
        p.decision.label(Lang::Zh),
        p.rectifications.len()
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
    // Table cells wrap, and pdftotext drops a hyphen at a line end: compare
    // without spaces, line breaks and hyphens.
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
