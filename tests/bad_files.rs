//! The corpus of broken and hostile input (issue 8): each file is loaded and
//! its documented outcome asserted — loaded, loaded with listed problems, or
//! refused with a message naming the file and the reason or limit. Never a
//! panic, a hang or an out-of-memory. README § "Broken and hostile input"
//! lists the same outcomes.
//!
//! Files are made here at run time, in a temporary folder, except the few
//! that need another program (tests/fixtures/bad/make_bad_fixtures.py).

mod common;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use common::*;
use partner_eval::ingest::{load_bytes, load_limited, Fatal, Limit, Limits, Loaded};
use partner_eval::lang::Lang;
use partner_eval::problem::{Problem, Severity};

fn load(paths: &[PathBuf], limits: &Limits) -> Result<Loaded, Vec<Fatal>> {
    load_limited(paths, 2, limits)
}

fn loaded(paths: &[PathBuf], limits: &Limits) -> Loaded {
    load(paths, limits).unwrap_or_else(|f| panic!("{}", messages(&f, Lang::En)))
}

fn refused(paths: &[PathBuf], limits: &Limits) -> Vec<Fatal> {
    match load(paths, limits) {
        Ok(l) => panic!("expected a refusal; problems: {:?}", lines(&l.problems)),
        Err(f) => f,
    }
}

fn messages(fatals: &[Fatal], lang: Lang) -> String {
    fatals
        .iter()
        .map(|f| f.message(lang))
        .collect::<Vec<_>>()
        .join("\n")
}

fn lines(problems: &[Problem]) -> Vec<String> {
    problems.iter().map(|p| p.line(Lang::En)).collect()
}

/// Asserts that every message, in both languages, names the file.
fn names_file(fatals: &[Fatal], path: &Path) {
    let file = path.display().to_string();
    for lang in [Lang::Zh, Lang::En] {
        for f in fatals {
            let m = f.message(lang);
            assert!(m.contains(&file), "{m}");
        }
    }
}

/// (code, row, column letter) of each problem.
fn located(l: &Loaded) -> Vec<(&'static str, u32, String)> {
    l.problems
        .iter()
        .map(|p| (p.code(), p.location.row, p.location.column.clone()))
        .collect()
}

/// A valid workbook at `dir/name`.
fn valid_book(dir: &Path, name: &str) -> PathBuf {
    let path = dir.join(name);
    write_book(&path, &valid_sheets());
    path
}

fn limits() -> Limits {
    Limits::default()
}

/// Where the service sheet of [`valid_sheets`] is in the xlsx.
const SERVICES_XML: &str = "xl/worksheets/sheet2.xml";

#[test]
fn zero_byte_files_are_refused_as_empty() {
    let (_d, dir) = temp();
    for ext in ["xlsx", "xlsm", "xls", "ods", "csv"] {
        let path = dir.join(format!("空文件.{ext}"));
        std::fs::write(&path, b"").unwrap();
        let fatals = refused(std::slice::from_ref(&path), &limits());
        assert!(
            matches!(fatals.as_slice(), [Fatal::EmptyFile { .. }]),
            "{ext}: {fatals:?}"
        );
        names_file(&fatals, &path);
        assert!(fatals[0].message(Lang::Zh).contains("0 字节"));
        assert!(fatals[0].message(Lang::En).contains("0 bytes"));
    }
}

#[test]
fn a_workbook_without_data_adds_nothing() {
    let (_d, dir) = temp();
    let empty = dir.join("空白.xlsx");
    write_book(&empty, &[sheet("Sheet1", &[])]);
    let valid = valid_book(&dir, "社区.xlsx");
    let l = loaded(&[empty.clone(), valid], &limits());
    assert!(l.problems.is_empty(), "{:?}", lines(&l.problems));
    assert!(l.notes.is_empty(), "{:?}", l.notes);
    assert_eq!(l.files.len(), 2);
    // Alone it lacks every required sheet.
    let fatals = refused(&[empty], &limits());
    assert!(fatals
        .iter()
        .all(|f| matches!(f, Fatal::MissingSheet { .. })));
    // An empty list of sheets found is said in words, not left blank.
    let zh = fatals[0].message(Lang::Zh);
    assert!(zh.contains("找到的工作表：无——"), "{zh}");
}

