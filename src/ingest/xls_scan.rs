//! A quick pass over an xls file's records before calamine opens it.
//!
//! calamine reserves memory for the area a sheet's DIMENSIONS record
//! declares, and computes that area with unchecked subtractions: a damaged
//! or hostile record (last row before the first, or four billion rows) makes
//! it panic, or ask for terabytes and abort the whole program. This module
//! finds the `Workbook` stream in the OLE compound file, walks its BIFF
//! records and checks every DIMENSIONS record first.
//!
//! Only what that needs is read: the header, the FAT (with its DIFAT
//! chain), the directory, and the mini stream for a small workbook. Every
//! read is bounds-checked and every chain walk is bounded by the number of
//! sectors, so a damaged file gives an error, never a panic or a loop.

use super::limits::{Hit, Limit};

/// Why the records are refused.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum XlsRefusal {
    Limit(Hit),
    Damaged(String),
}

const END_OF_CHAIN: u32 = 0xFFFF_FFFE;
const FREE: u32 = 0xFFFF_FFFF;

fn u16_at(b: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_le_bytes(
        b.get(at..at.checked_add(2)?)?.try_into().ok()?,
    ))
}

fn u32_at(b: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_le_bytes(
        b.get(at..at.checked_add(4)?)?.try_into().ok()?,
    ))
}

fn damaged(what: &str) -> XlsRefusal {
    XlsRefusal::Damaged(format!("damaged OLE file: {what}"))
}

struct Cfb<'a> {
    bytes: &'a [u8],
    sector: usize,
    fat: Vec<u32>,
}

impl<'a> Cfb<'a> {
    fn open(bytes: &'a [u8]) -> Result<Self, XlsRefusal> {
        let shift = u16_at(bytes, 0x1E).ok_or_else(|| damaged("header"))?;
        if shift != 9 && shift != 12 {
            return Err(damaged("sector size"));
        }
        let sector = 1usize << shift;
        let sectors = bytes.len() / sector;
        let mut cfb = Cfb {
            bytes,
            sector,
            fat: Vec::new(),
        };
        // The DIFAT: 109 FAT sector numbers in the header, then a chain.
        let mut fat_sectors = Vec::new();
        for i in 0..109 {
            match u32_at(bytes, 0x4C + 4 * i) {
                Some(s) if s != FREE && s != END_OF_CHAIN => fat_sectors.push(s),
                _ => {}
            }
        }
        let mut next = u32_at(bytes, 0x44).ok_or_else(|| damaged("header"))?;
        let per = sector / 4 - 1;
        let mut hops = 0;
        while next != END_OF_CHAIN && next != FREE {
            hops += 1;
            if hops > sectors {
                return Err(damaged("DIFAT loop"));
            }
            let data = cfb.sector(next)?;
            for i in 0..per {
                match u32_at(data, 4 * i) {
                    Some(s) if s != FREE && s != END_OF_CHAIN => fat_sectors.push(s),
                    _ => {}
                }
            }
            next = u32_at(data, 4 * per).ok_or_else(|| damaged("DIFAT"))?;
        }
        if fat_sectors.len() > sectors {
            return Err(damaged("FAT size"));
        }
        let mut fat = Vec::with_capacity(fat_sectors.len() * (sector / 4));
        for s in fat_sectors {
            let data = cfb.sector(s)?;
            fat.extend(data.chunks_exact(4).filter_map(|c| u32_at(c, 0)));
        }
        cfb.fat = fat;
        Ok(cfb)
    }

