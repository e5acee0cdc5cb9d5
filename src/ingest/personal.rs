//! Identity numbers (身份证号) typed into free text.
//!
//! The registry's own 身份证号 column never leaves the input, but a number
//! typed into a name or a complaint's 处理情况 would be published verbatim
//! in every output (and in a report's file name). Every text cell read into
//! a record passes through [`mask_id_numbers`], so all outputs see the
//! masked text; the row gets a warning naming the cell.

use super::row::mask;

/// Weights of the 17 leading digits (GB 11643-1999).
const WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
/// Check character for each remainder mod 11.
const CHECK: &[u8; 11] = b"10X98765432";

/// True when `s` is 17 ASCII digits and a check character that fits them.
pub fn is_id_number(s: &[u8]) -> bool {
    if s.len() != 18 || !s[..17].iter().all(u8::is_ascii_digit) {
        return false;
    }
    let sum: u32 = s[..17]
        .iter()
        .zip(WEIGHTS)
        .map(|(d, w)| u32::from(d - b'0') * w)
        .sum();
    s[17].to_ascii_uppercase() == CHECK[(sum % 11) as usize]
}

/// `text` with every valid 18-character identity number masked as the
/// problem list masks them (`510*************34`), or None when it holds
/// none. A number counts only standing alone: not inside a longer run of
/// digits (a bank account, an order number).
pub fn mask_id_numbers(text: &str) -> Option<String> {
    let b = text.as_bytes();
    // Fast path: most cells have no run of 17 digits.
    if b.len() < 18 {
        return None;
    }
    let mut out = String::new();
    let mut copied = 0;
    let mut i = 0;
    while i < b.len() {
        if !b[i].is_ascii_digit() {
            i += 1;
            continue;
        }
        let start = i;
        while i < b.len() && b[i].is_ascii_digit() {
            i += 1;
        }
        let mut end = i;
        // A trailing X/x check character belongs to the number.
        if end - start == 17 && end < b.len() && matches!(b[end], b'X' | b'x') {
            end += 1;
            i = end;
        }
        let after_ok = end >= b.len() || !b[end].is_ascii_digit();
        let before_ok = start == 0 || !b[start - 1].is_ascii_digit();
        if end - start == 18 && before_ok && after_ok && is_id_number(&b[start..end]) {
            out.push_str(&text[copied..start]);
            out.push_str(&mask(&text[start..end]));
            copied = end;
        }
    }
    if copied == 0 {
        return None;
    }
    out.push_str(&text[copied..]);
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    // 11010519491231002X is the standard's own example.
    #[test]
    fn check_digit_per_gb_11643() {
        assert!(is_id_number(b"11010519491231002X"));
        assert!(is_id_number(b"11010519491231002x"));
        assert!(!is_id_number(b"110105194912310021"));
        assert!(!is_id_number(b"11010519491231002"));
    }

    #[test]
    fn masks_numbers_standing_alone() {
        assert_eq!(
            mask_id_numbers("已联系 11010519491231002X 本人").as_deref(),
            Some("已联系 110*************2X 本人")
        );
        assert_eq!(
            mask_id_numbers("身份证11010519491231002X。").as_deref(),
            Some("身份证110*************2X。")
        );
        assert_eq!(mask_id_numbers("账号 911010519491231002X"), None);
        assert_eq!(mask_id_numbers("110105194912310021"), None);
        assert_eq!(mask_id_numbers("短文本"), None);
    }
}
