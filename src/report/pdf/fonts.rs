//! The bundled Noto Sans SC (Regular and Bold, OFL-1.1), embedded in the
//! binary so that Chinese renders on a machine with no fonts installed.
//!
//! The files are parsed once per process and shared by every Typst engine
//! (`Font` clones are reference-counted). Typst draws a character the font
//! lacks as nothing at all, silently, so [`missing_chars`] checks coverage
//! before a report is compiled and the caller reports what would vanish.

use std::collections::BTreeSet;
use std::sync::OnceLock;

use typst::foundations::Bytes;
use typst::text::Font;

static REGULAR: &[u8] = include_bytes!("../../../report-templates/fonts/NotoSansSC_400Regular.ttf");
static BOLD: &[u8] = include_bytes!("../../../report-templates/fonts/NotoSansSC_700Bold.ttf");

/// The bundled faces, parsed on first use.
pub fn all() -> &'static [Font] {
    static FONTS: OnceLock<Vec<Font>> = OnceLock::new();
    FONTS.get_or_init(|| {
        [REGULAR, BOLD]
            .into_iter()
            .map(|data| Font::new(Bytes::new(data), 0).expect("the bundled font parses"))
            .collect()
    })
}

/// Characters of `text` that no bundled face can draw (whitespace and
/// control characters aside), in code-point order.
pub fn missing_chars(text: &str) -> BTreeSet<char> {
    let fonts = all();
    text.chars()
        .filter(|c| !c.is_whitespace() && !c.is_control())
        .filter(|&c| !fonts.iter().any(|f| f.info().coverage.contains(c as u32)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rare_name_characters_are_covered() {
        // Outside GB2312 but common in names: a GB2312 subset loses them.
        assert!(missing_chars("堃镕喆昇珺玥垚犇 郫筒街道 ¥‰—").is_empty());
    }

    #[test]
    fn characters_outside_the_font_are_found() {
        // An Egyptian hieroglyph and a private-use code point.
        let missing = missing_chars("张\u{13000}三\u{E000}");
        assert_eq!(
            missing.into_iter().collect::<Vec<_>>(),
            ['\u{E000}', '\u{13000}']
        );
    }
}
