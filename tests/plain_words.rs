//! The documents an official publishes speak in words (DOMAIN.md §3.10 R8):
//! no formula, field name, command-line option or engine note appears in
//! any partner report or the district report, in either language.

mod common;

use partner_eval::lang::Lang;
use partner_eval::report::pdf::{self, Options, Templates};

/// Engine words a reader must never see: formula paths and aggregates,
/// the notes flags used to carry, option names.
const ENGINE: &[&str] = &[
    ".value",
    "fund.consecutive",
    "active_months",
    "count(",
    "sum(",
    "months(",
    "missing:",
    "prior_flag",
    "--previous",
    "--indicators",
    "na_when",
    "no_demand",
    " >= ",
    " <= ",
    " == ",
    " != ",
];

#[test]
fn no_published_report_shows_a_formula_or_an_option() {
    let (_, _, eval) = common::evaluated_samples();
    let templates = Templates::builtin();
    for lang in [Lang::Zh, Lang::En] {
        let tmp = tempfile::tempdir().unwrap();
        let opts = Options {
            lang,
            evaluator: None,
            templates: &templates,
            placement: Default::default(),
            progress: false,
        };
        let written = pdf::write(tmp.path(), &eval, &opts).unwrap();
        assert_eq!(written.partners.len(), eval.partners.len());
        let mut checked = 0;
        for file in written.partners.iter().chain(&written.districts) {
            let text = common::pdf_text(file);
            for prefix in ["partner.", "param.", "survey.", "district."] {
                assert!(
                    !names_a_path(&text, prefix),
                    "{} ({lang:?}) shows a {prefix}… name",
                    file.display()
                );
            }
            assert!(
                !has_identifier(&text),
                "{} ({lang:?}) shows a field name",
                file.display()
            );
            for word in ENGINE {
                assert!(
                    !text.contains(word),
                    "{} ({lang:?}) shows {word:?}",
                    file.display()
                );
            }
            checked += 1;
        }
        assert!(checked > eval.partners.len());
    }
}

/// Whether `prefix` is followed by a field name (`partner.fund_basis`), not
/// by the end of a sentence (`… for this partner. Set weights …`).
fn names_a_path(text: &str, prefix: &str) -> bool {
    text.match_indices(prefix).any(|(at, _)| {
        text[at + prefix.len()..]
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_lowercase() || c == '_')
    })
}

/// Whether the text holds a snake_case identifier (`pricing_mode`,
/// `fund_basis`): a field or option name, never a word of prose.
fn has_identifier(text: &str) -> bool {
    let chars: Vec<char> = text.chars().collect();
    chars
        .windows(3)
        .any(|w| w[1] == '_' && w[0].is_ascii_lowercase() && w[2].is_ascii_lowercase())
}
