//! Indicator formulas: a small language a policy officer can read.
//!
//! ```text
//! sum(services: participants where pricing_mode in ('公益', '低偿')) / sum(services: participants)
//! count(services where pricing_mode == '公益' and counts_agreed) / (partner.agreed_free_sessions * active_months / 12)
//! ```
//! A formula is parsed and checked once, when the indicator file is loaded:
//! unknown tables, fields, names and closed-list values are refused with
//! their position. It is then evaluated per partner over that partner's
//! records, exactly (Decimal), with a blank propagating as "missing".

mod compile;
mod eval;
mod fields;
mod lexer;
mod memo;
mod parse;
mod stats;
mod value;

pub use compile::{Expr, Names};
pub use eval::Scope;
pub use fields::{fields, month_key, Table, TABLES};
pub use memo::Memo;
pub use value::{Choices, Ty, Value};

use std::sync::Arc;

use crate::lang::Lang;

/// The largest magnitude a formula may give: the bound of a number in a
/// workbook cell (`value::literal`). A larger result can only come from
/// absurd data (a price times a count times a count …) and counts as
/// missing data: the indicator is listed among those without data.
pub const MAX_RESULT: rust_decimal::Decimal = crate::value::MAX_AMOUNT;

fn bounded(v: Value) -> Value {
    match v {
        Value::Num(n) if n.abs() > MAX_RESULT => Value::Missing,
        v => v,
    }
}

/// Why a formula was refused: a character offset into it and the reason.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FormulaError {
    pub at: usize,
    pub zh: String,
    pub en: String,
}

impl FormulaError {
    pub fn new(at: usize, zh: String, en: String) -> Self {
        FormulaError { at, zh, en }
    }

    pub fn message(&self, lang: Lang) -> &str {
        lang.pick(&self.zh, &self.en)
    }
}

/// A checked formula, ready to evaluate.
#[derive(Debug, Clone)]
pub struct Formula {
    pub source: String,
    pub expr: Expr,
    pub ty: Ty,
    /// For a row condition, its key for remembering the matching rows.
    rows_memo: Option<memo::Memoable>,
}

impl Formula {
    /// Parses and checks `source`; names outside aggregates come from `names`.
    pub fn compile(source: &str, names: &dyn Names) -> Result<Formula, FormulaError> {
        let tokens = lexer::tokenize(source)?;
        let ast = parse::parse(&tokens)?;
        let (expr, ty) = compile::resolve_in(&ast, names, None, source)?;
        Ok(Formula {
            source: source.to_string(),
            expr,
            ty,
            rows_memo: None,
        })
    }

    /// Compiles a row condition of `table`, as in `records = "complaints where …"`.
    pub fn compile_rows(
        source: &str,
        names: &dyn Names,
    ) -> Result<(Table, Option<Formula>), FormulaError> {
        let tokens = lexer::tokenize(source)?;
        let (table, filter) = compile::resolve_rows(&tokens, names)?;
        let filter = filter.map(|(expr, ty)| Formula {
            source: source.to_string(),
            rows_memo: memo::Memoable::new(source, &[Some(&expr)]),
            expr,
            ty,
        });
        Ok((table, filter))
    }

    /// The formula's value for one partner. Inside, every operation is
    /// checked (an overflow or a division by zero gives a blank); a result
    /// beyond ±[`MAX_RESULT`] is a blank too, so that scoring, ranking and
    /// the reports, which add, subtract and divide these values, never
    /// meet a number near the limit of `Decimal` (7.9e28).
    pub fn eval(&self, scope: &dyn Scope) -> Value {
        bounded(eval::eval(&self.expr, scope, None))
    }

    /// Indices of the partner's rows of `table` for which this condition holds.
    pub fn matching_rows(&self, table: Table, scope: &dyn Scope) -> Arc<[u32]> {
        let compute = || matching(&self.expr, table, scope);
        match &self.rows_memo {
            // The key is of the text `table where …`, so `table` is part of it.
            Some(m) if table_named(&self.source, table) => match scope.memo(&m.vars) {
                Some(kept) => kept.rows(m.key, compute),
                None => compute(),
            },
            _ => compute(),
        }
    }
}