#[test]
fn text_or_html_under_a_spreadsheet_name_is_refused() {
    let (_d, dir) = temp();
    let csv = dir.join("名册.xlsx");
    std::fs::write(&csv, "合伙人编号,合伙人名称\nP-1,食堂\n").unwrap();
    let fatals = refused(std::slice::from_ref(&csv), &limits());
    assert!(matches!(
        fatals.as_slice(),
        [Fatal::NotASpreadsheet { text: true, .. }]
    ));
    names_file(&fatals, &csv);
    assert!(fatals[0].message(Lang::En).contains(".csv"));
    let html = dir.join("导出.xls");
    std::fs::write(&html, "<html><table><tr><td>1</td></tr></table></html>").unwrap();
    let fatals = refused(std::slice::from_ref(&html), &limits());
    assert!(matches!(fatals.as_slice(), [Fatal::NotASpreadsheet { .. }]));
    let binary = dir.join("图片.xlsx");
    std::fs::write(&binary, [0x89, b'P', b'N', b'G', 0, 0, 0, 13]).unwrap();
    let fatals = refused(std::slice::from_ref(&binary), &limits());
    assert!(matches!(
        fatals.as_slice(),
        [Fatal::NotASpreadsheet { text: false, .. }]
    ));
}

#[test]
fn truncated_workbooks_are_refused_at_every_cut() {
    let (_d, dir) = temp();
    let whole = std::fs::read(valid_book(&dir, "整.xlsx")).unwrap();
    let path = dir.join("截断.xlsx");
    for cut in [
        4,
        30,
        100,
        whole.len() / 3,
        whole.len() / 2,
        whole.len() - 23,
        whole.len() - 1,
    ] {
        std::fs::write(&path, &whole[..cut]).unwrap();
        let fatals = refused(std::slice::from_ref(&path), &limits());
        assert!(
            matches!(fatals.as_slice(), [Fatal::Unreadable { .. }]),
            "cut {cut}: {fatals:?}"
        );
        names_file(&fatals, &path);
        // Said as a user needs it: what happened and what to do, the
        // library's reason only as a detail.
        let zh = fatals[0].message(Lang::Zh);
        assert!(
            zh.contains("已损坏或不完整") && zh.contains("重新获取"),
            "{zh}"
        );
        assert!(!zh.contains("密码"), "encryption is told apart: {zh}");
        let en = fatals[0].message(Lang::En);
        assert!(en.contains("damaged or incomplete"), "{en}");
    }
}

/// A copy of a valid workbook with padding put into `entry` just before
/// the first `before`: tiny compressed, big unpacked.
fn inflated(dir: &Path, name: &str, entry: &str, before: &str, padding: Padding) -> PathBuf {
    let src = valid_book(dir, "源.xlsx");
    let bomb = dir.join(name);
    let (open, fill, size, close) = padding;
    repack(&src, &bomb, |e, bytes| {
        if e != entry {
            return Some(bytes);
        }
        let text = String::from_utf8(bytes).unwrap();
        let cut = text.find(before).unwrap();
        let mut out = text.as_bytes()[..cut].to_vec();
        out.extend_from_slice(open);
        out.resize(out.len() + size, fill);
        out.extend_from_slice(close);
        out.extend_from_slice(&text.as_bytes()[cut..]);
        Some(out)
    });
    bomb
}

/// What [`inflated`] puts in: opening bytes, the fill byte, how many, the
/// closing bytes.
type Padding = (&'static [u8], u8, usize, &'static [u8]);

/// Refused within 5 s, from the zip directory alone, for its unpacked
/// size, naming the file; the refusal and (size found, limit).
fn refused_unpacked(bomb: &Path, limits: &Limits) -> (Vec<Fatal>, u64, u64) {
    let started = Instant::now();
    let fatals = refused(std::slice::from_ref(&bomb.to_path_buf()), limits);
    assert!(started.elapsed() < Duration::from_secs(5));
    let (found, max) = match fatals.as_slice() {
        [Fatal::LimitExceeded {
            limit: Limit::Unzipped,
            found,
            max,
            ..
        }] => (*found, *max),
        other => panic!("{other:?}"),
    };
    names_file(&fatals, bomb);
    (fatals, found, max)
}

/// A valid workbook whose sharedStrings.xml starts with one string of
/// `filler` bytes.
fn shared_strings_bomb(dir: &Path, filler: usize) -> PathBuf {
    let padding: Padding = (b"<si><t>", b'A', filler, b"</t></si>");
    inflated(dir, "炸弹.xlsx", "xl/sharedStrings.xml", "<si>", padding)
}

