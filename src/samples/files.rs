//! The CSV files beside the workbooks: the district price list (in GBK, as
//! Excel on Chinese Windows saves it), the partner profiles and the planted
//! errors (UTF-8 with a BOM, so that Excel opens them without mojibake).

use std::fs::File;
use std::io::{self, BufWriter, Write};
use std::path::Path;

use super::catalog::{in_price_list, ITEMS};
use super::partner::Partner;
use super::profiles::Prior;
use crate::schema::vocab::Vocabulary;

const BOM: &[u8] = b"\xEF\xBB\xBF";

/// 市场参考价.csv of a district: GBK, CRLF line ends, dates as 2025/1/10.
pub fn price_list(path: &Path) -> io::Result<()> {
    let mut w = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(Vec::new());
    w.write_record([
        "服务类别",
        "项目",
        "单位",
        "市场参考价(元)",
        "调查来源",
        "调查日期",
    ])?;
    for item in ITEMS.iter().filter(|i| in_price_list(i.category)) {
        let price = item.price.to_string();
        let row = [
            item.category.zh(),
            item.name,
            item.unit,
            &price,
            item.source,
            "2025/1/10",
        ];
        w.write_record(row)?;
    }
    let text =
        String::from_utf8(w.into_inner().map_err(|e| e.into_error())?).map_err(io::Error::other)?;
    let (bytes, _, _) = encoding_rs::GB18030.encode(&text);
    std::fs::write(path, bytes)
}

/// profiles.csv, written one community at a time.
pub struct Profiles {
    w: csv::Writer<BufWriter<File>>,
}

impl Profiles {
    pub fn create(path: &Path) -> io::Result<Profiles> {
        let mut file = BufWriter::new(File::create(path)?);
        file.write_all(BOM)?;
        let mut w = csv::Writer::from_writer(file);
        w.write_record([
            "partner_id",
            "name",
            "district",
            "street",
            "community",
            "profile",
            "conditions",
            "flags",
            "prior",
        ])?;
        Ok(Profiles { w })
    }

    pub fn add(&mut self, p: &Partner, place: [&str; 3]) -> io::Result<()> {
        let prior = match p.slot.prior {
            Prior::Blank => "",
            Prior::Renewed => "续约",
            Prior::Rectified => "整改后续约",
            Prior::RectifiedYellow => "整改后续约;黄",
        };
        let row = [
            p.id.as_str(),
            &p.name,
            place[0],
            place[1],
            place[2],
            p.slot.profile.key(),
            &p.slot.conds.list(),
            &p.slot.flags(),
            prior,
        ];
        self.w.write_record(row)?;
        Ok(())
    }

    pub fn finish(mut self) -> io::Result<()> {
        self.w.flush()
    }
}

/// One line of planted-errors.csv.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Manifest {
    pub file: String,
    pub sheet: String,
    pub row: u32,
    pub column: String,
    pub code: &'static str,
    pub severity: &'static str,
}

/// planted-errors.csv, sorted by place.
pub fn manifest(path: &Path, lines: &[Manifest]) -> io::Result<()> {
    let mut out = BOM.to_vec();
    {
        let mut w = csv::Writer::from_writer(&mut out);
        w.write_record(["file", "sheet", "row", "column", "code", "severity"])?;
        let mut sorted = lines.to_vec();
        sorted.sort();
        for m in sorted {
            let row = m.row.to_string();
            w.write_record([&m.file, &m.sheet, &row, &m.column, m.code, m.severity])?;
        }
        w.flush()?;
    }
    std::fs::write(path, out)
}
