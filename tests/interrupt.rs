//! Ctrl-C (or SIGTERM) while reports are being written: the run exits with 130 and the
//! output folder is exactly as it was — earlier reports untouched, no half
//! file, no staging folder. (About 15 s in the dev profile: two runs over
//! the samples, the second interrupted while it renders the PDFs.)

#![cfg(unix)]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use nix::sys::signal::Signal;
use nix::unistd::Pid;

/// Every file under `dir` with its bytes.
fn snapshot(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut files = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else {
                let bytes = std::fs::read(&path).unwrap();
                files.insert(path.strip_prefix(dir).unwrap().to_path_buf(), bytes);
            }
        }
    }
    files
}

/// The staging folder of a run, once it holds a rendered partner report.
fn staged_report(out: &Path) -> Option<PathBuf> {
    let staging = std::fs::read_dir(out)
        .ok()?
        .flatten()
        .map(|e| e.path())
        .find(|p| {
            p.file_name()
                .unwrap()
                .to_string_lossy()
                .starts_with(".partner-eval-tmp-")
        })?;
    let reports = std::fs::read_dir(staging.join("报告")).ok()?;
    reports.flatten().next().map(|_| staging)
}

#[test]
fn ctrl_c_leaves_the_output_folder_as_it_was() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let bin = env!("CARGO_BIN_EXE_partner-eval");
    let root = env!("CARGO_MANIFEST_DIR");
    let first = Command::new(bin)
        .args(["evaluate", "samples", "--quiet", "--out"])
        .arg(&out)
        .current_dir(root)
        .output()
        .unwrap();
    assert_eq!(first.status.code(), Some(1), "samples: planted errors");
    let before = snapshot(&out);
    assert!(before.contains_key(Path::new("results.json")));
    assert!(before.contains_key(Path::new("评估结果.xlsx")));
    assert!(before.keys().any(|p| p.starts_with("报告")));

    // Ctrl-C, and the SIGTERM a batch system (Slurm, systemd, a container)
    // sends when a job is cancelled or runs out of time.
    for signal in [Signal::SIGINT, Signal::SIGTERM] {
        interrupt(&out, signal);
        // Nothing added, nothing changed, nothing half-written.
        assert!(
            before == snapshot(&out),
            "{signal}: the output folder changed"
        );
    }
}

/// Starts a second run into `out` (another evaluation date: every report
/// differs) and sends it `signal` once a partner report is staged.
fn interrupt(out: &Path, signal: Signal) {
    let bin = env!("CARGO_BIN_EXE_partner-eval");
    let root = env!("CARGO_MANIFEST_DIR");
    let mut child = Command::new(bin)
        .args([
            "evaluate",
            "samples",
            "--force",
            "--date",
            "2026-01-15",
            "--out",
        ])
        .arg(out)
        .current_dir(root)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let started = Instant::now();
    let staging = loop {
        if let Some(s) = staged_report(out) {
            break s;
        }
        assert!(
            child.try_wait().unwrap().is_none(),
            "the run ended before it was interrupted"
        );
        assert!(
            started.elapsed() < Duration::from_secs(120),
            "no report rendered"
        );
        std::thread::sleep(Duration::from_millis(20));
    };
    let pid = Pid::from_raw(i32::try_from(child.id()).unwrap());
    nix::sys::signal::kill(pid, signal).unwrap();
    let output = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(130), "{stderr}");
    assert!(stderr.contains("已中断"), "{stderr}");
    assert!(!staging.exists(), "the staging folder is removed");
}
