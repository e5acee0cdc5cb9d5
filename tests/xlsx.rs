//! The evaluation workbook and the input template, read back with calamine:
//! sheets in order, every number equal to the scored result, numbers stored
//! as numbers with their formats, no data cell turned into a formula, the
//! same bytes on every run, one workbook per street, and a filled template
//! that loads without problems.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::Command;

mod common;

use calamine::{open_workbook, Data, Reader, Xlsx};
use partner_eval::indicators::{Direction, IndicatorSet, RankScope};
use partner_eval::ingest::Loaded;
use partner_eval::lang::Lang;
use partner_eval::report::template;
use partner_eval::report::xlsx::{self, Report, SplitBy};
use partner_eval::schema::vocab::Vocabulary;
use partner_eval::schema::SHEETS;
use partner_eval::score::Evaluation;
use rust_decimal::prelude::ToPrimitive;
use rust_decimal::Decimal;

fn samples() -> (Loaded, IndicatorSet, Evaluation) {
    common::evaluated_samples()
}

fn temp() -> (tempfile::TempDir, PathBuf) {
    let d = tempfile::tempdir().unwrap();
    let p = d.path().to_path_buf();
    (d, p)
}

type Book = Xlsx<std::io::BufReader<std::fs::File>>;

fn open(path: &Path) -> Book {
    open_workbook(path).unwrap()
}

/// Every row of a sheet, as cells.
fn rows(book: &mut Book, sheet: &str) -> Vec<Vec<Data>> {
    let range = book.worksheet_range(sheet).unwrap();
    assert_eq!(range.start(), Some((0, 0)), "{sheet} starts at A1");
    range.rows().map(|r| r.to_vec()).collect()
}

fn text(d: &Data) -> String {
    match d {
        Data::String(s) => s.clone(),
        Data::Empty => String::new(),
        other => panic!("expected text, found {other:?}"),
    }
}

fn num(d: &Data) -> f64 {
    match d {
        Data::Float(f) => *f,
        Data::Int(i) => *i as f64,
        other => panic!("expected a number, found {other:?}"),
    }
}

fn f(x: Decimal) -> f64 {
    x.to_f64().unwrap()
}

fn column(header: &[Data], name: &str) -> usize {
    header
        .iter()
        .position(|h| text(h) == name)
        .unwrap_or_else(|| panic!("no column {name}"))
}

/// The rows of the main table: from the header to the first blank row.
fn table(all: &[Vec<Data>]) -> &[Vec<Data>] {
    let end = all
        .iter()
        .position(|r| r.iter().all(|c| *c == Data::Empty))
        .unwrap_or(all.len());
    &all[1..end]
}

fn assert_no_formulas(book: &mut Book) {
    for name in book.sheet_names() {
        let formulas = book.worksheet_formula(&name).unwrap();
        let found: Vec<_> = formulas.used_cells().collect();
        assert!(found.is_empty(), "{name}: formulas {found:?}");
    }
}

fn write_district(dir: &Path, loaded: &Loaded, set: &IndicatorSet, eval: &Evaluation) -> PathBuf {
    let r = Report {
        eval,
        set,
        loaded,
        lang: Lang::Zh,
    };
    let written = xlsx::write(dir, &r, None).unwrap();
    assert_eq!(written, vec![dir.join("评估结果.xlsx")]);
    written[0].clone()
}

