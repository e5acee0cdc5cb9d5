//! Issue 20: formulas, numbers, templates and input folders a district can
//! produce, each of which once aborted the program or made it hang. Every
//! case runs the binary as a user does and must end with exit 2 (or a
//! normal run, 0 or 1) and a message naming the file and its line or cell,
//! within 10 seconds. README § "Broken and hostile input" lists the same
//! outcomes.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use common::*;

/// The most a hostile case may take (the bound).
const BUDGET: Duration = Duration::from_secs(10);

/// Runs the binary, killing it if it overruns the budget, and returns its
/// output with the time it took.
fn run_bounded(args: &[&str]) -> (Output, Duration) {
    let start = Instant::now();
    let mut child = Command::new(env!("CARGO_BIN_EXE_partner-eval"))
        .args(args)
        .env_remove("PARTNER_EVAL_LANG")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // Reading stdout/stderr while waiting: pipes filled by a long run must
    // not block it.
    let deadline = start + BUDGET * 3;
    loop {
        if child.try_wait().unwrap().is_some() {
            break;
        }
        if Instant::now() > deadline {
            child.kill().unwrap();
            panic!("{args:?} still running after {:?}", BUDGET * 3);
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    let out = child.wait_with_output().unwrap();
    (out, start.elapsed())
}

/// Asserts the exit code, the time, and that the output (problems go to
/// stdout, refusals to stderr) names `what`.
fn ends(args: &[&str], code: i32, what: &[&str]) -> String {
    let (out, took) = run_bounded(args);
    let err = format!("{}{}", stdout(&out), stderr(&out));
    assert_eq!(out.status.code(), Some(code), "{args:?}\n{err}");
    assert!(took < BUDGET, "{args:?} took {took:?}");
    for w in what {
        assert!(err.contains(w), "{args:?}: no {w:?} in\n{err}");
    }
    err
}

fn default_set() -> String {
    std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("indicators/default.toml"))
        .unwrap()
}

/// The default set with the formula of P4 replaced.
const P4: &str = "value = \"months(services where pricing_mode == '公益') / active_months\"";

fn with_p4(dir: &Path, name: &str, formula: &str) -> PathBuf {
    let set = default_set();
    assert!(set.contains(P4));
    let path = dir.join(name);
    std::fs::write(&path, set.replace(P4, &format!("value = \"{formula}\""))).unwrap();
    path
}

/// The line of P4's formula in the default set (1-based).
fn p4_line() -> usize {
    default_set().lines().position(|l| l == P4).unwrap() + 1
}

fn book(dir: &Path) -> PathBuf {
    let path = dir.join("台账.xlsx");
    write_book(&path, &valid_sheets());
    path
}

#[test]
fn formulas_too_deep_or_too_long_are_refused_at_their_line() {
    let (_g, dir) = temp();
    let data = book(&dir);
    let line = format!(":{}:", p4_line());
    let cases = [
        (
            "deep.toml",
            format!("{}1{}", "(".repeat(5000), ")".repeat(5000)),
            "公式过长",
        ),
        (
            "nested.toml",
            format!("{}1{}", "(".repeat(1000), ")".repeat(1000)),
            "公式嵌套过深",
        ),
        ("sum.toml", vec!["1"; 20_000].join(" + "), "公式过长"),
        ("chain.toml", vec!["1"; 500].join("+"), "公式嵌套过深"),
        (
            "minus.toml",
            format!("{}1", "-".repeat(1000)),
            "公式嵌套过深",
        ),
    ];
    for (name, formula, words) in cases {
        let set = with_p4(&dir, name, &formula);
        let set = set.to_str().unwrap();
        let shown = format!("{set}{line}");
        ends(&["indicators", "check", set], 2, &[&shown, words]);
        let out = dir.join(format!("out-{name}"));
        ends(
            &[
                "evaluate",
                data.to_str().unwrap(),
                "--indicators",
                set,
                "--out",
                out.to_str().unwrap(),
                "--format",
                "json",
            ],
            2,
            &[&shown, words],
        );
    }
}

#[test]
fn out_of_range_numbers_of_an_indicator_file_are_refused_at_their_line() {
    let (_g, dir) = temp();
    let data = book(&dir);
    let set = default_set();
    let cases = [
        (
            "weight.toml",
            "weight = 7\n",
            "weight = 7e28\n",
            "weight = 7e28",
        ),
        (
            "huge.toml",
            "weight = 7\n",
            "weight = 1e300\n",
            "weight = 1e300",
        ),
        (
            "total.toml",
            "total = 100\n",
            "total = 7e28\n",
            "total = 7e28",
        ),
        (
            "param.toml",
            "hourly_proxy = 25\n",
            "hourly_proxy = 7e28\n",
            "hourly_proxy = 7e28",
        ),
        (
            "nan.toml",
            "hourly_proxy = 25\n",
            "hourly_proxy = nan\n",
            "hourly_proxy = NaN",
        ),
        ("goal.toml", "zero = 0.40", "zero = 1e300", "zero = 1e300"),
        (
            "deadline.toml",
            "deadline_days = 90",
            "deadline_days = 9223372036854775807",
            "deadline_days = 9223372036854775807",
        ),
        (
            "nest.toml",
            "hourly_proxy = 25\n",
            &format!("hourly_proxy = {}{}\n", "[".repeat(300), "]".repeat(300)),
            "嵌套的层数过多",
        ),
    ];
    for (name, from, to, words) in cases {
        assert!(set.contains(from), "{from}");
        let path = dir.join(name);
        std::fs::write(&path, set.replacen(from, to, 1)).unwrap();
        let line = set[..set.find(from).unwrap()].matches('\n').count() + 1;
        let shown = format!("{}:{line}:", path.display());
        let p = path.to_str().unwrap();
        ends(&["indicators", "check", p], 2, &[&shown, words]);
        let out = dir.join(format!("out-{name}"));
        let args = [
            "evaluate",
            data.to_str().unwrap(),
            "--indicators",
            p,
            "--out",
            out.to_str().unwrap(),
            "--format",
            "json",
        ];
        ends(&args, 2, &[&shown, words]);
    }
}

/// Price and participants each under the 1e15 bound, their product far
/// above: the row is rejected at its cell, the run goes on (exit 1).
#[test]
fn a_price_times_participants_beyond_the_bound_rejects_the_row() {
    let (_g, dir) = temp();
    let mut sheets = valid_sheets();
    set(&mut sheets, "服务记录", 3, 6, "999999999999999");
    set(&mut sheets, "服务记录", 3, 8, "999999999999999");
    let path = dir.join("大数.xlsx");
    write_book(&path, &sheets);
    let out = dir.join("out");
    let p = path.to_str().unwrap();
    let cell = format!("{p} › 服务记录 › 第 4 行 › G 列");
    ends(&["validate", p], 1, &[&cell, "超出合理范围"]);
    let err = ends(
        &[
            "evaluate",
            p,
            "--out",
            out.to_str().unwrap(),
            "--format",
            "json",
        ],
        1,
        &[&cell, "超出合理范围"],
    );
    assert!(!err.contains("panicked"), "{err}");
}

/// A formula whose result passes 1e15 gives missing data, not a panic.
#[test]
fn a_formula_result_beyond_the_bound_is_missing_data() {
    let (_g, dir) = temp();
    let data = book(&dir);
    let set = with_p4(&dir, "big.toml", "1000000000000000 * (active_months + 1)");
    let out = dir.join("out");
    ends(
        &[
            "evaluate",
            data.to_str().unwrap(),
            "--indicators",
            set.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
            "--format",
            "json",
        ],
        0,
        &[],
    );
    let results: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("results.json")).unwrap()).unwrap();
    for p in results["partners"].as_array().unwrap() {
        let p4 = &p["indicators"]["P4"];
        assert_eq!(p4["status"], "missing", "{p4}");
    }
}