    fn sector(&self, n: u32) -> Result<&'a [u8], XlsRefusal> {
        let start = (n as usize)
            .checked_add(1)
            .and_then(|i| i.checked_mul(self.sector))
            .ok_or_else(|| damaged("sector number"))?;
        self.bytes
            .get(start..start.saturating_add(self.sector))
            .ok_or_else(|| damaged("sector past the end"))
    }

    /// The bytes of a chain of sectors (or mini sectors), up to `size`.
    fn chain(
        &self,
        start: u32,
        size: usize,
        table: &[u32],
        read: impl Fn(u32) -> Result<&'a [u8], XlsRefusal>,
    ) -> Result<Vec<u8>, XlsRefusal> {
        let mut out = Vec::new();
        let mut next = start;
        let mut hops = 0;
        while next != END_OF_CHAIN && out.len() < size {
            hops += 1;
            if hops > table.len() {
                return Err(damaged("sector chain loop"));
            }
            out.extend_from_slice(read(next)?);
            next = *table
                .get(next as usize)
                .ok_or_else(|| damaged("sector chain"))?;
        }
        out.truncate(size);
        Ok(out)
    }

    fn stream(&self, start: u32, size: usize) -> Result<Vec<u8>, XlsRefusal> {
        self.chain(start, size, &self.fat, |n| self.sector(n))
    }
}

/// The `Workbook` (BIFF8) or `Book` (BIFF5) stream of a compound file.
pub(crate) fn workbook_stream(bytes: &[u8]) -> Result<Vec<u8>, XlsRefusal> {
    let cfb = Cfb::open(bytes)?;
    let dir_start = u32_at(bytes, 0x30).ok_or_else(|| damaged("header"))?;
    let cutoff = u32_at(bytes, 0x38).unwrap_or(4096) as usize;
    let dir = cfb.stream(dir_start, bytes.len())?;
    let mut root = None;
    let mut book = None;
    let mut old = None;
    for entry in dir.chunks_exact(128) {
        let len = u16_at(entry, 64).unwrap_or(0) as usize;
        let name: Vec<u16> = entry
            .get(..len.min(64))
            .unwrap_or(&[])
            .chunks_exact(2)
            .filter_map(|c| u16_at(c, 0))
            .take_while(|c| *c != 0)
            .collect();
        let name = String::from_utf16_lossy(&name);
        let start = u32_at(entry, 116).unwrap_or(END_OF_CHAIN);
        let size = u32_at(entry, 120).unwrap_or(0) as usize;
        if entry.get(66) == Some(&5) {
            root.get_or_insert((start, size));
        } else if name.eq_ignore_ascii_case("Workbook") {
            book.get_or_insert((start, size));
        } else if name.eq_ignore_ascii_case("Book") {
            old.get_or_insert((start, size));
        }
    }
    // As calamine looks them up: the first `Workbook`, else the first `Book`.
    let (start, size) = book.or(old).ok_or_else(|| damaged("no Workbook stream"))?;
    let size = size.min(bytes.len());
    if size >= cutoff {
        return cfb.stream(start, size);
    }
    // A small stream lives in the mini stream, in 64-byte mini sectors.
    let (root_start, root_size) = root.ok_or_else(|| damaged("no root entry"))?;
    let mini = cfb.stream(root_start, root_size.min(bytes.len()))?;
    let minifat_start = u32_at(bytes, 0x3C).ok_or_else(|| damaged("header"))?;
    let minifat: Vec<u32> = cfb
        .stream(minifat_start, bytes.len())?
        .chunks_exact(4)
        .filter_map(|c| u32_at(c, 0))
        .collect();
    cfb.chain(start, size, &minifat, |n| {
        let at = (n as usize).saturating_mul(64);
        mini.get(at..at.saturating_add(64))
            .ok_or_else(|| damaged("mini sector past the end"))
    })
}

/// BIFF records of a stream from `at`: (type, data). A record cut short
/// ends the walk (calamine reports it).
fn records(stream: &[u8], at: usize) -> impl Iterator<Item = (u16, &[u8])> {
    let mut at = at;
    std::iter::from_fn(move || {
        let typ = u16_at(stream, at)?;
        let len = u16_at(stream, at + 2)? as usize;
        let data = stream.get(at + 4..at + 4 + len)?;
        at += 4 + len;
        Some((typ, data))
    })
}

