//! The district report (区级评估报告.pdf) against the workbook (评估结果.xlsx)
//! of the same `evaluate` run, number for number: every row of the ranking
//! (rank, total, grade and each dimension's points or 不适用), the headline
//! tiles and distributions against 总览, the street comparison against 总览's
//! street tables, and the reasons and 差距分析 of the rectification and exit
//! lists against 排名. The PDF is read back in-process (tests/common/pdf_text.rs).

mod common;

use std::path::Path;
use std::process::Command;
use std::sync::OnceLock;

use calamine::{open_workbook, Data, Reader, Xlsx};

/// What one run of the samples wrote, read back.
struct Run {
    /// Line by line as printed: a table row on one line, cells apart.
    layout: String,
    /// In reading order: a cell's wrapped lines together.
    plain: String,
    /// The 排名 and 总览 sheets.
    ranking: Vec<Vec<Data>>,
    summary: Vec<Vec<Data>>,
}

/// One `evaluate` of the samples, shared by every test of this file.
fn run() -> &'static Run {
    static RUN: OnceLock<Run> = OnceLock::new();
    RUN.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        let samples = Path::new(env!("CARGO_MANIFEST_DIR")).join("samples");
        let out = Command::new(env!("CARGO_BIN_EXE_partner-eval"))
            .arg("evaluate")
            .arg(&samples)
            .arg("--out")
            .arg(dir.path())
            .args(["--force", "--format", "xlsx,pdf", "--date", "2025-12-31"])
            .args(["--lang", "zh"])
            .env_remove("PARTNER_EVAL_LANG")
            .output()
            .unwrap();
        // The samples carry planted data errors: exit code 1, outputs written.
        assert_eq!(
            out.status.code(),
            Some(1),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let pdf = dir.path().join("区级评估报告.pdf");
        let mut book: Xlsx<_> = open_workbook(dir.path().join("评估结果.xlsx")).unwrap();
        let mut sheet = |name: &str| -> Vec<Vec<Data>> {
            let range = book.worksheet_range(name).unwrap();
            assert_eq!(range.start(), Some((0, 0)), "{name} starts at A1");
            range.rows().map(|r| r.to_vec()).collect()
        };
        Run {
            layout: common::pdf_text_layout(&pdf),
            plain: common::pdf_text(&pdf),
            ranking: sheet("排名"),
            summary: sheet("总览"),
        }
    })
}

/// A text cell; an empty cell is "".
fn text(d: &Data) -> String {
    match d {
        Data::String(s) => s.clone(),
        Data::Empty => String::new(),
        other => panic!("expected text, found {other:?}"),
    }
}

fn number(d: &Data) -> f64 {
    match d {
        Data::Float(f) => *f,
        Data::Int(i) => *i as f64,
        other => panic!("expected a number, found {other:?}"),
    }
}

/// A count as printed: `58`.
fn count(d: &Data) -> String {
    let n = number(d);
    assert_eq!(n.fract(), 0.0, "{n} is not a count");
    format!("{n:.0}")
}

/// Points as the PDF prints them, 2 decimals; text (不适用) as it is; an
/// empty cell (no partner to average) as `—`.
fn points(d: &Data) -> String {
    match d {
        Data::String(s) => s.clone(),
        Data::Empty => "—".into(),
        d => format!("{:.2}", number(d)),
    }
}

/// A share as the PDF prints it, `85.3%`; an empty cell as `—`.
fn percent(d: &Data) -> String {
    match d {
        Data::Empty => "—".into(),
        d => format!("{:.1}%", number(d) * 100.0),
    }
}

/// Money as the PDF prints it: `-¥4,872.47`.
fn money(d: &Data) -> String {
    let x = number(d);
    let s = format!("{:.2}", x.abs());
    let (int, frac) = s.split_once('.').unwrap();
    let mut grouped = String::new();
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(c);
    }
    format!("{}¥{grouped}.{frac}", if x < 0.0 { "-" } else { "" })
}

