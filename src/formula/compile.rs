//! Resolving names and checking types, so that a wrong formula is refused
//! when the indicator file is loaded, not halfway through a run.

use std::sync::Arc;

use rust_decimal::Decimal;

use super::fields::{fields, Getter, Table, TABLES};
use super::lexer::{Tok, Token};
use super::memo::Memoable;
use super::parse::{self, Agg, Ast, BinOp};
use super::value::{Ty, Value};
use super::FormulaError;
use crate::lang::Lang;

/// Names a formula may use outside aggregates (`active_months`,
/// `partner.space_area_m2`, `P1.value`, …), supplied by the caller.
pub trait Names {
    /// The id and type of a dotted name.
    fn var(&self, path: &[String]) -> Option<(usize, Ty)>;
    /// Every known name, for "did you mean" hints.
    fn known(&self) -> Vec<String>;
    /// Where a name that is not usable here can be used, if it exists at
    /// all: `(zh, en)`, e.g. ("决策规则", "decision rules").
    fn usable_in(&self, _path: &[String]) -> Option<(&'static str, &'static str)> {
        None
    }
    /// The value of a name that is the same for every partner and known
    /// when the file is read (a parameter), so that a function's argument
    /// written as that name is checked like a number written out.
    fn constant(&self, _id: usize) -> Option<Decimal> {
        None
    }
}

/// A function of the language.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Func {
    If,
    Max,
    Min,
    Coalesce,
    Days,
    Abs,
    /// `wilson_lower(successes, n, confidence)`: see `formula::stats`.
    WilsonLower,
    /// `beta_lower(successes, n, prior_alpha, prior_beta, quantile)`.
    BetaLower,
    /// `shrunk(successes, n, prior, strength)`: the posterior mean
    /// (successes + strength·prior) / (n + strength).
    Shrunk,
}

impl Func {
    /// Whether the function turns a count of successes out of n into a
    /// rate adjusted for a small sample (the functions of `formula::stats`).
    pub fn small_sample(self) -> bool {
        matches!(self, Func::WilsonLower | Func::BetaLower | Func::Shrunk)
    }
}

/// A checked expression.
#[derive(Debug, Clone)]
pub enum Expr {
    Const(Value),
    Var(usize),
    Field(Getter),
    Neg(Box<Expr>),
    Not(Box<Expr>),
    Binary(BinOp, Box<Expr>, Box<Expr>),
    In(Box<Expr>, Vec<Value>, bool),
    Func(Func, Vec<Expr>),
    Agg {
        agg: Agg,
        table: Table,
        row: Option<Box<Expr>>,
        filter: Option<Box<Expr>>,
        /// The aggregate as written, for the audit trail (shared with
        /// every partner's).
        text: Arc<str>,
        /// Its key for remembering it per partner (see [`super::memo`]).
        memo: Option<Memoable>,
    },
}

fn err(at: usize, zh: String, en: String) -> FormulaError {
    FormulaError::new(at, zh, en)
}

fn type_error(at: usize, wanted: Ty, found: Ty) -> FormulaError {
    err(
        at,
        format!(
            "此处应为{}，实际为{}",
            wanted.describe(Lang::Zh),
            found.describe(Lang::Zh)
        ),
        format!(
            "expected {} here, found {}",
            wanted.describe(Lang::En),
            found.describe(Lang::En)
        ),
    )
}

fn expect(at: usize, wanted: Ty, found: Ty) -> Result<(), FormulaError> {
    let same = match (wanted, found) {
        (Ty::Choice(_), Ty::Choice(_)) => wanted == found,
        _ => std::mem::discriminant(&wanted) == std::mem::discriminant(&found),
    };
    if same {
        Ok(())
    } else {
        Err(type_error(at, wanted, found))
    }
}

/// Resolves `ast`; `row` is the table whose fields are in scope, if any.
pub fn resolve(
    ast: &Ast,
    names: &dyn Names,
    row: Option<Table>,
) -> Result<(Expr, Ty), FormulaError> {
    resolve_in(ast, names, row, "")
}