/// Walks the BIFF records of a workbook stream as calamine will, sheet by
/// sheet from the positions the BOUNDSHEET records give, and checks every
/// DIMENSIONS record and the area the cells span: calamine allocates the
/// box around a sheet's cells, and two cells far apart (columns are 16-bit
/// in the records) would make that box hundreds of gigabytes.
pub(crate) fn check_dimensions(stream: &[u8], max_cells: u64) -> Result<(), XlsRefusal> {
    let mut starts = Vec::new();
    for (typ, data) in records(stream, 0) {
        if typ == 0x0085 {
            let pos = u32_at(data, 0).ok_or_else(|| damaged("BoundSheet"))? as usize;
            if pos > stream.len() {
                return Err(damaged("sheet position past the end"));
            }
            starts.push(pos);
        }
    }
    for pos in starts {
        check_sheet(stream, pos, max_cells)?;
    }
    Ok(())
}

/// Rows and columns spanned by the cells of one sheet.
#[derive(Default)]
struct Span {
    rows: Option<(u32, u32)>,
    cols: Option<(u32, u32)>,
}

impl Span {
    fn add(&mut self, row: u32, first: u32, last: u32) {
        let widen = |s: &mut Option<(u32, u32)>, lo: u32, hi: u32| {
            *s = Some(match *s {
                Some((a, b)) => (a.min(lo), b.max(hi)),
                None => (lo, hi),
            })
        };
        widen(&mut self.rows, row, row);
        widen(&mut self.cols, first.min(last), first.max(last));
    }

    fn area(&self) -> u64 {
        match (self.rows, self.cols) {
            (Some((r0, r1)), Some((c0, c1))) => {
                (u64::from(r1 - r0) + 1).saturating_mul(u64::from(c1 - c0) + 1)
            }
            _ => 0,
        }
    }
}

fn check_sheet(stream: &[u8], pos: usize, max_cells: u64) -> Result<(), XlsRefusal> {
    let mut span = Span::default();
    let mut seen_bof = false;
    let mut depth = 0usize;
    for (typ, data) in records(stream, pos) {
        if depth > 0 {
            match typ {
                0x0809 => depth += 1,
                0x000A => depth -= 1,
                _ => {}
            }
            continue;
        }
        let row = u16_at(data, 0).map(u32::from);
        let col = u16_at(data, 2).map(u32::from);
        match typ {
            0x0809 if seen_bof => depth += 1,
            0x0809 => seen_bof = true,
            0x0200 => check_record(data, max_cells)?,
            // Number, Label, RString, BoolErr, Rk, LabelSst, Formula.
            0x0203 | 0x0204 | 0x00D6 | 0x0205 | 0x027E | 0x00FD | 0x0006 => {
                if let (Some(r), Some(c)) = (row, col) {
                    span.add(r, c, c);
                }
            }
            // MulRk: a run of columns from the first to the last.
            0x00BD => {
                let last = data.len().checked_sub(2).and_then(|at| u16_at(data, at));
                if let (Some(r), Some(c), Some(last)) = (row, col, last) {
                    let count = (data.len().saturating_sub(6) / 6) as u32;
                    span.add(r, c, u32::from(last).max(c.saturating_add(count)));
                }
            }
            0x000A => break,
            _ => {}
        }
    }
    let area = span.area();
    if area > max_cells {
        return Err(XlsRefusal::Limit(Hit {
            limit: Limit::Cells,
            found: area,
            max: max_cells,
        }));
    }
    Ok(())
}