impl Formula {
    /// Every aggregate of the formula with its value for this partner: the
    /// inputs an evaluator checks by hand.
    pub fn inputs(&self, scope: &dyn Scope) -> Vec<(Arc<str>, Value)> {
        let mut aggs = Vec::new();
        collect(&self.expr, &mut aggs);
        aggs.into_iter()
            .filter_map(|e| match e {
                Expr::Agg { text, .. } => Some((text.clone(), bounded(eval::eval(e, scope, None)))),
                _ => None,
            })
            .collect()
    }

    /// The rows behind the formula's first filtered aggregate — its
    /// numerator, as formulas are written — for evidence.
    pub fn evidence(&self, scope: &dyn Scope) -> Option<(Table, Arc<[u32]>)> {
        let mut aggs = Vec::new();
        collect(&self.expr, &mut aggs);
        aggs.into_iter().find_map(|e| match e {
            Expr::Agg {
                table,
                filter: Some(f),
                memo,
                ..
            } => {
                let compute = || matching(f, *table, scope);
                let kept = memo
                    .as_ref()
                    .and_then(|m| Some((m.key, scope.memo(&m.vars)?)));
                Some((
                    *table,
                    match kept {
                        Some((key, kept)) => kept.rows(key, compute),
                        None => compute(),
                    },
                ))
            }
            _ => None,
        })
    }

    /// The tables the formula's aggregates read, in order of use.
    pub fn tables(&self) -> Vec<Table> {
        let mut out = Vec::new();
        walk(&self.expr, &mut |e| {
            if let Expr::Agg { table, .. } = e {
                if !out.contains(table) {
                    out.push(*table);
                }
            }
        });
        out
    }

    /// Ids of the names (not fields) the formula reads, in order of use.
    pub fn names_used(&self) -> Vec<usize> {
        let mut out = Vec::new();
        walk(&self.expr, &mut |e| {
            if let Expr::Var(id) = e {
                if !out.contains(id) {
                    out.push(*id);
                }
            }
        });
        out
    }

    /// The numbers the name `var` is compared with anywhere in the formula
    /// (`total < 60 or total >= 80` gives 60 and 80): where a rule can
    /// switch as that name moves, for the sensitivity analysis.
    pub fn cut_points(&self, var: usize) -> Vec<rust_decimal::Decimal> {
        let mut out = Vec::new();
        walk(&self.expr, &mut |e| {
            if let Expr::Binary(op, l, r) = e {
                let ordered = matches!(
                    op,
                    parse::BinOp::Lt | parse::BinOp::Le | parse::BinOp::Gt | parse::BinOp::Ge
                );
                match (l.as_ref(), r.as_ref()) {
                    (Expr::Var(v), Expr::Const(Value::Num(n)))
                    | (Expr::Const(Value::Num(n)), Expr::Var(v))
                        if ordered && *v == var =>
                    {
                        out.push(*n)
                    }
                    _ => {}
                }
            }
        });
        out
    }

    /// For a condition `NAME op NUMBER`, its parts: used to state what a
    /// flagged partner must reach.
    pub fn threshold(
        &self,
        scope: &dyn Scope,
    ) -> Option<(usize, &'static str, rust_decimal::Decimal)> {
        let Expr::Binary(op, l, r) = &self.expr else {
            return None;
        };
        let Expr::Var(id) = l.as_ref() else {
            return None;
        };
        let n = match r.as_ref() {
            Expr::Const(Value::Num(n)) => *n,
            Expr::Var(v) => scope.var(*v).num()?,
            _ => return None,
        };
        // The opposite of the condition is what is required.
        let required = match op {
            parse::BinOp::Lt => "≥",
            parse::BinOp::Le => ">",
            parse::BinOp::Gt => "≤",
            parse::BinOp::Ge => "<",
            _ => return None,
        };
        Some((*id, required, n))
    }
}

