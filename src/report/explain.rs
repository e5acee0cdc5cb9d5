//! `partner-eval explain`: the full trail behind one partner's result.

use std::fmt::Write;

use crate::indicators::Scoring;
use crate::lang::Lang;
use crate::report::terminal::{escape, escape_lines};
use crate::schema::vocab::Vocabulary;
use crate::score::format::{points, value};
use crate::score::{Evaluation, PartnerResult, Status};

/// The trail as text, ready to print: control characters from the input
/// are escaped (see [`escape`]), only the trail's own line breaks stay.
pub fn explain(eval: &Evaluation, p: &PartnerResult, lang: Lang) -> String {
    let s = trail(eval, p, lang);
    escape_lines(&s).into_owned()
}

/// The trail, text from the input as it stands.
fn trail(eval: &Evaluation, p: &PartnerResult, lang: Lang) -> String {
    let pick = |a: &str, b: &str| lang.pick(a, b).to_string();
    let mut s = String::new();
    let _ = writeln!(
        s,
        "{} {} — {} / {} / {}",
        escape(&p.partner_id),
        escape(&p.name),
        escape(&p.district),
        escape(&p.street),
        escape(&p.community)
    );
    let _ = writeln!(
        s,
        "{} {}  {} {}  {} {} {}  {} {}",
        pick("评估期间", "period"),
        eval.period,
        pick("在约月数", "active months"),
        p.active_months,
        pick("等级", "grade"),
        p.grade.label(lang),
        "★".repeat(p.stars as usize),
        pick("决策", "decision"),
        p.decision.label(lang)
    );
    let _ = writeln!(s, "{} {}", pick("总分", "total"), points(p.total));
    let _ = writeln!(
        s,
        "\n{}",
        pick(
            "维度得分（得分/有效权重/名义权重）",
            "Dimensions (points / effective weight / nominal weight)"
        )
    );
    for (d, r) in eval.indicator_set.dimensions.iter().zip(&p.dimensions) {
        let mark = if r.na_adjusted {
            pick(" [N/A 调整]", " [N/A-adjusted]")
        } else {
            String::new()
        };
        let _ = writeln!(
            s,
            "  {:<6} {} / {} / {}{mark}",
            lang.pick(&d.name_zh, &d.name_en),
            points(r.points),
            points(r.weight),
            points(r.nominal_weight)
        );
    }
    let _ = writeln!(s, "\n{}", pick("指标", "Indicators"));
    for (info, r) in eval.indicator_set.indicators.iter().zip(&p.indicators) {
        let status = match r.status {
            Status::Ok => String::new(),
            Status::Na => pick(" [不适用，权重已转移]", " [N/A, weight moved]"),
            Status::Missing => pick(" [缺数据，得 0 分，FL6]", " [no data: 0 points, FL6]"),
        };
        let _ = writeln!(
            s,
            "  {} {}: {} {}  {} {}/{}{status}",
            info.id,
            lang.pick(&info.name_zh, &info.name_en),
            pick("值", "value"),
            value(r.value, r.unit),
            pick("得分", "points"),
            points(r.points),
            points(r.weight)
        );
        for (part, def) in r.parts.iter().zip(&info.parts) {
            let name = if r.parts.len() > 1 {
                format!(
                    "{}: {} ",
                    lang.pick(&part.name_zh, &part.name_en),
                    value(part.value, def.unit)
                )
            } else {
                String::new()
            };
            match (&def.scoring, part.zero, part.full) {
                (Scoring::Steps(steps), _, _) => {
                    let table: Vec<String> = steps
                        .iter()
                        .map(|st| {
                            format!(
                                "{} → {}",
                                value(Some(st.bound), def.unit),
                                points(st.points)
                            )
                        })
                        .collect();
                    let _ = writeln!(
                        s,
                        "      {name}{} {}",
                        pick("分段计分", "steps"),
                        table.join(", ")
                    );
                }
                (_, Some(z), Some(f)) => {
                    let _ = writeln!(
                        s,
                        "      {name}{} {} → 0, {} → {}",
                        pick("目标值", "goalposts"),
                        value(Some(z), def.unit),
                        value(Some(f), def.unit),
                        pick("满分", "full")
                    );
                }
                _ => {}
            }
        }
        for input in &r.inputs {
            let v = input
                .value
                .map(|x| x.normalize().to_string())
                .unwrap_or_else(|| "—".into());
            let _ = writeln!(s, "      {} = {v}", input.formula);
        }
    }
    let _ = writeln!(s, "\n{}", pick("预警与否决", "Flags and vetoes"));
    if p.flags.is_empty() && p.vetoes.is_empty() {
        let _ = writeln!(s, "  {}", pick("无", "none"));
    }
    for v in &p.vetoes {
        let _ = writeln!(s, "  {} {}", v.id, lang.pick(&v.name_zh, &v.name_en));
        evidence(&mut s, &v.evidence, lang);
    }
    for f in &p.flags {
        let level = crate::report::flag_level(f, lang)
            .map(|l| format!(" [{l}]"))
            .unwrap_or_default();
        let _ = writeln!(s, "  {} {}{level}", f.id, lang.pick(&f.name_zh, &f.name_en));
        for c in &f.conditions {
            let _ = writeln!(
                s,
                "      {} {} ({})",
                c.id,
                lang.pick(&c.name_zh, &c.name_en),
                crate::score::format::facts(&c.facts, lang)
            );
            evidence(&mut s, &c.evidence, lang);
        }
        if !f.facts.is_empty() {
            let _ = writeln!(s, "      {}", crate::score::format::facts(&f.facts, lang));
        }
        if !f.missing.is_empty() {
            let _ = writeln!(
                s,
                "      {}",
                crate::score::format::missing(&f.missing, lang)
            );
        }
        evidence(&mut s, &f.evidence, lang);
    }
    let _ = writeln!(s, "\n{}", pick("决策理由", "Reasons"));
    if p.reasons.is_empty() {
        let _ = writeln!(
            s,
            "  {}",
            pick("各项均达标：续约", "every rule passed: renew")
        );
    }
    for r in &p.reasons {
        let _ = writeln!(s, "  - {}", lang.pick(&r.zh, &r.en));
    }
    if !p.rectifications.is_empty() {
        let _ = writeln!(s, "\n{}", pick("问题清单", "Rectification list"));
        for (i, item) in p.rectifications.iter().enumerate() {
            let kind = match (item.party, item.advice) {
                (crate::indicators::Party::Partner, true) => pick("改进建议", "advice").to_string(),
                (crate::indicators::Party::Partner, false) => pick("整改", "rectify").to_string(),
                (party, _) => format!("{}{}", party.label(lang), pick("事项", " task")),
            };
            let deadline = item
                .deadline
                .map(|d| format!("{}{}{d}", pick("，", "; "), pick("期限 ", "deadline ")))
                .unwrap_or_default();
            let targets = if item.targets.is_empty() {
                String::new()
            } else {
                format!(
                    "{}{}{}",
                    pick("，", "; "),
                    pick("要求 ", "required "),
                    crate::score::format::targets(&item.targets, lang)
                )
            };
            let _ = writeln!(
                s,
                "  {}. [{}·{kind}] {}{}{}{targets}{deadline}",
                i + 1,
                item.code,
                lang.pick(&item.title_zh, &item.title_en),
                pick("：", ": "),
                crate::score::format::facts(&item.found, lang),
            );
        }
    }
    if let Some(r) = p.ranks.first() {
        let _ = writeln!(
            s,
            "\n{} {}/{}",
            pick("区内排名", "district rank"),
            r.1.rank,
            r.1.of
        );
    } else if p.new_partner {
        let _ = writeln!(
            s,
            "\n{}",
            pick("新入驻，不参与排名", "new partner: not ranked")
        );
    }
    s
}

/// Up to five evidence rows with their place, and how many there are.
fn evidence(s: &mut String, rows: &[crate::score::EvidenceRow], lang: Lang) {
    const SHOWN: usize = 5;
    for e in rows.iter().take(SHOWN) {
        let _ = writeln!(s, "          {} @ {}", e.id, e.location.describe(lang));
    }
    if rows.len() > SHOWN {
        let more = match lang {
            Lang::Zh => format!("……共 {} 条，详见 results.json", rows.len()),
            Lang::En => format!("… {} in all; see results.json", rows.len()),
        };
        let _ = writeln!(s, "          {more}");
    }
}
