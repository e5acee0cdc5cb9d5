//! Compact text for the tables that reach millions of rows.
//!
//! A city's service ledger has about six million rows but only a few
//! thousand distinct partner ids, activity names, space ids, evidence notes
//! and clerks. Holding each of those as its own `String` cost more than the
//! rest of the row, so the loader interns them: every row that repeats a
//! value points at one shared copy ([`Text`], made by an [`Interner`]).
//! The ids each row has to itself are [`Id`]s, kept inside the row when
//! short, as they usually are.
//!
//! Both read, compare, hash and serialise exactly like the `str` they hold.

use std::borrow::Borrow;
use std::collections::HashSet;
use std::fmt;
use std::ops::Deref;
use std::sync::Arc;

use ecow::EcoString;
use rustc_hash::FxBuildHasher;
use serde::{Serialize, Serializer};

/// Implements reading, comparing and serialising as a `str` for a type
/// with `fn as_str(&self) -> &str`.
macro_rules! str_like {
    ($t:ty) => {
        impl Deref for $t {
            type Target = str;

            fn deref(&self) -> &str {
                self.as_str()
            }
        }

        impl AsRef<str> for $t {
            fn as_ref(&self) -> &str {
                self.as_str()
            }
        }

        /// Lets sets and maps keyed by it be searched with a `&str`.
        impl Borrow<str> for $t {
            fn borrow(&self) -> &str {
                self.as_str()
            }
        }

        impl PartialEq for $t {
            fn eq(&self, other: &$t) -> bool {
                self.as_str() == other.as_str()
            }
        }

        impl Eq for $t {}

        impl PartialOrd for $t {
            fn partial_cmp(&self, other: &$t) -> Option<std::cmp::Ordering> {
                Some(self.cmp(other))
            }
        }

        impl Ord for $t {
            fn cmp(&self, other: &$t) -> std::cmp::Ordering {
                self.as_str().cmp(other.as_str())
            }
        }

        /// Hashes as the `str`, as [`Borrow`] requires.
        impl std::hash::Hash for $t {
            fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
                self.as_str().hash(state)
            }
        }

        impl PartialEq<str> for $t {
            fn eq(&self, other: &str) -> bool {
                self.as_str() == other
            }
        }

        impl PartialEq<&str> for $t {
            fn eq(&self, other: &&str) -> bool {
                self.as_str() == *other
            }
        }

        impl PartialEq<String> for $t {
            fn eq(&self, other: &String) -> bool {
                self.as_str() == other
            }
        }

        impl PartialEq<$t> for String {
            fn eq(&self, other: &$t) -> bool {
                self == other.as_str()
            }
        }

        impl PartialEq<$t> for &str {
            fn eq(&self, other: &$t) -> bool {
                *self == other.as_str()
            }
        }

        impl fmt::Display for $t {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                fmt::Display::fmt(self.as_str(), f)
            }
        }

        impl fmt::Debug for $t {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                fmt::Debug::fmt(self.as_str(), f)
            }
        }

        /// Serialised as the plain string: results do not show the storage.
        impl Serialize for $t {
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl From<&str> for $t {
            fn from(s: &str) -> Self {
                <$t>::new(s)
            }
        }

        impl From<String> for $t {
            fn from(s: String) -> Self {
                <$t>::new(&s)
            }
        }
    };
}

/// A text shared by the rows that repeat it: one pointer in the row (an
/// `Option<Text>` too), the string stored once by the file's [`Interner`].
#[derive(Clone)]
pub struct Text(Arc<Box<str>>);

impl Text {
    fn new(s: &str) -> Self {
        Text(Arc::new(s.into()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

str_like!(Text);

/// A row's own id, such as a service record's 记录编号: kept in the row up
/// to 15 bytes (`FW-PDAD04-0001`), on the heap beyond.
#[derive(Clone)]
pub struct Id(EcoString);

impl Id {
    pub fn new(s: &str) -> Self {
        Id(s.into())
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

str_like!(Id);

/// The distinct texts of one input file, each stored once. Looking up a
/// text already seen neither allocates nor copies it.
#[derive(Debug, Default)]
pub struct Interner {
    known: HashSet<Text, FxBuildHasher>,
}

impl Interner {
    /// The shared copy of `s`, made on first sight.
    pub fn intern(&mut self, s: &str) -> Text {
        if let Some(text) = self.known.get(s) {
            return text.clone();
        }
        let text = Text::new(s);
        self.known.insert(text.clone());
        text
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn repeats_share_one_copy() {
        let mut interner = Interner::default();
        let a = interner.intern("PD-AD04-001");
        let b = interner.intern("PD-AD04-001");
        assert!(Arc::ptr_eq(&a.0, &b.0));
        assert_ne!(a, interner.intern("PD-AD04-002"));
    }

    #[test]
    fn read_and_serialise_as_the_string() {
        let long = "签到表、照片、新闻稿";
        for (shown, json) in [
            (
                Text::from(long).to_string(),
                serde_json::to_string(&Text::from(long)),
            ),
            (
                Id::from(long).to_string(),
                serde_json::to_string(&Id::from(long)),
            ),
            (
                Id::from("FW-1").to_string(),
                serde_json::to_string(&Id::from("FW-1")),
            ),
        ] {
            assert_eq!(json.unwrap(), serde_json::to_string(&shown).unwrap());
        }
        assert_eq!(Text::from(long), long);
        assert_eq!(Id::from(long), long.to_string());
        assert_eq!(format!("{:?}", Id::from("FW-1")), format!("{:?}", "FW-1"));
    }

    #[test]
    fn rows_hold_a_pointer_or_a_short_id() {
        assert_eq!(size_of::<Option<Text>>(), 8);
        assert_eq!(size_of::<Id>(), 16);
    }
}
