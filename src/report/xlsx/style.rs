//! Cell formats, column widths and print setup shared by every sheet.
//!
//! Text from the data is always written with `write_string`, so a name that
//! starts with `=`, `+`, `-` or `@` stays text. Numbers stay numbers: a
//! `Decimal` becomes an `f64` only at the cell, with a number format that
//! shows it as the report would (¥, %, points, dates).

use chrono::NaiveDate;
use rust_decimal::prelude::ToPrimitive;
use rust_decimal::Decimal;
use rust_xlsxwriter::{Format, FormatAlign, FormatBorder, Worksheet, XlsxError};

use crate::indicators::Unit;
use crate::lang::Lang;

/// How a number is shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Num {
    Money,
    Percent,
    Points,
    Ratio,
    PerMille,
    Count,
    /// As typed (weights, parameters).
    General,
}

impl Num {
    /// The number format of an indicator unit.
    pub fn of(unit: Unit) -> Num {
        match unit {
            Unit::Percent => Num::Percent,
            Unit::Ratio => Num::Ratio,
            Unit::PerMille => Num::PerMille,
            Unit::Count => Num::Count,
            Unit::Money => Num::Money,
            Unit::Number | Unit::WorseOf => Num::Points,
        }
    }
}

/// One cell to write.
pub enum V {
    /// Text, always written as a string.
    T(String),
    /// A number; blank when `None`.
    N(Option<Decimal>, Num),
    /// A whole number (counts, ranks, days); blank when `None`.
    I(Option<i64>),
    /// A date; blank when `None`.
    D(Option<NaiveDate>),
}

/// Text cell.
pub fn t(s: impl Into<String>) -> V {
    V::T(s.into())
}

/// Number cell.
pub fn n(x: impl Into<Option<Decimal>>, kind: Num) -> V {
    V::N(x.into(), kind)
}

/// Whole-number cell.
pub fn i(x: impl TryInto<i64>) -> V {
    V::I(x.try_into().ok())
}

/// Text wider than this (in half-width characters) wraps, unless the
/// column has its own limit.
const WRAP_AT: usize = 40;
/// Headers wider than this wrap onto a second line.
const HEADER_AT: usize = 12;
/// Narrowest column.
const MIN_WIDTH: usize = 5;
/// Height of one line of text, in points (CJK fonts need more than 15).
const LINE_HEIGHT: f64 = 15.0;

pub struct Styles {
    pub header: Format,
    pub title: Format,
    pub label: Format,
    pub note: Format,
    text: Format,
    wrap: Format,
    money: Format,
    percent: Format,
    points: Format,
    ratio: Format,
    per_mille: Format,
    count: Format,
    general: Format,
    date: Format,
}

impl Default for Styles {
    fn default() -> Styles {
        Styles::new()
    }
}

impl Styles {
    pub fn new() -> Styles {
        let border = |f: Format| f.set_border(FormatBorder::Thin).set_border_color("BFBFBF");
        // Every data cell is centred vertically, so that a row made tall by
        // one wrapped cell still reads as one line.
        let cell = || Format::new().set_align(FormatAlign::VerticalCenter);
        let num = |f: &str| cell().set_num_format(f);
        Styles {
            header: border(Format::new())
                .set_bold()
                .set_text_wrap()
                .set_align(FormatAlign::Center)
                .set_align(FormatAlign::VerticalCenter)
                .set_background_color("DDEBF7"),
            title: Format::new().set_bold().set_font_size(14),
            label: Format::new().set_bold(),
            note: Format::new().set_italic().set_font_color("595959"),
            text: cell(),
            wrap: cell().set_text_wrap(),
            money: num("[$¥-804]#,##0.00;[Red]-[$¥-804]#,##0.00"),
            percent: num("0.0%"),
            points: num("0.00"),
            ratio: num("0.00"),
            per_mille: num("0.00\"‰\""),
            count: num("0"),
            general: cell(),
            date: num("yyyy-mm-dd"),
        }
    }

    fn num(&self, kind: Num) -> &Format {
        match kind {
            Num::Money => &self.money,
            Num::Percent => &self.percent,
            Num::Points => &self.points,
            Num::Ratio => &self.ratio,
            Num::PerMille => &self.per_mille,
            Num::Count => &self.count,
            Num::General => &self.general,
        }
    }
}

/// How wide a text looks: CJK and full-width characters count double.
pub fn display_width(s: &str) -> usize {
    s.chars().map(|c| if wide(c) { 2 } else { 1 }).sum()
}