/// As [`resolve`], with the source text for quoting aggregates.
pub fn resolve_in(
    ast: &Ast,
    names: &dyn Names,
    row: Option<Table>,
    src: &str,
) -> Result<(Expr, Ty), FormulaError> {
    match ast {
        Ast::Num(n) => Ok((Expr::Const(Value::Num(*n)), Ty::Num)),
        Ast::Str(s, at) => Err(err(
            *at,
            format!("文字「{s}」只能与可选值字段比较，如 pricing_mode == '{s}'"),
            format!("the text '{s}' can only be compared with a closed-list field, as in pricing_mode == '{s}'"),
        )),
        Ast::Path(path, at) => resolve_name(path, *at, names, row),
        Ast::Neg(inner, at) => {
            let (e, ty) = resolve_in(inner, names, row, src)?;
            expect(*at, Ty::Num, ty)?;
            Ok((Expr::Neg(Box::new(e)), Ty::Num))
        }
        Ast::Not(inner, at) => {
            let (e, ty) = resolve_in(inner, names, row, src)?;
            expect(*at, Ty::Bool, ty)?;
            Ok((Expr::Not(Box::new(e)), Ty::Bool))
        }
        Ast::Binary(op, l, r, at) => binary(*op, l, r, *at, names, row, src),
        Ast::In { value, list, negated, at } => membership(value, list, *negated, *at, names, row, src),
        Ast::Call {
            name,
            args,
            at,
            args_at,
        } => {
            let (e, ty) = call(name, args, *at, names, row, src)?;
            if let Expr::Func(f, resolved) = &e {
                check_small_sample(*f, name, resolved, args_at, names)?;
            }
            Ok((e, ty))
        }
        Ast::Agg { agg, table, table_at, row: value, filter, at, end } => {
            let text: String = src.chars().skip(*at).take(end.saturating_sub(*at)).collect();
            let (mut e, ty) = aggregate(*agg, table, *table_at, value.as_deref(), filter.as_deref(), *at, names, row, src)?;
            if let Expr::Agg {
                text: t,
                memo,
                row,
                filter,
                ..
            } = &mut e
            {
                *memo = Memoable::new(&text, &[row.as_deref(), filter.as_deref()]);
                *t = text.into();
            }
            Ok((e, ty))
        }
    }
}

fn resolve_name(
    path: &[String],
    at: usize,
    names: &dyn Names,
    row: Option<Table>,
) -> Result<(Expr, Ty), FormulaError> {
    if let (Some(table), [name]) = (row, path) {
        if let Some(f) = fields(table).iter().find(|f| f.name == name) {
            return Ok((Expr::Field(f.get), f.ty));
        }
    }
    if let Some((id, ty)) = names.var(path) {
        return Ok((Expr::Var(id), ty));
    }
    let name = path.join(".");
    if let Some((zh, en)) = names.usable_in(path) {
        return Err(err(
            at,
            format!("「{name}」在此处还没有值，只能在{zh}中使用"),
            format!("\"{name}\" has no value yet here; it can only be used in {en}"),
        ));
    }
    let mut known: Vec<String> = names.known();
    if let Some(t) = row {
        known.extend(fields(t).iter().map(|f| f.name.to_string()));
    }
    let hint = closest(&name, &known);
    let (zh_hint, en_hint) = match &hint {
        Some(h) => (
            format!("；是否想写「{h}」？"),
            format!("; did you mean \"{h}\"?"),
        ),
        None => (String::new(), String::new()),
    };
    let scope_zh = row
        .map(|t| format!("（在 {} 的字段中也没有）", t.name()))
        .unwrap_or_default();
    let scope_en = row
        .map(|t| format!(" (nor a field of {})", t.name()))
        .unwrap_or_default();
    Err(err(
        at,
        format!("未知的名称「{name}」{scope_zh}{zh_hint}"),
        format!("unknown name \"{name}\"{scope_en}{en_hint}"),
    ))
}

fn closest(name: &str, known: &[String]) -> Option<String> {
    known
        .iter()
        .map(|k| (k, strsim::normalized_levenshtein(name, k)))
        .filter(|(_, s)| *s >= 0.5)
        .max_by(|a, b| a.1.total_cmp(&b.1))
        .map(|(k, _)| k.clone())
}

