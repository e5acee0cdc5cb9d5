//! Nothing lost, nothing mixed, nothing leaked (issue 21): one report file
//! per partner whatever its id and name; identity numbers typed into free
//! text masked in every output; control characters from the input never
//! reach the terminal raw.

mod common;

use std::io::Read;
use std::path::{Path, PathBuf};

use common::{partner_row, run, set, stderr, stdout, temp, valid_sheets, write_book, Sheet};

/// A valid identity number (check character X per GB 11643).
const ID_NUMBER: &str = "11010519491231002X";
const MASKED: &str = "110*************2X";

/// Writes `sheets` as the one input workbook of a fresh folder.
fn input(sheets: &[Sheet]) -> (tempfile::TempDir, PathBuf, PathBuf) {
    let (guard, dir) = temp();
    let data = dir.join("data");
    std::fs::create_dir(&data).unwrap();
    write_book(&data.join("郫都区.xlsx"), sheets);
    let out = dir.join("out");
    (guard, data, out)
}

fn evaluate(data: &Path, out: &Path, extra: &[&str]) -> std::process::Output {
    let mut args = vec![
        "evaluate",
        data.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "--date",
        "2026-01-15",
    ];
    args.extend(extra);
    let o = run(&args);
    assert!(
        o.status.code().is_some_and(|c| c <= 1),
        "{}\n{}",
        stdout(&o),
        stderr(&o)
    );
    o
}

/// Every file under `dir`, recursively.
fn files(dir: &Path) -> Vec<PathBuf> {
    let mut all = Vec::new();
    for e in std::fs::read_dir(dir).unwrap() {
        let path = e.unwrap().path();
        if path.is_dir() {
            all.extend(files(&path));
        } else {
            all.push(path);
        }
    }
    all.sort();
    all
}

fn pdfs(dir: &Path) -> Vec<PathBuf> {
    files(dir)
        .into_iter()
        .filter(|p| p.extension().is_some_and(|e| e == "pdf"))
        .collect()
}

/// Every text member of an xlsx (a zip of XML), concatenated.
fn xlsx_text(path: &Path) -> String {
    let mut zip = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    let mut all = String::new();
    for i in 0..zip.len() {
        let mut text = String::new();
        if zip.by_index(i).unwrap().read_to_string(&mut text).is_ok() {
            all.push_str(&text);
        }
    }
    all
}

fn add_partner(sheets: &mut [Sheet], row: Vec<String>) {
    sheets
        .iter_mut()
        .find(|s| s.0 == "合伙人名册")
        .unwrap()
        .1
        .push(row);
}

#[test]
fn ids_a_file_name_cannot_hold_still_get_one_report_each() {
    let mut sheets = valid_sheets();
    add_partner(&mut sheets, partner_row("PD-XP02?1", "同名驿站"));
    add_partner(&mut sheets, partner_row("PD-XP02*1", "同名驿站"));
    let (_guard, data, out) = input(&sheets);
    evaluate(&data, &out, &["--format", "pdf"]);
    let reports: Vec<PathBuf> = pdfs(&out.join("报告"));
    assert_eq!(reports.len(), 4, "{reports:?}");
    let names: Vec<String> = reports
        .iter()
        .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
        .collect();
    assert!(
        names.contains(&"PD-XP02_1-同名驿站.pdf".to_string()),
        "{names:?}"
    );
    // Same input, same names.
    let out2 = out.with_file_name("out2");
    evaluate(&data, &out2, &["--format", "pdf"]);
    let again: Vec<String> = pdfs(&out2.join("报告"))
        .iter()
        .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names, again);
}

#[test]
fn names_too_long_for_a_file_name_are_shortened_not_fatal() {
    let mut sheets = valid_sheets();
    // 61 four-byte characters: 244 bytes before the id and `.pdf`.
    set(&mut sheets, "合伙人名册", 2, 1, &"𠀀".repeat(61));
    // A 90-character street: 270 bytes.
    set(&mut sheets, "合伙人名册", 2, 5, &"街".repeat(90));
    let (_guard, data, out) = input(&sheets);
    let o = evaluate(
        &data,
        &out,
        &["--format", "xlsx,pdf", "--split-by", "street"],
    );
    let all = files(&out);
    for f in &all {
        let name = f.file_name().unwrap().to_string_lossy();
        assert!(name.len() <= 255, "{name}: {} bytes", name.len());
    }
    assert_eq!(pdfs(&out.join("报告")).len(), 2, "{all:?}\n{}", stderr(&o));
    let books = all
        .iter()
        .filter(|p| p.extension().is_some_and(|e| e == "xlsx"))
        .count();
    // The district workbook and one per street.
    assert_eq!(books, 3, "{all:?}");
}

