//! Cell formats, column widths and print setup shared by every sheet.
//!
//! Text from the data is always written with `write_string`, so a name that
//! starts with `=`, `+`, `-` or `@` stays text. Numbers stay numbers: a
//! `Decimal` becomes an `f64` only at the cell, with a number format that
//! shows it as the report would (¥, %, points, dates).

use std::borrow::Cow;

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

/// One cell to write; text borrowed from the result where it can be, as
/// every cell is made twice (see [`fill`]).
pub enum V<'a> {
    /// Text, always written as a string.
    T(Cow<'a, str>),
    /// A number; blank when `None`.
    N(Option<Decimal>, Num),
    /// A whole number (counts, ranks, days); blank when `None`.
    I(Option<i64>),
    /// A date; blank when `None`.
    D(Option<NaiveDate>),
}

/// Text cell.
pub fn t<'a>(s: impl Into<Cow<'a, str>>) -> V<'a> {
    V::T(s.into())
}

/// Number cell.
pub fn n(x: impl Into<Option<Decimal>>, kind: Num) -> V<'static> {
    V::N(x.into(), kind)
}

/// Whole-number cell.
pub fn i(x: impl TryInto<i64>) -> V<'static> {
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

/// How wide the widest line of a text looks.
fn longest_line(s: &str) -> usize {
    s.lines().map(display_width).max().unwrap_or(0)
}

/// Whether a text wraps where texts wider than `limit` do: it is wider, or
/// on several lines.
fn wraps(s: &str, limit: usize) -> bool {
    // No character looks wider than its UTF-8 bytes: short lines fit.
    s.lines().nth(1).is_some() || (s.len() > limit && longest_line(s) > limit)
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

/// Fills a worksheet in two passes and returns what `body` returns.
///
/// The large sheets are written row by row (rust_xlsxwriter's low-memory
/// mode): each row goes to a temporary file as soon as the next row
/// begins, so its height must be known by then, and the height of a row
/// with wrapped text depends on the final column widths. So `body` runs
/// twice: first only to measure how wide each column needs to be, then,
/// with the widths set, to write the rows in order, each with its height.
pub fn fill<T>(
    ws: &mut Worksheet,
    st: &Styles,
    mut body: impl FnMut(&mut Sheet) -> Result<T, XlsxError>,
) -> Result<T, XlsxError> {
    let mut measure = Sheet::new(None, st);
    body(&mut measure)?;
    let widths: Vec<usize> = measure
        .widths
        .iter()
        .map(|w| (*w).max(MIN_WIDTH) + 2)
        .collect();
    for (c, w) in widths.iter().enumerate() {
        ws.set_column_width(c as u16, *w as f64)?;
    }
    let mut write = Sheet {
        widths,
        limits: measure.limits,
        ..Sheet::new(Some(ws), st)
    };
    let out = body(&mut write)?;
    write.end_row()?;
    Ok(out)
}

/// Puts the autofilter on a table written from row 0 with `rows` data rows
/// and `cols` columns (an empty table keeps a one-row filter range, so the
/// header still offers it); returns the last data row when there is one, for
/// the conditional formats that colour the rows.
pub fn filter(ws: &mut Worksheet, rows: u32, cols: u16) -> Result<Option<u32>, XlsxError> {
    ws.autofilter(0, 0, rows.max(1), cols - 1)?;
    Ok((rows > 0).then_some(rows))
}

/// A worksheet being filled by [`fill`]: while measuring, remembers how
/// wide each column needs to be; while writing, writes cells and gives
/// each row with wrapped text the height its lines need.
pub struct Sheet<'a> {
    /// None while measuring.
    ws: Option<&'a mut Worksheet>,
    st: &'a Styles,
    /// While measuring, the widest content of each column; while writing,
    /// the column widths.
    widths: Vec<usize>,
    limits: Vec<usize>,
    /// The row being written and the lines its tallest cell needs.
    tall: (u32, usize),
}