/// A number a condition reads, as its evidence: a name, an aggregate, or
/// the share one of them is of another (`a / b`).
#[derive(Debug, Clone, PartialEq)]
pub enum Term {
    /// A name of the indicator set, by id.
    Name(usize),
    /// An aggregate: what it computes, its text as written, its table,
    /// whether it filters.
    Agg {
        agg: Agg,
        text: Arc<str>,
        table: Table,
        filtered: bool,
    },
    Share(Box<Term>, Box<Term>),
}

/// One comparison of a condition with a number (`C1.value > 0.6`), with the
/// value of its measured side for a partner and the number it is compared
/// with.
#[derive(Debug, Clone, PartialEq)]
pub struct Compared {
    pub term: Term,
    pub value: Option<rust_decimal::Decimal>,
    /// Numerator and denominator, for a share.
    pub of: Option<(rust_decimal::Decimal, rust_decimal::Decimal)>,
    pub op: parse::BinOp,
    pub bound: Option<rust_decimal::Decimal>,
    /// Whether this comparison holds.
    pub holds: bool,
}

pub use parse::{Agg, BinOp};

impl Formula {
    /// The comparisons of a condition whose measured side is a name, an
    /// aggregate or a share of two, in order; a guard against dividing by
    /// zero (`b > 0` where another comparison reads `a / b`) is left out.
    /// What a report shows as the numbers a rule read.
    pub fn compared(&self, scope: &dyn Scope) -> Vec<Compared> {
        let mut out: Vec<Compared> = Vec::new();
        walk(&self.expr, &mut |e| {
            let Expr::Binary(op, l, r) = e else { return };
            let compares = matches!(
                op,
                BinOp::Lt | BinOp::Le | BinOp::Gt | BinOp::Ge | BinOp::Eq | BinOp::Ne
            );
            let bound = match r.as_ref() {
                Expr::Const(Value::Num(n)) => Some(*n),
                Expr::Var(v) => scope.var(*v).num(),
                _ => None,
            };
            let Some(term) = term_of(l).filter(|_| compares && bound.is_some()) else {
                return;
            };
            let (value, of) = match operands(l, scope) {
                Some(share) => {
                    let share = Some(share).filter(|(_, b)| !b.is_zero());
                    (share.and_then(|(a, b)| a.checked_div(b)), share)
                }
                None => (eval::eval(l, scope, None).num(), None),
            };
            out.push(Compared {
                term,
                value,
                of,
                op: *op,
                bound,
                holds: eval::eval(e, scope, None).is_true(),
            });
        });
        let denominators: Vec<Term> = out
            .iter()
            .filter_map(|c| match &c.term {
                Term::Share(_, b) => Some(b.as_ref().clone()),
                _ => None,
            })
            .collect();
        out.retain(|c| {
            !(c.bound == Some(rust_decimal::Decimal::ZERO) && denominators.contains(&c.term))
        });
        out
    }

    /// The numerator and denominator of a formula that is a share (`a / b`).
    pub fn share_of(
        &self,
        scope: &dyn Scope,
    ) -> Option<(rust_decimal::Decimal, rust_decimal::Decimal)> {
        operands(&self.expr, scope)
    }
}

/// The numerator and denominator of a division, both known.
fn operands(e: &Expr, scope: &dyn Scope) -> Option<(rust_decimal::Decimal, rust_decimal::Decimal)> {
    let Expr::Binary(BinOp::Div, a, b) = e else {
        return None;
    };
    eval::eval(a, scope, None)
        .num()
        .zip(eval::eval(b, scope, None).num())
}

/// The measured side of a comparison, when it is one a reader can name.
fn term_of(e: &Expr) -> Option<Term> {
    match e {
        Expr::Var(id) => Some(Term::Name(*id)),
        Expr::Agg {
            agg,
            text,
            table,
            filter,
            ..
        } => Some(Term::Agg {
            agg: *agg,
            text: text.clone(),
            table: *table,
            filtered: filter.is_some(),
        }),
        Expr::Binary(BinOp::Div, a, b) => {
            Some(Term::Share(Box::new(term_of(a)?), Box::new(term_of(b)?)))
        }
        _ => None,
    }
}