/// Without white space: a wrapped cell compares as one string.
fn squash(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

fn column(header: &[Data], name: &str) -> usize {
    header
        .iter()
        .position(|h| matches!(h, Data::String(s) if s == name))
        .unwrap_or_else(|| panic!("no column {name}"))
}

/// The rows of 排名 below its header, up to the first blank row.
fn body(all: &[Vec<Data>]) -> &[Vec<Data>] {
    let end = all
        .iter()
        .position(|r| r.iter().all(|c| *c == Data::Empty))
        .unwrap_or(all.len());
    &all[1..end]
}

/// 总览: the value beside `label` in column A.
fn overview<'a>(summary: &'a [Vec<Data>], label: &str) -> &'a Data {
    let row = summary
        .iter()
        .find(|r| matches!(r.first(), Some(Data::String(s)) if s == label))
        .unwrap_or_else(|| panic!("总览 has no {label}"));
    &row[1]
}

/// 总览: the table under the title `title`: its header and rows, up to the
/// first row with nothing past column A (a blank row, or a note).
fn overview_table<'a>(summary: &'a [Vec<Data>], title: &str) -> (&'a [Data], &'a [Vec<Data>]) {
    let at = summary
        .iter()
        .position(|r| matches!(r.first(), Some(Data::String(s)) if s == title))
        .unwrap_or_else(|| panic!("总览 has no {title}"));
    let head = at + 1;
    let len = summary[head + 1..]
        .iter()
        .position(|r| r.iter().skip(1).all(|c| *c == Data::Empty))
        .unwrap_or(summary.len() - head - 1);
    (&summary[head], &summary[head + 1..head + 1 + len])
}

fn tokens(layout: &str) -> Vec<Vec<&str>> {
    layout
        .lines()
        .map(|l| l.split_whitespace().collect())
        .collect()
}

/// Whether `want` occurs as consecutive tokens of `line`.
fn holds(line: &[&str], want: &[String]) -> bool {
    line.windows(want.len()).any(|w| w == want)
}

#[test]
fn the_ranking_prints_every_row_of_the_workbook() {
    let r = run();
    let h = &r.ranking[0];
    let (rank, id, total, grade) = (
        column(h, "区内排名"),
        column(h, "合伙人编号"),
        column(h, "总分"),
        column(h, "等级"),
    );
    // The dimensions: between 星级 and 预警.
    let (first_dim, after_dims) = (column(h, "星级") + 1, column(h, "预警"));
    assert!(after_dims > first_dim);
    let lines = tokens(&r.layout);
    let rows = body(&r.ranking);
    let mut not_applicable = 0;
    for row in rows {
        // A new partner is scored, not ranked: 新 where the rank would be.
        let rank = match &row[rank] {
            Data::Empty => "新".to_string(),
            d => count(d),
        };
        let id = text(&row[id]);
        let mut want = vec![points(&row[total]), text(&row[grade])];
        // Each dimension's points and adjusted weight, printed as one
        // "points/weight" (R1), or 不适用 once.
        want.extend(row[first_dim..after_dims].chunks(2).map(|pw| {
            match (points(&pw[0]), points(&pw[1])) {
                (p, _) if p == "不适用" => p,
                (p, w) => format!("{p}/{w}"),
            }
        }));
        not_applicable += want.iter().filter(|w| *w == "不适用").count();
        // Its line starts with the rank and names the partner (a long name
        // or community wraps onto the next line, the numbers stay here).
        let found: Vec<&Vec<&str>> = lines
            .iter()
            .filter(|t| t.first() == Some(&rank.as_str()) && t.contains(&id.as_str()))
            .collect();
        assert_eq!(
            found.len(),
            1,
            "the ranking line of {id}, rank {rank}: {found:?}"
        );
        let line = found[0];
        let after_id = line.iter().position(|t| *t == id).unwrap() + 1;
        assert!(
            holds(&line[after_id..], &want),
            "{id}: the PDF prints {line:?}, the workbook has {want:?}"
        );
    }
    assert!(rows.len() >= 60, "{} rows in 排名", rows.len());
    // The samples have partners whose whole dimension is not applicable.
    assert!(not_applicable > 0);
}