/// How much of a line a text takes when rendered, in tenths of the `0`
/// that column widths are measured in; spaces and thin punctuation take
/// less.
fn rendered_tenths(s: &str) -> usize {
    s.chars()
        .map(|c| match c {
            _ if wide(c) => 20,
            ' ' | '.' | ',' | ':' | ';' | '\'' | '(' | ')' | 'i' | 'l' | 'j' | 't' | 'f' | 'r' => 6,
            _ => 10,
        })
        .sum()
}

fn wide(c: char) -> bool {
    matches!(c as u32,
        0x1100..=0x115F
        | 0x2010..=0x2027 // dashes and ellipsis render wide in CJK fonts
        | 0x2190..=0x21FF // arrows
        | 0x2600..=0x27BF // ★ and other symbols
        | 0x2E80..=0xA4CF
        | 0xAC00..=0xD7A3
        | 0xF900..=0xFAFF
        | 0xFE30..=0xFE4F
        | 0xFF00..=0xFF60
        | 0xFFE0..=0xFFE6
        | 0x20000..=0x3FFFD)
}

/// A worksheet being filled: writes cells, remembers how wide each column
/// needs to be and which rows hold wrapped text, and sizes both at the end.
pub struct Sheet<'a> {
    pub ws: &'a mut Worksheet,
    pub st: &'a Styles,
    widths: Vec<usize>,
    limits: Vec<usize>,
    /// Wrapped cells: row, column and the rendered width of each of their
    /// lines (see [`rendered_tenths`]).
    wrapped: Vec<(u32, u16, Vec<usize>)>,
}