#[test]
fn the_workbook_holds_the_scored_result() {
    let (loaded, set, eval) = samples();
    let (_d, dir) = temp();
    let path = write_district(&dir, &loaded, &set, &eval);
    let mut book = open(&path);
    assert_eq!(
        book.sheet_names(),
        [
            "总览",
            "排名",
            "指标明细",
            "问题清单",
            "预警名单",
            "公益金对账",
            "数据质量",
            "参数"
        ]
    );
    assert_no_formulas(&mut book);

    // 排名: one row per partner, the same numbers as the result.
    let all = rows(&mut book, "排名");
    let h = &all[0];
    let (id, total, grade, stars, decision) = (
        column(h, "合伙人编号"),
        column(h, "总分"),
        column(h, "等级"),
        column(h, "星级"),
        column(h, "决策"),
    );
    let district = column(h, "区内排名");
    let street = column(h, "街道排名");
    let kind = column(h, "类型排名");
    let new = column(h, "新入驻（不排名）");
    let first_dim = column(h, "公益性\n得分");
    assert_eq!(column(h, "公益性\n调整后权重"), first_dim + 1);
    let body = table(&all);
    assert_eq!(body.len(), eval.partners.len());
    let by_id: HashMap<&str, _> = eval
        .partners
        .iter()
        .map(|p| (p.partner_id.as_str(), p))
        .collect();
    let mut seen_new = false;
    for row in body {
        let p = by_id[text(&row[id]).as_str()];
        assert_eq!(num(&row[total]), f(p.total), "{}", p.partner_id);
        assert_eq!(text(&row[grade]), p.grade.label(Lang::Zh));
        assert_eq!(text(&row[stars]).chars().count(), p.stars as usize);
        assert_eq!(text(&row[decision]), p.decision.label(Lang::Zh));
        // Each dimension: its points, then the adjusted weight (R1).
        for (k, d) in p.dimensions.iter().enumerate() {
            let (cell, weight) = (&row[first_dim + 2 * k], &row[first_dim + 2 * k + 1]);
            if d.weight.is_zero() {
                assert_eq!(text(cell), "不适用");
                assert_eq!(text(weight), "不适用");
            } else {
                assert_eq!(num(cell), f(d.points), "{} {}", p.partner_id, d.id);
                assert_eq!(num(weight), f(d.weight), "{} {}", p.partner_id, d.id);
            }
        }
        let rank = |scope| p.rank(scope).map(|r| r.rank as f64);
        let cell_rank = |c: usize| match &row[c] {
            Data::Empty => None,
            d => Some(num(d)),
        };
        assert_eq!(cell_rank(district), rank(RankScope::District));
        assert_eq!(cell_rank(street), rank(RankScope::Street));
        assert_eq!(cell_rank(kind), rank(RankScope::PartnerType));
        // New partners come last, unranked and marked.
        if p.new_partner {
            seen_new = true;
            assert_eq!(text(&row[new]), "是");
            assert_eq!(row[district], Data::Empty);
        } else {
            assert!(!seen_new, "ranked partners come before new ones");
        }
    }
    assert!(seen_new, "the samples have new partners");

    // 指标明细: partners × indicators rows.
    let all = rows(&mut book, "指标明细");
    let h = &all[0];
    assert_eq!(
        &h[4..12].iter().map(text).collect::<Vec<_>>(),
        &[
            "一级指标",
            "维度权重（调整后）",
            "指标编号",
            "二级指标",
            "分值",
            "原分值",
            "计量单位",
            "目标值"
        ]
    );
    let body = table(&all);
    assert_eq!(
        body.len(),
        eval.partners.len() * eval.indicator_set.indicators.len()
    );
    let points = column(h, "得分");
    let sum: f64 = body.iter().map(|r| num(&r[points])).sum();
    let expected: f64 = eval
        .partners
        .iter()
        .flat_map(|p| &p.indicators)
        .map(|i| f(i.points))
        .sum();
    assert!((sum - expected).abs() < 1e-6);

    // 问题清单: one row per rectification item.
    let all = rows(&mut book, "问题清单");
    let items: usize = eval.partners.iter().map(|p| p.rectifications.len()).sum();
    assert_eq!(table(&all).len(), items);
    // Each item row says, in words, what single change would change the
    // partner's decision (差距分析), with the values the scoring found.
    let (id_col, gap_col) = (
        column(&all[0], "合伙人编号"),
        column(&all[0], "改变决策的最小改进"),
    );
    let (mut worded, mut lowered) = (0, 0);
    for row in table(&all) {
        let p = eval
            .partners
            .iter()
            .find(|p| p.partner_id == text(&row[id_col]))
            .unwrap();
        let said = text(&row[gap_col]);
        match p.gap.as_ref() {
            None => assert_eq!(said, "", "{}", p.partner_id),
            Some(g) => match &g.indicator {
                Some(ind) => {
                    worded += 1;
                    let want = format!("{ind} ");
                    assert!(
                        said.starts_with("只需把 ") && said.contains(&want),
                        "{said}"
                    );
                    assert!(said.contains(&format!("由 {} ", g.value_now)), "{said}");
                    // Less is better (C1 市场化服务占比): lowered, not raised.
                    let down = eval
                        .indicator_set
                        .indicators
                        .iter()
                        .any(|i| &i.id == ind && i.direction == Direction::Down);
                    lowered += usize::from(down);
                    let verb = if down { "降低到" } else { "提高到" };
                    assert!(said.contains(verb), "{said}");
                    assert!(
                        said.contains(&format!(" {}，决策即可由「", g.value_needed)),
                        "{said}"
                    );
                    assert!(
                        said.contains(&format!("变为「{}」", g.to.label(Lang::Zh))),
                        "{said}"
                    );
                }
                None => assert!(said.contains("否决") || said.contains("多项"), "{said}"),
            },
        }
    }
    assert!(worded >= 5, "only {worded} item rows name an indicator");
    // Exiting partners have no items (R5), so a lowering gap shows here only
    // when a partner with items has one.
    let lowering = eval.partners.iter().any(|p| {
        !p.rectifications.is_empty()
            && p.gap
                .as_ref()
                .and_then(|g| g.indicator.as_ref())
                .is_some_and(|id| {
                    eval.indicator_set
                        .indicators
                        .iter()
                        .any(|i| &i.id == id && i.direction == Direction::Down)
                })
    });
    assert_eq!(lowered >= 1, lowering, "a sample gap lowers an indicator");

    // 参数 records how the rank intervals were drawn, to reproduce them.
    let all = rows(&mut book, "参数");
    let value_of = |label: &str| {
        all.iter()
            .find(|r| r.first().is_some_and(|c| text(c) == label))
            .map(|r| r[1].to_string())
            .unwrap_or_else(|| panic!("参数 lacks {label}"))
    };
    let sens = eval.indicator_set.sensitivity;
    assert_eq!(value_of("随机种子"), sens.seed.to_string());
    assert_eq!(value_of("稳健性模拟轮数"), sens.draws.to_string());
    assert!(value_of("名次区间").contains("Hyndman–Fan"));
    // …and names the small-sample rule of S1 with its strength (R4).
    let rule = all
        .iter()
        .find(|r| matches!(r.first(), Some(Data::String(s)) if s == "小样本规则（S1）"))
        .map(|r| text(&r[1]))
        .expect("参数 names the small-sample rule");
    assert!(
        rule.starts_with("后验均值") && rule.contains("m = 10") && rule.contains("少于 30"),
        "{rule}"
    );

    // 公益金对账: one row per fund line; the sums agree.
    let all = rows(&mut book, "公益金对账");
    let h = &all[0];
    let (due, paid, diff) = (
        column(h, "应缴金额"),
        column(h, "实缴金额"),
        column(h, "差额（实缴−应缴）"),
    );
    let body = table(&all);
    let lines: Vec<_> = eval.partners.iter().flat_map(|p| &p.fund).collect();
    assert_eq!(body.len(), lines.len());
    let sum = |c: usize| -> f64 {
        body.iter()
            .map(|r| match &r[c] {
                Data::Empty => 0.0,
                d => num(d),
            })
            .sum()
    };
    let due_total: Decimal = lines.iter().filter_map(|l| l.due).sum();
    let paid_total: Decimal = lines.iter().map(|l| l.paid).sum();
    let diff_total: Decimal = lines.iter().filter_map(|l| l.difference).sum();
    assert!((sum(due) - f(due_total)).abs() < 0.005);
    assert!((sum(paid) - f(paid_total)).abs() < 0.005);
    assert!((sum(diff) - f(diff_total)).abs() < 0.005);
    // The totals row below the table holds the exact sums.
    let totals = &all[body.len() + 2];
    assert!(text(&totals[0]).starts_with("合计"));
    assert_eq!(num(&totals[due]), f(due_total));
    assert_eq!(num(&totals[paid]), f(paid_total));

    // 数据质量: exactly the planted problems.
    let all = rows(&mut book, "数据质量");
    let body = table(&all);
    let planted = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("samples/planted-errors.csv"),
    )
    .unwrap();
    let mut want: Vec<String> = planted
        .trim_start_matches('\u{feff}')
        .lines()
        .skip(1)
        .map(|l| {
            let c: Vec<&str> = l.split(',').collect();
            format!("{}|{}|{}|{}", c[0], c[1], c[2], c[3])
        })
        .collect();
    let mut got: Vec<String> = body
        .iter()
        .map(|r| {
            let root = concat!(env!("CARGO_MANIFEST_DIR"), "/");
            format!(
                "{}|{}|{}|{}",
                text(&r[1]).trim_start_matches(root),
                text(&r[2]),
                num(&r[3]),
                text(&r[4])
            )
        })
        .collect();
    want.sort();
    got.sort();
    assert_eq!(got.len(), 11);
    assert_eq!(got, want);

    // 总览: headline numbers agree with the summary.
    let all = rows(&mut book, "总览");
    let value = |label: &str| -> f64 {
        let r = all
            .iter()
            .find(|r| text(&r[0]) == label)
            .unwrap_or_else(|| panic!("no {label}"));
        num(&r[1])
    };
    let s = &eval.summary;
    assert_eq!(value("评估合伙人"), s.partners as f64);
    assert_eq!(value("续约"), s.renew as f64);
    assert_eq!(value("整改后续约"), s.rectify as f64);
    assert_eq!(value("退出"), s.exit as f64);
    assert_eq!(value("公益金应缴合计"), f(due_total));
    for (g, n) in &s.grades {
        let r = all
            .iter()
            .find(|r| text(&r[0]) == g.label(Lang::Zh) && r[1] != Data::Empty)
            .unwrap();
        assert_eq!(num(&r[1]), *n as f64);
    }

    // Formats: points, money, dates.
    let styles = book.worksheet_style("排名").unwrap();
    let fmt = |st: &calamine::StyleRange, r: u32, c: u32| {
        st.get((r, c))
            .and_then(|s| s.number_format.as_ref())
            .map(|n| n.format_code.clone())
            .unwrap_or_default()
    };
    let ranking = rows(&mut book, "排名");
    let total_col = column(&ranking[0], "总分") as u32;
    assert_eq!(fmt(&styles, 1, total_col), "0.00");
    let styles = book.worksheet_style("公益金对账").unwrap();
    assert!(fmt(&styles, 1, due as u32).contains("¥"));
    let fund = rows(&mut book, "公益金对账");
    let due_date = column(&fund[0], "应缴截止日");
    assert!(matches!(fund[1][due_date], Data::DateTime(_)));
}