#[test]
fn a_zip_bomb_is_refused_before_it_is_unpacked() {
    let (_d, dir) = temp();
    let bomb = shared_strings_bomb(&dir, 40 << 20);
    assert!(std::fs::metadata(&bomb).unwrap().len() < 200_000);
    let small = Limits {
        max_unzipped_bytes: 16 << 20,
        ..limits()
    };
    let (fatals, found, max) = refused_unpacked(&bomb, &small);
    assert!(found > 40 << 20 && max == 16 << 20);
    let en = fatals[0].message(Lang::En);
    assert!(
        en.contains("unpacked size") && en.contains("--max-unzipped-mb"),
        "{en}"
    );
    assert!(fatals[0].message(Lang::Zh).contains("解压后大小"));
    // Under the default limit (512 MB) the same file is read; its first
    // string, now 40 MB, is the header cell A1 of the registry.
    let fatals = refused(std::slice::from_ref(&bomb), &limits());
    match fatals.as_slice() {
        [Fatal::LimitExceeded {
            limit: Limit::CellChars,
            row: Some(1),
            column: Some(column),
            ..
        }] => assert_eq!(column, "A"),
        other => panic!("{other:?}"),
    }
}

/// A sheet that inflates past the default limit (600 MB of blanks between
/// its rows, 0.6 MB packed) is refused from the zip directory, at default
/// limits, before a byte of it is unpacked.
#[test]
fn a_sheet_that_inflates_past_the_default_limit_is_refused_unread() {
    let (_d, dir) = temp();
    let padding: Padding = (b"", b' ', 600 << 20, b"");
    let bomb = inflated(
        &dir,
        "膨胀.xlsx",
        "xl/worksheets/sheet1.xml",
        "<row",
        padding,
    );
    assert!(std::fs::metadata(&bomb).unwrap().len() < 2 << 20);
    let (_, found, max) = refused_unpacked(&bomb, &limits());
    assert!(found > 600 << 20 && max == 512 << 20);
}

/// Sets the declared unpacked size of one entry, in the local header and
/// the central directory, without touching its data.
fn declare_size(bytes: &mut [u8], entry: &str, size: u32) -> usize {
    let name = entry.as_bytes();
    let mut patched = 0;
    for i in 0..bytes.len().saturating_sub(46) {
        let (sig, size_at, name_at) = match &bytes[i..i + 4] {
            b"PK\x03\x04" => ("local", 22, 30),
            b"PK\x01\x02" => ("central", 24, 46),
            _ => continue,
        };
        let _ = sig;
        let len_at = if name_at == 30 { 26 } else { 28 };
        let len = u16::from_le_bytes([bytes[i + len_at], bytes[i + len_at + 1]]) as usize;
        if bytes.get(i + name_at..i + name_at + len) == Some(name) {
            bytes[i + size_at..i + size_at + 4].copy_from_slice(&size.to_le_bytes());
            patched += 1;
        }
    }
    patched
}

#[test]
fn declared_sizes_are_checked_and_enforced() {
    let (_d, dir) = temp();
    let src = valid_book(&dir, "源.xlsx");
    let mut bytes = std::fs::read(&src).unwrap();
    // Claims 4 GB: refused from the central directory alone.
    assert_eq!(
        declare_size(&mut bytes, "xl/sharedStrings.xml", u32::MAX - 1),
        2
    );
    let lying = dir.join("声称4GB.xlsx");
    std::fs::write(&lying, &bytes).unwrap();
    let fatals = refused(std::slice::from_ref(&lying), &limits());
    assert!(matches!(
        fatals.as_slice(),
        [Fatal::LimitExceeded {
            limit: Limit::Unzipped,
            ..
        }]
    ));
    names_file(&fatals, &lying);
    // Claims less than it holds: reading stops at the declared size.
    let bomb = shared_strings_bomb(&dir, 8 << 20);
    let mut bytes = std::fs::read(&bomb).unwrap();
    assert_eq!(declare_size(&mut bytes, "xl/sharedStrings.xml", 1000), 2);
    let under = dir.join("少报.xlsx");
    std::fs::write(&under, &bytes).unwrap();
    let fatals = refused(std::slice::from_ref(&under), &limits());
    assert!(
        matches!(fatals.as_slice(), [Fatal::Unreadable { .. }]),
        "{fatals:?}"
    );
    names_file(&fatals, &under);
}

