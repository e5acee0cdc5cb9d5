//! The grammar of indicator formulas, parsed by recursive descent.
//!
//! ```text
//! expr    := or
//! or      := and ("or" and)*
//! and     := not ("and" not)*
//! not     := "not" not | cmp
//! cmp     := sum (("=="|"!="|"<"|"<="|">"|">=") sum | ["not"] "in" "(" expr ("," expr)* ")")?
//! sum     := product (("+"|"-") product)*
//! product := unary (("*"|"/") unary)*
//! unary   := "-" unary | atom
//! atom    := number | 'text' | "(" expr ")" | name("." name)*
//!          | aggregate "(" table [":" expr] ["where" expr] ")"
//!          | function "(" expr ("," expr)* ")"
//! ```
//! `aggregate` is `sum`, `count` or `months`; `function` is one of
//! `if`, `max`, `min`, `coalesce`, `days`, `abs`, `wilson_lower`,
//! `beta_lower`, `shrunk`.
//!
//! Depth is bounded ([`MAX_DEPTH`]): the parser, the checker, the evaluator
//! and even dropping the tree recurse once per level, and an indicator file
//! written by a script (5,000 nested parentheses, a sum of 20,000 terms)
//! must end in a located error, not in a stack overflow that aborts the
//! process. The parser counts its own nesting as it descends; the depth of
//! the finished tree (where `a + b + c + …` is one level per operator) is
//! checked after, without recursion.

use rust_decimal::Decimal;

use super::lexer::{Tok, Token};
use super::FormulaError;

/// What an aggregate computes over the partner's records.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Agg {
    /// Σ of the row expression.
    Sum,
    /// Number of rows.
    Count,
    /// Number of distinct calendar months with at least one row.
    Months,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BinOp {
    Add,
    Sub,
    Mul,
    Div,
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
    And,
    Or,
}

/// A parsed formula, names not yet resolved. `at` is a character offset.
#[derive(Debug, Clone, PartialEq)]
pub enum Ast {
    Num(Decimal),
    Str(String, usize),
    Path(Vec<String>, usize),
    Neg(Box<Ast>, usize),
    Not(Box<Ast>, usize),
    Binary(BinOp, Box<Ast>, Box<Ast>, usize),
    In {
        value: Box<Ast>,
        list: Vec<Ast>,
        negated: bool,
        at: usize,
    },
    Call {
        name: String,
        args: Vec<Ast>,
        at: usize,
        /// Where each argument starts, for errors about one argument.
        args_at: Vec<usize>,
    },
    Agg {
        agg: Agg,
        table: String,
        table_at: usize,
        row: Option<Box<Ast>>,
        filter: Option<Box<Ast>>,
        at: usize,
        /// Character offset just past the closing parenthesis.
        end: usize,
    },
}

/// The deepest formula accepted: levels of parentheses, functions,
/// aggregates, `not`, minus signs and operators (each operator of a chain
/// `a + b + c` is a level). The deepest formula of the shipped sets is 7
/// levels deep; 64 leaves room for generated files and keeps every
/// recursive walk well inside the 2 MB stack of a worker thread (a debug
/// build needs under 1 MB for it, see the test in `formula`).
pub const MAX_DEPTH: usize = 64;

pub fn parse(tokens: &[Token]) -> Result<Ast, FormulaError> {
    let mut p = Parser {
        tokens,
        pos: 0,
        depth: 0,
    };
    let ast = p.expr()?;
    match p.peek() {
        Tok::End => {
            check_depth(&ast)?;
            Ok(ast)
        }
        _ => Err(p.unexpected("运算符或结尾", "an operator or the end")),
    }
}

fn too_deep(at: usize) -> FormulaError {
    FormulaError::new(
        at,
        format!(
            "公式嵌套过深：括号、函数与运算的嵌套超过 {MAX_DEPTH} 层（一长串 a + b + c … 中每个运算符算一层）；请拆成几个指标或参数"
        ),
        format!(
            "the formula nests too deeply: more than {MAX_DEPTH} levels of parentheses, functions and operators (each operator of a long a + b + c … is a level); split it up"
        ),
    )
}

/// The depth of the tree, walked with an explicit stack: refused past
/// [`MAX_DEPTH`] at the node where it is crossed.
fn check_depth(ast: &Ast) -> Result<(), FormulaError> {
    let mut stack: Vec<(&Ast, usize, usize)> = vec![(ast, 1, 0)];
    while let Some((node, depth, outer_at)) = stack.pop() {
        let at = node_at(node).unwrap_or(outer_at);
        if depth > MAX_DEPTH {
            return Err(too_deep(at));
        }
        for child in children(node) {
            stack.push((child, depth + 1, at));
        }
    }
    Ok(())
}

