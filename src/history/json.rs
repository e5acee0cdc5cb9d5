//! results.json as `partner-eval evaluate` writes it (see
//! `score::result`): only the fields history needs are read, the rest is
//! skipped, so later additions to the layout do not break reading it.

use std::fmt;

use rust_decimal::Decimal;
use serde::de::{MapAccess, Visitor};
use serde::{Deserialize, Deserializer};

use super::{HistoryError, PreviousPartner};
use crate::schema::enums::{Decision, Grade, WarningLevel};
use crate::score::SCHEMA_VERSION;
use crate::value::Period;

/// Read first, on its own, so that a file of another layout version is
/// named as such rather than as a missing field.
#[derive(Deserialize)]
struct Version {
    schema_version: Option<u64>,
}

#[derive(Deserialize)]
struct File {
    period: String,
    partners: Vec<Partner>,
}

#[derive(Deserialize)]
struct Partner {
    partner_id: String,
    total: Decimal,
    grade: Grade,
    decision: Decision,
    #[serde(default)]
    flags: Vec<Flag>,
    #[serde(default)]
    ranks: Ranks,
    #[serde(default)]
    indicators: Points,
}

#[derive(Deserialize)]
struct Flag {
    level: Option<WarningLevel>,
}

#[derive(Deserialize, Default)]
struct Ranks {
    district: Option<Rank>,
}

#[derive(Deserialize)]
struct Rank {
    rank: usize,
}

#[derive(Deserialize)]
struct Indicator {
    points: Decimal,
}

/// `indicators` is an object keyed by id in the set's order; read as a
/// list so the order survives (a map would sort the ids).
#[derive(Default)]
struct Points(Vec<(String, Decimal)>);

impl<'de> Deserialize<'de> for Points {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct InOrder;
        impl<'de> Visitor<'de> for InOrder {
            type Value = Points;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("an object of indicators by id")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Points, A::Error> {
                let mut points = Vec::new();
                while let Some((id, i)) = map.next_entry::<String, Indicator>()? {
                    points.push((id, i.points));
                }
                Ok(Points(points))
            }
        }
        d.deserialize_map(InOrder)
    }
}

/// Reads a results.json; `file` names it in errors.
pub fn read(file: &str, bytes: &[u8]) -> Result<(Period, Vec<PreviousPartner>), HistoryError> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let version = serde_json::from_slice::<Version>(bytes).map_err(|e| {
        if e.is_data() {
            HistoryError::NotResults {
                file: file.to_string(),
            }
        } else {
            HistoryError::NotJson {
                file: file.to_string(),
                line: e.line(),
                column: e.column(),
                detail: e.to_string(),
            }
        }
    })?;
    match version.schema_version {
        None => {
            return Err(HistoryError::NotResults {
                file: file.to_string(),
            })
        }
        Some(v) if v != u64::from(SCHEMA_VERSION) => {
            return Err(HistoryError::SchemaVersion {
                file: file.to_string(),
                found: v,
                expected: SCHEMA_VERSION,
            })
        }
        Some(_) => {}
    }
    let parsed: File = serde_json::from_slice(bytes).map_err(|e| HistoryError::BadJson {
        file: file.to_string(),
        line: e.line(),
        column: e.column(),
        detail: e.to_string(),
    })?;
    let period = super::period(file, &parsed.period)?;
    let partners = parsed
        .partners
        .into_iter()
        .map(|p| PreviousPartner {
            partner_id: p.partner_id,
            total: p.total,
            grade: p.grade,
            decision: p.decision,
            flag: p.flags.iter().filter_map(|f| f.level).max(),
            rank: p.ranks.district.map(|r| r.rank),
            indicator_points: p.indicators.0,
        })
        .collect();
    Ok((period, partners))
}