#[cfg(unix)]
mod folders {
    use super::*;

    #[test]
    fn links_to_the_folder_itself_are_followed_once() {
        let (_g, dir) = temp();
        book(&dir);
        std::os::unix::fs::symlink(".", dir.join("a")).unwrap();
        std::os::unix::fs::symlink(".", dir.join("b")).unwrap();
        std::fs::create_dir(dir.join("sub")).unwrap();
        std::os::unix::fs::symlink("..", dir.join("sub/back")).unwrap();
        let d = dir.to_str().unwrap();
        ends(&["validate", d], 0, &[]);
    }

    #[test]
    fn a_named_pipe_is_refused_by_name_without_blocking() {
        let (_g, dir) = temp();
        book(&dir);
        let fifo = dir.join("x.csv");
        nix::unistd::mkfifo(&fifo, nix::sys::stat::Mode::from_bits_truncate(0o600)).unwrap();
        let f = fifo.display().to_string();
        for args in [
            vec!["validate", dir.to_str().unwrap()],
            vec!["validate", &f],
        ] {
            ends(&args, 2, &[&f, "命名管道"]);
        }
    }

    #[test]
    fn a_link_to_a_device_is_refused_before_it_is_read() {
        let (_g, dir) = temp();
        book(&dir);
        for (name, device) in [("x.xlsx", "/dev/zero"), ("y.xlsx", "/dev/urandom")] {
            let link = dir.join(name);
            std::os::unix::fs::symlink(device, &link).unwrap();
            let l = link.display().to_string();
            ends(&["validate", &l], 2, &[&l, "设备"]);
            ends(&["validate", &l, "--lang", "en"], 2, &[&l, "device"]);
        }
        ends(&["validate", dir.to_str().unwrap()], 2, &["x.xlsx"]);
        // The same for an indicator file and the previous period's results.
        ends(
            &["indicators", "check", "/dev/zero"],
            2,
            &["/dev/zero", "设备"],
        );
        let out = dir.join("out");
        let b = dir.join("台账.xlsx");
        ends(
            &[
                "evaluate",
                b.to_str().unwrap(),
                "--previous",
                "/dev/urandom",
                "--out",
                out.to_str().unwrap(),
            ],
            2,
            &["/dev/urandom", "设备"],
        );
    }
}