#[test]
fn the_headline_is_the_workbook_overview() {
    let r = run();
    let s = &r.summary;
    let v = |label: &str| overview(s, label);
    let lines = tokens(&r.layout);
    // A row of tiles: the labels on one line, the values on the next.
    let values = |labels: &[&str]| -> String {
        let at = lines
            .iter()
            .position(|l| labels.iter().all(|x| l.contains(x)))
            .unwrap_or_else(|| panic!("no tiles {labels:?}"));
        let next = lines[at + 1..].iter().find(|l| !l.is_empty()).unwrap();
        next.join(" ").replace(" / ", "/")
    };
    assert_eq!(
        values(&[
            "评估合伙人",
            "服务居民（人次）",
            "公益活动（场次）",
            "公益金实缴"
        ]),
        [
            count(v("评估合伙人")),
            count(v("服务居民（人次）")),
            count(v("公益活动（场次）")),
            money(v("公益金实缴合计")),
        ]
        .join(" ")
    );
    assert_eq!(
        values(&["续约", "整改后续约", "退出", "过度商业化预警"]),
        format!(
            "{} {} {} {}/{}",
            count(v("续约")),
            count(v("整改后续约")),
            count(v("退出")),
            count(v("过度商业化黄牌")),
            count(v("过度商业化红牌")),
        )
    );
    // The tiles' notes and the line below them.
    let all = squash(&r.plain);
    for note in [
        format!(
            "参与排名 {}，新入驻 {}",
            count(v("其中参与排名")),
            count(v("新入驻（已打分，不排名）"))
        ),
        format!("其中特殊群体 {}", count(v("其中特殊群体（人次）"))),
        format!("低偿服务 {} 场", count(v("低偿服务（场次）"))),
        format!("应缴 {}", money(v("公益金应缴合计"))),
        format!("黄牌 / 红牌；一票否决 {}", count(v("一票否决"))),
        format!(
            "公益金差额合计（实缴−应缴）：{}；数据问题：错误 {}，警告 {}。",
            money(v("差额合计（实缴−应缴）")),
            count(v("数据问题：错误（行被拒绝）")),
            count(v("数据问题：警告")),
        ),
    ] {
        assert!(all.contains(&squash(&note)), "the headline lacks {note}");
    }
    // The grade and decision charts: a label, then its count.
    let page1 = &lines[..lines
        .iter()
        .position(|l| l.contains(&"二、各街道对比"))
        .unwrap()];
    let (_, grades) = overview_table(s, "等级分布");
    assert_eq!(grades.len(), 4);
    let bars = grades
        .iter()
        .map(|g| (text(&g[0]), count(&g[1])))
        .chain(["续约", "整改后续约", "退出"].map(|d| (d.to_string(), count(v(d)))));
    for (label, n) in bars {
        assert!(
            page1.iter().any(|l| holds(l, &[label.clone(), n.clone()])),
            "no bar {label} {n}"
        );
    }
}

#[test]
fn the_street_comparison_is_the_workbook_overview() {
    let r = run();
    let (dec_head, decisions) = overview_table(&r.summary, "各街道决策");
    let (dim_head, dims) = overview_table(&r.summary, "各街道维度平均得分率");
    assert_eq!(decisions.len(), dims.len());
    assert!(decisions.len() >= 3);
    let lines = tokens(&r.layout);
    let start = lines
        .iter()
        .position(|l| l.contains(&"二、各街道对比"))
        .unwrap();
    let end = lines
        .iter()
        .position(|l| l.contains(&"三、排名表"))
        .unwrap();
    let lines = &lines[start..end];
    for (d, a) in decisions.iter().zip(dims) {
        let street = text(&d[0]);
        assert_eq!(text(&a[0]), street);
        // Street, partners, 续约, 整改, 退出, then each dimension's average.
        let mut want = vec![street.clone(), count(&d[column(dec_head, "合计")])];
        want.extend(["续约", "整改后续约", "退出"].map(|x| count(&d[column(dec_head, x)])));
        want.extend(a[1..dim_head.len()].iter().map(percent));
        let row: Vec<&Vec<&str>> = lines
            .iter()
            .filter(|l| l.first() == Some(&street.as_str()) && l.len() > 2)
            .collect();
        assert_eq!(row.len(), 1, "{street}: {row:?}");
        assert_eq!(*row[0], want, "{street}");
    }
}

