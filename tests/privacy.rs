//! Personal data never leaves the input: the identity numbers of individual
//! partners and the numbers of survey questionnaires (问卷编号) appear in no
//! output (results.json, results.csv, the issue list, the workbook, the PDF
//! reports, `explain`, the terminal), and where a problem quotes an identity
//! number it is masked.

mod common;

use std::collections::HashSet;
use std::io::Read;
use std::path::Path;
use std::process::{Command, Output};
use std::sync::OnceLock;

use calamine::{open_workbook, Data, Reader, Xlsx};
use partner_eval::ingest::{mask, Loaded};
use partner_eval::lang::Lang;
use partner_eval::report::pdf::{self, Options, Templates};
use partner_eval::score::Evaluation;

fn samples_dir() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("samples")
}

fn cli(args: &[&std::ffi::OsStr]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_partner-eval"))
        .args(args)
        .env_remove("PARTNER_EVAL_LANG")
        .output()
        .unwrap()
}

fn os<S: AsRef<std::ffi::OsStr> + ?Sized>(s: &S) -> &std::ffi::OsStr {
    s.as_ref()
}

/// Every text member of an xlsx (a zip of XML), concatenated.
fn xlsx_text(path: &Path) -> String {
    let file = std::fs::File::open(path).unwrap();
    let mut zip = zip::ZipArchive::new(file).unwrap();
    let mut all = String::new();
    for i in 0..zip.len() {
        let mut member = zip.by_index(i).unwrap();
        let mut text = String::new();
        if member.read_to_string(&mut text).is_ok() {
            all.push_str(&text);
        }
    }
    all
}

/// Every cell of one sheet of an xlsx, as calamine reads it.
fn sheet_cells(path: &Path, sheet: &str) -> Vec<Vec<String>> {
    let mut book: Xlsx<_> = open_workbook(path).unwrap();
    let range = book.worksheet_range(sheet).unwrap();
    range
        .rows()
        .map(|r| {
            r.iter()
                .map(|c| match c {
                    Data::Empty => String::new(),
                    other => other.to_string(),
                })
                .collect()
        })
        .collect()
}

/// Every cell of every sheet of an xlsx, one per line.
fn xlsx_cells(path: &Path) -> String {
    let book: Xlsx<_> = open_workbook(path).unwrap();
    let mut all = String::new();
    for name in book.sheet_names() {
        for row in sheet_cells(path, &name) {
            for cell in row {
                all.push_str(&cell);
                all.push('\n');
            }
        }
    }
    all
}

/// Fails when `text` shows `id` in full, its last six characters, or more
/// of its end than [`mask`] keeps (two characters after the stars).
fn assert_hidden(id: &str, texts: &[(String, String)]) {
    let chars: Vec<char> = id.chars().collect();
    let tail = |n: usize| {
        chars[chars.len().saturating_sub(n)..]
            .iter()
            .collect::<String>()
    };
    // The last six digits are enough to identify a person.
    let tail6 = tail(6);
    let starred3 = format!("*{}", tail(3));
    for (what, text) in texts {
        assert!(!text.contains(id), "{what} shows {id}");
        assert!(
            !text.contains(&tail6),
            "{what} shows the last six characters of {id}"
        );
        assert!(
            !text.contains(&starred3),
            "{what} unmasks more of {id} than its last two characters"
        );
    }
}

/// Everything the commands write for the samples, as text; built once.
struct SampleOutputs {
    loaded: Loaded,
    texts: Vec<(String, String)>,
}

fn sample_outputs() -> &'static SampleOutputs {
    static OUTPUTS: OnceLock<SampleOutputs> = OnceLock::new();
    OUTPUTS.get_or_init(build_sample_outputs)
}

