//! Workbooks the tests write themselves, so each test states its own data.
#![allow(dead_code)]

pub mod pdf_text;
pub mod scored;

use std::path::{Path, PathBuf};

use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};

/// A sheet as rows of cells; a cell that parses as a number is written as a
/// number, `d:2025-03-07` as a real date cell, anything else as text.
pub type Sheet = (String, Vec<Vec<String>>);

pub fn sheet(name: &str, rows: &[&[&str]]) -> Sheet {
    (
        name.to_string(),
        rows.iter()
            .map(|r| r.iter().map(|c| c.to_string()).collect())
            .collect(),
    )
}

/// Writes an xlsx with the given sheets.
pub fn write_book(path: &Path, sheets: &[Sheet]) {
    let mut book = Workbook::new();
    let date = Format::new().set_num_format("yyyy-mm-dd");
    for (name, rows) in sheets {
        let ws = book.add_worksheet();
        ws.set_name(name).unwrap();
        for (r, row) in rows.iter().enumerate() {
            for (c, cell) in row.iter().enumerate() {
                let (r, c) = (r as u32, c as u16);
                if cell.is_empty() {
                    continue;
                } else if let Some(d) = cell.strip_prefix("d:") {
                    let dt = ExcelDateTime::parse_from_str(d).unwrap();
                    ws.write_datetime_with_format(r, c, &dt, &date).unwrap();
                } else if let Ok(n) = cell.parse::<f64>() {
                    ws.write_number(r, c, n).unwrap();
                } else {
                    ws.write_string(r, c, cell).unwrap();
                }
            }
        }
    }
    book.save(path).unwrap();
}

pub const PARTNER_HEADER: &[&str] = &[
    "合伙人编号",
    "合伙人名称",
    "主体性质",
    "合伙人类型",
    "区",
    "街道",
    "社区",
    "合作模式",
    "服务模式",
    "主要服务类别",
    "协议编号",
    "协议开始日期",
    "协议结束日期",
    "公益金计提基数",
    "计提比例",
    "缴纳周期",
    "约定公益场次(次/年)",
    "场地方式",
    "状态",
];

pub fn partner_row(id: &str, name: &str) -> Vec<String> {
    [
        id,
        name,
        "社会组织",
        "社群合伙人",
        "郫都区",
        "犀浦街道",
        "犀浦社区",
        "公共空间共营式",
        "公益+低偿",
        "养老",
        "XY-1",
        "d:2025-01-01",
        "d:2025-12-31",
        "营业收入",
        "15%",
        "季",
        "24",
        "无偿",
        "在约",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect()
}

pub const SERVICE_HEADER: &[&str] = &[
    "记录编号",
    "合伙人编号",
    "活动日期",
    "服务类别",
    "活动名称",
    "定价模式",
    "单价(元/人次)",
    "市场参考价(元)",
    "参与人次",
    "其中特殊群体人次",
];

/// A complete, valid workbook: every required sheet, two partners.
pub fn valid_sheets() -> Vec<Sheet> {
    let mut partners = vec![PARTNER_HEADER.iter().map(|s| s.to_string()).collect()];
    partners.push(partner_row("P-1", "犀浦邻里食堂"));
    partners.push(partner_row("P-2", "张德堃便民服务"));
    vec![
        ("合伙人名册".to_string(), partners),
        sheet(
            "服务记录",
            &[
                SERVICE_HEADER,
                &[
                    "FW-1",
                    "P-1",
                    "d:2025-03-07",
                    "养老",
                    "长者午餐",
                    "低偿",
                    "10",
                    "12",
                    "30",
                    "8",
                ],
                &[
                    "FW-2",
                    "P-1",
                    "2025/3/8",
                    "养老",
                    "健康讲座",
                    "公益",
                    "0",
                    "",
                    "25",
                    "5",
                ],
                &[
                    "FW-3",
                    "P-2",
                    "2025年3月9日",
                    "养老",
                    "理发",
                    "市场",
                    "¥1,200",
                    "",
                    "1",
                    "0",
                ],
            ],
        ),
        sheet(
            "公益金缴纳",
            &[
                &[
                    "缴纳编号",
                    "合伙人编号",
                    "所属期间",
                    "计提基数金额(元)",
                    "应缴截止日",
                    "实缴金额(元)",
                    "缴纳日期",
                    "缴纳形式",
                ],
                &[
                    "GJ-1",
                    "P-1",
                    "2025Q1",
                    "10000",
                    "d:2025-04-15",
                    "1500",
                    "d:2025-04-10",
                    "资金",
                ],
            ],
        ),
        sheet(
            "经营数据申报",
            &[
                &["合伙人编号", "期间", "营业收入(元)", "数据来源"],
                &["P-1", "2025Q1", "10000", "自报"],
            ],
        ),
        sheet(
            "满意度调查",
            &[
                &[
                    "问卷编号",
                    "合伙人编号",
                    "调查日期",
                    "调查方式",
                    "受访者类型",
                    "总体满意度",
                    "是否有效",
                ],
                &["MY-1", "P-1", "d:2025-11-20", "现场", "服务对象", "5", "是"],
            ],
        ),
        sheet(
            "投诉与事件",
            &[&[
                "编号",
                "合伙人编号",
                "受理日期",
                "来源",
                "类别",
                "是否有效(经核实)",
                "严重程度",
            ]],
        ),
    ]
}

/// Replaces one cell of a sheet (row and column 0-based).
pub fn set(sheets: &mut [Sheet], name: &str, row: usize, col: usize, value: &str) {
    let s = sheets.iter_mut().find(|s| s.0 == name).unwrap();
    s.1[row][col] = value.to_string();
}

/// A fresh temporary folder kept alive by the returned guard.
pub fn temp() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().to_path_buf();
    (dir, path)
}

