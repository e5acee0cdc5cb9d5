//! The command as a user runs it: exit codes, printed summary, issues files.

mod common;

use std::process::{Command, Output};

use common::*;

fn run(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_partner-eval"))
        .args(args)
        .env_remove("PARTNER_EVAL_LANG")
        .output()
        .unwrap()
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

#[test]
fn clean_input_exits_0_and_prints_counts() {
    let out = run(&[
        "validate",
        fixture("libreoffice-title-row.ods").to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(text.contains("已读取 1 个文件、6 个工作表"), "{text}");
    assert!(text.contains("      14       14        0  合计"), "{text}");
    assert!(text.contains("问题：错误 0 条"), "{text}");
}

#[test]
fn rejected_rows_exit_1_and_are_exported_without_formulas() {
    let (_d, dir) = temp();
    let book = dir.join("社区.xlsx");
    let mut sheets = valid_sheets();
    set(&mut sheets, "服务记录", 1, 0, "=HYPERLINK(\"x\")");
    set(&mut sheets, "服务记录", 2, 0, "=HYPERLINK(\"x\")");
    write_book(&book, &sheets);
    let issues = dir.join("问题.csv");
    let out = run(&[
        "validate",
        book.to_str().unwrap(),
        "--issues",
        issues.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(stdout(&out).contains("错误: "), "{}", stdout(&out));
    let bytes = std::fs::read(&issues).unwrap();
    assert!(bytes.starts_with(b"\xEF\xBB\xBF"), "BOM for Excel");
    let text = String::from_utf8(bytes[3..].to_vec()).unwrap();
    let mut lines = text.lines();
    assert_eq!(
        lines.next(),
        Some("级别,文件,工作表,行,列,表头,单元格值,代码,说明")
    );
    let row = lines.next().unwrap();
    assert!(
        row.contains(",3,A,记录编号,\"'=HYPERLINK(\"\"x\"\")\",duplicate_id,"),
        "{row}"
    );

    let json = dir.join("issues.json");
    let out = run(&[
        "validate",
        book.to_str().unwrap(),
        "--lang",
        "en",
        "--issues",
        json.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_slice(&std::fs::read(&json).unwrap()).unwrap();
    assert_eq!(v[0]["code"], "duplicate_id");
    assert_eq!(v[0]["location"]["row"], 3);
    assert!(v[0]["message"]
        .as_str()
        .unwrap()
        .starts_with("id \"=HYPERLINK"));
}

#[test]
fn unusable_input_and_bad_usage_exit_2() {
    let out = run(&["validate", "没有这个文件.xlsx"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("没有这个文件.xlsx：文件或文件夹不存在"),
        "{}",
        stderr(&out)
    );
    assert!(stderr(&out).contains("输入无法使用，未生成任何结果。"));
    let out = run(&[
        "validate",
        fixture("gbk-csv").to_str().unwrap(),
        "--issues",
        "x.txt",
    ]);
    assert_eq!(out.status.code(), Some(2));
    let out = run(&["validate"]);
    assert_eq!(out.status.code(), Some(2), "clap usage error");
}

#[test]
fn help_shows_examples_and_exit_codes() {
    let out = run(&["validate", "--help"]);
    let text = stdout(&out);
    assert!(text.contains("partner-eval validate samples/"), "{text}");
    let out = run(&["--help"]);
    assert!(stdout(&out).contains("退出码 Exit codes"));
}
