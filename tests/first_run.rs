//! A newcomer's first run, as the README gives it: the last line says in
//! words how the run ended and what its exit code means; the program's own
//! files (the 填表说明 sheet, a folder's README, the samples' manifests)
//! are not listed as skipped inputs; a mistyped partner id gets the nearest
//! ids; the ids in `--help` and the docs exist in `samples/`; English
//! counts agree with their nouns and service modes read as words.

mod common;

use std::path::Path;

use common::*;
use partner_eval::lang::Lang;
use partner_eval::schema::enums::{PricingMode, ServiceMode};
use partner_eval::schema::vocab::Vocabulary;

fn samples() -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("samples")
        .display()
        .to_string()
}

/// The rejected rows of the counts table's total line (`合计` / `total`).
fn rejected_total(out: &str, total: &str) -> u64 {
    let line = out
        .lines()
        .find(|l| l.trim_end().ends_with(total))
        .unwrap_or_else(|| panic!("no {total} line in {out}"));
    line.split_whitespace().nth(2).unwrap().parse().unwrap()
}

#[test]
fn a_first_run_on_the_samples_ends_with_its_verdict() {
    let (_d, dir) = temp();
    let out = dir.join("out");
    let o = run(&["evaluate", &samples(), "--out", out.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let text = stdout(&o);
    let rows = rejected_total(&text, "合计");
    assert!(rows > 0);
    // The warnings as the problems line counts them (1 in the samples).
    let warnings = text
        .lines()
        .find_map(|l| l.strip_prefix("问题："))
        .and_then(|l| l.split("警告 ").nth(1))
        .and_then(|w| w.strip_suffix(" 条"))
        .unwrap_or_else(|| panic!("no problems line in {text}"));
    let last = text.lines().last().unwrap();
    assert_eq!(
        last,
        format!("完成：{rows} 行数据被拒绝（未计入评估），详见上方，另有 {warnings} 条警告（见上方），退出码 1")
    );
    // The files written are said before it.
    assert!(text.contains("已写入"), "{text}");
    // Notes name real input matters (an unused 备注 column), not the
    // program's own instructions sheet, README or manifests.
    let notes: Vec<&str> = text.lines().filter(|l| l.starts_with("提示：")).collect();
    assert!(notes.iter().any(|l| l.contains("备注")), "{notes:?}");
    for own in ["填表说明", "README", "profiles.csv", "planted-errors.csv"] {
        assert!(!notes.iter().any(|l| l.contains(own)), "{own}: {notes:?}");
    }
}

#[test]
fn english_counts_agree_with_their_nouns() {
    let (_d, dir) = temp();
    let out = dir.join("out");
    let o = run(&[
        "evaluate",
        &samples(),
        "--out",
        out.to_str().unwrap(),
        "--format",
        "json",
        "--lang",
        "en",
    ]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let text = stdout(&o);
    let rows = rejected_total(&text, "total");
    assert!(
        text.contains("(those rows are not evaluated), 1 warning\n"),
        "{text}"
    );
    assert!(!text.contains(" 1 warnings"), "{text}");
    assert_eq!(
        text.lines().last().unwrap(),
        format!("done: {rows} rows rejected (not evaluated), listed above, 1 warning (above), exit code 1")
    );
}

#[test]
fn a_clean_check_says_so_with_exit_code_0() {
    let (_d, dir) = temp();
    let book = dir.join("社区.xlsx");
    write_book(&book, &valid_sheets());
    for (lang, want) in [
        ("zh", "检查完成：没有被拒绝的行，退出码 0"),
        ("en", "checked: no rows rejected, exit code 0"),
    ] {
        let o = run(&["validate", book.to_str().unwrap(), "--lang", lang]);
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
        assert_eq!(stdout(&o).lines().last(), Some(want), "{}", stdout(&o));
    }
    // One rejected row: singular in English.
    let mut sheets = valid_sheets();
    set(&mut sheets, "服务记录", 1, 8, "很多");
    write_book(&book, &sheets);
    let o = run(&["validate", book.to_str().unwrap(), "--lang", "en"]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert_eq!(
        stdout(&o).lines().last(),
        Some("checked: 1 row with errors (not evaluated), listed above, exit code 1"),
        "{}",
        stdout(&o)
    );
}

#[test]
fn a_mistyped_partner_id_gets_the_nearest_ids() {
    let o = run(&["explain", &samples(), "--partner", "PD-XP-001", "--quiet"]);
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert!(
        err.contains("没有这个合伙人编号：PD-XP-001；是否要找：PD-XP01-001（"),
        "{err}"
    );
    assert!(err.contains("、PD-XP02-001（") && err.contains("、PD-XP03-001（"));
}

/// Every `--partner ID` in `explain --help`, the README and the indicator
/// guide names a partner of `samples/`, so that it runs as shown.
#[test]
fn example_partner_ids_exist_in_the_samples() {
    let loaded = partner_eval::ingest::load(&[Path::new(&samples()).to_path_buf()]).unwrap();
    let ids: Vec<&str> = loaded
        .dataset
        .partners
        .iter()
        .map(|p| p.partner_id.as_str())
        .collect();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let help = stdout(&run(&["explain", "--help"]));
    let mut texts = vec![("explain --help".to_string(), help)];
    for doc in ["README.md", "indicators/README.md"] {
        let text = std::fs::read_to_string(root.join(doc)).unwrap();
        texts.push((doc.to_string(), text));
    }
    let mut seen = 0;
    for (source, text) in &texts {
        for (at, _) in text.match_indices("--partner ") {
            let id = text[at + "--partner ".len()..]
                .split_whitespace()
                .next()
                .unwrap_or_default();
            // Placeholders (编号, ID) are not ids.
            if id.starts_with(|c: char| c.is_ascii_uppercase()) && id.contains('-') {
                assert!(ids.contains(&id), "{source}: {id} is not a sample partner");
                seen += 1;
            }
        }
    }
    assert!(seen >= 2, "{seen} example ids");
}

#[test]
fn english_names_service_and_pricing_modes_in_words() {
    assert_eq!(
        ServiceMode::WelfareLowCostMarket.label(Lang::En),
        "free + low-cost + market"
    );
    assert_eq!(PricingMode::allowed(Lang::En), "free, low-cost, market");
    // The English label is read back as the same value.
    for m in ServiceMode::all() {
        assert_eq!(ServiceMode::parse(&m.label(Lang::En)), Some(*m));
        assert!(!m.label(Lang::En).contains('_'));
    }
}