impl<'a> Sheet<'a> {
    fn new(ws: Option<&'a mut Worksheet>, st: &'a Styles) -> Sheet<'a> {
        Sheet {
            ws,
            st,
            widths: Vec::new(),
            limits: Vec::new(),
            tall: (0, 1),
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

    /// Widens column `col` to `width` while measuring; the width is only
    /// worked out then.
    fn fit(&mut self, col: u16, width: impl FnOnce() -> usize) {
        if self.ws.is_some() {
            return;
        }
        let c = col as usize;
        if self.widths.len() <= c {
            self.widths.resize(c + 1, 0);
        }
        self.widths[c] = self.widths[c].max(width());
    }

    /// The worksheet to write `row` into, or None while measuring. A new
    /// row first gives the previous one its height, before it is written
    /// out.
    ///
    /// Rows must come in order: a row-by-row sheet would drop, with only a
    /// message on stderr, what is written to a row already written out.
    fn at(&mut self, row: u32) -> Result<Option<&mut Worksheet>, XlsxError> {
        if self.ws.is_some() && row != self.tall.0 {
            if row < self.tall.0 {
                return Err(XlsxError::ParameterError(format!(
                    "row {row} written after row {}",
                    self.tall.0
                )));
            }
            self.end_row()?;
            self.tall = (row, 1);
        }
        Ok(self.ws.as_deref_mut())
    }

    /// Sets the height of the row being written, if its text wraps.
    ///
    /// Row heights are set rather than left to the spreadsheet:
    /// LibreOffice keeps the default height of rows in an xlsx file.
    fn end_row(&mut self) -> Result<(), XlsxError> {
        let (row, lines) = self.tall;
        if let (Some(ws), true) = (self.ws.as_deref_mut(), lines > 1) {
            ws.set_row_height(row, LINE_HEIGHT * lines as f64 + 2.0)?;
        }
        Ok(())
    }

    /// Counts the lines a wrapped text in column `col` of the row being
    /// written takes.
    fn wrapped(&mut self, col: u16, s: &str) {
        // Lines break at word ends too: count a little less room.
        let width = self.widths.get(col as usize).copied().unwrap_or(MIN_WIDTH);
        let room = 9 * (width - 1);
        let lines: usize = s
            .lines()
            .map(|l| rendered_tenths(l).div_ceil(room).max(1))
            .sum();
        self.tall.1 = self.tall.1.max(lines);
    }

    /// Writes one cell.
    pub fn cell(&mut self, row: u32, col: u16, v: &V) -> Result<(), XlsxError> {
        match v {
            V::T(s) if s.is_empty() => Ok(()),
            V::T(s) => self.text(row, col, s),
            V::N(None, _) | V::I(None) | V::D(None) => Ok(()),
            V::N(Some(x), kind) => {
                self.fit(col, || number_width(*x, *kind));
                let st = self.st;
                if let Some(ws) = self.at(row)? {
                    let f = x.to_f64().unwrap_or(f64::NAN);
                    ws.write_number_with_format(row, col, f, st.num(*kind))?;
                }
                Ok(())
            }
            V::I(Some(x)) => {
                self.fit(col, || x.to_string().len());
                let st = self.st;
                if let Some(ws) = self.at(row)? {
                    ws.write_number_with_format(row, col, *x as f64, &st.count)?;
                }
                Ok(())
            }
            V::D(Some(d)) => {
                self.fit(col, || 10);
                let st = self.st;
                if let Some(ws) = self.at(row)? {
                    ws.write_datetime_with_format(row, col, d, &st.date)?;
                }
                Ok(())
            }
        }
    }

    /// A text cell: wraps when wider than its column's limit or on several
    /// lines.
    fn text(&mut self, row: u32, col: u16, s: &str) -> Result<(), XlsxError> {
        let limit = self.limit_of(col);
        self.fit(col, || longest_line(s).min(limit));
        let st = self.st;
        let Some(ws) = self.at(row)? else {
            return Ok(());
        };
        if wraps(s, limit) {
            ws.write_string_with_format(row, col, s, &st.wrap)?;
            self.wrapped(col, s);
        } else {
            ws.write_string_with_format(row, col, s, &st.text)?;
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
            self.fit(c, || longest_line(h).min(HEADER_AT));
            let st = self.st;
            if let Some(ws) = self.at(row)? {
                ws.write_string_with_format(row, c, h, &st.header)?;
                self.wrapped(c, h);
            }
        }
        Ok(())
    }

    /// A bold label and a value beside it. Text values may run into the
    /// empty cells to their right, so they do not widen the column.
    pub fn pair(&mut self, row: u32, col: u16, label: &str, v: &V) -> Result<(), XlsxError> {
        self.fit(col, || display_width(label));
        self.bold(row, col, label)?;
        match v {
            V::T(s) => self.free(row, col + 1, s),
            other => self.cell(row, col + 1, other),
        }
    }

    /// A bold label that may run into the empty cells to its right; not
    /// counted for widths.
    pub fn bold(&mut self, row: u32, col: u16, text: &str) -> Result<(), XlsxError> {
        let st = self.st;
        self.styled(row, col, text, &st.label)
    }

    /// Text that may run into the empty cells to its right.
    pub fn free(&mut self, row: u32, col: u16, text: &str) -> Result<(), XlsxError> {
        if let Some(ws) = self.at(row)? {
            ws.write_string(row, col, text)?;
        }
        Ok(())
    }

    /// A section title (bold, larger); not counted for widths.
    pub fn title(&mut self, row: u32, col: u16, text: &str) -> Result<(), XlsxError> {
        let st = self.st;
        self.styled(row, col, text, &st.title)?;
        if let Some(ws) = self.at(row)? {
            ws.set_row_height(row, 20)?;
        }
        Ok(())
    }

    /// A note line in grey italics; not counted for widths.
    pub fn note(&mut self, row: u32, col: u16, text: &str) -> Result<(), XlsxError> {
        let st = self.st;
        self.styled(row, col, text, &st.note)
    }

    fn styled(&mut self, row: u32, col: u16, text: &str, f: &Format) -> Result<(), XlsxError> {
        if let Some(ws) = self.at(row)? {
            ws.write_string_with_format(row, col, text, f)?;
        }
        Ok(())
    }
}

/// Freezes the header row `header` of the sheet's main table (with
/// `freeze_cols` columns) and repeats it on every printed page; sets the
/// print layout.
pub fn finish(
    ws: &mut Worksheet,
    lang: Lang,
    header: Option<u32>,
    freeze_cols: u16,
) -> Result<(), XlsxError> {
    if let Some(h) = header {
        ws.set_freeze_panes(h + 1, freeze_cols)?;
        ws.set_repeat_rows(0, h)?;
    }
    ws.set_paper_size(9); // A4
    ws.set_landscape();
    ws.set_print_fit_to_pages(1, 0);
    ws.set_margins(0.4, 0.4, 0.5, 0.6, 0.3, 0.3);
    ws.set_footer(lang.pick("&L&A&R第 &P 页，共 &N 页", "&L&A&RPage &P of &N"));
    Ok(())
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