fn children(node: &Ast) -> Vec<&Ast> {
    match node {
        Ast::Num(_) | Ast::Str(..) | Ast::Path(..) => Vec::new(),
        Ast::Neg(inner, _) | Ast::Not(inner, _) => vec![inner],
        Ast::Binary(_, l, r, _) => vec![l, r],
        Ast::In { value, list, .. } => std::iter::once(&**value).chain(list).collect(),
        Ast::Call { args, .. } => args.iter().collect(),
        Ast::Agg { row, filter, .. } => row.iter().chain(filter.iter()).map(|c| &**c).collect(),
    }
}

fn node_at(node: &Ast) -> Option<usize> {
    match node {
        Ast::Num(_) => None,
        Ast::Str(_, at)
        | Ast::Path(_, at)
        | Ast::Neg(_, at)
        | Ast::Not(_, at)
        | Ast::Binary(.., at)
        | Ast::In { at, .. }
        | Ast::Call { at, .. }
        | Ast::Agg { at, .. } => Some(*at),
    }
}

struct Parser<'a> {
    tokens: &'a [Token],
    pos: usize,
    /// Current nesting of the recursive descent (see [`MAX_DEPTH`]).
    depth: usize,
}

impl Parser<'_> {
    fn peek(&self) -> &Tok {
        &self.tokens[self.pos.min(self.tokens.len() - 1)].tok
    }

    fn at(&self) -> usize {
        self.tokens[self.pos.min(self.tokens.len() - 1)].at
    }

    fn bump(&mut self) -> Tok {
        let t = self.peek().clone();
        if self.pos < self.tokens.len() - 1 {
            self.pos += 1;
        }
        t
    }

    fn keyword(&self, word: &str) -> bool {
        matches!(self.peek(), Tok::Ident(w) if w == word)
    }

    fn unexpected(&self, zh: &str, en: &str) -> FormulaError {
        let found = match self.peek() {
            Tok::End => {
                return FormulaError::new(
                    self.at(),
                    format!("公式不完整，缺少{zh}"),
                    format!("the formula ends early; expected {en}"),
                )
            }
            Tok::Num(n) => n.to_string(),
            Tok::Str(s) => format!("'{s}'"),
            Tok::Ident(s) => s.clone(),
            other => format!("{other:?}"),
        };
        FormulaError::new(
            self.at(),
            format!("此处应为{zh}，却是「{found}」"),
            format!("expected {en}, found \"{found}\""),
        )
    }

    fn expect(&mut self, tok: Tok, zh: &str, en: &str) -> Result<(), FormulaError> {
        if *self.peek() == tok {
            self.bump();
            Ok(())
        } else {
            Err(self.unexpected(zh, en))
        }
    }

    /// Runs one nested level of the descent, refused past [`MAX_DEPTH`].
    fn nested(
        &mut self,
        inner: fn(&mut Self) -> Result<Ast, FormulaError>,
    ) -> Result<Ast, FormulaError> {
        if self.depth >= MAX_DEPTH {
            return Err(too_deep(self.at()));
        }
        self.depth += 1;
        let ast = inner(self);
        self.depth -= 1;
        ast
    }

    fn expr(&mut self) -> Result<Ast, FormulaError> {
        self.nested(Self::or)
    }

    fn or(&mut self) -> Result<Ast, FormulaError> {
        let mut left = self.and()?;
        while self.keyword("or") {
            let at = self.at();
            self.bump();
            left = Ast::Binary(BinOp::Or, Box::new(left), Box::new(self.and()?), at);
        }
        Ok(left)
    }

    fn and(&mut self) -> Result<Ast, FormulaError> {
        let mut left = self.not()?;
        while self.keyword("and") {
            let at = self.at();
            self.bump();
            left = Ast::Binary(BinOp::And, Box::new(left), Box::new(self.not()?), at);
        }
        Ok(left)
    }

    fn not(&mut self) -> Result<Ast, FormulaError> {
        if self.keyword("not") {
            self.bump();
            let at = self.at();
            return Ok(Ast::Not(Box::new(self.nested(Self::not)?), at));
        }
        self.cmp()
    }

    fn cmp(&mut self) -> Result<Ast, FormulaError> {
        let left = self.sum()?;
        let at = self.at();
        let op = match self.peek() {
            Tok::Eq => BinOp::Eq,
            Tok::Ne => BinOp::Ne,
            Tok::Lt => BinOp::Lt,
            Tok::Le => BinOp::Le,
            Tok::Gt => BinOp::Gt,
            Tok::Ge => BinOp::Ge,
            Tok::Ident(w) if w == "in" || w == "not" => return self.membership(left),
            _ => return Ok(left),
        };
        self.bump();
        Ok(Ast::Binary(op, Box::new(left), Box::new(self.sum()?), at))
    }

    fn membership(&mut self, value: Ast) -> Result<Ast, FormulaError> {
        let at = self.at();
        let negated = self.keyword("not");
        if negated {
            self.bump();
        }
        if !self.keyword("in") {
            return Err(self.unexpected("in", "in"));
        }
        self.bump();
        self.expect(Tok::LParen, "「(」", "\"(\"")?;
        let mut list = vec![self.expr()?];
        while *self.peek() == Tok::Comma {
            self.bump();
            list.push(self.expr()?);
        }
        self.expect(Tok::RParen, "「)」", "\")\"")?;
        Ok(Ast::In {
            value: Box::new(value),
            list,
            negated,
            at,
        })
    }

    fn sum(&mut self) -> Result<Ast, FormulaError> {
        let mut left = self.product()?;
        loop {
            let op = match self.peek() {
                Tok::Plus => BinOp::Add,
                Tok::Minus => BinOp::Sub,
                _ => return Ok(left),
            };
            let at = self.at();
            self.bump();
            left = Ast::Binary(op, Box::new(left), Box::new(self.product()?), at);
        }
    }

    fn product(&mut self) -> Result<Ast, FormulaError> {
        let mut left = self.unary()?;
        loop {
            let op = match self.peek() {
                Tok::Star => BinOp::Mul,
                Tok::Slash => BinOp::Div,
                _ => return Ok(left),
            };
            let at = self.at();
            self.bump();
            left = Ast::Binary(op, Box::new(left), Box::new(self.unary()?), at);
        }
    }

    fn unary(&mut self) -> Result<Ast, FormulaError> {
        if *self.peek() == Tok::Minus {
            let at = self.at();
            self.bump();
            return Ok(Ast::Neg(Box::new(self.nested(Self::unary)?), at));
        }
        self.atom()
    }

    fn atom(&mut self) -> Result<Ast, FormulaError> {
        let at = self.at();
        let start = self.pos;
        match self.bump() {
            Tok::Num(n) => Ok(Ast::Num(n)),
            Tok::Str(s) => Ok(Ast::Str(s, at)),
            Tok::LParen => {
                let inner = self.expr()?;
                self.expect(Tok::RParen, "「)」", "\")\"")?;
                Ok(inner)
            }
            Tok::Ident(name) if *self.peek() == Tok::LParen => self.call(name, at),
            Tok::Ident(name) => {
                let mut path = vec![name];
                while *self.peek() == Tok::Dot {
                    self.bump();
                    match self.bump() {
                        Tok::Ident(n) => path.push(n),
                        _ => {
                            return Err(FormulaError::new(
                                self.at(),
                                "「.」后应为名称".into(),
                                "expected a name after \".\"".into(),
                            ))
                        }
                    }
                }
                Ok(Ast::Path(path, at))
            }
            _ => {
                self.pos = start;
                Err(self.unexpected("数值、名称或「(」", "a number, a name or \"(\""))
            }
        }
    }

    fn call(&mut self, name: String, at: usize) -> Result<Ast, FormulaError> {
        self.bump(); // (
        let agg = match name.as_str() {
            "sum" => Some(Agg::Sum),
            "count" => Some(Agg::Count),
            "months" => Some(Agg::Months),
            _ => None,
        };
        if let Some(agg) = agg {
            return self.aggregate(agg, at);
        }
        let mut args_at = vec![self.at()];
        let mut args = vec![self.expr()?];
        while *self.peek() == Tok::Comma {
            self.bump();
            args_at.push(self.at());
            args.push(self.expr()?);
        }
        self.expect(Tok::RParen, "「)」", "\")\"")?;
        Ok(Ast::Call {
            name,
            args,
            at,
            args_at,
        })
    }

    fn aggregate(&mut self, agg: Agg, at: usize) -> Result<Ast, FormulaError> {
        let table_at = self.at();
        let start = self.pos;
        let table = match self.bump() {
            Tok::Ident(t) => t,
            _ => {
                self.pos = start;
                return Err(self.unexpected("表名（如 services）", "a table name such as services"));
            }
        };
        let row = if *self.peek() == Tok::Colon {
            self.bump();
            Some(Box::new(self.row_expr()?))
        } else {
            None
        };
        let filter = if self.keyword("where") {
            self.bump();
            Some(Box::new(self.expr()?))
        } else {
            None
        };
        let end = self.at() + 1;
        self.expect(Tok::RParen, "「)」", "\")\"")?;
        Ok(Ast::Agg {
            agg,
            table,
            table_at,
            row,
            filter,
            at,
            end,
        })
    }

    /// The per-row value of `sum(table: value where …)`: arithmetic only, so
    /// that `where` is not taken as part of it.
    fn row_expr(&mut self) -> Result<Ast, FormulaError> {
        self.nested(Self::sum)
    }
}
