//! Closed vocabularies (enums) that users type in Chinese, English or a
//! common synonym.
//!
//! Every enum of the data model is declared once with the `vocabulary!` macro:
//! its stable English key (used in results.json), its Chinese label (used in
//! reports) and the synonyms people actually type. Matching ignores case,
//! full-/half-width differences, spaces, `-` and `_`.

use std::collections::HashMap;

use crate::lang::Lang;
use crate::value::normalize;

/// Common behaviour of every vocabulary enum.
pub trait Vocabulary: Copy + Sized + 'static {
    /// Every value, in declaration order.
    fn all() -> &'static [Self];
    /// Stable machine key, e.g. `low_cost`.
    fn key(self) -> &'static str;
    /// Chinese label, e.g. `低偿`.
    fn zh(self) -> &'static str;
    /// English label where the key in words is not plain English
    /// (`welfare_low_cost_market` is "free + low-cost + market").
    fn en(self) -> Option<&'static str>;
    /// Reads a typed value; `None` when it matches nothing.
    fn parse(text: &str) -> Option<Self>;
    /// Label in the report language.
    fn label(self, lang: Lang) -> String {
        match lang {
            Lang::Zh => self.zh().to_string(),
            Lang::En => match self.en() {
                Some(en) => en.to_string(),
                None => self.key().replace('_', " "),
            },
        }
    }
    /// The accepted values, for error messages.
    fn allowed(lang: Lang) -> String {
        let sep = lang.pick("、", ", ");
        Self::all()
            .iter()
            .map(|v| v.label(lang))
            .collect::<Vec<_>>()
            .join(sep)
    }
}

/// Folds a typed value or synonym to the form used for matching.
pub fn fold(text: &str) -> String {
    normalize(text)
        .chars()
        .filter(|c| !c.is_whitespace() && !matches!(c, '-' | '_' | '·'))
        .flat_map(char::to_lowercase)
        .collect()
}

/// Builds the lookup table of one vocabulary from its (value, spellings) pairs.
pub fn lookup_table<T: Copy>(entries: &[(T, &[&str])]) -> HashMap<String, T> {
    let mut map = HashMap::new();
    for (value, spellings) in entries {
        for s in *spellings {
            map.entry(fold(s)).or_insert(*value);
        }
    }
    map
}

/// Declares a vocabulary enum: `Variant = "key", "中文", ["synonym", ...]`,
/// optionally followed by `en "English label"` (also accepted as input).
macro_rules! vocabulary {
    ($(#[$meta:meta])* $name:ident {
        $( $(#[$vmeta:meta])* $variant:ident = $key:literal, $zh:literal, [$($syn:literal),* $(,)?] $(en $en:literal)? );+ $(;)?
    }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
        pub enum $name {
            $( $(#[$vmeta])* #[serde(rename = $key)] $variant ),+
        }

        impl $crate::schema::vocab::Vocabulary for $name {
            fn all() -> &'static [Self] {
                &[$($name::$variant),+]
            }
            fn key(self) -> &'static str {
                // Read from one static table, so every copy of a key has one
                // address wherever it was inlined: formulas compare a field
                // with a literal (`pricing_mode == '低偿'`) by address.
                static KEYS: &[&str] = &[$($key),+];
                KEYS[self as usize]
            }
            fn zh(self) -> &'static str {
                match self { $($name::$variant => $zh),+ }
            }
            fn en(self) -> Option<&'static str> {
                match self { $($name::$variant => None $(.or(Some($en)))?),+ }
            }
            fn parse(text: &str) -> Option<Self> {
                static TABLE: std::sync::OnceLock<std::collections::HashMap<String, $name>> =
                    std::sync::OnceLock::new();
                let table = TABLE.get_or_init(|| {
                    $crate::schema::vocab::lookup_table(&[
                        $( ($name::$variant, &[$key, $zh $(, $en)? $(, $syn)*][..]) ),+
                    ])
                });
                // Folding is idempotent, so a value typed exactly as a
                // folded spelling, the usual case, is found without folding.
                table
                    .get(text)
                    .or_else(|| table.get(&$crate::schema::vocab::fold(text)))
                    .copied()
            }
        }
    };
}
pub(crate) use vocabulary;
