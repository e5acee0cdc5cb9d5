//! The evaluation workbook (评估结果.xlsx / evaluation.xlsx) as
//! `report::xlsx` writes it, in either language.
//!
//! People keep the workbook rather than results.json, and may have sorted,
//! filtered or moved its columns; so columns are found by header text, never
//! by position. History needs 排名 (id, rank, total, grade, flags,
//! decision) and 总览 (the period); 指标明细 gives indicator points when
//! it is there.

use std::collections::HashMap;
use std::io::Cursor;
use std::path::Path;

use rust_decimal::Decimal;

use super::table::{Book, Header, Table};
use super::{HistoryError, PreviousPartner};
use crate::ingest::limits::{check_zip, Limits, ZipRefusal};
use crate::lang::Lang;
use crate::schema::enums::{Decision, Grade, WarningLevel};
use crate::schema::vocab::Vocabulary;
use crate::value::{self, Period};

const ID: Header = ("合伙人编号", "Partner ID");
const RANK: Header = ("区内排名", "District rank");
const TOTAL: Header = ("总分", "Total");
const GRADE: Header = ("等级", "Grade");
const FLAGS: Header = ("预警", "Flags");
const DECISION: Header = ("决策", "Decision");
const INDICATOR: Header = ("指标编号", "Indicator ID");
const POINTS: Header = ("得分", "Points");
const PERIOD: Header = ("评估期间", "Period");