mod templates {
    use super::*;

    fn render_with(dir: &Path, file: &str, text: &str) -> String {
        let templates = dir.join("templates");
        std::fs::create_dir_all(&templates).unwrap();
        std::fs::write(templates.join(file), text).unwrap();
        let data = book(dir);
        let out = dir.join("out");
        let shown = format!("{}:", templates.join(file).display());
        ends(
            &[
                "evaluate",
                data.to_str().unwrap(),
                "--out",
                out.to_str().unwrap(),
                "--format",
                "pdf",
                "--templates",
                templates.to_str().unwrap(),
            ],
            2,
            &[&shown],
        )
    }

    #[test]
    fn a_runaway_loop_stops_at_its_line() {
        let (_g, dir) = temp();
        let err = render_with(
            &dir,
            "notice.zh.j2",
            "公示\n{% for i in range(100000) %}{% for j in range(100000) %}.{% endfor %}{% endfor %}\n",
        );
        assert!(err.contains("notice.zh.j2:2:"), "{err}");
        assert!(err.contains("超出上限"), "{err}");
    }

    #[test]
    fn a_huge_string_stops_at_its_line() {
        let (_g, dir) = temp();
        let err = render_with(&dir, "decision.zh.j2", "{{ '十' * 1000000000 }}\n");
        assert!(err.contains("decision.zh.j2:1:"), "{err}");
    }

    #[cfg(unix)]
    #[test]
    fn a_hard_link_in_the_template_folder_is_refused() {
        let (_g, dir) = temp();
        let templates = dir.join("templates");
        std::fs::create_dir_all(&templates).unwrap();
        let outside = dir.join("outside.txt");
        std::fs::write(&outside, "secret").unwrap();
        std::fs::hard_link(&outside, templates.join("notice.zh.j2")).unwrap();
        let data = book(&dir);
        let out = dir.join("out");
        let shown = templates.join("notice.zh.j2").display().to_string();
        ends(
            &[
                "evaluate",
                data.to_str().unwrap(),
                "--out",
                out.to_str().unwrap(),
                "--format",
                "pdf",
                "--templates",
                templates.to_str().unwrap(),
            ],
            2,
            &[&shown, "硬链接"],
        );
    }
}
