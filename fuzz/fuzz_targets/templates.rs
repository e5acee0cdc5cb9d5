//! A wording template (minijinja) edited into anything (issue 20): it
//! renders, or stops with an error naming the template, within a time
//! budget — a runaway loop or a huge range must run out of fuel, not run
//! for ever or allocate gigabytes. Never a panic.
#![no_main]

use std::time::{Duration, Instant};

use libfuzzer_sys::fuzz_target;
use partner_eval::report::pdf::templates::Templates;

/// Far above what the fuel allows on this machine, far below libFuzzer's
/// -timeout: a render that passes it is a finding.
const BUDGET: Duration = Duration::from_secs(5);

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let mut t = Templates::builtin();
    for (name, body, _) in &mut t.files {
        if *name == "notice.zh.j2" {
            *body = text.to_string();
        }
    }
    let ctx = serde_json::json!({
        "district": "郫都区",
        "period": "2025",
        "date": "2025-12-31",
        "evaluator": null,
        "headline": {"partners": 3, "renew": 1, "rectify": 1, "exit": 1},
        "renew": [{"name": "甲"}],
        "rectify": [{"name": "乙"}],
        "exit": [{"name": "丙"}],
    });
    let start = Instant::now();
    match t.render_text("notice.zh.j2", &ctx) {
        Ok(out) => assert!(out.len() <= partner_eval::report::pdf::templates::MAX_OUTPUT),
        Err(e) => assert!(e.file.contains("notice.zh.j2"), "{e}"),
    }
    assert!(start.elapsed() < BUDGET, "rendering took {:?}", start.elapsed());
});
