//! Recognising sheets and header rows as people really type them.
//!
//! Headers are compared after folding: full-width to half-width, no spaces or
//! line breaks, no required-field marks (`*`, `(必填)`), lower case. A header
//! also matches when both sides agree once a trailing unit in brackets is
//! removed (`单价(元)` = `单价(元/人次)`). The header row is the row among the
//! first rows of a sheet that matches the most columns, so title rows and
//! merged title cells above it are skipped.

use std::sync::OnceLock;

use rustc_hash::FxHashMap;

use super::cell::Cell;
use super::reader::Row;
use crate::schema::{ColumnSpec, SheetSpec, SHEETS};
use crate::value::normalize;

/// How many rows from the top are searched for the header.
pub const HEADER_SEARCH_ROWS: usize = 30;

/// Folds a header or sheet name for comparison.
pub fn fold_header(text: &str) -> String {
    let mut s: String = normalize(text)
        .chars()
        .filter(|c| !c.is_whitespace())
        .flat_map(char::to_lowercase)
        .collect();
    for mark in ["(必填)", "(选填)", "(可选)", "必填", "*", ":", "："] {
        // Most headers have no mark: looking first saves copying them.
        if s.contains(mark) {
            s = s.replace(mark, "");
        }
    }
    s
}

/// A header with a trailing bracketed unit removed: `单价(元/人次)` → `单价`.
fn without_unit(folded: &str) -> &str {
    match folded.find('(') {
        Some(i) if i > 0 && folded.ends_with(')') => &folded[..i],
        _ => folded,
    }
}

/// Column lookup of one sheet spec.
pub struct HeaderMatcher {
    spec: &'static SheetSpec,
    exact: FxHashMap<String, usize>,
    loose: FxHashMap<String, usize>,
}

impl HeaderMatcher {
    pub fn new(spec: &'static SheetSpec) -> Self {
        let mut exact = FxHashMap::default();
        let mut loose: FxHashMap<String, Option<usize>> = FxHashMap::default();
        for (i, col) in spec.columns.iter().enumerate() {
            for name in spellings(col) {
                let folded = fold_header(name);
                loose
                    .entry(without_unit(&folded).to_string())
                    .and_modify(|v| {
                        if *v != Some(i) {
                            *v = None
                        }
                    })
                    .or_insert(Some(i));
                exact.entry(folded).or_insert(i);
            }
        }
        let loose = loose
            .into_iter()
            .filter_map(|(k, v)| v.map(|i| (k, i)))
            .collect();
        HeaderMatcher { spec, exact, loose }
    }

    /// The matcher of a spec, built once: every sheet of every file is
    /// matched against the same few specs.
    pub fn of(spec: &'static SheetSpec) -> &'static HeaderMatcher {
        static MATCHERS: OnceLock<Vec<HeaderMatcher>> = OnceLock::new();
        let all = MATCHERS.get_or_init(|| SHEETS.iter().map(HeaderMatcher::new).collect());
        all.iter()
            .find(|m| m.spec.kind == spec.kind)
            .expect("every spec is in SHEETS")
    }

    pub fn spec(&self) -> &'static SheetSpec {
        self.spec
    }

    /// The spec column a header cell names, if any.
    pub fn column(&self, header: &str) -> Option<usize> {
        let folded = fold_header(header);
        if folded.is_empty() {
            return None;
        }
        self.exact
            .get(&folded)
            .or_else(|| self.loose.get(without_unit(&folded)))
            .copied()
    }

    /// How many distinct spec columns a row names.
    pub fn score(&self, row: &Row) -> usize {
        let mut seen = vec![false; self.spec.columns.len()];
        for cell in &row.cells {
            if let Cell::Text(t) = cell {
                if let Some(i) = self.column(t) {
                    seen[i] = true;
                }
            }
        }
        seen.iter().filter(|s| **s).count()
    }

    /// The best header row among `rows`: most columns named, earliest on ties.
    /// Needs at least two columns so that a title row is never taken.
    pub fn find_header(&self, rows: &[Row]) -> Option<(usize, usize)> {
        let mut best: Option<(usize, usize)> = None;
        for (i, row) in rows.iter().enumerate() {
            let score = self.score(row);
            if score >= 2 && best.is_none_or(|(_, b)| score > b) {
                best = Some((i, score));
                // No later row can name more than every column: the data
                // rows below need not be matched.
                if score == self.spec.columns.len() {
                    break;
                }
            }
        }
        best
    }
}

fn spellings(col: &ColumnSpec) -> impl Iterator<Item = &'static str> {
    [col.zh, col.en, col.key]
        .into_iter()
        .chain(col.aliases.iter().copied())
}

