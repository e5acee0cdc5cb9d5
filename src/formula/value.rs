//! Values and types of formula expressions.

use chrono::NaiveDate;
use rust_decimal::Decimal;

use crate::lang::Lang;

/// A value while a formula is evaluated. Arithmetic is exact (Decimal), so
/// sums do not depend on the order of the rows.
#[derive(Debug, Clone, Copy)]
pub enum Value {
    Num(Decimal),
    Bool(bool),
    Date(NaiveDate),
    /// The key of a closed-list value, e.g. `low_cost`.
    Sym(&'static str),
    /// No data: a blank optional cell, a division by zero, a sum over rows
    /// that all lack the value.
    Missing,
}

impl PartialEq for Value {
    fn eq(&self, other: &Value) -> bool {
        match (self, other) {
            (Value::Num(a), Value::Num(b)) => a == b,
            (Value::Bool(a), Value::Bool(b)) => a == b,
            (Value::Date(a), Value::Date(b)) => a == b,
            // Keys are `&'static str` from one table: the same address is
            // the same key, the common case when a field meets its literal.
            (Value::Sym(a), Value::Sym(b)) => std::ptr::eq(*a, *b) || a == b,
            (Value::Missing, Value::Missing) => true,
            _ => false,
        }
    }
}

impl Value {
    pub fn num(self) -> Option<Decimal> {
        match self {
            Value::Num(n) => Some(n),
            _ => None,
        }
    }

    /// True only for `Bool(true)`: a blank never satisfies a condition.
    pub fn is_true(self) -> bool {
        self == Value::Bool(true)
    }
}

/// A closed list a field draws from, for checking literals like `'低偿'`.
#[derive(Clone, Copy)]
pub struct Choices {
    pub name_zh: &'static str,
    pub name_en: &'static str,
    pub parse: fn(&str) -> Option<&'static str>,
    pub allowed: fn(Lang) -> String,
}

impl std::fmt::Debug for Choices {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name_en)
    }
}

impl PartialEq for Choices {
    fn eq(&self, other: &Self) -> bool {
        self.name_en == other.name_en
    }
}

/// The type of an expression, checked when the formula is compiled.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Ty {
    Num,
    Bool,
    Date,
    Choice(Choices),
}

impl Ty {
    pub fn describe(self, lang: Lang) -> String {
        match self {
            Ty::Num => lang.pick("数值", "a number").into(),
            Ty::Bool => lang.pick("是/否", "a yes/no value").into(),
            Ty::Date => lang.pick("日期", "a date").into(),
            Ty::Choice(c) => match lang {
                Lang::Zh => format!("{}（可选值）", c.name_zh),
                Lang::En => format!("a {} value", c.name_en),
            },
        }
    }
}

/// The `Choices` of a vocabulary enum.
#[macro_export]
macro_rules! choices {
    ($t:ty, $zh:literal, $en:literal) => {
        $crate::formula::Choices {
            name_zh: $zh,
            name_en: $en,
            parse: |s| {
                <$t as $crate::schema::vocab::Vocabulary>::parse(s)
                    .map($crate::schema::vocab::Vocabulary::key)
            },
            allowed: <$t as $crate::schema::vocab::Vocabulary>::allowed,
        }
    };
}
