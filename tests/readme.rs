//! The README's input-format table must name every sheet and required
//! column the loader requires, so the documentation cannot drift.

use partner_eval::schema::{Need, SHEETS};

#[test]
fn readme_names_every_sheet_and_required_column() {
    let readme =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    let table = &readme[readme.find("## 输入格式").unwrap()..readme.find("### 校验").unwrap()];
    for sheet in SHEETS {
        assert!(
            table.contains(sheet.zh),
            "README lacks the sheet {}",
            sheet.zh
        );
        for col in sheet.columns.iter().filter(|c| c.need == Need::Required) {
            assert!(
                table.contains(col.zh),
                "README lacks {} › {}",
                sheet.zh,
                col.zh
            );
        }
    }
}

#[test]
fn readme_commands_are_the_ones_ci_runs() {
    let readme =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    let ci = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/.ci/run")).unwrap();
    assert!(readme.contains("```sh\ncargo run -- evaluate samples/\n```"));
    assert!(readme.contains("```sh\ncargo test\n```"));
    // The one command that puts `partner-eval` on the PATH, as the
    // commands below it are written.
    assert!(readme.contains("```sh\ncargo install --locked --path .\n```"));
    assert!(
        ci.lines().any(|l| l.starts_with("cargo test")),
        "CI runs the README's test command"
    );
    // CI has nothing a newcomer with only rustup lacks (it once installed
    // poppler for the PDF tests, so they passed there and failed elsewhere).
    assert!(!ci.contains("apt-get") && !ci.contains("pdftotext"));
}

#[test]
fn readme_shows_force_and_the_sharded_run() {
    let readme =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    // The main command writes out/, which a second run must not overwrite
    // silently: the README says so and shows the flag.
    assert!(readme.contains("```sh\ncargo run -- evaluate samples/ --force\n```"));
    let section = &readme[readme.find("## 多机运行 Beyond one machine").unwrap()..];
    let section = &section[..section[3..].find("\n## ").unwrap()];
    for needle in [
        "--shard $i/3",
        "partner-eval merge shard-1 shard-2 shard-3",
        "parallel partner-eval evaluate",
        "SLURM_ARRAY_TASK_ID",
        "JOB_COMPLETION_INDEX",
    ] {
        assert!(section.contains(needle), "README lacks {needle}");
    }
    assert!(readme.contains("| 130 |"), "exit code 130 documented");
}