#[test]
fn the_rectification_and_exit_lists_give_reasons_and_what_it_takes() {
    let r = run();
    let s = &r.summary;
    let h = &r.ranking[0];
    let (id, decision, gap, reasons) = (
        column(h, "合伙人编号"),
        column(h, "决策"),
        column(h, "差距分析"),
        column(h, "决策理由"),
    );
    let rows = body(&r.ranking);

    // Each list under its heading with its count; 整改期限 only beside
    // 整改后续约 (renewed partners have none, R5), the day to state one's
    // case beside 退出 (R6).
    let lines = tokens(&r.layout);
    for (list, deadline) in [("续约", false), ("整改后续约", true), ("退出", false)] {
        let heading = format!("{list}（{}）", count(overview(s, list)));
        let at = lines
            .iter()
            .position(|l| l.join("") == heading)
            .unwrap_or_else(|| panic!("no heading {heading}"));
        let header = lines[at + 1..].iter().find(|l| !l.is_empty()).unwrap();
        assert_eq!(header.contains(&"整改期限"), deadline, "{list}: {header:?}");
        assert_eq!(
            header.contains(&"申辩截止"),
            list == "退出",
            "{list}: {header:?}"
        );
        assert_eq!(
            header.contains(&"理由"),
            list != "续约",
            "{list}: {header:?}"
        );
    }

    // The lists' section in reading order, cut at each partner's id.
    let start = r.plain.find("五、续约、整改与退出名单").unwrap();
    let end = r.plain.find("附：评估结果公示").unwrap();
    let section = &r.plain[start..end];
    let mut at: Vec<(usize, &Vec<Data>)> = rows
        .iter()
        .map(|row| {
            let id = text(&row[id]);
            assert_eq!(section.matches(&id).count(), 1, "{id} in the lists");
            (section.find(&id).unwrap(), row)
        })
        .collect();
    at.sort_by_key(|(k, _)| *k);
    let mut gaps = 0;
    for (k, (from, row)) in at.iter().enumerate() {
        let to = at.get(k + 1).map_or(section.len(), |(next, _)| *next);
        let cell = squash(&section[*from..to]);
        let who = text(&row[id]);
        let decision = text(&row[decision]);
        if decision == "续约" {
            assert!(!cell.contains("差距分析"), "{who}: {cell}");
            continue;
        }
        if decision == "退出" {
            // Five working days after 2025-12-31 (R6).
            assert!(cell.contains("2026-01-07"), "{who}: {cell}");
        }
        assert!(
            cell.contains(&squash(&text(&row[reasons]))),
            "{who}: {cell}"
        );
        // The workbook's 差距分析 in the same words, after `差距分析：`.
        let brief = text(&row[gap]);
        let words: Vec<String> = if brief.is_empty() {
            vec![]
        } else {
            vec![squash(&format!("差距分析：{brief}"))]
        };
        if words.is_empty() {
            assert!(!cell.contains("差距分析"), "{who}: {cell}");
        }
        for w in &words {
            assert!(cell.contains(w.as_str()), "{who}: no {w} in {cell}");
        }
        gaps += usize::from(!words.is_empty());
    }
    assert!(gaps >= 20, "{gaps} partners with a 差距分析");
}
