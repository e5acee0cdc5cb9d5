//! `evaluate --shard i/n` and `merge`: three shards of a three-district run
//! merge into the very bytes of the unsharded results.json and results.csv.
//!
//! The data: the committed samples (郫都区) plus two copies whose district
//! and ids are rewritten inside the workbooks (锦江区, 青羊区), so every
//! district has the samples' planted errors, flags, vetoes and ties.

mod common;

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use common::*;

fn run(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_partner-eval"))
        .args(args)
        .current_dir(dir)
        .env_remove("PARTNER_EVAL_LANG")
        .output()
        .unwrap()
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// Copies an xlsx, replacing text in its shared strings.
fn rewrite(from: &Path, to: &Path, pairs: &[(&str, &str)]) {
    let mut zin = zip::ZipArchive::new(std::fs::File::open(from).unwrap()).unwrap();
    let mut zout = zip::ZipWriter::new(std::fs::File::create(to).unwrap());
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for i in 0..zin.len() {
        let mut entry = zin.by_index(i).unwrap();
        let name = entry.name().unwrap().to_string();
        let mut bytes = Vec::new();
        entry.read_to_end(&mut bytes).unwrap();
        if name == "xl/sharedStrings.xml" {
            let mut s = String::from_utf8(bytes).unwrap();
            for (a, b) in pairs {
                s = s.replace(a, b);
            }
            bytes = s.into_bytes();
        }
        zout.start_file(name, options).unwrap();
        zout.write_all(&bytes).unwrap();
    }
    zout.finish().unwrap();
}

/// `data/`: the samples and two rewritten copies, three districts.
fn three_districts(root: &Path) -> PathBuf {
    let samples = Path::new(env!("CARGO_MANIFEST_DIR")).join("samples/郫都区-2025");
    let data = root.join("data");
    let copies = [
        ("郫都区-2025", vec![]),
        (
            "锦江区-2025",
            vec![
                ("郫都区", "锦江区"),
                ("PD", "JJ"),
                ("XY-2025-", "XY-2025-JJ"),
            ],
        ),
        (
            "青羊区-2025",
            vec![
                ("郫都区", "青羊区"),
                ("PD", "QY"),
                ("XY-2025-", "XY-2025-QY"),
            ],
        ),
    ];
    for (folder, pairs) in copies {
        let dir = data.join(folder);
        std::fs::create_dir_all(&dir).unwrap();
        for entry in std::fs::read_dir(&samples).unwrap() {
            let path = entry.unwrap().path();
            let name = path.file_name().unwrap();
            if path.extension().is_some_and(|e| e == "xlsx") {
                rewrite(&path, &dir.join(name), &pairs);
            } else if pairs.is_empty() {
                std::fs::copy(&path, dir.join(name)).unwrap();
            }
        }
    }
    data
}

fn districts(results: &Path) -> Vec<String> {
    let v: serde_json::Value = serde_json::from_slice(&std::fs::read(results).unwrap()).unwrap();
    let mut d: Vec<String> = v["partners"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["district"].as_str().unwrap().to_string())
        .collect();
    d.sort();
    d.dedup();
    d
}

/// Runs `evaluate data --shard i/3 --format json` into `s<i>`, which exits
/// 1 for the samples' planted errors; the output folder.
fn json_shard(root: &Path, i: usize) -> PathBuf {
    let (shard, out) = (format!("{i}/3"), format!("s{i}"));
    let o = run(
        root,
        &[
            "evaluate", "data", "--shard", &shard, "--out", &out, "--format", "json", "--quiet",
        ],
    );
    assert_eq!(o.status.code(), Some(1), "{}", text(&o.stderr));
    root.join(out)
}

#[test]
fn three_shards_merge_to_the_unsharded_bytes() {
    let (_d, root) = temp();
    three_districts(&root);
    let json = ["--format", "json", "--quiet"];
    let whole = run(
        &root,
        &[&["evaluate", "data", "--out", "whole"][..], &json].concat(),
    );
    // 1: the samples' planted errors, in every district.
    assert_eq!(whole.status.code(), Some(1), "{}", text(&whole.stderr));
    assert_eq!(
        districts(&root.join("whole/results.json")),
        ["郫都区", "锦江区", "青羊区"]
    );
    for i in 1..=3 {
        let out = json_shard(&root, i);
        // Districts sorted by name (code points), dealt out in turn.
        let expected = ["郫都区", "锦江区", "青羊区"][i - 1];
        assert_eq!(districts(&out.join("results.json")), [expected]);
    }
    // The folders in any order: the shard numbers say which is which.
    let o = run(
        &root,
        &[
            "merge", "s3", "s1", "s2", "--out", "merged", "--format", "json",
        ],
    );
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    for file in ["results.json", "results.csv"] {
        let a = std::fs::read(root.join("whole").join(file)).unwrap();
        let b = std::fs::read(root.join("merged").join(file)).unwrap();
        assert!(a == b, "merged {file} differs from the unsharded one");
    }

    // Refusals, each naming what is wrong; nothing is written.
    let refused = |args: &[&str], needle: &str| {
        let o = run(&root, args);
        assert_eq!(o.status.code(), Some(2), "{args:?}");
        let err = text(&o.stderr);
        assert!(err.contains(needle), "{args:?}: {err}");
    };
    refused(
        &["merge", "s1", "s2", "--out", "m2", "--format", "json"],
        "给出了 2 个分片文件夹",
    );
    refused(
        &["merge", "s1", "s1", "s2", "--out", "m2", "--format", "json"],
        "第 1/3 片",
    );
    refused(
        &["merge", "whole", "--out", "m2", "--format", "json"],
        "shard.json",
    );
    let o = run(
        &root,
        &[
            &[
                "evaluate",
                "data",
                "--shard",
                "2/3",
                "--out",
                "late",
                "--date",
                "2026-01-31",
            ][..],
            &json,
        ]
        .concat(),
    );
    assert_eq!(o.status.code(), Some(1));
    refused(
        &[
            "merge", "s1", "late", "s3", "--out", "m2", "--format", "json", "--lang", "en",
        ],
        "evaluation_date",
    );
    refused(
        &[
            "merge", "s1", "s2", "s3", "--out", "merged", "--format", "json",
        ],
        "--force",
    );
    assert!(!root.join("m2").exists());
    refused(&["evaluate", "data", "--shard", "4/3"], "1 ≤ i ≤ n");
}

#[test]
fn merge_writes_the_workbook_and_reports_from_the_recorded_inputs() {
    let (_d, root) = temp();
    three_districts(&root);
    for i in 1..=3 {
        json_shard(&root, i);
    }
    let o = run(
        &root,
        &[
            "merge", "s1", "s2", "s3", "--out", "merged", "--format", "xlsx", "--quiet",
        ],
    );
    // The inputs' rejected rows, as evaluate would report them.
    assert_eq!(o.status.code(), Some(1), "{}", text(&o.stderr));
    assert!(root.join("merged/评估结果.xlsx").is_file());
    // Changed inputs are refused: the workbook would not match the results.
    let first = std::fs::read_dir(root.join("data/锦江区-2025"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.extension().is_some_and(|e| e == "xlsx"))
        .unwrap();
    let mut bytes = std::fs::read(&first).unwrap();
    bytes.extend_from_slice(b"\0");
    std::fs::write(&first, bytes).unwrap();
    let o = run(
        &root,
        &[
            "merge", "s1", "s2", "s3", "--out", "m2", "--format", "xlsx", "--lang", "en",
        ],
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(
        text(&o.stderr).contains("--format json"),
        "{}",
        text(&o.stderr)
    );
}

/// The partner ids of each district in a results.json.
fn ids_by_district(results: &Path) -> std::collections::BTreeMap<String, Vec<String>> {
    let v: serde_json::Value = serde_json::from_slice(&std::fs::read(results).unwrap()).unwrap();
    let mut ids = std::collections::BTreeMap::<String, Vec<String>>::new();
    for p in v["partners"].as_array().unwrap() {
        ids.entry(p["district"].as_str().unwrap().to_string())
            .or_default()
            .push(p["partner_id"].as_str().unwrap().to_string());
    }
    ids
}

/// A PDF's text without spaces, line breaks and hyphens (table cells wrap,
/// at a hyphen too).
fn bare_pdf_text(path: &Path) -> String {
    pdf_text(path)
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '-')
        .collect()
}

/// A run over several districts writes one district report per district,
/// each ranking only its own partners, and the very bytes a shard of that
/// district (or a merge of the shards) writes.
#[test]
fn a_pdf_run_over_several_districts_writes_one_report_per_district() {
    let (_d, root) = temp();
    let data = three_districts(&root);
    // One community workbook per district keeps the rendering short.
    for district in std::fs::read_dir(&data).unwrap() {
        let mut books: Vec<PathBuf> = std::fs::read_dir(district.unwrap().path())
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|e| e == "xlsx"))
            .collect();
        books.sort();
        for book in &books[1..] {
            std::fs::remove_file(book).unwrap();
        }
    }
    let pdf = ["--format", "pdf", "--quiet"];
    let o = run(
        &root,
        &[&["evaluate", "data", "--out", "all"][..], &pdf].concat(),
    );
    assert_eq!(o.status.code(), Some(1), "{}", text(&o.stderr));
    let all = root.join("all");
    assert!(!all.join("区级评估报告.pdf").exists());
    let ids = ids_by_district(&all.join("results.json"));
    assert_eq!(ids.len(), 3);
    let out = text(&o.stdout);
    for (district, mine) in &ids {
        let name = format!("区级评估报告-{district}.pdf");
        assert!(out.contains(&format!("已写入 all/{name}")), "{out}");
        let path = all.join(name);
        let report = bare_pdf_text(&path);
        assert!(report.contains(district.as_str()));
        for (other, theirs) in &ids {
            for id in theirs {
                let bare: String = id.chars().filter(|c| *c != '-').collect();
                assert_eq!(
                    report.contains(&bare),
                    other == district,
                    "{id} in the report of {district}"
                );
            }
        }
        assert!(mine.len() > 1);
        // Each district's own rejected row, not the run's three.
        assert!(report.contains("数据问题：错误1，警告0"));
    }
    assert!(out.contains("问题：错误 3 条"), "{out}");
    // A partner report lists the files its evaluation read (its district's
    // workbook, and the price list beside it), not every file of the run.
    let report = |prefix: &str| {
        let path = std::fs::read_dir(all.join("报告"))
            .unwrap()
            .map(|e| e.unwrap().path())
            .find(|p| p.file_name().unwrap().to_string_lossy().starts_with(prefix))
            .unwrap();
        bare_pdf_text(&path)
    };
    let (jj, pd) = (report("JJ"), report("PD"));
    assert!(jj.contains("data/锦江区2025/") && !jj.contains("data/郫都区2025/"));
    assert!(!jj.contains("data/青羊区2025/") && !jj.contains("市场参考价.csv"));
    assert!(pd.contains("data/郫都区2025/") && pd.contains("市场参考价.csv"));
    assert!(!pd.contains("data/锦江区2025/"));
    // Shard 1/3 is 郫都区 alone: its district report, byte for byte.
    let o = run(
        &root,
        &[
            &["evaluate", "data", "--shard", "1/3", "--out", "s1"][..],
            &pdf,
        ]
        .concat(),
    );
    assert_eq!(o.status.code(), Some(1), "{}", text(&o.stderr));
    let shard = std::fs::read(root.join("s1/区级评估报告.pdf")).unwrap();
    assert!(shard == std::fs::read(all.join("区级评估报告-郫都区.pdf")).unwrap());
    // Merged shards write the same reports as the unsharded run.
    for i in 2..=3 {
        json_shard(&root, i);
    }
    let o = run(
        &root,
        &[&["merge", "s1", "s2", "s3", "--out", "merged"][..], &pdf].concat(),
    );
    assert_eq!(o.status.code(), Some(1), "{}", text(&o.stderr));
    for district in ids.keys() {
        let name = format!("区级评估报告-{district}.pdf");
        let a = std::fs::read(all.join(&name)).unwrap();
        let b = std::fs::read(root.join("merged").join(&name)).unwrap();
        assert!(a == b, "merged {name} differs from the unsharded one");
    }
}