fn binary(
    op: BinOp,
    l: &Ast,
    r: &Ast,
    at: usize,
    names: &dyn Names,
    row: Option<Table>,
    src: &str,
) -> Result<(Expr, Ty), FormulaError> {
    use BinOp::*;
    if matches!(op, Eq | Ne) {
        if let Some(result) = choice_comparison(op, l, r, names, row, src)? {
            return Ok(result);
        }
    }
    let (le, lt) = resolve_in(l, names, row, src)?;
    let (re, rt) = resolve_in(r, names, row, src)?;
    let ty = match op {
        Add | Sub | Mul | Div => {
            expect(at, Ty::Num, lt)?;
            expect(at, Ty::Num, rt)?;
            Ty::Num
        }
        And | Or => {
            expect(at, Ty::Bool, lt)?;
            expect(at, Ty::Bool, rt)?;
            Ty::Bool
        }
        Eq | Ne | Lt | Le | Gt | Ge => {
            expect(at, lt, rt)?;
            if matches!(lt, Ty::Bool | Ty::Choice(_)) && !matches!(op, Eq | Ne) {
                return Err(err(
                    at,
                    "只有数值和日期可以比较大小".into(),
                    "only numbers and dates can be ordered".into(),
                ));
            }
            Ty::Bool
        }
    };
    Ok((Expr::Binary(op, Box::new(le), Box::new(re)), ty))
}

/// `field == '低偿'`: the literal is checked against the field's list.
fn choice_comparison(
    op: BinOp,
    l: &Ast,
    r: &Ast,
    names: &dyn Names,
    row: Option<Table>,
    src: &str,
) -> Result<Option<(Expr, Ty)>, FormulaError> {
    let (field, literal) = match (l, r) {
        (f, Ast::Str(s, sat)) | (Ast::Str(s, sat), f) => (f, (s.as_str(), *sat)),
        _ => return Ok(None),
    };
    let (e, ty) = resolve_in(field, names, row, src)?;
    let value = literal_for(ty, literal.0, literal.1)?;
    Ok(Some((
        Expr::Binary(op, Box::new(e), Box::new(Expr::Const(value))),
        Ty::Bool,
    )))
}

fn literal_for(ty: Ty, text: &str, at: usize) -> Result<Value, FormulaError> {
    let Ty::Choice(c) = ty else {
        return Err(err(
            at,
            format!("文字「{text}」只能与可选值字段比较"),
            format!("the text '{text}' can only be compared with a closed-list field"),
        ));
    };
    (c.parse)(text).map(Value::Sym).ok_or_else(|| {
        err(
            at,
            format!(
                "「{text}」不是{}的可选值；可选：{}",
                c.name_zh,
                (c.allowed)(Lang::Zh)
            ),
            format!(
                "'{text}' is not a {} value; allowed: {}",
                c.name_en,
                (c.allowed)(Lang::En)
            ),
        )
    })
}

fn membership(
    value: &Ast,
    list: &[Ast],
    negated: bool,
    at: usize,
    names: &dyn Names,
    row: Option<Table>,
    src: &str,
) -> Result<(Expr, Ty), FormulaError> {
    let (e, ty) = resolve_in(value, names, row, src)?;
    let mut values = Vec::new();
    for item in list {
        values.push(match item {
            Ast::Str(s, sat) => literal_for(ty, s, *sat)?,
            Ast::Num(n) if ty == Ty::Num => Value::Num(*n),
            _ => {
                return Err(err(
                    at,
                    "in 后的列表只能包含文字或数字".into(),
                    "the list after in may hold only texts or numbers".into(),
                ))
            }
        });
    }
    Ok((Expr::In(Box::new(e), values, negated), Ty::Bool))
}

