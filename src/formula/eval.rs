//! Evaluating a checked formula for one partner.

use rust_decimal::Decimal;

use super::compile::{Expr, Func};
use super::fields::{month_key, Table};
use super::memo::Memo;
use super::parse::{Agg, BinOp};
use super::value::Value;
use crate::model::{Dataset, Partner};

/// What a formula sees of one partner.
pub trait Scope {
    fn dataset(&self) -> &Dataset;
    fn partner(&self) -> &Partner;
    /// Indices (into the dataset's table) of this partner's rows in the
    /// evaluation period.
    fn rows(&self, table: Table) -> &[u32];
    /// The value of a name resolved through `Names`.
    fn var(&self, id: usize) -> Value;
    /// Where to keep aggregates that read the names `vars` (see
    /// [`super::memo`]): `None` to compute them every time, which is always
    /// correct. A scope returns its memo only when none of `vars` can change
    /// value while the memo lives.
    fn memo(&self, vars: &[usize]) -> Option<&Memo> {
        let _ = vars;
        None
    }
    /// The market reference price of service row `i` (see
    /// [`Dataset::market_reference`]); a scope may answer from an index.
    fn market_reference(&self, i: usize) -> Option<Decimal> {
        let ds = self.dataset();
        ds.market_reference(&ds.services[i])
    }
}

/// Evaluates `e`; `row` is the record in scope inside an aggregate.
pub fn eval(e: &Expr, scope: &dyn Scope, row: Option<(Table, usize)>) -> Value {
    match e {
        Expr::Const(v) => *v,
        Expr::Var(id) => scope.var(*id),
        Expr::Field(get) => match row {
            Some((_, i)) => get(scope, i),
            None => Value::Missing,
        },
        Expr::Neg(inner) => match eval(inner, scope, row) {
            Value::Num(n) => Value::Num(-n),
            _ => Value::Missing,
        },
        // A blank yes/no is "not yes": `not verified` holds for a blank.
        Expr::Not(inner) => Value::Bool(!eval(inner, scope, row).is_true()),
        Expr::Binary(op, l, r) => binary(*op, l, r, scope, row),
        Expr::In(value, list, negated) => {
            let v = eval(value, scope, row);
            let found = v != Value::Missing && list.contains(&v);
            Value::Bool(found != *negated)
        }
        Expr::Func(f, args) => func(*f, args, scope, row),
        Expr::Agg {
            agg,
            table,
            row: value,
            filter,
            memo,
            ..
        } => {
            let compute = || aggregate(*agg, *table, value.as_deref(), filter.as_deref(), scope);
            match memo
                .as_ref()
                .and_then(|m| Some((m.key, scope.memo(&m.vars)?)))
            {
                Some((key, kept)) => kept.value(key, compute),
                None => compute(),
            }
        }
    }
}

fn binary(op: BinOp, l: &Expr, r: &Expr, scope: &dyn Scope, row: Option<(Table, usize)>) -> Value {
    use BinOp::*;
    match op {
        And => return Value::Bool(eval(l, scope, row).is_true() && eval(r, scope, row).is_true()),
        Or => return Value::Bool(eval(l, scope, row).is_true() || eval(r, scope, row).is_true()),
        _ => {}
    }
    let (a, b) = (eval(l, scope, row), eval(r, scope, row));
    if a == Value::Missing || b == Value::Missing {
        // A blank equals nothing, so it differs from everything.
        return match op {
            Add | Sub | Mul | Div => Value::Missing,
            Ne => Value::Bool(true),
            _ => Value::Bool(false),
        };
    }
    match (op, a, b) {
        (Add, Value::Num(x), Value::Num(y)) => x.checked_add(y).map_or(Value::Missing, Value::Num),
        (Sub, Value::Num(x), Value::Num(y)) => x.checked_sub(y).map_or(Value::Missing, Value::Num),
        (Mul, Value::Num(x), Value::Num(y)) => x.checked_mul(y).map_or(Value::Missing, Value::Num),
        (Div, Value::Num(x), Value::Num(y)) => x.checked_div(y).map_or(Value::Missing, Value::Num),
        (Eq, a, b) => Value::Bool(a == b),
        (Ne, a, b) => Value::Bool(a != b),
        (op, a, b) => Value::Bool(order(op, a, b)),
    }
}

fn order(op: BinOp, a: Value, b: Value) -> bool {
    let ord = match (a, b) {
        (Value::Num(x), Value::Num(y)) => x.cmp(&y),
        (Value::Date(x), Value::Date(y)) => x.cmp(&y),
        _ => return false,
    };
    match op {
        BinOp::Lt => ord.is_lt(),
        BinOp::Le => ord.is_le(),
        BinOp::Gt => ord.is_gt(),
        BinOp::Ge => ord.is_ge(),
        _ => false,
    }
}

fn func(f: Func, args: &[Expr], scope: &dyn Scope, row: Option<(Table, usize)>) -> Value {
    let arg = |i: usize| eval(&args[i], scope, row);
    match f {
        Func::If => {
            if arg(0).is_true() {
                arg(1)
            } else {
                arg(2)
            }
        }
        Func::Max | Func::Min => {
            let nums = (0..args.len()).filter_map(|i| arg(i).num());
            let best = if f == Func::Max {
                nums.max()
            } else {
                nums.min()
            };
            best.map_or(Value::Missing, Value::Num)
        }
        Func::Coalesce => (0..args.len())
            .map(arg)
            .find(|v| *v != Value::Missing)
            .unwrap_or(Value::Missing),
        Func::Days => match (arg(0), arg(1)) {
            (Value::Date(a), Value::Date(b)) => Value::Num(Decimal::from((b - a).num_days())),
            _ => Value::Missing,
        },
        Func::Abs => arg(0).num().map_or(Value::Missing, |n| Value::Num(n.abs())),
        Func::WilsonLower => super::stats::wilson_lower(&[arg(0), arg(1), arg(2)]),
        Func::BetaLower => super::stats::beta_lower(&[arg(0), arg(1), arg(2), arg(3), arg(4)]),
        Func::Shrunk => super::stats::shrunk(&[arg(0), arg(1), arg(2), arg(3)]),
    }
}

fn aggregate(
    agg: Agg,
    table: Table,
    value: Option<&Expr>,
    filter: Option<&Expr>,
    scope: &dyn Scope,
) -> Value {
    let ds = scope.dataset();
    let rows = scope
        .rows(table)
        .iter()
        .map(|&i| i as usize)
        .filter(|&i| match filter {
            Some(f) => eval(f, scope, Some((table, i))).is_true(),
            None => true,
        });
    match agg {
        Agg::Count => Value::Num(Decimal::from(rows.count())),
        Agg::Months => {
            let mut months: Vec<i32> = rows
                .filter_map(|i| table.date(ds, i))
                .map(month_key)
                .collect();
            months.sort_unstable();
            months.dedup();
            Value::Num(Decimal::from(months.len()))
        }
        Agg::Sum => {
            let Some(value) = value else {
                return Value::Missing;
            };
            let (mut total, mut matched, mut present) = (Decimal::ZERO, 0usize, 0usize);
            for i in rows {
                matched += 1;
                if let Value::Num(n) = eval(value, scope, Some((table, i))) {
                    present += 1;
                    total = match total.checked_add(n) {
                        Some(t) => t,
                        None => return Value::Missing,
                    };
                }
            }
            // Rows that all lack the value are missing data, not zero.
            if matched > 0 && present == 0 {
                Value::Missing
            } else {
                Value::Num(total)
            }
        }
    }
}