impl<'a> Sheet<'a> {
    pub fn new(ws: &'a mut Worksheet, st: &'a Styles) -> Sheet<'a> {
        Sheet {
            ws,
            st,
            widths: Vec::new(),
            limits: Vec::new(),
            wrapped: Vec::new(),
        }
    }

    /// Text in column `col` wider than `max` wraps.
    pub fn limit(&mut self, col: u16, max: usize) {
        let c = col as usize;
        if self.limits.len() <= c {
            self.limits.resize(c + 1, WRAP_AT);
        }
        self.limits[c] = max;
    }

    fn limit_of(&self, col: u16) -> usize {
        self.limits.get(col as usize).copied().unwrap_or(WRAP_AT)
    }

    fn fit(&mut self, col: u16, width: usize) {
        let c = col as usize;
        if self.widths.len() <= c {
            self.widths.resize(c + 1, 0);
        }
        self.widths[c] = self.widths[c].max(width);
    }

    /// Writes one cell.
    pub fn cell(&mut self, row: u32, col: u16, v: &V) -> Result<(), XlsxError> {
        match v {
            V::T(s) if s.is_empty() => {}
            V::T(s) => {
                let lines: Vec<usize> = s.lines().map(display_width).collect();
                let longest = lines.iter().copied().max().unwrap_or(0);
                let limit = self.limit_of(col);
                if longest > limit || lines.len() > 1 {
                    self.ws
                        .write_string_with_format(row, col, s, &self.st.wrap)?;
                    let rendered = s.lines().map(rendered_tenths).collect();
                    self.wrapped.push((row, col, rendered));
                } else {
                    self.ws
                        .write_string_with_format(row, col, s, &self.st.text)?;
                }
                self.fit(col, longest.min(limit));
            }
            V::N(None, _) | V::I(None) | V::D(None) => {}
            V::N(Some(x), kind) => {
                let f = x.to_f64().unwrap_or(f64::NAN);
                self.ws
                    .write_number_with_format(row, col, f, self.st.num(*kind))?;
                self.fit(col, number_width(*x, *kind));
            }
            V::I(Some(x)) => {
                self.ws
                    .write_number_with_format(row, col, *x as f64, &self.st.count)?;
                self.fit(col, x.to_string().len());
            }
            V::D(Some(d)) => {
                self.ws
                    .write_datetime_with_format(row, col, d, &self.st.date)?;
                self.fit(col, 10);
            }
        }
        Ok(())
    }

    /// Writes cells from `col` rightwards.
    pub fn row(&mut self, row: u32, col: u16, cells: &[V]) -> Result<(), XlsxError> {
        for (j, v) in cells.iter().enumerate() {
            self.cell(row, col + j as u16, v)?;
        }
        Ok(())
    }

    /// Writes a header row; a long header wraps onto more lines.
    pub fn header(&mut self, row: u32, col: u16, titles: &[String]) -> Result<(), XlsxError> {
        for (j, h) in titles.iter().enumerate() {
            let c = col + j as u16;
            self.ws
                .write_string_with_format(row, c, h, &self.st.header)?;
            let longest = h.lines().map(display_width).max().unwrap_or(0);
            self.fit(c, longest.min(HEADER_AT));
            self.wrapped
                .push((row, c, h.lines().map(rendered_tenths).collect()));
        }
        Ok(())
    }

    /// A bold label and a value beside it. Text values may run into the
    /// empty cells to their right, so they do not widen the column.
    pub fn pair(&mut self, row: u32, col: u16, label: &str, v: &V) -> Result<(), XlsxError> {
        self.ws
            .write_string_with_format(row, col, label, &self.st.label)?;
        self.fit(col, display_width(label));
        match v {
            V::T(s) => {
                self.ws.write_string(row, col + 1, s)?;
                Ok(())
            }
            other => self.cell(row, col + 1, other),
        }
    }

    /// Text that may run into the empty cells to its right.
    pub fn free(&mut self, row: u32, col: u16, text: &str) -> Result<(), XlsxError> {
        self.ws.write_string(row, col, text)?;
        Ok(())
    }

    /// A section title (bold, larger); not counted for widths.
    pub fn title(&mut self, row: u32, col: u16, text: &str) -> Result<(), XlsxError> {
        self.ws
            .write_string_with_format(row, col, text, &self.st.title)?;
        self.ws.set_row_height(row, 20)?;
        Ok(())
    }

    /// A note line in grey italics; not counted for widths.
    pub fn note(&mut self, row: u32, col: u16, text: &str) -> Result<(), XlsxError> {
        self.ws
            .write_string_with_format(row, col, text, &self.st.note)?;
        Ok(())
    }

    /// Sets the column widths, the heights of rows with wrapped text, and
    /// the print layout.
    ///
    /// `header` is the header row of the sheet's main table: frozen (with
    /// `freeze_cols` columns) and repeated on every printed page.
    pub fn finish(
        self,
        lang: Lang,
        header: Option<u32>,
        freeze_cols: u16,
    ) -> Result<(), XlsxError> {
        let widths: Vec<usize> = self
            .widths
            .iter()
            .map(|w| (*w).max(MIN_WIDTH) + 2)
            .collect();
        for (c, w) in widths.iter().enumerate() {
            self.ws.set_column_width(c as u16, *w as f64)?;
        }
        // Row heights are set here rather than left to the spreadsheet:
        // LibreOffice keeps the default height of rows in an xlsx file.
        let mut lines: std::collections::BTreeMap<u32, usize> = Default::default();
        for (row, col, parts) in &self.wrapped {
            // Lines break at word ends too: count a little less room.
            let room = 9 * (widths.get(*col as usize).copied().unwrap_or(MIN_WIDTH) - 1);
            let n: usize = parts.iter().map(|w| w.div_ceil(room).max(1)).sum();
            let e = lines.entry(*row).or_insert(1);
            *e = (*e).max(n);
        }
        for (row, n) in lines {
            if n > 1 {
                self.ws.set_row_height(row, LINE_HEIGHT * n as f64 + 2.0)?;
            }
        }
        if let Some(h) = header {
            self.ws.set_freeze_panes(h + 1, freeze_cols)?;
            self.ws.set_repeat_rows(0, h)?;
        }
        self.ws.set_paper_size(9); // A4
        self.ws.set_landscape();
        self.ws.set_print_fit_to_pages(1, 0);
        self.ws.set_margins(0.4, 0.4, 0.5, 0.6, 0.3, 0.3);
        self.ws
            .set_footer(lang.pick("&L&A&R第 &P 页，共 &N 页", "&L&A&RPage &P of &N"));
        Ok(())
    }
}

fn number_width(x: Decimal, kind: Num) -> usize {
    let shown = match kind {
        Num::Money => crate::score::format::money(x),
        Num::Percent => crate::score::format::value(Some(x), Unit::Percent),
        Num::Points | Num::Ratio => crate::score::format::points(x),
        Num::PerMille => crate::score::format::value(Some(x), Unit::PerMille),
        Num::Count => x.round().to_string(),
        Num::General => x.normalize().to_string(),
    };
    display_width(&shown)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_counts_double() {
        assert_eq!(display_width("abc"), 3);
        assert_eq!(display_width("犀浦社区"), 8);
        assert_eq!(display_width("（25）"), 6);
        assert_eq!(display_width("★★"), 4);
    }
}