#[test]
fn an_absurd_shared_string_count_is_refused_not_reserved() {
    // calamine reserves room for uniqueCount strings before reading one:
    // 10^19 would abort the program.
    let (_d, dir) = temp();
    let src = valid_book(&dir, "源.xlsx");
    let text = {
        let mut archive = zip::ZipArchive::new(std::fs::File::open(&src).unwrap()).unwrap();
        let mut s = String::new();
        std::io::Read::read_to_string(
            &mut archive.by_name("xl/sharedStrings.xml").unwrap(),
            &mut s,
        )
        .unwrap();
        s
    };
    let count = text
        .split("uniqueCount=\"")
        .nth(1)
        .and_then(|r| r.split('"').next())
        .unwrap()
        .to_string();
    let from = format!("uniqueCount=\"{count}\"");
    let huge = dir.join("巨量.xlsx");
    repack_replace(
        &src,
        &huge,
        "xl/sharedStrings.xml",
        &from,
        "uniqueCount=\"18446744073709551615\"",
    );
    let fatals = refused(std::slice::from_ref(&huge), &limits());
    assert!(
        matches!(
            fatals.as_slice(),
            [Fatal::LimitExceeded {
                limit: Limit::SharedStrings,
                ..
            }]
        ),
        "{fatals:?}"
    );
    names_file(&fatals, &huge);
    let zh = fatals[0].message(Lang::Zh);
    assert!(
        zh.contains("共享字符串") && zh.contains("--max-cells"),
        "{zh}"
    );
    let odd = dir.join("不符.xlsx");
    repack_replace(
        &src,
        &odd,
        "xl/sharedStrings.xml",
        &from,
        "uniqueCount=\"9000000\"",
    );
    let fatals = refused(std::slice::from_ref(&odd), &limits());
    assert!(matches!(fatals.as_slice(), [Fatal::Unreadable { .. }]));
    assert!(fatals[0]
        .message(Lang::En)
        .contains("declares 9000000 strings"));
}

#[test]
fn an_encrypted_workbook_is_refused_as_password_protected() {
    let path = fixture("bad/encrypted.xlsx");
    let fatals = refused(std::slice::from_ref(&path), &limits());
    assert!(matches!(fatals.as_slice(), [Fatal::Encrypted { .. }]));
    names_file(&fatals, &path);
    assert!(fatals[0].message(Lang::Zh).contains("密码"));
    assert!(fatals[0].message(Lang::En).contains("password"));
}

#[test]
fn an_xlsm_is_loaded_and_its_macros_are_not_run() {
    let (_d, dir) = temp();
    let rest = dir.join("其余.xlsx");
    write_book(&rest, &valid_sheets_without(&["合伙人名册"]));
    let xlsm = fixture("bad/macros.xlsm");
    let l = loaded(&[xlsm.clone(), rest], &limits());
    assert_eq!(l.macros_ignored, vec![xlsm.display().to_string()]);
    assert!(l.dataset.partners.iter().any(|p| p.partner_id == "P-1"));
    let note = partner_eval::ingest::macros_note(&l.macros_ignored[0], Lang::Zh);
    assert!(note.contains("宏未运行"), "{note}");
}

#[test]
fn xls_merged_cells_read_blank_and_hidden_sheets_and_rows_are_read() {
    let (_d, dir) = temp();
    let rest = dir.join("其余.xlsx");
    write_book(&rest, &valid_sheets_without(&["合伙人名册", "服务记录"]));
    let xls = fixture("bad/merged-hidden.xls");
    let l = loaded(&[xls.clone(), rest], &limits());
    let file = xls.display().to_string();
    // B2:B4 merged: the value is in B2 only; B3 and B4 (a hidden row) are blank.
    let missing: Vec<_> = l
        .problems
        .iter()
        .filter(|p| p.location.file == file && p.code() == "missing")
        .map(|p| {
            (
                p.location.sheet.as_str(),
                p.location.row,
                p.location.column.as_str(),
            )
        })
        .collect();
    assert_eq!(missing, vec![("服务记录", 3, "B"), ("服务记录", 4, "B")]);
    assert_eq!(l.dataset.services.len(), 1);
    // The hidden sheet 旧名册 is a partner registry like any other.
    let ids: Vec<_> = l
        .dataset
        .partners
        .iter()
        .map(|p| p.partner_id.as_str())
        .collect();
    assert_eq!(ids, vec!["P-1", "P-OLD"]);
}

#[test]
fn formatting_down_to_the_last_row_costs_nothing() {
    let (_d, dir) = temp();
    let path = dir.join("格式.xlsx");
    let mut book = rust_xlsxwriter::Workbook::new();
    let yellow = rust_xlsxwriter::Format::new().set_background_color("FFFF00");
    {
        let ws = book.add_worksheet();
        ws.set_name("备注").unwrap();
        ws.write_string(0, 0, "说明").unwrap();
        ws.set_row_format(1_048_575, &yellow).unwrap();
        for col in 0..30 {
            ws.write_blank(1_048_575, col, &yellow).unwrap();
        }
    }
    book.save(&path).unwrap();
    let valid = valid_book(&dir, "社区.xlsx");
    let started = Instant::now();
    let l = loaded(&[path, valid], &limits());
    assert!(started.elapsed() < Duration::from_secs(5));
    assert!(l.problems.is_empty(), "{:?}", lines(&l.problems));
}

