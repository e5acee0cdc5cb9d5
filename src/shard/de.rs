//! Reading results.json back: the parts of [`PartnerResult`] whose
//! serialised form is not what `#[derive(Deserialize)]` would read, and the
//! few types from other modules it holds. Each mirrors its `Serialize`
//! exactly, so a partner reads back to the same bytes.
//!
//! [`PartnerResult`]: crate::score::PartnerResult

use std::fmt;

use serde::de::{MapAccess, Visitor};
use serde::{Deserialize, Deserializer};

use crate::indicators::RankScope;
use crate::problem::Location;
use crate::score::{IndicatorResult, Rank};
use crate::value::Period;

/// Indicators are written as an object keyed by id, in the set's order;
/// the id is the key (the struct skips it).
pub fn indicators_by_id<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<IndicatorResult>, D::Error> {
    struct ById;
    impl<'de> Visitor<'de> for ById {
        type Value = Vec<IndicatorResult>;
        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            f.write_str("indicators keyed by id")
        }
        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
            let mut out = Vec::new();
            while let Some((id, mut ind)) = map.next_entry::<String, IndicatorResult>()? {
                ind.id = id;
                out.push(ind);
            }
            Ok(out)
        }
    }
    d.deserialize_map(ById)
}

/// Ranks are written as an object keyed by scope, in the set's order.
pub fn ranks_map<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<(RankScope, Rank)>, D::Error> {
    struct ByScope;
    impl<'de> Visitor<'de> for ByScope {
        type Value = Vec<(RankScope, Rank)>;
        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            f.write_str("ranks keyed by scope")
        }
        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
            let mut out = Vec::new();
            while let Some(entry) = map.next_entry::<RankScope, Rank>()? {
                out.push(entry);
            }
            Ok(out)
        }
    }
    d.deserialize_map(ByScope)
}

/// Mirrors `RankScope`'s `Serialize` (snake_case names).
#[derive(Deserialize)]
#[serde(remote = "RankScope", rename_all = "snake_case")]
enum RankScopeDef {
    District,
    Street,
    Community,
    PartnerType,
}

impl<'de> Deserialize<'de> for RankScope {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        RankScopeDef::deserialize(d)
    }
}

/// Mirrors `Location`'s derived `Serialize`.
#[derive(Deserialize)]
#[serde(remote = "Location")]
struct LocationDef {
    file: String,
    sheet: String,
    row: u32,
    column: String,
    header: String,
}

impl<'de> Deserialize<'de> for Location {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        LocationDef::deserialize(d)
    }
}

/// A period is written as its display text (`2025`, `2025Q3`, `2025-07`).
impl<'de> Deserialize<'de> for Period {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = String::deserialize(d)?;
        text.parse()
            .map_err(|_| serde::de::Error::custom(format!("not a period: {text:?}")))
    }
}
