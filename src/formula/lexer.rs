//! Splitting a formula into tokens, each with its character offset so that
//! errors can point at the place in the indicator file.

use rust_decimal::Decimal;

use super::FormulaError;

#[derive(Debug, Clone, PartialEq)]
pub enum Tok {
    Num(Decimal),
    Str(String),
    Ident(String),
    LParen,
    RParen,
    Comma,
    Colon,
    Dot,
    Plus,
    Minus,
    Star,
    Slash,
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
    End,
}

/// A token and the character offset where it starts.
#[derive(Debug, Clone, PartialEq)]
pub struct Token {
    pub tok: Tok,
    pub at: usize,
}

/// The longest formula accepted, in characters. The longest of the shipped
/// sets has about 200; a longer one was generated, and is refused before
/// it costs time or memory (its depth is bounded separately, see
/// `parse::MAX_DEPTH`).
pub const MAX_CHARS: usize = 4000;

pub fn tokenize(src: &str) -> Result<Vec<Token>, FormulaError> {
    let chars: Vec<char> = src.chars().collect();
    if chars.len() > MAX_CHARS {
        return Err(FormulaError::new(
            0,
            format!(
                "公式过长：{} 个字符，最多 {MAX_CHARS} 个；请拆成几个指标或参数",
                chars.len()
            ),
            format!(
                "the formula is too long: {} characters, at most {MAX_CHARS}; split it up",
                chars.len()
            ),
        ));
    }
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let at = i;
        let simple = match c {
            '(' | '（' => Some(Tok::LParen),
            ')' | '）' => Some(Tok::RParen),
            ',' | '，' => Some(Tok::Comma),
            ':' | '：' => Some(Tok::Colon),
            '+' => Some(Tok::Plus),
            '-' => Some(Tok::Minus),
            '*' | '×' => Some(Tok::Star),
            '/' | '÷' => Some(Tok::Slash),
            _ => None,
        };
        if c.is_whitespace() {
            i += 1;
        } else if let Some(tok) = simple {
            out.push(Token { tok, at });
            i += 1;
        } else if let Some((tok, len)) = comparison(&chars[i..]) {
            out.push(Token { tok, at });
            i += len;
        } else if c.is_ascii_digit()
            || (c == '.' && chars.get(i + 1).is_some_and(char::is_ascii_digit))
        {
            let start = i;
            while i < chars.len() && (chars[i].is_ascii_digit() || chars[i] == '.') {
                i += 1;
            }
            let text: String = chars[start..i].iter().collect();
            let n = text.parse::<Decimal>().map_err(|_| {
                FormulaError::new(
                    at,
                    format!("「{text}」不是有效的数字"),
                    format!("\"{text}\" is not a valid number"),
                )
            })?;
            out.push(Token {
                tok: Tok::Num(n),
                at,
            });
        } else if c == '.' {
            out.push(Token { tok: Tok::Dot, at });
            i += 1;
        } else if matches!(c, '\'' | '"' | '‘' | '’' | '“' | '”') {
            let (text, len) = string(&chars[i..], at)?;
            out.push(Token {
                tok: Tok::Str(text),
                at,
            });
            i += len;
        } else if c.is_alphanumeric() || c == '_' {
            let start = i;
            while i < chars.len() && (chars[i].is_alphanumeric() || chars[i] == '_') {
                i += 1;
            }
            out.push(Token {
                tok: Tok::Ident(chars[start..i].iter().collect()),
                at,
            });
        } else {
            return Err(FormulaError::new(
                at,
                format!("无法识别的字符「{c}」"),
                format!("unexpected character \"{c}\""),
            ));
        }
    }
    out.push(Token {
        tok: Tok::End,
        at: chars.len(),
    });
    Ok(out)
}

fn comparison(rest: &[char]) -> Option<(Tok, usize)> {
    let two: String = rest.iter().take(2).collect();
    match two.as_str() {
        "==" => return Some((Tok::Eq, 2)),
        "!=" | "<>" => return Some((Tok::Ne, 2)),
        "<=" => return Some((Tok::Le, 2)),
        ">=" => return Some((Tok::Ge, 2)),
        _ => {}
    }
    match rest.first()? {
        '=' => Some((Tok::Eq, 1)),
        '<' => Some((Tok::Lt, 1)),
        '>' => Some((Tok::Gt, 1)),
        '≤' => Some((Tok::Le, 1)),
        '≥' => Some((Tok::Ge, 1)),
        '≠' => Some((Tok::Ne, 1)),
        _ => None,
    }
}

/// A quoted string; returns its text and the number of characters used.
fn string(rest: &[char], at: usize) -> Result<(String, usize), FormulaError> {
    let close = match rest[0] {
        '‘' => '’',
        '“' => '”',
        q => q,
    };
    let end = rest[1..]
        .iter()
        .position(|&c| c == close)
        .ok_or_else(|| FormulaError::new(at, "引号没有闭合".into(), "unclosed quote".into()))?;
    Ok((rest[1..=end].iter().collect(), end + 2))
}