#[test]
fn names_that_look_like_formulas_stay_text() {
    let (loaded, set, mut eval) = samples();
    let hostile = ["=HYPERLINK(\"x\")", "+1", "-2+3", "@SUM(A1)"];
    let chosen = eval
        .partners
        .iter_mut()
        .filter(|p| !p.rectifications.is_empty() && !p.fund.is_empty());
    for (p, name) in chosen.zip(hostile) {
        p.name = name.to_string();
        p.community = name.to_string();
    }
    let (_d, dir) = temp();
    let path = write_district(&dir, &loaded, &set, &eval);
    let mut book = open(&path);
    assert_no_formulas(&mut book);
    for sheet in ["排名", "指标明细", "问题清单", "公益金对账"] {
        let all = rows(&mut book, sheet);
        let name = column(&all[0], "合伙人名称");
        let names: Vec<String> = table(&all).iter().map(|r| text(&r[name])).collect();
        for h in hostile {
            assert!(names.iter().any(|n| n == h), "{sheet}: {h} missing");
        }
    }
}

#[test]
fn same_input_same_bytes() {
    let (loaded, set, eval) = samples();
    let r = Report {
        eval: &eval,
        set: &set,
        loaded: &loaded,
        lang: Lang::Zh,
    };
    let scope = xlsx::district_scope(&r);
    let a = xlsx::bytes(&r, &scope).unwrap();
    let b = xlsx::bytes(&r, &scope).unwrap();
    assert!(a == b, "two runs differ");
    let (_d1, d1) = temp();
    let (_d2, d2) = temp();
    let p1 = write_district(&d1, &loaded, &set, &eval);
    let p2 = write_district(&d2, &loaded, &set, &eval);
    assert!(std::fs::read(p1).unwrap() == std::fs::read(p2).unwrap());
}

