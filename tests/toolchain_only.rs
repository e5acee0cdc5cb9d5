//! `cargo test` needs nothing but the Rust toolchain: the PDF tests read
//! the reports back in-process (tests/common/pdf_text.rs) instead of with
//! poppler's `pdftotext`/`pdfinfo`, and no test starts any program but the
//! binary under test.

mod common;

use std::path::Path;

use partner_eval::lang::Lang;
use partner_eval::report::pdf::{self, Options, Templates};
use partner_eval::score::Evaluation;

/// With nothing reachable on PATH, the PDF-text helpers still read a
/// report: one that ran `pdftotext` (or any other program) fails here.
#[test]
fn pdf_text_needs_no_program_on_the_path() {
    // PATH is process-wide: the other test of this file spawns nothing.
    let empty = tempfile::tempdir().unwrap();
    std::env::set_var("PATH", empty.path());
    let absent = "pdftotext";
    assert!(
        std::process::Command::new(absent).output().is_err(),
        "{absent} is still reachable"
    );

    let (_, _, eval) = common::evaluated_samples();
    let one = Evaluation {
        partners: vec![eval.partners[0].clone()],
        ..eval
    };
    let p = &one.partners[0];
    let out = tempfile::tempdir().unwrap();
    let t = Templates::builtin();
    let options = Options {
        lang: Lang::Zh,
        evaluator: None,
        templates: &t,
        placement: Default::default(),
        progress: false,
    };
    pdf::write(out.path(), &one, &options).unwrap();
    let path = pdf::partner_dir(out.path(), Lang::Zh).join(format!(
        "{}-{}.pdf",
        pdf::safe_file_part(&p.partner_id),
        pdf::safe_file_part(&p.name)
    ));

    let plain: String = common::pdf_text(&path).split_whitespace().collect();
    assert!(plain.contains(&p.partner_id), "{plain}");
    assert!(plain.contains(&p.name), "{plain}");
    let layout = common::pdf_text_layout(&path);
    assert!(
        layout.lines().any(|l| l.contains(&p.partner_id)),
        "{layout}"
    );
    assert!(common::pdf_text::title(&path).contains(&p.name));
}

/// No test file starts a program by name (a string literal given to
/// `Command::new`): only the binary under test, by its path
/// (`env!("CARGO_BIN_EXE_…")`).
#[test]
fn no_test_starts_a_program_by_name() {
    let needle = concat!("Command", "::new(");
    let mut found = Vec::new();
    let mut stack = vec![Path::new(env!("CARGO_MANIFEST_DIR")).join("tests")];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                let text = std::fs::read_to_string(&path).unwrap();
                for (at, _) in text.match_indices(needle) {
                    let arg = text[at + needle.len()..].trim_start();
                    if arg.starts_with('"') {
                        let line = text[..at].matches('\n').count() + 1;
                        found.push(format!("{}:{line}", path.display()));
                    }
                }
            }
        }
    }
    assert!(found.is_empty(), "programs started by name: {found:?}");
}