/// Sheet specs whose names match a sheet name: exact matches first, then
/// names that contain a known name (`犀浦社区服务记录`).
pub fn specs_named(sheet: &str) -> Vec<&'static SheetSpec> {
    let folded = fold_header(sheet);
    let specs = || SHEETS.iter().zip(folded_sheet_names());
    let exact: Vec<_> = specs()
        .filter(|(_, names)| names.contains(&folded))
        .map(|(s, _)| s)
        .collect();
    if !exact.is_empty() {
        return exact;
    }
    specs()
        .filter(|(_, names)| {
            names
                .iter()
                .any(|n| n.chars().count() >= 2 && folded.contains(n.as_str()))
        })
        .map(|(s, _)| s)
        .collect()
}

/// The folded names of every sheet spec, in [`SHEETS`] order; folded once,
/// not for every sheet of every file.
fn folded_sheet_names() -> &'static [Vec<String>] {
    static NAMES: OnceLock<Vec<Vec<String>>> = OnceLock::new();
    NAMES.get_or_init(|| {
        SHEETS
            .iter()
            .map(|s| {
                [s.zh, s.en]
                    .into_iter()
                    .chain(s.aliases.iter().copied())
                    .map(fold_header)
                    .collect()
            })
            .collect()
    })
}

/// The candidate text closest to `target`, for "did you mean" hints.
pub fn closest<'a>(target: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let t = fold_header(target);
    candidates
        .into_iter()
        .map(|c| (c, strsim::normalized_levenshtein(&t, &fold_header(c))))
        .filter(|(_, sim)| *sim > 0.0)
        .max_by(|a, b| a.1.total_cmp(&b.1))
        .map(|(c, _)| c)
}

/// Spreadsheet column letters: 0 → A, 25 → Z, 26 → AA.
pub fn column_letter(mut index: usize) -> String {
    let mut letters = Vec::new();
    loop {
        letters.push(b'A' + (index % 26) as u8);
        if index < 26 {
            break;
        }
        index = index / 26 - 1;
    }
    letters.reverse();
    String::from_utf8(letters).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schema::SheetKind;

    fn row(cells: &[&str]) -> Row {
        Row {
            number: 1,
            cells: cells.iter().map(|c| Cell::Text(c.to_string())).collect(),
        }
    }

    #[test]
    fn headers_match_synonyms_brackets_and_line_breaks() {
        let m = HeaderMatcher::new(SheetSpec::of(SheetKind::Services));
        let key = |h: &str| m.column(h).map(|i| m.spec().columns[i].key);
        assert_eq!(key("参与人次"), Some("participants"));
        assert_eq!(key("服务人次"), Some("participants"));
        assert_eq!(key("参与人数"), Some("participants"));
        assert_eq!(key("单价（元/人次）"), Some("unit_price"));
        assert_eq!(key("单价\n(元)"), Some("unit_price"));
        assert_eq!(key(" 活动 日期 "), Some("date"));
        assert_eq!(key("*合伙人编号"), Some("partner_id"));
        assert_eq!(key("Unit price"), Some("unit_price"));
        assert_eq!(key("unit_price"), Some("unit_price"));
        assert_eq!(key("备注"), None);
    }

    #[test]
    fn header_row_is_found_under_title_rows() {
        let m = HeaderMatcher::new(SheetSpec::of(SheetKind::Services));
        let rows = vec![
            row(&["犀浦街道2025年度社区合伙人服务台账"]),
            row(&["填报单位：某社区", "", "填报日期：2025-12-31"]),
            row(&["记录编号", "合伙人编号", "活动日期", "定价模式"]),
        ];
        assert_eq!(m.find_header(&rows), Some((2, 4)));
    }

    #[test]
    fn sheet_names_match_exactly_then_by_containment() {
        let kinds = |n: &str| specs_named(n).iter().map(|s| s.kind).collect::<Vec<_>>();
        assert_eq!(kinds("服务记录"), vec![SheetKind::Services]);
        assert_eq!(kinds("犀浦社区 服务记录"), vec![SheetKind::Services]);
        assert_eq!(kinds("Partners"), vec![SheetKind::Partners]);
        assert_eq!(kinds("满意度汇总"), vec![SheetKind::SurveyTotals]);
        assert!(kinds("Sheet1").is_empty());
    }

    #[test]
    fn column_letters() {
        assert_eq!(column_letter(0), "A");
        assert_eq!(column_letter(25), "Z");
        assert_eq!(column_letter(26), "AA");
        assert_eq!(column_letter(701), "ZZ");
        assert_eq!(column_letter(702), "AAA");
    }

    #[test]
    fn closest_header_is_suggested() {
        assert_eq!(
            closest("参与人", ["日期", "参加人次", "单价"]),
            Some("参加人次")
        );
    }
}