/// A small-sample function of the language (see [`stats`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SmallSampleKind {
    /// `wilson_lower(successes, n, confidence)`.
    Wilson,
    /// `beta_lower(successes, n, prior_alpha, prior_beta, quantile)`.
    Beta,
    /// `shrunk(successes, n, prior, strength)`.
    Shrunk,
}

/// The small-sample function of a formula as it worked out for one
/// partner: scoring records it once, so that a report explains the value
/// without reading the formula again.
#[derive(Debug, Clone, PartialEq)]
pub struct SmallSampleCall {
    pub kind: SmallSampleKind,
    /// Its arguments' values, in the order written.
    pub args: Vec<Value>,
    /// Whether the formula's value came through the function: false when
    /// an `if` chose the other branch (a sample at or above the minimum).
    pub applied: bool,
    /// The sample size from which the function no longer applies, when an
    /// enclosing `if` compares the function's sample size with one
    /// (`if(survey.valid >= param.min_survey_n, …, shrunk(…))` gives the
    /// minimum).
    pub min: Option<Value>,
}

impl Formula {
    /// The formula's first small-sample function outside aggregates, with
    /// its arguments evaluated for this partner; `None` when it has none.
    pub fn small_sample(&self, scope: &dyn Scope) -> Option<SmallSampleCall> {
        let mut found = None;
        walk(&self.expr, &mut |e| {
            if let Expr::Func(f, _) = e {
                if found.is_none() && f.small_sample() {
                    found = Some(e);
                }
            }
        });
        let target = found?;
        let Expr::Func(f, args) = target else {
            return None;
        };
        let kind = match f {
            compile::Func::WilsonLower => SmallSampleKind::Wilson,
            compile::Func::BetaLower => SmallSampleKind::Beta,
            _ => SmallSampleKind::Shrunk,
        };
        Some(SmallSampleCall {
            kind,
            args: args.iter().map(|a| eval::eval(a, scope, None)).collect(),
            applied: taken(&self.expr, target, scope),
            min: args
                .get(1)
                .and_then(|n| minimum(&self.expr, target, n, scope)),
        })
    }
}

/// Whether evaluating `e` goes through `target`: an `if` follows the
/// branch its condition chooses; anything else through all its parts.
fn taken(e: &Expr, target: &Expr, scope: &dyn Scope) -> bool {
    if std::ptr::eq(e, target) {
        return true;
    }
    match e {
        Expr::Func(compile::Func::If, a) if a.len() == 3 => {
            let branch = if eval::eval(&a[0], scope, None).is_true() {
                &a[1]
            } else {
                &a[2]
            };
            taken(branch, target, scope)
        }
        Expr::Neg(a) | Expr::Not(a) | Expr::In(a, _, _) => taken(a, target, scope),
        Expr::Binary(_, a, b) => taken(a, target, scope) || taken(b, target, scope),
        Expr::Func(_, args) => args.iter().any(|a| taken(a, target, scope)),
        Expr::Const(_) | Expr::Var(_) | Expr::Field(_) | Expr::Agg { .. } => false,
    }
}

