//! The command as a user runs it: exit codes, printed summary, issues files.

mod common;

use common::*;

#[test]
fn clean_input_exits_0_and_prints_counts() {
    let out = run(&[
        "validate",
        fixture("libreoffice-title-row.ods").to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(text.contains("已读取 1 个文件、6 个工作表"), "{text}");
    assert!(text.contains("      14       14        0  合计"), "{text}");
    assert!(text.contains("问题：错误 0 条"), "{text}");
}

#[test]
fn rejected_rows_exit_1_and_are_exported_without_formulas() {
    let (_d, dir) = temp();
    let book = dir.join("社区.xlsx");
    let mut sheets = valid_sheets();
    set(&mut sheets, "服务记录", 1, 0, "=HYPERLINK(\"x\")");
    set(&mut sheets, "服务记录", 2, 0, "=HYPERLINK(\"x\")");
    write_book(&book, &sheets);
    let issues = dir.join("问题.csv");
    let out = run(&[
        "validate",
        book.to_str().unwrap(),
        "--issues",
        issues.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(stdout(&out).contains("错误: "), "{}", stdout(&out));
    let bytes = std::fs::read(&issues).unwrap();
    assert!(bytes.starts_with(b"\xEF\xBB\xBF"), "BOM for Excel");
    let text = String::from_utf8(bytes[3..].to_vec()).unwrap();
    let mut lines = text.lines();
    assert_eq!(
        lines.next(),
        Some("级别,文件,工作表,行,列,表头,单元格值,代码,说明")
    );
    let row = lines.next().unwrap();
    assert!(
        row.contains(",3,A,记录编号,\"'=HYPERLINK(\"\"x\"\")\",duplicate_id,"),
        "{row}"
    );

    let json = dir.join("issues.json");
    let out = run(&[
        "validate",
        book.to_str().unwrap(),
        "--lang",
        "en",
        "--issues",
        json.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_slice(&std::fs::read(&json).unwrap()).unwrap();
    assert_eq!(v[0]["code"], "duplicate_id");
    assert_eq!(v[0]["location"]["row"], 3);
    assert!(v[0]["message"]
        .as_str()
        .unwrap()
        .starts_with("id \"=HYPERLINK"));
}

#[test]
fn unusable_input_and_bad_usage_exit_2() {
    let out = run(&["validate", "没有这个文件.xlsx"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("没有这个文件.xlsx：文件或文件夹不存在"),
        "{}",
        stderr(&out)
    );
    assert!(stderr(&out).contains("输入无法使用，未生成任何结果。"));
    let out = run(&[
        "validate",
        fixture("gbk-csv").to_str().unwrap(),
        "--issues",
        "x.txt",
    ]);
    assert_eq!(out.status.code(), Some(2));
    let out = run(&["validate"]);
    assert_eq!(out.status.code(), Some(2), "clap usage error");
}

#[test]
fn help_shows_examples_and_exit_codes() {
    let out = run(&["validate", "--help"]);
    let text = stdout(&out);
    assert!(text.contains("partner-eval validate samples/"), "{text}");
    let out = run(&["--help"]);
    assert!(stdout(&out).contains("退出码 Exit codes"));
}

#[test]
fn results_are_not_overwritten_without_force() {
    let (_d, dir) = temp();
    let book = dir.join("社区.xlsx");
    write_book(&book, &valid_sheets());
    let out = dir.join("out");
    let evaluate = |extra: &[&str]| {
        let mut args = vec![
            "evaluate",
            book.to_str().unwrap(),
            "--format",
            "json",
            "--out",
            out.to_str().unwrap(),
        ];
        args.extend(extra);
        run(&args)
    };
    // A fresh folder, and an existing empty one, are written.
    std::fs::create_dir(&out).unwrap();
    assert_eq!(evaluate(&[]).status.code(), Some(0));
    let before = std::fs::read(out.join("results.json")).unwrap();
    let o = evaluate(&["--date", "2026-01-15"]);
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert!(
        err.contains(out.to_str().unwrap()),
        "names the folder: {err}"
    );
    assert!(
        err.contains("results.json") && err.contains("--force"),
        "{err}"
    );
    let o = evaluate(&["--date", "2026-01-15", "--lang", "en"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("already holds results"),
        "{}",
        stderr(&o)
    );
    assert_eq!(std::fs::read(out.join("results.json")).unwrap(), before);
    // --force overwrites, and leaves no staging folder behind.
    assert_eq!(
        evaluate(&["--date", "2026-01-15", "--force"]).status.code(),
        Some(0)
    );
    assert_ne!(std::fs::read(out.join("results.json")).unwrap(), before);
    let names: Vec<String> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(names.iter().all(|n| !n.starts_with('.')), "{names:?}");
}

#[test]
fn force_removes_the_results_an_earlier_run_left_and_nothing_else() {
    let (_d, dir) = temp();
    let book = dir.join("社区.xlsx");
    write_book(&book, &valid_sheets());
    let out = dir.join("out");
    let evaluate = |format: &str, extra: &[&str]| {
        let mut args = vec!["evaluate", book.to_str().unwrap(), "--out"];
        args.extend([out.to_str().unwrap(), "--format", format]);
        args.extend(extra);
        run(&args)
    };
    assert_eq!(evaluate("xlsx", &[]).status.code(), Some(0));
    assert!(out.join("评估结果.xlsx").exists());
    // What an earlier run could have left: the report of a partner who has
    // since left the registry, and a split workbook; beside them the
    // user's own files, which are not partner-eval's to remove.
    let reports = out.join("报告");
    std::fs::create_dir(&reports).unwrap();
    std::fs::write(reports.join("P999-已退出的合伙人.pdf"), b"old").unwrap();
    std::fs::write(reports.join("备注.txt"), b"mine").unwrap();
    std::fs::write(out.join("评估结果-犀浦镇.xlsx"), b"old").unwrap();
    std::fs::write(out.join("我的笔记.xlsx"), b"mine").unwrap();

    let o = evaluate("json", &["--force"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let said = stdout(&o);
    assert!(
        said.contains("已删除上次运行留下、本次未重写的 3 个文件"),
        "{said}"
    );
    assert!(
        said.contains("评估结果.xlsx"),
        "names what it removed: {said}"
    );
    for gone in [
        "评估结果.xlsx",
        "评估结果-犀浦镇.xlsx",
        "报告/P999-已退出的合伙人.pdf",
    ] {
        assert!(!out.join(gone).exists(), "{gone} left behind");
    }
    for kept in [
        "results.json",
        "results.csv",
        "我的笔记.xlsx",
        "报告/备注.txt",
    ] {
        assert!(out.join(kept).exists(), "{kept} removed");
    }

    // In English the message is English, and an emptied report folder goes.
    std::fs::remove_file(reports.join("备注.txt")).unwrap();
    std::fs::write(reports.join("P998-old.pdf"), b"old").unwrap();
    let o = evaluate("json", &["--force", "--lang", "en"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(
        stdout(&o).contains("removed 1 file(s) an earlier run left"),
        "{}",
        stdout(&o)
    );
    assert!(!reports.exists());
    assert!(out.join("我的笔记.xlsx").exists());
}

#[test]
fn a_wholly_rejected_required_sheet_stops_the_ranking() {
    let (_d, dir) = temp();
    let book = dir.join("社区.xlsx");
    let mut sheets = valid_sheets();
    // 主体性质 unreadable in both registry rows: every row rejected.
    set(&mut sheets, "合伙人名册", 1, 2, "火星人");
    set(&mut sheets, "合伙人名册", 2, 2, "火星人");
    write_book(&book, &sheets);
    let out = dir.join("out");
    for (lang, needle) in [("zh", "全部被拒绝"), ("en", "were rejected")] {
        let o = run(&[
            "evaluate",
            book.to_str().unwrap(),
            "--lang",
            lang,
            "--out",
            out.to_str().unwrap(),
        ]);
        assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
        let err = stderr(&o);
        assert!(err.contains(needle), "{err}");
        assert!(
            err.contains("社区.xlsx › 合伙人名册"),
            "names file and sheet: {err}"
        );
        assert!(!out.exists(), "nothing written");
    }
}

/// A survey sheet or a business-figures sheet with every row rejected
/// stops the ranking too (its partners would be ranked on "no data"), and
/// `validate` says so beforehand with the same exit code. An optional
/// sheet wholly rejected does not.
#[test]
fn a_wholly_rejected_survey_or_business_sheet_stops_the_ranking_and_validate_says_so() {
    let (_d, dir) = temp();
    let out = dir.join("out");
    // (sheet, row, column, unreadable value)
    for (sheet, col, bad) in [("满意度调查", 5, "很好"), ("经营数据申报", 2, "不详")]
    {
        let book = dir.join(format!("{sheet}.xlsx"));
        let mut sheets = valid_sheets();
        set(&mut sheets, sheet, 1, col, bad);
        write_book(&book, &sheets);
        let o = run(&[
            "evaluate",
            book.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
        ]);
        assert_eq!(o.status.code(), Some(2), "{sheet}: {}", stderr(&o));
        let err = stderr(&o);
        let named = format!("{sheet}.xlsx › {sheet}");
        assert!(err.contains(&named) && err.contains("全部被拒绝"), "{err}");
        assert!(!out.exists(), "nothing written");
        let o = run(&["validate", book.to_str().unwrap(), "--lang", "en"]);
        assert_eq!(o.status.code(), Some(2), "{sheet}: {}", stderr(&o));
        assert!(
            stderr(&o).contains("so evaluate cannot rank"),
            "{}",
            stderr(&o)
        );
    }
    // 志愿与时间银行 is optional: its rows rejected are listed (exit 1).
    let book = dir.join("optional.xlsx");
    let mut sheets = valid_sheets();
    sheets.push(sheet(
        "志愿与时间银行",
        &[
            &["合伙人编号", "日期", "志愿时长(小时)"],
            &["P-1", "d:2025-05-01", "许多"],
        ],
    ));
    write_book(&book, &sheets);
    let o = run(&["validate", book.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
}

/// An output folder inside the data folder (`evaluate .` with the default
/// `out/`), or the data folder itself as `--out`: the next run does not
/// read its own reports back as input.
#[test]
fn a_run_does_not_read_its_own_outputs_back() {
    let (_d, dir) = temp();
    let data = dir.join("台账");
    std::fs::create_dir(&data).unwrap();
    write_book(&data.join("社区.xlsx"), &valid_sheets());
    for out in [data.join("out"), data.clone()] {
        for extra in [&[][..], &["--force"][..]] {
            let mut args = vec!["evaluate", data.to_str().unwrap(), "--format", "xlsx"];
            args.extend(["--out", out.to_str().unwrap()]);
            args.extend(extra);
            let o = run(&args);
            assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
            assert!(out.join("评估结果.xlsx").exists());
        }
    }
    let o = run(&["validate", data.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let said = stdout(&o) + &stderr(&o);
    assert!(
        said.contains("评估结果.xlsx：partner-eval 上次写出的评估结果，不作为输入读取"),
        "listed as skipped: {said}"
    );
}

/// A run that fails while rendering (here: a broken edited template) has
/// written nothing, and says nothing was written: "已写入" is printed only
/// once the files are in place.
#[test]
fn a_failed_run_does_not_say_it_wrote_anything() {
    let (_d, dir) = temp();
    let book = dir.join("社区.xlsx");
    write_book(&book, &valid_sheets());
    let templates = dir.join("模板");
    std::fs::create_dir(&templates).unwrap();
    std::fs::write(templates.join("partner.typ"), "#let x = (\n").unwrap();
    let out = dir.join("out");
    let o = run(&[
        "evaluate",
        book.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "--templates",
        templates.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("partner.typ"), "{}", stderr(&o));
    assert!(!stdout(&o).contains("已写入"), "{}", stdout(&o));
    assert!(!out.join("results.json").exists());
}

#[test]
fn merge_and_shard_are_documented_in_help() {
    let text = stdout(&run(&["merge", "--help"]));
    assert!(
        text.contains("partner-eval merge shard-1 shard-2 shard-3"),
        "{text}"
    );
    let text = stdout(&run(&["evaluate", "--help"]));
    assert!(
        text.contains("--shard") && text.contains("--force"),
        "{text}"
    );
    assert!(stdout(&run(&["--help"])).contains("130"));
}

/// The input files are only read: evaluating writes every output format
/// into a folder beside them and leaves each input byte-identical, with its
/// modification time unchanged.
#[test]
fn inputs_are_never_written() {
    let (_d, dir) = temp();
    let book = dir.join("社区.xlsx");
    write_book(&book, &valid_sheets());
    let csv = dir.join("价格.csv");
    std::fs::write(&csv, "类别,项目,市场参考价\n助餐,午餐,20\n").unwrap();
    let snapshot = || {
        [&book, &csv].map(|p| {
            let meta = std::fs::metadata(p).unwrap();
            (
                std::fs::read(p).unwrap(),
                meta.modified().unwrap(),
                meta.len(),
            )
        })
    };
    let before = snapshot();
    let out = dir.join("out");
    let o = run(&[
        "evaluate",
        dir.to_str().unwrap(),
        "--format",
        "xlsx,pdf",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert!(o.status.code().is_some_and(|c| c <= 1), "{}", stderr(&o));
    assert!(out.join("results.json").exists());
    assert!(before == snapshot(), "an input file changed");
}