fn call(
    name: &str,
    args: &[Ast],
    at: usize,
    names: &dyn Names,
    row: Option<Table>,
    src: &str,
) -> Result<(Expr, Ty), FormulaError> {
    let (func, arity) = match name {
        "if" => (Func::If, Some(3)),
        "max" => (Func::Max, None),
        "min" => (Func::Min, None),
        "coalesce" => (Func::Coalesce, None),
        "days" => (Func::Days, Some(2)),
        "abs" => (Func::Abs, Some(1)),
        "wilson_lower" => (Func::WilsonLower, Some(3)),
        "beta_lower" => (Func::BetaLower, Some(5)),
        "shrunk" => (Func::Shrunk, Some(4)),
        _ => {
            return Err(err(
                at,
                format!("未知的函数「{name}」；可用：sum、count、months、if、max、min、coalesce、days、abs、wilson_lower、beta_lower、shrunk"),
                format!("unknown function \"{name}\"; available: sum, count, months, if, max, min, coalesce, days, abs, wilson_lower, beta_lower, shrunk"),
            ))
        }
    };
    if arity.is_some_and(|n| n != args.len()) || args.is_empty() {
        return Err(err(
            at,
            format!("函数 {name} 的参数个数不对"),
            format!("wrong number of arguments for {name}"),
        ));
    }
    let mut exprs = Vec::new();
    let mut types = Vec::new();
    for a in args {
        let (e, t) = resolve_in(a, names, row, src)?;
        exprs.push(e);
        types.push(t);
    }
    let ty = match func {
        Func::If => {
            expect(at, Ty::Bool, types[0])?;
            expect(at, types[1], types[2])?;
            types[1]
        }
        Func::Days => {
            expect(at, Ty::Date, types[0])?;
            expect(at, Ty::Date, types[1])?;
            Ty::Num
        }
        _ => {
            for t in &types {
                expect(at, Ty::Num, *t)?;
            }
            Ty::Num
        }
    };
    Ok((Expr::Func(func, exprs), ty))
}

/// What an argument of a small-sample function must be.
#[derive(Clone, Copy)]
enum Range {
    /// A whole number of answers, 0 or more.
    Count,
    /// 0 or more.
    NonNegative,
    /// From 0 to 1, both included.
    Unit,
    /// Strictly between 0 and 1.
    OpenUnit,
}

/// Checks the arguments of `wilson_lower`, `beta_lower` and `shrunk` that
/// are known when the file is read (numbers written out, parameters), so
/// that a prior strength of −10 or a confidence of 95 (for 0.95) is refused
/// with its position instead of leaving every partner's value blank.
/// Arguments known only per partner follow the language's rule: an
/// impossible value gives a blank (`formula::stats`).
fn check_small_sample(
    f: Func,
    name: &str,
    args: &[Expr],
    args_at: &[usize],
    names: &dyn Names,
) -> Result<(), FormulaError> {
    use Range::*;
    let rules: &[(Range, &str, &str)] = match f {
        Func::WilsonLower => &[
            (Count, "成功数", "successes"),
            (Count, "样本数", "sample size"),
            (OpenUnit, "置信水平", "confidence"),
        ],
        Func::BetaLower => &[
            (Count, "成功数", "successes"),
            (Count, "样本数", "sample size"),
            (NonNegative, "先验α", "prior alpha"),
            (NonNegative, "先验β", "prior beta"),
            (OpenUnit, "分位数", "quantile"),
        ],
        Func::Shrunk => &[
            (Count, "成功数", "successes"),
            (Count, "样本数", "sample size"),
            (Unit, "先验比率", "prior rate"),
            (NonNegative, "先验强度", "prior strength"),
        ],
        _ => return Ok(()),
    };
    fn known(e: &Expr, names: &dyn Names) -> Option<Decimal> {
        match e {
            Expr::Const(Value::Num(n)) => Some(*n),
            Expr::Neg(inner) => known(inner, names).map(|n| -n),
            Expr::Var(id) => names.constant(*id),
            _ => None,
        }
    }
    let values: Vec<Option<Decimal>> = args.iter().map(|a| known(a, names)).collect();
    for (k, ((range, zh, en), v)) in rules.iter().zip(&values).enumerate() {
        let Some(v) = *v else { continue };
        let at = args_at.get(k).copied().unwrap_or_default();
        let (ok, want_zh, want_en) = match range {
            Count => (
                v >= Decimal::ZERO && v.fract().is_zero(),
                "不小于 0 的整数",
                "a whole number, 0 or more",
            ),
            NonNegative => (v >= Decimal::ZERO, "不小于 0", "0 or more"),
            Unit => (
                v >= Decimal::ZERO && v <= Decimal::ONE,
                "在 0 与 1 之间（含 0 和 1；百分数写作小数，如 0.8）",
                "between 0 and 1 (inclusive; a percentage is written as a fraction, e.g. 0.8)",
            ),
            OpenUnit => (
                v > Decimal::ZERO && v < Decimal::ONE,
                "大于 0 且小于 1（百分数写作小数，如 0.95）",
                "greater than 0 and less than 1 (a percentage is written as a fraction, e.g. 0.95)",
            ),
        };
        if !ok {
            return Err(err(
                at,
                format!(
                    "{name} 的第 {} 个参数（{zh}）应{want_zh}，实际为 {v}",
                    k + 1
                ),
                format!(
                    "argument {} of {name} ({en}) must be {want_en}, not {v}",
                    k + 1
                ),
            ));
        }
    }
    if let (Some(Some(s)), Some(Some(n))) = (values.first(), values.get(1)) {
        if s > n {
            return Err(err(
                args_at.first().copied().unwrap_or_default(),
                format!("{name} 的成功数 {s} 大于样本数 {n}"),
                format!("{name}: successes {s} exceed the sample size {n}"),
            ));
        }
    }
    Ok(())
}