/// The minimum sample of `if(n >= MIN, …)` (or `n < MIN`, `n > MIN − 1`,
/// `n <= MIN − 1`) around `target`, where `n` is the name `target` takes as
/// its sample size.
fn minimum(root: &Expr, target: &Expr, n: &Expr, scope: &dyn Scope) -> Option<Value> {
    let Expr::Var(v) = n else { return None };
    let mut out = None;
    walk(root, &mut |e| {
        let Expr::Func(compile::Func::If, a) = e else {
            return;
        };
        if out.is_some() || a.len() != 3 || !(contains(&a[1], target) || contains(&a[2], target)) {
            return;
        }
        let Expr::Binary(op, l, r) = &a[0] else {
            return;
        };
        use parse::BinOp::*;
        // Written with the sample size on the left; flipped when on the right.
        let (op, other) = match (l.as_ref(), r.as_ref()) {
            (Expr::Var(x), other) if x == v => (*op, other),
            (other, Expr::Var(x)) if x == v => match op {
                Lt => (Gt, other),
                Le => (Ge, other),
                Gt => (Lt, other),
                Ge => (Le, other),
                _ => return,
            },
            _ => return,
        };
        let Some(bound) = eval::eval(other, scope, None).num() else {
            return;
        };
        out = match op {
            Ge | Lt => Some(Value::Num(bound)),
            Gt | Le => Some(Value::Num(bound + rust_decimal::Decimal::ONE)),
            _ => None,
        };
    });
    out
}

/// Whether `target` is `e` or inside it (outside aggregates).
fn contains(e: &Expr, target: &Expr) -> bool {
    let mut found = false;
    walk(e, &mut |x| found |= std::ptr::eq(x, target));
    found
}

/// The partner's rows of `table` for which `filter` holds.
fn matching(filter: &Expr, table: Table, scope: &dyn Scope) -> Arc<[u32]> {
    scope
        .rows(table)
        .iter()
        .copied()
        .filter(|&i| eval::eval(filter, scope, Some((table, i as usize))).is_true())
        .collect()
}

/// Whether a row condition's text starts with the name of `table`.
fn table_named(source: &str, table: Table) -> bool {
    source.split_whitespace().next() == Some(table.name())
}

fn collect<'e>(e: &'e Expr, out: &mut Vec<&'e Expr>) {
    walk(e, &mut |x| {
        if matches!(x, Expr::Agg { .. }) {
            out.push(x);
        }
    });
}

