//! The formula compiler and evaluator (issue 20) on arbitrary text, and on
//! deep and long formulas grown from it: `A#B#C` with a first byte `k`
//! becomes `A` repeated `k × 40` times, then `B`, then `C` as often
//! (`(` … `1` … `)`, or `1+` … `1`), so that inputs of a few bytes reach
//! the depth and length limits. Compiling gives a formula or a located
//! error, evaluating gives a value; never a panic or a stack overflow.
#![no_main]

use libfuzzer_sys::fuzz_target;
use partner_eval::formula::{Formula, Names, Scope, Table, Ty, Value};
use partner_eval::model::{Dataset, Partner};
use rust_decimal::Decimal;

struct Two;

impl Names for Two {
    fn var(&self, path: &[String]) -> Option<(usize, Ty)> {
        match path.join(".").as_str() {
            "x" => Some((0, Ty::Num)),
            "y" => Some((1, Ty::Num)),
            "ok" => Some((2, Ty::Bool)),
            _ => None,
        }
    }
    fn known(&self) -> Vec<String> {
        vec!["x".into(), "y".into(), "ok".into()]
    }
}

/// A partner with no records: aggregates see no rows, so no field is read.
struct NoRows(Dataset);

impl Scope for NoRows {
    fn dataset(&self) -> &Dataset {
        &self.0
    }
    fn partner(&self) -> &Partner {
        unreachable!("no rows, so no field of the partner is read")
    }
    fn rows(&self, _: Table) -> &[u32] {
        &[]
    }
    fn var(&self, id: usize) -> Value {
        match id {
            0 => Value::Num(Decimal::MAX),
            1 => Value::Missing,
            _ => Value::Bool(true),
        }
    }
}

fn check(src: &str, scope: &NoRows) {
    match Formula::compile(src, &Two) {
        Ok(f) => {
            let _ = f.eval(scope);
            let _ = f.inputs(scope);
            let _ = f.names_used();
        }
        Err(e) => assert!(e.at <= src.chars().count(), "{} past the end", e.at),
    }
    let _ = Formula::compile_rows(src, &Two);
}

fuzz_target!(|data: &[u8]| {
    let Some((&k, rest)) = data.split_first() else {
        return;
    };
    let Ok(text) = std::str::from_utf8(rest) else {
        return;
    };
    let scope = NoRows(Dataset::default());
    check(text, &scope);
    let mut parts = text.splitn(3, '#');
    if let (Some(a), Some(b), Some(c)) = (parts.next(), parts.next(), parts.next()) {
        let n = usize::from(k) * 40;
        let grown = format!("{}{b}{}", a.repeat(n), c.repeat(n));
        check(&grown, &scope);
    }
});
