//! Personal data never leaves the input: the identity numbers of individual
//! partners appear in no output (results.json, results.csv, the issue list,
//! the workbook, the PDF reports, the terminal), and where a problem quotes
//! one it is masked.

mod common;

use std::io::Read;
use std::path::Path;
use std::process::Command;

use partner_eval::lang::Lang;
use partner_eval::report::pdf::{self, Options, Templates};
use partner_eval::score::Evaluation;

fn samples_dir() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("samples")
}

/// Every text member of an xlsx (a zip of XML), concatenated.
fn xlsx_text(path: &Path) -> String {
    let file = std::fs::File::open(path).unwrap();
    let mut zip = zip::ZipArchive::new(file).unwrap();
    let mut all = String::new();
    for i in 0..zip.len() {
        let mut member = zip.by_index(i).unwrap();
        let mut text = String::new();
        if member.read_to_string(&mut text).is_ok() {
            all.push_str(&text);
        }
    }
    all
}

#[test]
fn identity_numbers_appear_in_no_output() {
    let (loaded, _, eval) = common::evaluated_samples();
    let ids: Vec<String> = loaded
        .dataset
        .partners
        .iter()
        .filter_map(|p| p.id_number.clone())
        .collect();
    assert!(ids.len() >= 3, "the samples have individual partners");

    let out = tempfile::tempdir().unwrap();
    let run = Command::new(env!("CARGO_BIN_EXE_partner-eval"))
        .arg("evaluate")
        .arg(samples_dir())
        .arg("--out")
        .arg(out.path())
        .args(["--format", "xlsx,json"])
        .env_remove("PARTNER_EVAL_LANG")
        .output()
        .unwrap();
    let issues = out.path().join("issues.csv");
    let validate = Command::new(env!("CARGO_BIN_EXE_partner-eval"))
        .arg("validate")
        .arg(samples_dir())
        .arg("--issues")
        .arg(&issues)
        .output()
        .unwrap();
    let mut texts = vec![
        String::from_utf8_lossy(&run.stdout).into_owned(),
        String::from_utf8_lossy(&run.stderr).into_owned(),
        String::from_utf8_lossy(&validate.stdout).into_owned(),
        std::fs::read_to_string(out.path().join("results.json")).unwrap(),
        std::fs::read_to_string(out.path().join("results.csv")).unwrap(),
        std::fs::read_to_string(&issues).unwrap(),
        xlsx_text(&out.path().join("评估结果.xlsx")),
    ];

    // The reports of the individual partners themselves.
    let individuals: Vec<_> = loaded
        .dataset
        .partners
        .iter()
        .filter(|p| p.id_number.is_some())
        .map(|p| p.partner_id.clone())
        .collect();
    let some = Evaluation {
        partners: eval
            .partners
            .iter()
            .filter(|p| individuals.contains(&p.partner_id))
            .take(3)
            .cloned()
            .collect(),
        ..eval.clone()
    };
    let t = Templates::builtin();
    let written = pdf::write(
        out.path(),
        &some,
        &Options {
            lang: Lang::Zh,
            evaluator: None,
            templates: &t,
            placement: Default::default(),
            progress: false,
        },
    )
    .unwrap();
    for path in written.partners.iter().chain(&written.districts) {
        texts.push(common::pdf_text(path));
    }

    for id in &ids {
        // The last six digits are enough to identify a person.
        let tail = &id[id.len().saturating_sub(6)..];
        for (k, text) in texts.iter().enumerate() {
            assert!(!text.contains(id.as_str()), "output {k} shows {id}");
            assert!(
                !text.contains(&format!("{}{tail}", &id[..id.len() - 6])),
                "output {k} shows {id}"
            );
        }
    }
}

/// A malformed identity number is quoted masked in the problem list.
#[test]
fn a_quoted_identity_number_is_masked() {
    assert_eq!(
        partner_eval::ingest::mask("510124199001011234"),
        "510*************34"
    );
    assert_eq!(partner_eval::ingest::mask("1234"), "****");
}