#[test]
fn identity_numbers_in_free_text_and_names_are_masked_everywhere() {
    let mut sheets = valid_sheets();
    set(
        &mut sheets,
        "合伙人名册",
        2,
        1,
        &format!("张德堃{ID_NUMBER}"),
    );
    let complaints = sheets.iter_mut().find(|s| s.0 == "投诉与事件").unwrap();
    complaints.1[0].push("处理情况".to_string());
    complaints.1.push(
        [
            "TS-1",
            "P-1",
            "d:2025-05-06",
            "12345热线",
            "服务质量",
            "是",
            "一般",
            &format!("已回访，投诉人身份证 {ID_NUMBER}，已致歉"),
        ]
        .iter()
        .map(|s| s.to_string())
        .collect(),
    );
    let (_guard, data, out) = input(&sheets);
    let o = evaluate(&data, &out, &["--format", "json,xlsx,pdf"]);
    let json = std::fs::read_to_string(out.join("results.json")).unwrap();
    assert!(
        json.contains(MASKED),
        "the masked name and outcome are published"
    );
    assert!(json.contains("已回访，投诉人身份证 110*************2X，已致歉"));
    let mut published = vec![("results.json".to_string(), json)];
    for f in files(&out) {
        let name = f.file_name().unwrap().to_string_lossy().into_owned();
        assert!(!name.contains(ID_NUMBER), "file name {name}");
        let text = match f.extension().and_then(|e| e.to_str()) {
            Some("csv") => std::fs::read_to_string(&f).unwrap(),
            Some("xlsx") => xlsx_text(&f),
            Some("pdf") => common::pdf_text(&f),
            _ => continue,
        };
        published.push((name, text));
    }
    for wanted in ["results.csv", "评估结果.xlsx", "区级评估报告.pdf"] {
        assert!(published.iter().any(|(n, _)| n == wanted), "{wanted}");
    }
    published.push(("stdout".into(), stdout(&o)));
    published.push(("stderr".into(), stderr(&o)));
    for (what, text) in &published {
        assert!(
            !text.contains(ID_NUMBER),
            "{what} holds the identity number"
        );
    }
    // The warning names the cell, in Chinese by default and in English.
    let said = stdout(&o) + &stderr(&o);
    assert!(
        said.contains("合伙人名册 › 第 3 行 › B 列「合伙人名称」")
            && said.contains("此处填有身份证号"),
        "{said}"
    );
    assert!(
        said.contains("投诉与事件 › 第 2 行 › H 列「处理情况」"),
        "{said}"
    );
    let issues = out.with_file_name("issues.csv");
    let v = run(&[
        "validate",
        data.to_str().unwrap(),
        "--lang",
        "en",
        "--issues",
        issues.to_str().unwrap(),
    ]);
    let said = stdout(&v) + &stderr(&v);
    assert!(said.contains("an identity number is typed here"), "{said}");
    let issues = std::fs::read_to_string(&issues).unwrap();
    assert!(issues.contains("id_number_in_text") && !issues.contains(ID_NUMBER));
}

/// No escape, bell, carriage return or other control character but `\n`.
fn assert_inert(what: &str, text: &str) {
    let bad: Vec<char> = text
        .chars()
        .filter(|&c| c.is_control() && c != '\n')
        .collect();
    assert!(bad.is_empty(), "{what} prints {bad:?}:\n{text}");
}

#[test]
fn control_characters_in_the_input_never_reach_the_terminal() {
    let mut sheets = valid_sheets();
    let evil = "坏\u{1b}]0;pwned\u{7}\u{1b}[2J\r名\u{9b}";
    set(&mut sheets, "合伙人名册", 2, 1, evil);
    // An unreadable count, quoted by the problem list.
    set(&mut sheets, "服务记录", 3, 8, "\u{1b}[2J1");
    let (_guard, data, out) = input(&sheets);
    let o = evaluate(&data, &out, &["--format", "json"]);
    let json = std::fs::read_to_string(out.join("results.json")).unwrap();
    assert!(
        json.contains("\\u001b]0;pwned"),
        "the data keeps the name as typed"
    );
    assert_inert("evaluate", &(stdout(&o) + &stderr(&o)));
    let e = run(&["explain", data.to_str().unwrap(), "--partner", "P-2"]);
    let shown = stdout(&e);
    assert!(
        shown.contains("坏\\x1b]0;pwned\\x07\\x1b[2J\\r名"),
        "{shown}"
    );
    assert_inert("explain", &(shown + &stderr(&e)));
}

/// A file name from the user's folder is quoted by the error that refuses
/// the file: escaped too (a named pipe is refused by name, issue 20).
#[test]
fn a_refused_file_name_is_quoted_inert() {
    let (_guard, data, _out) = input(&valid_sheets());
    let evil = data.join("x\u{1b}]0;pwned\u{7}\r.csv");
    nix::unistd::mkfifo(&evil, nix::sys::stat::Mode::from_bits_truncate(0o600)).unwrap();
    let o = run(&["validate", data.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    let err = stderr(&o);
    assert!(err.contains("x\\x1b]0;pwned\\x07\\r.csv"), "{err}");
    assert_inert("validate", &(stdout(&o) + &err));
}