/// The area of one DIMENSIONS record, computed as calamine does (see its
/// `parse_dimensions`), but refusing what would underflow or be too big.
fn check_record(r: &[u8], max_cells: u64) -> Result<(), XlsRefusal> {
    let (rf, rl, mut cf, cl) = match r.len() {
        10 => (
            u16_at(r, 0).unwrap_or(0) as u32,
            u16_at(r, 2).unwrap_or(0) as u32,
            u16_at(r, 4).unwrap_or(0) as u32,
            u16_at(r, 6).unwrap_or(0) as u32,
        ),
        14 | 16 => (
            u32_at(r, 0).unwrap_or(0),
            u32_at(r, 4).unwrap_or(0),
            u16_at(r, 8).unwrap_or(0) as u32,
            u16_at(r, 10).unwrap_or(0) as u32,
        ),
        // calamine refuses other lengths itself.
        _ => return Ok(()),
    };
    if 0xFF < cf || cl < cf {
        cf = 0;
    }
    if rl < 1 || cl < 1 {
        return Ok(());
    }
    let (Some(rows), Some(cols)) = ((rl - 1).checked_sub(rf), (cl - 1).checked_sub(cf)) else {
        return Err(XlsRefusal::Damaged(format!(
            "sheet dimensions end before they start (rows {rf}..{rl}, columns {cf}..{cl})"
        )));
    };
    let area = (rows as u64 + 1).saturating_mul(cols as u64 + 1);
    if area > max_cells {
        return Err(XlsRefusal::Limit(Hit {
            limit: Limit::Cells,
            found: area,
            max: max_cells,
        }));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A stream of one BOUNDSHEET pointing at a sheet holding `records`.
    fn sheet(records: &[u8]) -> Vec<u8> {
        let mut s = vec![0x85, 0x00, 8, 0, 12, 0, 0, 0, 0, 0, 0, 0];
        s.extend_from_slice(records);
        s
    }

    fn cell(row: u16, col: u16) -> Vec<u8> {
        let mut r = vec![0x03, 0x02, 14, 0];
        r.extend_from_slice(&row.to_le_bytes());
        r.extend_from_slice(&col.to_le_bytes());
        r.extend_from_slice(&[0; 10]);
        r
    }

    #[test]
    fn cells_far_apart_are_refused() {
        let near = [cell(0, 0), cell(99, 9)].concat();
        assert_eq!(check_dimensions(&sheet(&near), 1000), Ok(()));
        let far = [cell(0, 0), cell(65535, 65535)].concat();
        assert!(matches!(
            check_dimensions(&sheet(&far), 10_000_000),
            Err(XlsRefusal::Limit(h)) if h.found == 65536 * 65536
        ));
        let past = vec![0x85, 0x00, 8, 0, 0xFF, 0xFF, 0, 0, 0, 0, 0, 0];
        assert!(matches!(
            check_dimensions(&past, 10),
            Err(XlsRefusal::Damaged(_))
        ));
    }

    fn dims(rf: u32, rl: u32, cf: u16, cl: u16) -> Vec<u8> {
        let mut r = vec![0x00, 0x02, 14, 0];
        r.extend_from_slice(&rf.to_le_bytes());
        r.extend_from_slice(&rl.to_le_bytes());
        r.extend_from_slice(&cf.to_le_bytes());
        r.extend_from_slice(&cl.to_le_bytes());
        r.extend_from_slice(&[0, 0]);
        sheet(&r)
    }

    #[test]
    fn dimensions_are_checked() {
        assert_eq!(check_dimensions(&dims(0, 10, 0, 5), 100), Ok(()));
        assert_eq!(check_dimensions(&dims(0, 0, 0, 0), 100), Ok(()));
        assert!(matches!(
            check_dimensions(&dims(0, u32::MAX, 0, 256), 10_000_000),
            Err(XlsRefusal::Limit(_))
        ));
        assert!(matches!(
            check_dimensions(&dims(20, 10, 0, 5), 100),
            Err(XlsRefusal::Damaged(_))
        ));
        // cf == cl: calamine would compute cl - 1 - cf and underflow.
        assert!(matches!(
            check_dimensions(&dims(0, 10, 5, 5), 100),
            Err(XlsRefusal::Damaged(_))
        ));
    }

    #[test]
    fn garbage_is_an_error_not_a_panic() {
        let mut bytes = vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
        bytes.resize(600, 0xFF);
        assert!(workbook_stream(&bytes).is_err());
        bytes[0x1E] = 9;
        assert!(workbook_stream(&bytes).is_err());
        assert!(workbook_stream(&[]).is_err());
    }
}
