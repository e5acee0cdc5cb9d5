//! The exit codes the README documents (退出码 · Exit codes), for every
//! command: 0 = done, nothing rejected; 1 = done, rows rejected and listed;
//! 2 = unusable input, results already there without `--force`, or wrong
//! usage, with nothing written; and the message of an error in Chinese by
//! default, in English with `--lang en`. Small inputs, `--format json`.

mod common;

use std::path::{Path, PathBuf};
use std::process::Output;

use common::*;

/// Runs the command and checks its exit code; the output, for more checks.
#[track_caller]
fn expect(code: i32, args: &[&str]) -> Output {
    let o = run(args);
    assert_eq!(
        o.status.code(),
        Some(code),
        "partner-eval {}\nstdout: {}\nstderr: {}",
        args.join(" "),
        stdout(&o),
        stderr(&o)
    );
    o
}

/// As [`expect`], and the error message (stderr) holds every `needle`.
#[track_caller]
fn expect_error(code: i32, args: &[&str], needles: &[&str]) -> String {
    let err = stderr(&expect(code, args));
    for needle in needles {
        assert!(
            err.contains(needle),
            "partner-eval {}: stderr lacks {needle:?}:\n{err}",
            args.join(" ")
        );
    }
    err
}

/// Asserts `text` is a Chinese message (has CJK characters) or an English
/// one (none).
#[track_caller]
fn assert_lang(text: &str, chinese: bool) {
    let cjk = text.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c));
    assert_eq!(
        cjk,
        chinese,
        "expected a {} message: {text}",
        if chinese { "Chinese" } else { "English" }
    );
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

/// A workbook with nothing to reject.
fn clean_book(dir: &Path) -> PathBuf {
    let book = dir.join("社区.xlsx");
    write_book(&book, &valid_sheets());
    book
}

/// A workbook with one service row rejected (参与人次 unreadable).
fn rejecting_book(dir: &Path) -> PathBuf {
    let book = dir.join("有错误的社区.xlsx");
    let mut sheets = valid_sheets();
    set(&mut sheets, "服务记录", 3, 8, "很多");
    write_book(&book, &sheets);
    book
}