#[test]
fn error_values_are_located_bad_values() {
    let (_d, dir) = temp();
    let path = valid_book(&dir, "错误值.xlsx");
    replace_cell(
        &path,
        SERVICES_XML,
        "G2",
        r#"<c r="G2" t="e"><f>1/0</f><v>#DIV/0!</v></c>"#,
    );
    replace_cell(
        &path,
        SERVICES_XML,
        "I3",
        r#"<c r="I3" t="e"><f>NA()</f><v>#N/A</v></c>"#,
    );
    replace_cell(
        &path,
        SERVICES_XML,
        "C4",
        r#"<c r="C4" t="e"><f>#REF!</f><v>#REF!</v></c>"#,
    );
    let l = loaded(&[path], &limits());
    assert_eq!(
        located(&l),
        vec![
            ("bad_value", 2, "G".into()),
            ("bad_value", 3, "I".into()),
            ("bad_value", 4, "C".into())
        ]
    );
    let en = lines(&l.problems).join("\n");
    for e in ["#DIV/0!", "#N/A", "#REF!"] {
        assert!(en.contains(&format!("holds the error \"{e}\"")), "{en}");
    }
    assert!(l.problems[0].message(Lang::Zh).contains("错误值"));
}

#[test]
fn formulas_give_their_cached_value_and_none_without_one() {
    let (_d, dir) = temp();
    let path = valid_book(&dir, "公式.xlsx");
    // I2 = 30 people as a formula with its cached result.
    replace_cell(
        &path,
        SERVICES_XML,
        "I2",
        r#"<c r="I2"><f>10+20</f><v>30</v></c>"#,
    );
    // I3 saved without a cached result (by a program that does not calculate).
    replace_cell(&path, SERVICES_XML, "I3", r#"<c r="I3"><f>20+5</f></c>"#);
    let l = loaded(&[path], &limits());
    assert_eq!(l.dataset.services[0].participants, 30);
    assert_eq!(located(&l), vec![("missing", 3, "I".into())]);
}

#[test]
fn dates_before_1900_are_refused_and_1904_workbooks_are_read_right() {
    let (_d, dir) = temp();
    let mut sheets = valid_sheets();
    set(&mut sheets, "服务记录", 1, 2, "1899-12-31");
    set(&mut sheets, "服务记录", 2, 2, "-1");
    let path = dir.join("旧日期.xlsx");
    write_book(&path, &sheets);
    let l = loaded(&[path], &limits());
    assert_eq!(
        located(&l)[..2],
        [("bad_value", 2, "C".into()), ("bad_value", 3, "C".into())]
    );
    assert!(lines(&l.problems)[0].contains("out of range"));

    // A 1904-system workbook (old Mac Excel): date cells hold serials
    // counted from 1904-01-01, 1462 days fewer than in the 1900 system.
    let services = dir.join("服务.xlsx");
    let all = valid_sheets();
    write_book(&services, &all[1..2]);
    let serial = 45723 - 1462; // 2025-03-07
    replace_cell(
        &services,
        "xl/worksheets/sheet1.xml",
        "C2",
        &format!(r#"<c r="C2" s="1"><v>{serial}</v></c>"#),
    );
    let mac = dir.join("mac.xlsx");
    repack_replace(
        &services,
        &mac,
        "xl/workbook.xml",
        "<workbookPr",
        "<workbookPr date1904=\"1\"",
    );
    let rest = dir.join("其余.xlsx");
    write_book(&rest, &valid_sheets_without(&["服务记录"]));
    let l = loaded(&[mac, rest], &limits());
    assert!(l.problems.is_empty(), "{:?}", lines(&l.problems));
    assert_eq!(
        l.dataset.services[0].date,
        chrono::NaiveDate::from_ymd_opt(2025, 3, 7).unwrap()
    );
}

#[test]
fn negative_and_absurd_money_is_refused_at_the_cell() {
    let (_d, dir) = temp();
    let mut sheets = valid_sheets();
    set(&mut sheets, "服务记录", 1, 6, "-10"); // G2 number
    set(&mut sheets, "服务记录", 1, 7, "(12)"); // H2 accounting negative
    set(&mut sheets, "服务记录", 3, 6, "99999999999999999"); // G4 above 1e15
    set(&mut sheets, "公益金缴纳", 1, 5, "1e20"); // F2 exponent text
    let path = dir.join("金额.xlsx");
    write_book(&path, &sheets);
    let l = loaded(&[path], &limits());
    let got = located(&l);
    for want in [
        ("negative", 2, "G"),
        ("negative", 2, "H"),
        ("bad_value", 4, "G"),
        ("bad_value", 2, "F"),
    ] {
        assert!(
            got.iter().any(|(c, r, col)| (*c, *r, col.as_str()) == want),
            "{want:?} in {got:?}"
        );
    }
    assert!(l.dataset.services.iter().all(|s| s.record_id == "FW-2"));
}

#[test]
fn nan_inf_and_1e308_as_text_and_as_numbers_are_refused() {
    let (_d, dir) = temp();
    let mut sheets = valid_sheets();
    set(&mut sheets, "服务记录", 1, 8, "NaN"); // I2 text
    set(&mut sheets, "服务记录", 2, 8, "inf"); // I3 text
    set(&mut sheets, "服务记录", 3, 8, "1e308"); // I4: a number cell
    set(&mut sheets, "服务记录", 3, 6, "1e308 "); // G4: text (trailing space)
    let path = dir.join("非数.xlsx");
    write_book(&path, &sheets);
    replace_cell(&path, SERVICES_XML, "J2", r#"<c r="J2"><v>NaN</v></c>"#);
    replace_cell(&path, SERVICES_XML, "J3", r#"<c r="J3"><v>-inf</v></c>"#);
    let l = loaded(&[path], &limits());
    let got = located(&l);
    for want in [(2, "I"), (3, "I"), (4, "I"), (4, "G"), (2, "J"), (3, "J")] {
        assert!(
            got.iter()
                .any(|(c, r, col)| *c == "bad_value" && (*r, col.as_str()) == want),
            "{want:?} in {got:?}"
        );
    }
    assert!(l.dataset.services.is_empty());
}

#[test]
fn a_one_megabyte_cell_passes_the_limit_and_is_refused_by_name() {
    let (_d, dir) = temp();
    // Excel cannot save this (nor rust_xlsxwriter): an inline string.
    let big = "长".repeat(350_000); // 1 MB of UTF-8
    let path = valid_book(&dir, "长文本.xlsx"); // E3 活动名称
    let cell = format!(r#"<c r="E3" t="inlineStr"><is><t>{big}</t></is></c>"#);
    replace_cell(&path, SERVICES_XML, "E3", &cell);
    let fatals = refused(std::slice::from_ref(&path), &limits());
    match fatals.as_slice() {
        [Fatal::LimitExceeded {
            limit: Limit::CellChars,
            sheet: Some(sheet),
            row: Some(3),
            column: Some(column),
            found: 350_000,
            max: 32_767,
            ..
        }] => assert_eq!((sheet.as_str(), column.as_str()), ("服务记录", "E")),
        other => panic!("{other:?}"),
    }
    names_file(&fatals, &path);
    let zh = fatals[0].message(Lang::Zh);
    assert!(
        zh.contains("服务记录 › 第 3 行 › E 列") && zh.contains("--max-cell-chars"),
        "{zh}"
    );
    // Raised on purpose, it loads whole.
    let wide = Limits {
        max_cell_chars: 1 << 20,
        ..limits()
    };
    let l = loaded(&[path], &wide);
    assert_eq!(l.dataset.services[1].title.as_deref(), Some(big.as_str()));
}

#[test]
fn duplicate_headers_use_the_first_and_blank_headers_are_ignored() {
    let (_d, dir) = temp();
    let mut sheets = valid_sheets();
    let services = sheets.iter_mut().find(|s| s.0 == "服务记录").unwrap();
    services.1[0].push("合伙人编号".into()); // K: a second partner id column
    services.1[0].push("".into()); // L: no header, but data below
    for row in services.1.iter_mut().skip(1) {
        row.push("P-9".into());
        row.push("无表头的数据".into());
    }
    let path = dir.join("重复表头.xlsx");
    write_book(&path, &sheets);
    let l = loaded(&[path], &limits());
    assert!(l.problems.is_empty(), "{:?}", lines(&l.problems));
    assert!(l.dataset.services.iter().all(|s| s.partner_id != "P-9"));
    let notes = format!("{:?}", l.notes);
    assert!(
        notes.contains("IgnoredColumns") && notes.contains("合伙人编号"),
        "{notes}"
    );
}

#[test]
fn two_workbooks_with_conflicting_registries_reject_the_second_row() {
    let (_d, dir) = temp();
    let a = valid_book(&dir, "a.xlsx");
    let b = dir.join("b.xlsx");
    let mut registry = sheet("合伙人名册", &[PARTNER_HEADER]);
    let mut changed = partner_row("P-1", "另一个名字");
    changed[6] = "另一社区".into();
    registry.1.push(changed);
    write_book(&b, &[registry]);
    let l = loaded(&[b.clone(), a.clone()], &limits());
    let conflict: Vec<_> = l
        .problems
        .iter()
        .filter(|p| p.code() == "conflicting_partner")
        .collect();
    assert_eq!(conflict.len(), 1);
    let p = conflict[0];
    assert_eq!(p.severity, Severity::Error);
    assert_eq!(
        (
            p.location.file.as_str(),
            p.location.row,
            p.location.column.as_str()
        ),
        (b.display().to_string().as_str(), 2, "A")
    );
    // It names the first registration and the fields that differ.
    let zh = p.line(Lang::Zh);
    let first = format!("{} › 合伙人名册 › 第 2 行", a.display());
    assert!(zh.contains(&first), "{zh}");
    assert!(zh.contains("合伙人名称") && zh.contains("社区"), "{zh}");
    assert_eq!(
        l.dataset
            .partners
            .iter()
            .filter(|p| p.partner_id == "P-1")
            .count(),
        1
    );
}

#[test]
fn a_csv_mixing_utf8_and_gbk_is_refused_with_both_lines() {
    let (_d, dir) = temp();
    let path = dir.join("经营数据申报.csv");
    let mut bytes = "合伙人编号,期间,营业收入(元),数据来源\nP-1,2025Q1,10000,自报\n"
        .as_bytes()
        .to_vec();
    let (gbk, _, _) = encoding_rs::GBK.encode("P-2,2025Q1,5000,自报\n");
    bytes.extend_from_slice(&gbk);
    std::fs::write(&path, &bytes).unwrap();
    let fatals = refused(std::slice::from_ref(&path), &limits());
    assert!(
        matches!(
            fatals.as_slice(),
            [Fatal::MixedEncoding {
                utf8_line: 1,
                other_line: 3,
                ..
            }]
        ),
        "{fatals:?}"
    );
    names_file(&fatals, &path);
    assert!(fatals[0].message(Lang::Zh).contains("第 3 行"));
}

#[test]
fn file_size_row_and_cell_limits_name_the_file_and_the_option() {
    let (_d, dir) = temp();
    let path = valid_book(&dir, "社区.xlsx");
    let tiny = Limits {
        max_file_bytes: 1000,
        ..limits()
    };
    let fatals = refused(std::slice::from_ref(&path), &tiny);
    assert!(matches!(
        fatals.as_slice(),
        [Fatal::LimitExceeded {
            limit: Limit::FileSize,
            max: 1000,
            ..
        }]
    ));
    names_file(&fatals, &path);
    assert!(fatals[0].message(Lang::En).contains("--max-file-mb"));
    let rows = Limits {
        max_rows: 3,
        ..limits()
    };
    let fatals = refused(std::slice::from_ref(&path), &rows);
    match fatals.as_slice() {
        [Fatal::LimitExceeded {
            limit: Limit::Rows,
            sheet: Some(sheet),
            row: Some(4),
            ..
        }] => assert_eq!(sheet, "服务记录"),
        other => panic!("{other:?}"),
    }
    assert!(fatals[0].message(Lang::En).contains("--max-rows"));
    let cells = Limits {
        max_cells: 20,
        ..limits()
    };
    // The workbook's distinct texts (each in some cell) are counted first.
    let fatals = refused(std::slice::from_ref(&path), &cells);
    assert!(fatals.iter().any(|f| matches!(
        f,
        Fatal::LimitExceeded {
            limit: Limit::Cells | Limit::SharedStrings,
            ..
        }
    )));
    assert!(fatals[0].message(Lang::En).contains("--max-cells"));
}

#[test]
fn the_command_line_limits_reach_the_loader() {
    let (_d, dir) = temp();
    let path = valid_book(&dir, "社区.xlsx");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_partner-eval"))
        .args(["validate", "--lang", "en", "--max-rows", "2"])
        .arg(&path)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let text =
        String::from_utf8_lossy(&out.stdout).to_string() + &String::from_utf8_lossy(&out.stderr);
    assert!(text.contains(&path.display().to_string()), "{text}");
    assert!(text.contains("--max-rows"), "{text}");
    let help = std::process::Command::new(env!("CARGO_BIN_EXE_partner-eval"))
        .args(["validate", "--help"])
        .output()
        .unwrap();
    let help = String::from_utf8_lossy(&help.stdout);
    for option in [
        "--max-file-mb",
        "--max-unzipped-mb",
        "--max-rows",
        "--max-cells",
        "--max-cell-chars",
    ] {
        assert!(help.contains(option), "{help}");
    }
}

#[test]
fn damaged_bytes_never_panic() {
    // Flips bytes through a real xlsx and a real xls: every outcome is a
    // load or a refusal; a panic caught in the loader would say "internal".
    let (_d, dir) = temp();
    let xlsx = std::fs::read(valid_book(&dir, "源.xlsx")).unwrap();
    let xls = std::fs::read(fixture("bad/merged-hidden.xls")).unwrap();
    for (name, whole) in [("x.xlsx", &xlsx), ("x.xls", &xls)] {
        for i in (0..whole.len()).step_by(whole.len() / 97 + 1) {
            let mut bytes = whole.clone();
            bytes[i] ^= 0x5a;
            if let Err(fatals) = load_bytes(Path::new(name), bytes, &limits()) {
                let m = messages(&fatals, Lang::En);
                assert!(!m.contains("internal error"), "{name} byte {i}: {m}");
            }
        }
    }
}

#[test]
fn hostile_xls_dimensions_are_refused_before_calamine_reserves_them() {
    // calamine reserves rows × columns from the DIMENSIONS record with
    // unchecked arithmetic: four billion rows made it abort, a last row
    // before the first made it panic (found by flipping bytes).
    let (_d, dir) = temp();
    let whole = std::fs::read(fixture("bad/merged-hidden.xls")).unwrap();
    let at = whole
        .windows(4)
        .position(|w| w == [0x00, 0x02, 0x0E, 0x00])
        .expect("a DIMENSIONS record")
        + 4;
    let path = dir.join("尺寸.xls");
    let mut huge = whole.clone();
    huge[at + 4..at + 8].copy_from_slice(&u32::MAX.to_le_bytes()); // last row
    std::fs::write(&path, &huge).unwrap();
    let fatals = refused(std::slice::from_ref(&path), &limits());
    assert!(
        matches!(
            fatals.as_slice(),
            [Fatal::LimitExceeded {
                limit: Limit::Cells,
                ..
            }]
        ),
        "{fatals:?}"
    );
    names_file(&fatals, &path);
    // Two cells far apart: calamine would allocate the 65,536 × 65,536 box.
    let cell = whole
        .windows(4)
        .position(|w| w == [0xFD, 0x00, 0x0A, 0x00])
        .expect("a LABELSST record")
        + 4;
    let mut far = whole.clone();
    far[cell..cell + 4].copy_from_slice(&[0xFF; 4]); // row and column 65535
    std::fs::write(&path, &far).unwrap();
    let fatals = refused(std::slice::from_ref(&path), &limits());
    assert!(
        matches!(
            fatals.as_slice(),
            [Fatal::LimitExceeded {
                limit: Limit::Cells,
                ..
            }]
        ),
        "{fatals:?}"
    );
    let mut backwards = whole;
    backwards[at..at + 4].copy_from_slice(&1000u32.to_le_bytes()); // first row
    std::fs::write(&path, &backwards).unwrap();
    let fatals = refused(std::slice::from_ref(&path), &limits());
    assert!(
        matches!(fatals.as_slice(), [Fatal::Unreadable { detail, .. }] if detail.contains("dimensions")),
        "{fatals:?}"
    );
}

#[test]
fn values_in_the_last_column_count_the_whole_width() {
    // One value in column XFD on each row: every row is 16,384 cells of work.
    let (_d, dir) = temp();
    let path = dir.join("最右列.xlsx");
    let mut book = rust_xlsxwriter::Workbook::new();
    {
        let ws = book.add_worksheet();
        ws.set_name("服务记录").unwrap();
        for (col, header) in SERVICE_HEADER.iter().enumerate() {
            ws.write_string(0, col as u16, *header).unwrap();
        }
        for row in 1..1000 {
            ws.write_number(row, 16_383, 1.0).unwrap();
        }
    }
    book.save(&path).unwrap();
    let started = Instant::now();
    let fatals = refused(std::slice::from_ref(&path), &limits());
    assert!(started.elapsed() < Duration::from_secs(5));
    match fatals.as_slice() {
        [Fatal::LimitExceeded {
            limit: Limit::Cells,
            row: Some(row),
            ..
        }] => assert_eq!(*row, 612), // 10 + 611 × 16,384 > 10,000,000
        other => panic!("{other:?}"),
    }
}

/// A file the system will not read (here a link to nowhere, as a network
/// share that went away leaves) is named with the reason in words.
#[cfg(unix)]
#[test]
fn a_file_the_system_cannot_read_is_named_with_the_reason() {
    let (_d, dir) = temp();
    let link = dir.join("断链.xlsx");
    std::os::unix::fs::symlink(dir.join("没有/这个.xlsx"), &link).unwrap();
    let fatals = refused(std::slice::from_ref(&dir), &limits());
    assert!(
        matches!(fatals.as_slice(), [Fatal::Io { .. }]),
        "{fatals:?}"
    );
    names_file(&fatals, &link);
    assert!(fatals[0]
        .message(Lang::Zh)
        .contains("无法读取文件：文件不存在"));
    assert!(fatals[0]
        .message(Lang::En)
        .contains("cannot read the file: no such file"));
}