fn build_sample_outputs() -> SampleOutputs {
    let (loaded, _, eval) = common::evaluated_samples();
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().to_path_buf();
    let samples = samples_dir();
    let run = cli(&[
        os("evaluate"),
        samples.as_os_str(),
        os("--out"),
        out.as_os_str(),
        os("--format"),
        os("xlsx,json"),
    ]);
    assert!(
        run.status.code().is_some_and(|c| c <= 1),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let issues = out.join("issues.csv");
    let validate = cli(&[
        os("validate"),
        samples.as_os_str(),
        os("--issues"),
        issues.as_os_str(),
    ]);
    let text = |o: &Output| {
        String::from_utf8_lossy(&o.stdout).into_owned() + &String::from_utf8_lossy(&o.stderr)
    };
    let workbook = out.join("评估结果.xlsx");
    let mut texts = vec![
        ("evaluate terminal".to_string(), text(&run)),
        ("validate terminal".to_string(), text(&validate)),
        (
            "results.json".to_string(),
            std::fs::read_to_string(out.join("results.json")).unwrap(),
        ),
        (
            "results.csv".to_string(),
            std::fs::read_to_string(out.join("results.csv")).unwrap(),
        ),
        (
            "issues.csv".to_string(),
            std::fs::read_to_string(&issues).unwrap(),
        ),
        ("workbook xml".to_string(), xlsx_text(&workbook)),
        ("workbook cells".to_string(), xlsx_cells(&workbook)),
    ];

    // The reports and explanations of the partners whose data is personal:
    // individuals (identity numbers), and those with the most survey
    // responses (among them the ones flagged for sales pressure and low
    // satisfaction, whose evidence must not list questionnaires).
    let ds = &loaded.dataset;
    let mut chosen: Vec<String> = ds
        .partners
        .iter()
        .filter(|p| p.id_number.is_some())
        .take(3)
        .map(|p| p.partner_id.clone())
        .collect();
    let mut by_responses: Vec<(usize, String)> = eval
        .partners
        .iter()
        .map(|p| {
            let n = ds
                .survey_responses
                .iter()
                .filter(|r| r.partner_id.as_str() == p.partner_id)
                .count();
            (n, p.partner_id.clone())
        })
        .collect();
    by_responses.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    chosen.extend(by_responses.into_iter().take(2).map(|(_, id)| id));
    // Named in samples/profiles.csv: a sales veto and low satisfaction.
    chosen.extend(["PD-PT02-007".to_string(), "PD-XP03-007".to_string()]);
    chosen.sort();
    chosen.dedup();
    let some = Evaluation {
        partners: eval
            .partners
            .iter()
            .filter(|p| chosen.contains(&p.partner_id))
            .cloned()
            .collect(),
        ..eval.clone()
    };
    assert_eq!(some.partners.len(), chosen.len(), "{chosen:?}");
    let t = Templates::builtin();
    let written = pdf::write(
        &out,
        &some,
        &Options {
            lang: Lang::Zh,
            evaluator: None,
            templates: &t,
            placement: Default::default(),
            progress: false,
        },
    )
    .unwrap();
    for path in written.partners.iter().chain(&written.districts) {
        texts.push((path.display().to_string(), common::pdf_text(path)));
    }
    // Side by side: each run loads and scores the samples.
    let explained: Vec<(String, String)> = std::thread::scope(|scope| {
        let runs: Vec<_> = chosen
            .iter()
            .flat_map(|id| ["zh", "en"].map(|lang| (id, lang)))
            .map(|(id, lang)| {
                let samples = &samples;
                scope.spawn(move || {
                    let o = cli(&[
                        os("explain"),
                        samples.as_os_str(),
                        os("--partner"),
                        os(id),
                        os("--lang"),
                        os(lang),
                        os("--quiet"),
                    ]);
                    assert!(o.status.code().is_some_and(|c| c <= 1), "{}", text(&o));
                    (format!("explain {id} --lang {lang}"), text(&o))
                })
            })
            .collect();
        runs.into_iter().map(|r| r.join().unwrap()).collect()
    });
    texts.extend(explained);
    drop(tmp);
    SampleOutputs { loaded, texts }
}

#[test]
fn identity_numbers_appear_in_no_output() {
    let outputs = sample_outputs();
    let ids: Vec<&String> = outputs
        .loaded
        .dataset
        .partners
        .iter()
        .filter_map(|p| p.id_number.as_ref())
        .collect();
    assert!(ids.len() >= 3, "the samples have individual partners");
    for id in ids {
        assert_hidden(id, &outputs.texts);
    }
}

#[test]
fn survey_response_ids_appear_in_no_output() {
    let outputs = sample_outputs();
    let ids: HashSet<&str> = outputs
        .loaded
        .dataset
        .survey_responses
        .iter()
        .map(|r| r.response_id.as_str())
        .collect();
    assert!(ids.len() >= 100, "the samples have survey responses");
    // Every run of the ids' own characters in every output, looked up
    // (thousands of ids, megabytes of text): an id printed anywhere is such
    // a run, in Chinese text too where nothing separates it from a word.
    let alphabet: HashSet<char> = ids.iter().flat_map(|id| id.chars()).collect();
    let word = |c: char| alphabet.contains(&c);
    for (what, text) in &outputs.texts {
        for w in text.split(|c: char| !word(c)).filter(|w| !w.is_empty()) {
            assert!(!ids.contains(w), "{what} shows the questionnaire {w}");
        }
    }
    // The word test finds an id as the outputs would print it.
    let some = ids.iter().next().unwrap();
    let shown = format!("证据{some}，共 1 份");
    assert!(shown.split(|c: char| !word(c)).any(|w| ids.contains(w)));
}

/// An indicator file may cite questionnaires as evidence (a flag on
/// `survey_responses where q_overall <= 2`): they are cited by their row,
/// and no questionnaire number reaches results.json.
#[test]
fn questionnaires_cited_as_evidence_are_cited_by_row() {
    let text = partner_eval::indicators::DEFAULT_TOML.replacen(
        "[[flag]]",
        "[[flag]]\nid = \"FLX\"\nname_zh = \"差评问卷\"\nname_en = \"Poor answers\"\n\
         records = \"survey_responses where q_overall <= 2\"\n\n[[flag]]",
        1,
    );
    let set = partner_eval::indicators::IndicatorSet::from_text("cite.toml", &text).unwrap();
    let outputs = sample_outputs();
    let options = partner_eval::score::Options {
        period: partner_eval::value::Period::Year(2025),
        date: chrono::NaiveDate::from_ymd_opt(2025, 12, 31).unwrap(),
    };
    let eval = partner_eval::score::evaluate_loaded(&outputs.loaded, &set, &options);
    let cited: Vec<_> = eval
        .partners
        .iter()
        .filter_map(|p| p.flag("FLX"))
        .flat_map(|f| &f.evidence)
        .collect();
    assert!(!cited.is_empty(), "some sample partner has poor answers");
    for e in &cited {
        assert_eq!(e.id, format!("#{}", e.location.row));
        // Located at the answer, not at the questionnaire number.
        assert!(
            !e.location.header.contains("编号") && !e.location.header.is_empty(),
            "{:?}",
            e.location
        );
    }
    let json = serde_json::to_string(&eval).unwrap();
    for r in &outputs.loaded.dataset.survey_responses {
        assert!(!json.contains(&*r.response_id), "{}", r.response_id);
    }
}

/// An identity number behind a data problem (a second registration that
/// differs only in it, a registry row rejected for another reason) or one
/// that could be (malformed, shared by two partners) is never quoted in full, nor
/// its last six digits, in issues.csv or the workbook's 数据质量 sheet; a
/// problem located in the 身份证号 column quotes it masked.
#[test]
fn identity_numbers_behind_problems_are_masked() {
    use common::*;
    let (_d, dir) = temp();
    let book = dir.join("社区.xlsx");
    let malformed = "51012419900101123"; // 17 digits
                                         // `first` is typed as a number (Excel keeps 15 digits of it), `second`
                                         // ends in X and stays text.
    let (first, second) = ("510124198507074321", "51012419850707432X");
    let shared = "510124197702286418";
    let rejected = "51012419800303567X";
    let mut sheets = valid_sheets();
    let registry = &mut sheets.iter_mut().find(|s| s.0 == "合伙人名册").unwrap().1;
    registry[0].push("身份证号".into());
    let individual = |row: &mut Vec<String>, id: &str| {
        row[2] = "个人".into();
        row.push(id.into());
    };
    individual(&mut registry[1], malformed);
    individual(&mut registry[2], first);
    // P-2 again, with another identity number: a conflicting registration.
    let mut again = partner_row("P-2", "张德堃便民服务");
    individual(&mut again, second);
    registry.push(again);
    // Two partners with one identity number.
    let mut twin = partner_row("P-3", "张德堃理发");
    individual(&mut twin, shared);
    registry.push(twin);
    let mut twin = partner_row("P-4", "张德堃洗衣");
    individual(&mut twin, shared);
    registry.push(twin);
    // A row rejected for its partner type.
    let mut bad = partner_row("P-5", "李四");
    individual(&mut bad, rejected);
    bad[3] = "火星合伙人".into();
    registry.push(bad);
    write_book(&book, &sheets);

    let issues = dir.join("issues.csv");
    let o = cli(&[
        os("validate"),
        book.as_os_str(),
        os("--issues"),
        issues.as_os_str(),
    ]);
    assert_eq!(
        o.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let out = dir.join("out");
    let e = cli(&[
        os("evaluate"),
        book.as_os_str(),
        os("--out"),
        out.as_os_str(),
        os("--format"),
        os("xlsx"),
    ]);
    assert_eq!(
        e.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&e.stderr)
    );
    let workbook = out.join("评估结果.xlsx");

    // Both lists, as rows: 级别,文件,工作表,行,列,表头,单元格值,代码,说明.
    let csv_rows: Vec<Vec<String>> = csv::Reader::from_reader(
        std::fs::read_to_string(&issues)
            .unwrap()
            .trim_start_matches('\u{feff}')
            .as_bytes(),
    )
    .records()
    .map(|r| r.unwrap().iter().map(str::to_string).collect())
    .collect();
    let quality = sheet_cells(&workbook, "数据质量");
    assert_eq!(quality[0][5], "表头");
    let quality_rows: Vec<Vec<String>> = quality[1..]
        .iter()
        .take_while(|r| r.iter().any(|c| !c.is_empty()))
        .cloned()
        .collect();
    for (what, rows) in [("issues.csv", &csv_rows), ("数据质量", &quality_rows)] {
        // The second registration of P-2 (sheet row 4), differing only in
        // the identity number, is refused as a conflict naming the field
        // only, never its value.
        let again = rows
            .iter()
            .find(|r| r[3] == "4" && r[6] == "P-2")
            .unwrap_or_else(|| panic!("{what}: P-2 registered twice, not listed: {rows:?}"));
        assert_eq!(again[7], "conflicting_partner", "{what}: {again:?}");
        assert!(again[8].contains("不一致：身份证号；"), "{what}: {again:?}");
        assert!(
            rows.iter()
                .any(|r| r[7] == "unknown_choice" && r[6] == "火星合伙人"),
            "{what}: the rejected row is listed: {rows:?}"
        );
        // An 18-digit number lost its last digits: said, on P-2's first
        // registration (sheet row 3), quoted masked as Excel shows it.
        let lost = rows
            .iter()
            .find(|r| r[7] == "digits_lost" && r[3] == "3")
            .unwrap_or_else(|| panic!("{what}: digits lost not said: {rows:?}"));
        assert!(lost[8].contains("15 位有效数字"), "{what}: {lost:?}");
        // Quoted from the 身份证号 column: masked, as mask() masks it.
        let ids = [malformed, first, second, shared, rejected];
        // (A number typed is quoted as Excel keeps it, 15 digits then 0s.)
        let kept = |id: &str| id.parse::<f64>().map(|n| format!("{n:.0}")).ok();
        for r in rows.iter().filter(|r| r[5] == "身份证号") {
            assert!(
                ids.iter()
                    .any(|id| r[6] == mask(id) || kept(id).is_some_and(|k| r[6] == mask(&k))),
                "{what}: {r:?} quotes an identity number unmasked"
            );
        }
    }
    let texts = vec![
        (
            "issues.csv".to_string(),
            std::fs::read_to_string(&issues).unwrap(),
        ),
        (
            "数据质量".to_string(),
            quality
                .iter()
                .map(|r| r.join("\t"))
                .collect::<Vec<_>>()
                .join("\n"),
        ),
        ("workbook cells".to_string(), xlsx_cells(&workbook)),
        ("workbook xml".to_string(), xlsx_text(&workbook)),
        (
            "terminal".to_string(),
            String::from_utf8_lossy(&o.stdout).into_owned()
                + &String::from_utf8_lossy(&e.stdout)
                + &String::from_utf8_lossy(&e.stderr),
        ),
    ];
    for id in [malformed, first, second, shared, rejected] {
        assert_hidden(id, &texts);
    }
}

/// The mask keeps the first three and last two characters.
#[test]
fn a_quoted_identity_number_is_masked() {
    assert_eq!(mask("510124199001011234"), "510*************34");
    assert_eq!(mask("1234"), "****");
}