/// Visits every node outside aggregates, and aggregates themselves.
fn walk<'e>(e: &'e Expr, f: &mut dyn FnMut(&'e Expr)) {
    f(e);
    match e {
        Expr::Neg(a) | Expr::Not(a) | Expr::In(a, _, _) => walk(a, f),
        Expr::Binary(_, a, b) => {
            walk(a, f);
            walk(b, f);
        }
        Expr::Func(_, args) => args.iter().for_each(|a| walk(a, f)),
        Expr::Const(_) | Expr::Var(_) | Expr::Field(_) | Expr::Agg { .. } => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Dataset, Partner};

    /// Two names: `x` (a number) and `y` (blank).
    struct Two;

    impl Names for Two {
        fn var(&self, path: &[String]) -> Option<(usize, Ty)> {
            match path.join(".").as_str() {
                "x" => Some((0, Ty::Num)),
                "y" => Some((1, Ty::Num)),
                _ => None,
            }
        }
        fn known(&self) -> Vec<String> {
            vec!["x".into(), "y".into()]
        }
    }

    struct NoRows;

    impl Scope for NoRows {
        fn dataset(&self) -> &Dataset {
            unreachable!("no aggregate in these tests")
        }
        fn partner(&self) -> &Partner {
            unreachable!("no field in these tests")
        }
        fn rows(&self, _: Table) -> &[u32] {
            &[]
        }
        fn var(&self, id: usize) -> Value {
            match id {
                0 => Value::Num(rust_decimal::Decimal::from(4)),
                _ => Value::Missing,
            }
        }
    }

    fn eval(src: &str) -> Value {
        Formula::compile(src, &Two).unwrap().eval(&NoRows)
    }

    fn num(n: i64) -> Value {
        Value::Num(rust_decimal::Decimal::from(n))
    }

    #[test]
    fn arithmetic_follows_the_usual_precedence() {
        assert_eq!(eval("1 + 2 * 3"), num(7));
        assert_eq!(eval("(1 + 2) * 3"), num(9));
        assert_eq!(eval("x / 2 - 1"), num(1));
        assert_eq!(eval("-x + 10"), num(6));
        assert_eq!(eval("max(1, x, 3)"), num(4));
        assert_eq!(eval("if(x > 3, 1, 0)"), num(1));
    }

    #[test]
    fn blanks_propagate_and_never_satisfy_a_condition() {
        assert_eq!(eval("y + 1"), Value::Missing);
        assert_eq!(eval("x / 0"), Value::Missing);
        assert_eq!(eval("y > 0"), Value::Bool(false));
        assert_eq!(eval("y < 0"), Value::Bool(false));
        assert_eq!(eval("y != 0"), Value::Bool(true));
        assert_eq!(eval("coalesce(y, x)"), num(4));
        assert_eq!(eval("max(y, 2)"), num(2));
        assert_eq!(eval("x > 3 and y > 0 or x == 4"), Value::Bool(true));
    }

    #[test]
    fn the_small_sample_call_records_its_arguments_branch_and_minimum() {
        let call = |src: &str| {
            Formula::compile(src, &Two)
                .unwrap()
                .small_sample(&NoRows)
                .unwrap()
        };
        let dec = |s: &str| Value::Num(s.parse().unwrap());
        // x = 4 answers, below the minimum 30: the function gives the value.
        let c = call("if(x >= 30, 1, shrunk(3, x, 0.5, 10))");
        assert_eq!(c.kind, SmallSampleKind::Shrunk);
        assert_eq!(c.args, [num(3), num(4), dec("0.5"), num(10)]);
        assert!(c.applied);
        assert_eq!(c.min, Some(num(30)));
        // At or above the minimum the other branch counts.
        let c = call("if(x < 3, wilson_lower(3, x, 0.95), 3 / x)");
        assert_eq!(c.kind, SmallSampleKind::Wilson);
        assert!(!c.applied);
        assert_eq!(c.min, Some(num(3)));
        // Flipped (`29 < x`) and strict comparisons give the same minimum.
        assert_eq!(
            call("if(29 < x, 1, shrunk(3, x, 0.5, 10))").min,
            Some(num(30))
        );
        // No comparison with the sample size: no minimum, always applied.
        let c = call("beta_lower(1, x, 0.5, 0.5, 0.025)");
        assert_eq!(
            (c.kind, c.applied, c.min),
            (SmallSampleKind::Beta, true, None)
        );
        assert!(Formula::compile("x / 2", &Two)
            .unwrap()
            .small_sample(&NoRows)
            .is_none());
    }

    #[test]
    fn impossible_small_sample_arguments_are_refused_where_written() {
        let err = |src: &str| Formula::compile(src, &Two).unwrap_err();
        let e = err("shrunk(3, x, 0.5, -10)");
        assert_eq!(e.at, 18, "{}", e.en);
        assert!(
            e.zh.contains("第 4 个参数（先验强度）应不小于 0"),
            "{}",
            e.zh
        );
        let e = err("shrunk(3, x, 80, 10)");
        assert_eq!(e.at, 13);
        assert!(e.en.contains("prior rate"), "{}", e.en);
        let e = err("wilson_lower(3, x, 95)");
        assert_eq!(e.at, 19);
        assert!(e.en.contains("confidence"), "{}", e.en);
        let e = err("beta_lower(1.5, x, 0.5, 0.5, 0.025)");
        assert_eq!(e.at, 11);
        let e = err("shrunk(5, 4, 0.5, 10)");
        assert!(e.zh.contains("成功数 5 大于样本数 4"), "{}", e.zh);
        // Known only per partner: checked when evaluated (a blank).
        assert!(Formula::compile("shrunk(3, x, y, x)", &Two).is_ok());
    }

    #[test]
    fn mistakes_are_refused_with_their_position() {
        let err = |src: &str| Formula::compile(src, &Two).unwrap_err();
        let e = err("x + z");
        assert_eq!((e.at, e.en.as_str()), (4, "unknown name \"z\""));
        let e = err("x +");
        assert_eq!(e.at, 3);
        assert!(e.zh.contains("公式不完整"), "{}", e.zh);
        let e = err("sum(servces: participants)");
        assert_eq!(e.at, 4);
        assert!(e.en.starts_with("unknown table \"servces\""), "{}", e.en);
        let e = err("sum(services: participant)");
        assert!(e.en.contains("did you mean \"participants\""), "{}", e.en);
        let e = err("count(services where pricing_mode == '免单')");
        assert_eq!(e.at, 37);
        assert!(
            e.zh.starts_with("「免单」不是定价模式的可选值；可选：公益、低偿、市场"),
            "{}",
            e.zh
        );
        let e = err("x + (1 > 0)");
        assert!(e.en.starts_with("expected a number here"), "{}", e.en);
        let e = err("'公益'");
        assert!(e.zh.contains("只能与可选值字段比较"));
    }

    /// Deep and long formulas, as a script writes them, are refused with a
    /// position instead of overflowing the stack (issue 20).
    #[test]
    fn deep_and_long_formulas_are_refused_not_overflowing() {
        let err = |src: &str| Formula::compile(src, &Two).unwrap_err();
        let deep = format!("{}x{}", "(".repeat(5000), ")".repeat(5000));
        let e = err(&deep);
        assert!(e.zh.contains("公式过长"), "{}", e.zh);
        let deep = format!("{}x{}", "(".repeat(1000), ")".repeat(1000));
        let e = err(&deep);
        assert!(e.zh.contains("公式嵌套过深"), "{}", e.zh);
        assert_eq!(
            e.at,
            parse::MAX_DEPTH,
            "the parenthesis where the limit is crossed"
        );
        let long = vec!["x"; 100].join("+");
        let e = err(&long);
        assert!(e.en.contains("nests too deeply"), "{}", e.en);
        for src in [
            vec!["x"; 20_000].join("+"),
            format!("{}x", "- ".repeat(1900)),
            format!("{}x > 1", "not ".repeat(900)),
            format!("{}x{}", "abs(".repeat(900), ")".repeat(900)),
        ] {
            let e = err(&src);
            assert!(e.zh.contains("公式"), "{}", e.zh);
        }
    }

    /// At the limit, checking and evaluating fit in 1 MB of stack even in a
    /// debug build: a formula the parser accepts never overflows a 2 MB
    /// worker thread.
    #[test]
    fn the_deepest_accepted_formula_evaluates_on_a_small_stack() {
        let chain = vec!["x"; parse::MAX_DEPTH].join("+");
        let nested = format!(
            "{}x{}",
            "(".repeat(parse::MAX_DEPTH - 1),
            ")".repeat(parse::MAX_DEPTH - 1)
        );
        let calls = format!(
            "{}x{}",
            "abs(".repeat(parse::MAX_DEPTH / 2 - 1),
            ")".repeat(parse::MAX_DEPTH / 2 - 1)
        );
        let results = std::thread::Builder::new()
            .stack_size(1024 * 1024)
            .spawn(move || {
                [chain, nested, calls]
                    .iter()
                    .map(|src| Formula::compile(src, &Two).map(|f| f.eval(&NoRows)))
                    .collect::<Vec<_>>()
            })
            .unwrap()
            .join()
            .unwrap();
        assert_eq!(results[0], Ok(num(4 * parse::MAX_DEPTH as i64)));
        assert_eq!(results[1], Ok(num(4)));
        assert_eq!(results[2], Ok(num(4)));
    }

    #[test]
    fn a_result_beyond_the_bound_is_missing() {
        assert_eq!(
            MAX_RESULT,
            rust_decimal::Decimal::from(1_000_000_000_000_000_i64)
        );
        assert_eq!(eval("x * 250000000000000"), num(1_000_000_000_000_000));
        assert_eq!(eval("x * 250000000000001"), Value::Missing);
        assert_eq!(eval("-x * 250000000000001"), Value::Missing);
        // Overflow inside is a blank, never a panic.
        assert_eq!(eval("79228162514264337593543950335 * x"), Value::Missing);
        assert_eq!(eval("79228162514264337593543950335 + x"), Value::Missing);
        assert_eq!(eval("x / 0.0000000000000000000000000001"), Value::Missing);
    }
}