const ZIP_MAGIC: &[u8] = b"PK\x03\x04";
const CFB_MAGIC: &[u8] = &[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

/// A zip (xlsx, ods) or OLE (xls) file by its first bytes.
pub fn is_workbook(bytes: &[u8]) -> bool {
    bytes.starts_with(ZIP_MAGIC) || bytes.starts_with(CFB_MAGIC)
}

/// A workbook by its name.
pub fn named_like(path: &Path) -> bool {
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or("")
        .to_ascii_lowercase();
    matches!(ext.as_str(), "xlsx" | "xlsm" | "xlsb" | "xls" | "ods")
}

/// Reads the period and the partners of an evaluation workbook.
pub fn read(
    file: &str,
    bytes: Vec<u8>,
    limits: &Limits,
) -> Result<(Period, Vec<PreviousPartner>), HistoryError> {
    let damaged = |detail: String| HistoryError::Workbook {
        file: file.to_string(),
        detail,
    };
    if bytes.starts_with(ZIP_MAGIC) {
        // The unpacked size is checked before calamine inflates anything.
        check_zip(Cursor::new(&bytes), limits).map_err(|r| match r {
            ZipRefusal::Limit(hit) => HistoryError::Limit {
                file: file.to_string(),
                hit,
            },
            ZipRefusal::Damaged(detail) => damaged(detail),
        })?;
    }
    let mut book: Book = calamine::open_workbook_auto_from_rs(Cursor::new(bytes))
        .map_err(|e| damaged(e.to_string()))?;
    let period = period(file, &mut book)?;
    let mut partners = ranking(file, &mut book)?;
    if let Some(mut points) = indicator_points(file, &mut book)? {
        for p in &mut partners {
            p.indicator_points = points.remove(&p.partner_id).unwrap_or_default();
        }
    }
    Ok((period, partners))
}

/// The period from 总览: the cell right of 评估期间.
fn period(file: &str, book: &mut Book) -> Result<Period, HistoryError> {
    let t = Table::require(file, book, 0)?;
    let found = t.rows().find_map(|r| {
        t.columns()
            .find(|&c| {
                let text = t.text(r, c);
                text == PERIOD.0 || text == PERIOD.1
            })
            .map(|c| (r, c + 1))
    });
    let Some((r, c)) = found else {
        return Err(HistoryError::MissingPeriod {
            file: file.to_string(),
            sheet: t.sheet,
        });
    };
    match value::period(&t.cell(r, c)) {
        Ok(Some(p)) => Ok(p),
        _ => Err(HistoryError::BadPeriod {
            file: format!("{file} › {}", t.sheet),
            text: t.text(r, c),
        }),
    }
}

/// Expected-value words for a vocabulary column.
fn allowed<T: Vocabulary>() -> (String, String) {
    (T::allowed(Lang::Zh), T::allowed(Lang::En))
}

/// One partner per row of 排名, in the sheet's order.
fn ranking(file: &str, book: &mut Book) -> Result<Vec<PreviousPartner>, HistoryError> {
    let t = Table::require(file, book, 1)?;
    let h = t.header_row(ID)?;
    let [id, rank, total, grade, flags, decision] =
        [ID, RANK, TOTAL, GRADE, FLAGS, DECISION].map(|x| t.column(h, x));
    let (id, rank, total, grade, flags, decision) = (id?, rank?, total?, grade?, flags?, decision?);
    let mut partners = Vec::new();
    for r in t.rows().filter(|&r| r > h) {
        let partner_id = t.text(r, id);
        if partner_id.is_empty() {
            continue;
        }
        let bad = |col, expected| t.bad(r, col, h, expected);
        let total = match value::money(&t.cell(r, total)) {
            Ok(Some(d)) => d,
            _ => return Err(bad(total, ("分数".into(), "a number of points".into()))),
        };
        let grade =
            Grade::parse(&t.text(r, grade)).ok_or_else(|| bad(grade, allowed::<Grade>()))?;
        let decision = Decision::parse(&t.text(r, decision))
            .ok_or_else(|| bad(decision, allowed::<Decision>()))?;
        let rank = match value::integer(&t.cell(r, rank)) {
            Ok(None) => None,
            Ok(Some(n)) if n >= 1 => usize::try_from(n).ok(),
            _ => {
                return Err(bad(
                    rank,
                    (
                        "正整数名次，新入驻不排名的留空".to_string(),
                        "a whole rank, blank for unranked new partners".to_string(),
                    ),
                ))
            }
        };
        let flag = flag_level(&t.text(r, flags)).map_err(|()| {
            bad(
                flags,
                (
                    "「FL1 黄牌、FL4」这样的预警列表".to_string(),
                    "a list of flags such as \"FL1 yellow, FL4\"".to_string(),
                ),
            )
        })?;
        partners.push(PreviousPartner {
            partner_id,
            total,
            grade,
            decision,
            flag,
            rank,
            indicator_points: Vec::new(),
        });
    }
    Ok(partners)
}

/// The highest level in a flags cell such as `FL1 红牌、FL4` or
/// `FL1 red, FL4`; `Err` when a level word is not one.
fn flag_level(text: &str) -> Result<Option<WarningLevel>, ()> {
    let mut highest = None;
    for item in text.split(['、', ',', '，', ';', '；']) {
        let mut words = item.split_whitespace();
        let _id = words.next();
        for word in words {
            highest = highest.max(Some(WarningLevel::parse(word).ok_or(())?));
        }
    }
    Ok(highest)
}

/// Indicator points in row order, by partner id.
type PointsById = HashMap<String, Vec<(String, Decimal)>>;

/// Points per partner and indicator from 指标明细, in row order; none when
/// the sheet was deleted (trends then go without indicator detail).
fn indicator_points(file: &str, book: &mut Book) -> Result<Option<PointsById>, HistoryError> {
    let Some(t) = Table::open(file, book, 2)? else {
        return Ok(None);
    };
    let h = t.header_row(ID)?;
    let (id, indicator, points) = (
        t.column(h, ID)?,
        t.column(h, INDICATOR)?,
        t.column(h, POINTS)?,
    );
    let mut by = PointsById::new();
    for r in t.rows().filter(|&r| r > h) {
        let (partner, ind) = (t.text(r, id), t.text(r, indicator));
        if partner.is_empty() || ind.is_empty() {
            continue;
        }
        let p = match value::money(&t.cell(r, points)) {
            Ok(Some(d)) => d,
            _ => {
                return Err(t.bad(
                    r,
                    points,
                    h,
                    ("分数".to_string(), "a number of points".to_string()),
                ))
            }
        };
        by.entry(partner).or_default().push((ind, p));
    }
    Ok(Some(by))
}
