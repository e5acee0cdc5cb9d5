//! Remembering aggregates: one partner's formulas name the same aggregate
//! many times (`sum(services: participants)` appears in five indicators, and
//! flags and rules are evaluated again for every step of the gap analysis),
//! so each aggregate is computed over the partner's rows once and then
//! looked up.
//!
//! An aggregate is known by its text: the same text in any formula of a set
//! resolves to the same expression. Only aggregates that read nothing but
//! row fields and names whose value never changes for the partner (registry
//! fields, parameters, survey counts; see [`super::Scope::memo`]) are kept,
//! so a later stage filling indicator values or points cannot make a kept
//! value stale.

use std::cell::RefCell;
use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};

use super::compile::Expr;
use super::value::Value;

/// The identity of an aggregate or row condition as written: equal texts
/// get equal keys within a process, whatever formula or set they are in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Key(u32);

impl Key {
    /// The key of `text`; `None` for an empty text (an aggregate compiled
    /// without its source, which is never kept).
    pub fn of(text: &str) -> Option<Key> {
        static KEYS: OnceLock<Mutex<HashMap<String, u32>>> = OnceLock::new();
        if text.is_empty() {
            return None;
        }
        let mut keys = KEYS
            .get_or_init(Default::default)
            .lock()
            .unwrap_or_else(|e| e.into_inner());
        let next = u32::try_from(keys.len()).ok()?;
        Some(Key(*keys.entry(text.to_string()).or_insert(next)))
    }
}

/// What makes an aggregate or row condition rememberable: its key and the
/// names it reads.
#[derive(Debug, Clone)]
pub struct Memoable {
    pub key: Key,
    pub vars: Box<[usize]>,
}

impl Memoable {
    /// For `text` whose expressions are `parts`.
    pub fn new(text: &str, parts: &[Option<&Expr>]) -> Option<Memoable> {
        let mut vars = Vec::new();
        for e in parts.iter().flatten() {
            names_in(e, &mut vars);
        }
        Some(Memoable {
            key: Key::of(text)?,
            vars: vars.into(),
        })
    }
}

/// Every name an expression reads, aggregates included.
fn names_in(e: &Expr, out: &mut Vec<usize>) {
    match e {
        Expr::Var(id) => {
            if !out.contains(id) {
                out.push(*id);
            }
        }
        Expr::Neg(a) | Expr::Not(a) | Expr::In(a, _, _) => names_in(a, out),
        Expr::Binary(_, a, b) => {
            names_in(a, out);
            names_in(b, out);
        }
        Expr::Func(_, args) => args.iter().for_each(|a| names_in(a, out)),
        Expr::Agg { row, filter, .. } => {
            for e in [row, filter].into_iter().flatten() {
                names_in(e, out);
            }
        }
        Expr::Const(_) | Expr::Field(_) => {}
    }
}

/// The aggregates and matching rows one scope has computed. Not shared
/// between threads: one partner is scored on one thread.
#[derive(Debug, Default)]
pub struct Memo {
    values: RefCell<Vec<(Key, Value)>>,
    /// Shared, so a lookup costs no copy: flags and rules ask for the same
    /// rows in every trial of the gap analysis.
    rows: RefCell<Vec<(Key, Arc<[u32]>)>>,
}

impl Memo {
    /// The value kept under `key`, computed the first time.
    pub fn value(&self, key: Key, compute: impl FnOnce() -> Value) -> Value {
        if let Some((_, v)) = self.values.borrow().iter().find(|(k, _)| *k == key) {
            return *v;
        }
        let v = compute();
        self.values.borrow_mut().push((key, v));
        v
    }

    /// The rows kept under `key`, computed the first time.
    pub fn rows(&self, key: Key, compute: impl FnOnce() -> Arc<[u32]>) -> Arc<[u32]> {
        if let Some((_, r)) = self.rows.borrow().iter().find(|(k, _)| *k == key) {
            return Arc::clone(r);
        }
        let r = compute();
        self.rows.borrow_mut().push((key, Arc::clone(&r)));
        r
    }

    /// Forgets everything.
    pub fn clear(&self) {
        self.values.borrow_mut().clear();
        self.rows.borrow_mut().clear();
    }
}
