//! Folding the character variants that Chinese input methods produce.
//!
//! A user in full-width mode types `１２３４`, `２０％` or `（备注）`; copying from
//! a web page or WeChat brings non-breaking spaces and zero-width characters.
//! They look identical on screen, so every parser and matcher folds them first.

use std::borrow::Cow;

/// Folds full-width ASCII to half-width, turns the ideographic space and NBSP
/// into a plain space, drops zero-width characters, and trims.
///
/// `【】` are not ASCII and stay as typed. Text with nothing to fold, as most
/// cells are, comes back borrowed: every typed cell passes through here.
pub fn normalize(s: &str) -> Cow<'_, str> {
    if s.is_ascii() || s.chars().all(|c| fold(c) == Some(c)) {
        return Cow::Borrowed(s.trim());
    }
    let folded: String = s.chars().filter_map(fold).collect();
    Cow::Owned(folded.trim().to_owned())
}

/// The half-width form of one character, or `None` for an invisible one.
fn fold(c: char) -> Option<char> {
    match c {
        // U+FF01..=U+FF5E sit exactly 0xFEE0 above their ASCII twins.
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(u32::from(c) - 0xFEE0),
        '\u{3000}' | '\u{A0}' => Some(' '),
        // Zero-width space, joiners and the byte-order mark.
        '\u{200B}'..='\u{200D}' | '\u{FEFF}' => None,
        _ => Some(c),
    }
}

#[cfg(test)]
mod tests {
    use super::normalize;

    #[test]
    fn ascii_is_only_trimmed() {
        assert_eq!(normalize("  a b \t"), "a b");
        assert_eq!(normalize(""), "");
    }

    #[test]
    fn full_width_becomes_half_width() {
        assert_eq!(normalize("１２３４"), "1234");
        assert_eq!(normalize("２０％"), "20%");
        assert_eq!(normalize("ＡＢＣｘｙｚ"), "ABCxyz");
        assert_eq!(normalize("１，２３４．５"), "1,234.5");
        assert_eq!(normalize("！～"), "!~");
    }

    #[test]
    fn brackets() {
        assert_eq!(normalize("（备注）"), "(备注)");
        assert_eq!(normalize("【备注】"), "【备注】");
    }

    #[test]
    fn spaces_fold_and_trim() {
        assert_eq!(normalize("\u{3000}张\u{3000}三\u{a0}"), "张 三");
        assert_eq!(normalize("\u{a0}12\u{a0}"), "12");
    }

    #[test]
    fn invisible_characters_are_dropped() {
        assert_eq!(normalize("\u{FEFF}姓名"), "姓名");
        assert_eq!(normalize("12\u{200B}34"), "1234");
    }

    #[test]
    fn other_text_is_kept() {
        assert_eq!(normalize("社区合伙人 ¥ ￥ ㎡"), "社区合伙人 ¥ ￥ ㎡");
    }
}