/// The fixture folder.
pub fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

/// The committed samples, loaded and scored with the default set.
pub fn evaluated_samples() -> (
    partner_eval::ingest::Loaded,
    partner_eval::indicators::IndicatorSet,
    partner_eval::score::Evaluation,
) {
    use partner_eval::score;
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("samples");
    let loaded = partner_eval::ingest::load(&[dir]).expect("the samples load");
    let set = partner_eval::indicators::IndicatorSet::default_set().unwrap();
    let period = score::busiest_year(&loaded.dataset).unwrap();
    let options = score::Options {
        period,
        date: period.end(),
    };
    let eval = score::evaluate_loaded(&loaded, &set, &options);
    (loaded, set, eval)
}

/// Rewrites a zip archive (xlsx, ods) entry by entry: `edit` gets each
/// entry's name and bytes and returns the bytes to write, or `None` to
/// drop the entry. Entries are deflated.
pub fn repack(src: &Path, dst: &Path, mut edit: impl FnMut(&str, Vec<u8>) -> Option<Vec<u8>>) {
    use std::io::{Read, Write};
    let mut archive = zip::ZipArchive::new(std::fs::File::open(src).unwrap()).unwrap();
    let mut out = zip::ZipWriter::new(std::fs::File::create(dst).unwrap());
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for i in 0..archive.len() {
        let mut entry = archive.by_index(i).unwrap();
        let name = entry.name().unwrap().to_string();
        let mut bytes = Vec::new();
        entry.read_to_end(&mut bytes).unwrap();
        if let Some(bytes) = edit(&name, bytes) {
            out.start_file(name, options).unwrap();
            out.write_all(&bytes).unwrap();
        }
    }
    out.finish().unwrap();
}

/// Replaces `from` by `to` in the text of one entry of an xlsx; panics when
/// `from` is not there, so that a test cannot pass by editing nothing.
pub fn repack_replace(src: &Path, dst: &Path, entry: &str, from: &str, to: &str) {
    let mut found = false;
    repack(src, dst, |name, bytes| {
        if name != entry {
            return Some(bytes);
        }
        let text = String::from_utf8(bytes).unwrap();
        found = text.contains(from);
        Some(text.replacen(from, to, 1).into_bytes())
    });
    assert!(found, "{from} not in {entry}");
}

/// The valid sheets without the named ones, for a workbook that completes
/// another file's sheets.
pub fn valid_sheets_without(names: &[&str]) -> Vec<Sheet> {
    let mut sheets = valid_sheets();
    sheets.retain(|s| !names.contains(&s.0.as_str()));
    sheets
}

/// Replaces the XML of one cell (`<c r="G2" …>…</c>`) in one worksheet part
/// (`xl/worksheets/sheet2.xml`) of an xlsx written by [`write_book`].
pub fn replace_cell(book: &Path, part: &str, cell: &str, xml: &str) {
    let tmp = book.with_extension("tmp.xlsx");
    let mut found = false;
    repack(book, &tmp, |name, bytes| {
        if name != part {
            return Some(bytes);
        }
        let mut text = String::from_utf8(bytes).unwrap();
        let open = format!("<c r=\"{cell}\"");
        if let Some(start) = text.find(&open) {
            let rest = &text[start..];
            let end = match (rest.find("/>"), rest.find("</c>")) {
                (Some(a), Some(b)) if a < b && !rest[..a].contains('>') => a + 2,
                (_, Some(b)) => b + 4,
                (Some(a), None) => a + 2,
                (None, None) => panic!("unclosed cell {cell}"),
            };
            text.replace_range(start..start + end, xml);
            found = true;
        }
        Some(text.into_bytes())
    });
    assert!(found, "no cell {cell} in {part}");
    std::fs::rename(&tmp, book).unwrap();
}

/// Scores a (possibly edited) load of the samples the way
/// [`evaluated_samples`] does: the busiest year, dated at its end.
pub fn score_samples(
    loaded: &partner_eval::ingest::Loaded,
    set: &partner_eval::indicators::IndicatorSet,
) -> partner_eval::score::Evaluation {
    use partner_eval::score;
    let period = score::busiest_year(&loaded.dataset).unwrap();
    let options = score::Options {
        period,
        date: period.end(),
    };
    score::evaluate_loaded(loaded, set, &options)
}

/// The binary as a user runs it, in its default language whatever the
/// environment says.
pub fn run(args: &[&str]) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_partner-eval"))
        .args(args)
        .env_remove("PARTNER_EVAL_LANG")
        .output()
        .unwrap()
}

pub fn stdout(o: &std::process::Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

pub fn stderr(o: &std::process::Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// The text of a PDF in reading order, pages ended by form feeds (see
/// [`pdf_text::plain`]).
pub fn pdf_text(pdf: &Path) -> String {
    pdf_text::plain(pdf)
}

/// The same line by line as printed: each table row on one line (see
/// [`pdf_text::layout`]).
pub fn pdf_text_layout(pdf: &Path) -> String {
    pdf_text::layout(pdf)
}