#[test]
fn one_workbook_per_street_besides_the_district() {
    let (loaded, set, eval) = samples();
    let (_d, dir) = temp();
    let r = Report {
        eval: &eval,
        set: &set,
        loaded: &loaded,
        lang: Lang::Zh,
    };
    let written = xlsx::write(&dir, &r, Some(SplitBy::Street)).unwrap();
    let mut streets: Vec<&str> = eval.partners.iter().map(|p| p.street.as_str()).collect();
    streets.sort();
    streets.dedup();
    let mut want = vec![dir.join("评估结果.xlsx")];
    want.extend(
        streets
            .iter()
            .map(|s| dir.join(format!("评估结果-{s}.xlsx"))),
    );
    assert_eq!(written, want);
    let mut total = 0;
    for (street, path) in streets.iter().zip(&written[1..]) {
        let mut book = open(path);
        assert_eq!(book.sheet_names().len(), 8);
        let all = rows(&mut book, "排名");
        let col = column(&all[0], "街道");
        let body = table(&all);
        assert!(body.iter().all(|r| text(&r[col]) == *street));
        total += body.len();
        // Problems of this street's own workbooks only.
        let quality = rows(&mut book, "数据质量");
        assert!(table(&quality).iter().all(|r| text(&r[1]).contains(street)));
    }
    assert_eq!(total, eval.partners.len());
}