#[allow(clippy::too_many_arguments)]
fn aggregate(
    agg: Agg,
    table: &str,
    table_at: usize,
    value: Option<&Ast>,
    filter: Option<&Ast>,
    at: usize,
    names: &dyn Names,
    row: Option<Table>,
    src: &str,
) -> Result<(Expr, Ty), FormulaError> {
    if row.is_some() {
        return Err(err(
            at,
            "汇总函数不能嵌套在另一个汇总函数中".into(),
            "an aggregate cannot be nested in another".into(),
        ));
    }
    let table = lookup_table(table, table_at)?;
    let row_expr = match (agg, value) {
        (Agg::Sum, Some(v)) => {
            let (e, t) = resolve_in(v, names, Some(table), src)?;
            expect(at, Ty::Num, t)?;
            Some(Box::new(e))
        }
        (Agg::Sum, None) => {
            return Err(err(
                at,
                "sum 需要写明求和的字段，如 sum(services: participants)".into(),
                "sum needs a value, as in sum(services: participants)".into(),
            ))
        }
        (_, Some(_)) => {
            return Err(err(
                at,
                "count 与 months 只计行数，不需要「: 字段」".into(),
                "count and months count rows and take no \": value\"".into(),
            ))
        }
        (_, None) => None,
    };
    let filter = match filter {
        Some(f) => {
            let (e, t) = resolve_in(f, names, Some(table), src)?;
            expect(at, Ty::Bool, t)?;
            Some(Box::new(e))
        }
        None => None,
    };
    Ok((
        Expr::Agg {
            agg,
            table,
            row: row_expr,
            filter,
            text: Arc::from(""),
            memo: None,
        },
        Ty::Num,
    ))
}

fn lookup_table(name: &str, at: usize) -> Result<Table, FormulaError> {
    TABLES
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(_, t)| *t)
        .ok_or_else(|| {
            let all: Vec<_> = TABLES.iter().map(|(n, _)| *n).collect();
            err(
                at,
                format!("未知的表「{name}」；可用：{}", all.join("、")),
                format!("unknown table \"{name}\"; available: {}", all.join(", ")),
            )
        })
}

/// `table [where condition]`, as used for evidence records.
pub fn resolve_rows(
    tokens: &[Token],
    names: &dyn Names,
) -> Result<(Table, Option<(Expr, Ty)>), FormulaError> {
    let (name, at) = match tokens.first() {
        Some(Token {
            tok: Tok::Ident(n),
            at,
        }) => (n.clone(), *at),
        _ => {
            return Err(err(
                0,
                "应以表名开头，如 complaints where …".into(),
                "expected a table name first, as in complaints where …".into(),
            ))
        }
    };
    let table = lookup_table(&name, at)?;
    match tokens.get(1).map(|t| &t.tok) {
        Some(Tok::End) | None => return Ok((table, None)),
        Some(Tok::Ident(w)) if w == "where" => {}
        _ => {
            return Err(err(
                tokens[1].at,
                "表名后应为 where".into(),
                "expected where after the table name".into(),
            ))
        }
    }
    let ast = parse::parse(&tokens[2..])?;
    let (e, t) = resolve(&ast, names, Some(table))?;
    expect(tokens[2].at, Ty::Bool, t)?;
    Ok((table, Some((e, t))))
}