/// The names in a folder, sorted.
fn names(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

const MISSING: &str = "没有这个文件.xlsx";

#[test]
fn evaluate() {
    let (_d, dir) = temp();
    let (clean, rejecting) = (clean_book(&dir), rejecting_book(&dir));
    let out = dir.join("out");
    let json = ["--format", "json"];
    // Done: 0, or 1 with rows rejected.
    expect(
        0,
        &[&["evaluate", s(&clean), "--out", s(&out)][..], &json].concat(),
    );
    let o = expect(
        1,
        &[
            &["evaluate", s(&rejecting), "--out", s(&dir.join("o1"))][..],
            &json,
        ]
        .concat(),
    );
    assert!(stdout(&o).contains("很多"), "the rejected row is listed");
    // Results already there: 2 and untouched, unless --force.
    let before = std::fs::read(out.join("results.json")).unwrap();
    let again = [
        &[
            "evaluate",
            s(&clean),
            "--out",
            s(&out),
            "--date",
            "2026-01-15",
        ][..],
        &json,
    ]
    .concat();
    expect_error(2, &again, &[s(&out), "--force", "已有评估结果"]);
    let err = expect_error(
        2,
        &[&again[..], &["--lang", "en"]].concat(),
        &["--force", "already holds results"],
    );
    assert_lang(&err, false);
    assert_eq!(std::fs::read(out.join("results.json")).unwrap(), before);
    expect(0, &[&again[..], &["--force"]].concat());
    assert_ne!(std::fs::read(out.join("results.json")).unwrap(), before);
    // Unusable input: 2, nothing written.
    let none = dir.join("none");
    let err = expect_error(
        2,
        &["evaluate", MISSING, "--out", s(&none)],
        &[MISSING, "不存在", "未生成任何结果"],
    );
    assert_lang(&err, true);
    let err = expect_error(
        2,
        &["evaluate", MISSING, "--out", s(&none), "--lang", "en"],
        &[MISSING, "no such file"],
    );
    assert_lang(&err.replace(MISSING, ""), false);
    // An indicator file that is not there: named in words, no 0:0.
    let err = expect_error(
        2,
        &[
            "evaluate",
            s(&clean),
            "--out",
            s(&none),
            "--indicators",
            "没有.toml",
        ],
        &["错误：无法读取指标体系文件 没有.toml：文件不存在"],
    );
    assert!(!err.contains(":0:0") && !err.contains("os error"), "{err}");
    assert!(!none.exists(), "nothing written");
    expect_error(
        2,
        &[
            "evaluate",
            s(&clean),
            "--out",
            s(&none),
            "--indicators",
            "没有.toml",
        ],
        &["没有.toml"],
    );
    assert!(!none.exists(), "nothing written");
    // Wrong usage: 2.
    expect(2, &["evaluate"]);
    expect(2, &["evaluate", s(&clean), "--format", "docx"]);
    expect(2, &["evaluate", s(&clean), "--bogus"]);
}

#[test]
fn validate() {
    let (_d, dir) = temp();
    let (clean, rejecting) = (clean_book(&dir), rejecting_book(&dir));
    expect(0, &["validate", s(&clean)]);
    let issues = dir.join("issues.csv");
    expect(1, &["validate", s(&rejecting), "--issues", s(&issues)]);
    assert!(std::fs::read_to_string(&issues).unwrap().contains("很多"));
    let err = expect_error(2, &["validate", MISSING], &[MISSING, "文件或文件夹不存在"]);
    assert_lang(&err.replace(MISSING, ""), true);
    let err = expect_error(
        2,
        &["validate", MISSING, "--lang", "en"],
        &["no such file or folder"],
    );
    assert_lang(&err.replace(MISSING, ""), false);
    let err = expect_error(
        2,
        &["validate", s(&clean), "--issues", "x.txt"],
        &["--issues"],
    );
    assert_lang(&err, true);
    expect(2, &["validate"]);
    expect(2, &["validate", s(&clean), "--lang", "fr"]);
}

#[test]
fn explain() {
    let (_d, dir) = temp();
    let (clean, rejecting) = (clean_book(&dir), rejecting_book(&dir));
    let o = expect(0, &["explain", s(&clean), "--partner", "P-1"]);
    assert!(stdout(&o).contains("P-1"));
    expect(1, &["explain", s(&rejecting), "--partner", "P-1"]);
    expect_error(
        2,
        &["explain", MISSING, "--partner", "P-1"],
        &[MISSING, "文件或文件夹不存在"],
    );
    let err = expect_error(
        2,
        &["explain", s(&clean), "--partner", "P-9"],
        &["没有这个合伙人编号", "P-9"],
    );
    assert_lang(&err, true);
    let err = expect_error(
        2,
        &["explain", s(&clean), "--partner", "P-9", "--lang", "en"],
        &["no partner with id P-9; did you mean P-1 (", " or P-2 ("],
    );
    // The suggestions name the partners as registered (in Chinese).
    assert_lang(err.split("did you mean").next().unwrap(), false);
    expect(2, &["explain", s(&clean)]);
    expect(2, &["explain", "--partner", "P-1"]);
}

#[test]
fn merge() {
    let (_d, dir) = temp();
    let (clean, rejecting) = (clean_book(&dir), rejecting_book(&dir));
    let shard = |book: &Path, name: &str, code: i32| {
        let out = dir.join(name);
        expect(
            code,
            &[
                "evaluate",
                s(book),
                "--shard",
                "1/1",
                "--out",
                s(&out),
                "--format",
                "json",
            ],
        );
        out
    };
    let (s1, r1) = (shard(&clean, "s1", 0), shard(&rejecting, "r1", 1));
    let merged = dir.join("merged");
    let json = ["--format", "json"];
    expect(
        0,
        &[&["merge", s(&s1), "--out", s(&merged)][..], &json].concat(),
    );
    // The workbook reads the inputs again: rejected rows give 1.
    expect(
        1,
        &[
            "merge",
            s(&r1),
            "--out",
            s(&dir.join("m1")),
            "--format",
            "xlsx",
        ],
    );
    // Results already there: 2, unless --force.
    let before = std::fs::read(merged.join("results.json")).unwrap();
    let again = [&["merge", s(&s1), "--out", s(&merged)][..], &json].concat();
    expect_error(2, &again, &[s(&merged), "--force"]);
    assert_eq!(std::fs::read(merged.join("results.json")).unwrap(), before);
    expect(0, &[&again[..], &["--force"]].concat());
    // A folder that does not exist is said not to exist; nothing written.
    let none = dir.join("none");
    let gone = dir.join("没有这个分片");
    let err = expect_error(
        2,
        &["merge", s(&gone), "--out", s(&none)],
        &[s(&gone), "不存在"],
    );
    assert!(!err.contains("shard.json"), "{err}");
    assert_lang(&err, true);
    let err = expect_error(
        2,
        &["merge", s(&gone), "--out", s(&none), "--lang", "en"],
        &["does not exist"],
    );
    assert_lang(&err.replace(s(&gone), ""), false);
    // A folder that is not a shard's.
    expect_error(2, &["merge", s(&dir), "--out", s(&none)], &["shard.json"]);
    expect_error(
        2,
        &[
            "merge",
            s(&s1),
            "--out",
            s(&none),
            "--indicators",
            "没有.toml",
        ],
        &["无法读取指标体系文件 没有.toml：文件不存在"],
    );
    assert!(!none.exists(), "nothing written");
    expect(2, &["merge"]);
    expect(2, &["merge", s(&s1), "--format", "docx"]);
}

#[test]
fn indicators_check() {
    let (_d, dir) = temp();
    let file = dir.join("我区指标.toml");
    let default = expect(0, &["indicators", "default"]);
    std::fs::write(&file, &default.stdout).unwrap();
    let o = expect(0, &["indicators", "check", s(&file)]);
    assert!(stdout(&o).contains("检查通过"), "{}", stdout(&o));
    // A file that cannot be read: named, with the reason in words, and no
    // line and column it does not have.
    let missing = dir.join("没有.toml");
    let err = expect_error(
        2,
        &["indicators", "check", s(&missing)],
        &[&format!(
            "错误：无法读取指标体系文件 {}：文件不存在",
            s(&missing)
        )],
    );
    assert!(!err.contains(":0:0") && !err.contains("os error"), "{err}");
    let err = expect_error(
        2,
        &["indicators", "check", s(&missing), "--lang", "en"],
        &[&format!(
            "error: cannot read the indicator set file {}: no such file",
            s(&missing)
        )],
    );
    assert_lang(&err.replace(s(&missing), ""), false);
    expect_error(2, &["indicators", "check", s(&dir)], &["文件夹"]);
    // Mistakes in it: 2, with line and column.
    std::fs::write(&file, "total = \n").unwrap();
    expect_error(
        2,
        &["indicators", "check", s(&file)],
        &[&format!("{}:1:", s(&file))],
    );
    expect(2, &["indicators", "check"]);
    expect(2, &["indicators", "check", s(&file), "--lang", "fr"]);
}

#[test]
fn indicators_default() {
    // Nothing it reads or writes can fail; it has no --lang.
    let o = expect(0, &["indicators", "default"]);
    assert!(stdout(&o).contains("[[indicator]]"));
    expect(2, &["indicators", "default", "extra"]);
    expect(2, &["indicators", "default", "--lang", "en"]);
    expect(2, &["indicators"]);
    expect(2, &["indicators", "bogus"]);
}

#[test]
fn template() {
    let (_d, dir) = temp();
    let file = dir.join("台账模板.xlsx");
    expect(0, &["template", "--out", s(&file)]);
    assert!(std::fs::read(&file).unwrap().starts_with(b"PK"));
    // An existing file is not overwritten without --force.
    std::fs::write(&file, b"mine").unwrap();
    let err = expect_error(
        2,
        &["template", "--out", s(&file)],
        &[s(&file), "已存在", "--force"],
    );
    assert_lang(&err, true);
    let err = expect_error(
        2,
        &["template", "--out", s(&file), "--lang", "en"],
        &[s(&file), "already exists", "--force"],
    );
    assert_lang(&err.replace(s(&file), ""), false);
    assert_eq!(std::fs::read(&file).unwrap(), b"mine");
    expect(0, &["template", "--out", s(&file), "--force", "--example"]);
    assert!(std::fs::read(&file).unwrap().starts_with(b"PK"));
    assert_eq!(names(&dir), ["台账模板.xlsx"], "no temporary file left");
    // A folder that does not exist is not created.
    let deep = dir.join("没有/这个/文件夹");
    let err = expect_error(
        2,
        &["template", "--out", s(&deep.join("t.xlsx"))],
        &[s(&deep), "不存在"],
    );
    assert_lang(&err, true);
    assert!(!dir.join("没有").exists());
    let root = Path::new("/partner-eval-no-such-folder/dir");
    expect_error(
        2,
        &["template", "--out", s(&root.join("t.xlsx")), "--lang", "en"],
        &[s(root), "does not exist"],
    );
    let created = root.parent().unwrap();
    if created.exists() {
        let _ = std::fs::remove_dir_all(created);
        panic!("{} created", created.display());
    }
    // A folder in place of the file, even with --force.
    expect_error(2, &["template", "--out", s(&dir), "--force"], &["文件夹"]);
    expect(2, &["template", "--bogus"]);
    expect(2, &["template", "--out"]);
}

#[test]
fn samples() {
    let (_d, dir) = temp();
    // A new folder, and an existing empty one, are written.
    let fresh = dir.join("new/samples");
    expect(0, &["samples", "--scale", "small", "--out", s(&fresh)]);
    assert!(fresh.join("planted-errors.csv").exists());
    let empty = dir.join("empty");
    std::fs::create_dir(&empty).unwrap();
    expect(0, &["samples", "--out", s(&empty)]);
    // A folder that holds files, evaluation results say, is refused.
    let results = dir.join("results");
    std::fs::create_dir(&results).unwrap();
    std::fs::write(results.join("results.json"), b"{}").unwrap();
    let err = expect_error(
        2,
        &["samples", "--out", s(&results)],
        &[s(&results), "results.json", "--force"],
    );
    assert_lang(&err, true);
    let err = expect_error(
        2,
        &["samples", "--out", s(&results), "--lang", "en"],
        &[s(&results), "not empty", "--force"],
    );
    assert_lang(&err.replace(s(&results), ""), false);
    assert_eq!(names(&results), ["results.json"], "nothing written");
    expect_error(2, &["samples", "--out", s(&fresh)], &["--force"]);
    // --force writes into it; other files stay.
    expect(0, &["samples", "--out", s(&results), "--force"]);
    assert!(results.join("planted-errors.csv").exists());
    assert_eq!(std::fs::read(results.join("results.json")).unwrap(), b"{}");
    // Unusable: a file where the folder should be.
    let file = dir.join("a-file");
    std::fs::write(&file, b"").unwrap();
    expect_error(
        2,
        &["samples", "--out", s(&file), "--force"],
        &["不是文件夹"],
    );
    // Wrong usage.
    expect(2, &["samples"]);
    expect(
        2,
        &["samples", "--out", s(&dir.join("x")), "--scale", "huge"],
    );
    expect_error(
        2,
        &["samples", "--out", s(&dir.join("x")), "--partners", "5"],
        &["--partners"],
    );
    assert!(!dir.join("x").exists());
}