fn cli(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_partner-eval"))
        .args(args)
        .env_remove("PARTNER_EVAL_LANG")
        .output()
        .unwrap()
}

#[test]
fn a_filled_template_loads_without_problems_and_evaluates() {
    let (_d, dir) = temp();
    for (lang, name) in [(Lang::Zh, "台账模板.xlsx"), (Lang::En, "template.xlsx")] {
        let path = dir.join(name);
        template::write(&path, lang, true).unwrap();
        let mut book = open(&path);
        let names = book.sheet_names();
        assert_eq!(names[0], lang.pick("填表说明", "Instructions"));
        let data: Vec<&str> = SHEETS.iter().map(|s| s.title(lang)).collect();
        assert_eq!(&names[1..], data.as_slice());
        let header = &rows(&mut book, SHEETS[0].title(lang))[0];
        assert_eq!(text(&header[0]), lang.pick("*合伙人编号", "*Partner ID"));
        assert_no_formulas(&mut book);

        let loaded = partner_eval::ingest::load(std::slice::from_ref(&path)).unwrap();
        let problems: Vec<String> = loaded.problems.iter().map(|p| p.line(Lang::En)).collect();
        assert!(problems.is_empty(), "{problems:#?}");
        for spec in SHEETS {
            let sheet = loaded
                .dataset
                .sheets
                .iter()
                .find(|s| s.kind == spec.kind)
                .unwrap_or_else(|| panic!("{} not loaded", spec.en));
            assert_eq!(sheet.counts.accepted, 1, "{}", spec.en);
        }
    }
    // The command writes it, and evaluate runs on it.
    let path = dir.join("cli.xlsx");
    let out = cli(&["template", "--out", path.to_str().unwrap(), "--example"]);
    assert_eq!(out.status.code(), Some(0));
    let out_dir = dir.join("out");
    let out = cli(&[
        "evaluate",
        path.to_str().unwrap(),
        "--out",
        out_dir.to_str().unwrap(),
    ]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(out_dir.join("评估结果.xlsx").exists());
    assert!(out_dir.join("results.json").exists());
    // A blank template loads too (and has nothing to evaluate).
    let blank = dir.join("blank.xlsx");
    template::write(&blank, Lang::Zh, false).unwrap();
    let loaded = partner_eval::ingest::load(&[blank]).unwrap();
    assert!(loaded.problems.is_empty());
    assert!(loaded.dataset.partners.is_empty());
}

#[test]
fn format_chooses_the_workbook() {
    let (_d, dir) = temp();
    let input = dir.join("in.xlsx");
    template::write(&input, Lang::Zh, true).unwrap();
    let run = |out: &str, extra: &[&str]| {
        let out_dir = dir.join(out);
        let mut args = vec!["evaluate", input.to_str().unwrap(), "--out"];
        let o = out_dir.to_str().unwrap().to_string();
        args.push(&o);
        args.extend(extra);
        let status = cli(&args).status.code();
        (status, out_dir)
    };
    let (code, d) = run("json", &["--format", "json"]);
    assert_eq!(code, Some(0));
    assert!(d.join("results.json").exists() && d.join("results.csv").exists());
    assert!(!d.join("评估结果.xlsx").exists());
    let (code, d) = run("both", &["--format", "xlsx,json", "--lang", "en"]);
    assert_eq!(code, Some(0));
    assert!(d.join("evaluation.xlsx").exists() && d.join("results.json").exists());
    let (code, d) = run("repeated", &["--format", "json", "--format", "xlsx"]);
    assert_eq!(code, Some(0));
    assert!(d.join("评估结果.xlsx").exists());
    let (code, _) = run("bad", &["--format", "json", "--split-by", "street"]);
    assert_eq!(code, Some(2));
    let (code, d) = run("split", &["--split-by", "community"]);
    assert_eq!(code, Some(0));
    assert!(d.join("评估结果-犀浦街道-犀浦社区.xlsx").exists());
}

#[test]
fn english_workbook_has_english_sheets() {
    let (loaded, set, eval) = samples();
    let (_d, dir) = temp();
    let r = Report {
        eval: &eval,
        set: &set,
        loaded: &loaded,
        lang: Lang::En,
    };
    let written = xlsx::write(&dir, &r, None).unwrap();
    assert_eq!(written, vec![dir.join("evaluation.xlsx")]);
    let mut book = open(&written[0]);
    assert_eq!(book.sheet_names(), xlsx::sheet_names(Lang::En));
    let all = rows(&mut book, "Ranking");
    assert_eq!(text(&all[0][column(&all[0], "Total")]), "Total");
    assert_no_formulas(&mut book);
}

#[test]
fn the_formula_check_sees_formulas() {
    // assert_no_formulas would be vacuous if calamine did not report them.
    let (_d, dir) = temp();
    let path = dir.join("f.xlsx");
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    ws.write_formula(0, 0, "=1+1").unwrap();
    wb.save(&path).unwrap();
    let mut book = open(&path);
    let formulas = book.worksheet_formula("Sheet1").unwrap();
    assert_eq!(formulas.used_cells().count(), 1);
}
