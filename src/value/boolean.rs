//! Yes/no columns (has a venue, signed the agreement).
//!
//! Chinese sheets mark yes/no with characters (`是`/`否`, `有`/`无`), tick and
//! cross symbols, or English letters; ods files deliver booleans as 1 and 0.

use super::{literal, with_text, ValueError};
use crate::ingest::cell::Cell;

/// Words read as yes, compared after ASCII lower-casing.
const YES: [&str; 11] = [
    "是", "y", "yes", "true", "1", "√", "✓", "✔", "对", "有", "t",
];

/// Words read as no, compared after ASCII lower-casing.
const NO: [&str; 12] = [
    "否", "n", "no", "false", "0", "×", "✗", "✘", "x", "错", "无", "f",
];

/// Reads a yes/no cell.
pub fn boolean(cell: &Cell) -> Result<Option<bool>, ValueError> {
    match cell {
        Cell::Empty => Ok(None),
        Cell::Error(_) => Err(ValueError::ErrorCell),
        Cell::Bool(b) => Ok(Some(*b)),
        Cell::Number(n) => match literal::finite(*n)? {
            1.0 => Ok(Some(true)),
            0.0 => Ok(Some(false)),
            _ => Err(ValueError::Unreadable),
        },
        Cell::Text(s) => with_text(s, boolean_text),
        Cell::Date(_) => Err(ValueError::Unreadable),
    }
}

fn boolean_text(s: &str) -> Result<bool, ValueError> {
    // The words are lower case, so this is comparing `s` lower-cased.
    let is = |words: &[&str]| words.iter().any(|w| w.eq_ignore_ascii_case(s));
    if is(&YES) {
        Ok(true)
    } else if is(&NO) {
        Ok(false)
    } else {
        Err(ValueError::Unreadable)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(s: &str) -> Cell {
        Cell::Text(s.to_string())
    }

    #[test]
    fn yes() {
        for s in [
            "是", "Y", "y", "yes", "Yes", "YES", "true", "TRUE", "1", "√", "✓", "✔", "对", "有",
            "T", "t", "Ｙ", " 是 ",
        ] {
            assert_eq!(boolean(&t(s)), Ok(Some(true)), "{s}");
        }
    }

    #[test]
    fn no() {
        for s in [
            "否", "N", "n", "no", "NO", "false", "FALSE", "0", "×", "✗", "✘", "X", "x", "错", "无",
            "F", "f",
        ] {
            assert_eq!(boolean(&t(s)), Ok(Some(false)), "{s}");
        }
    }

    #[test]
    fn cells() {
        assert_eq!(boolean(&Cell::Bool(true)), Ok(Some(true)));
        assert_eq!(boolean(&Cell::Bool(false)), Ok(Some(false)));
        assert_eq!(boolean(&Cell::Number(1.0)), Ok(Some(true)));
        assert_eq!(boolean(&Cell::Number(0.0)), Ok(Some(false)));
        assert_eq!(boolean(&Cell::Number(2.0)), Err(ValueError::Unreadable));
        assert_eq!(boolean(&Cell::Number(0.5)), Err(ValueError::Unreadable));
        assert_eq!(boolean(&Cell::Number(f64::NAN)), Err(ValueError::NotFinite));
    }

    #[test]
    fn unreadable() {
        for s in [
            "是的",
            "不是",
            "maybe",
            "yes!",
            "2",
            "1.0",
            "有无",
            "?",
            "😀",
            "ｙｅｓｎｏ",
        ] {
            assert_eq!(boolean(&t(s)), Err(ValueError::Unreadable), "{s}");
        }
    }
}
