//! The short summary `evaluate` prints.

use crate::lang::Lang;
use crate::schema::enums::WarningLevel;
use crate::schema::vocab::Vocabulary;
use crate::score::Evaluation;

pub fn print_summary(eval: &Evaluation, lang: Lang) {
    let s = &eval.summary;
    let zh = lang == Lang::Zh;
    if zh {
        println!(
            "评估期间 {}，评估日期 {}，指标体系「{}」{}",
            eval.period,
            eval.evaluation_date,
            eval.indicator_set.name_zh,
            eval.indicator_set.version
        );
        println!(
            "合伙人 {} 名（参与排名 {}，新入驻 {}）",
            s.partners, s.ranked, s.new_partners
        );
        println!(
            "决策：续约 {}，整改后续约 {}，退出 {}",
            s.renew, s.rectify, s.exit
        );
    } else {
        println!(
            "period {}, evaluated {}, indicator set \"{}\" {}",
            eval.period,
            eval.evaluation_date,
            eval.indicator_set.name_en,
            eval.indicator_set.version
        );
        println!(
            "{} ({} ranked, {} new)",
            crate::lang::count(s.partners as u64, "partner"),
            s.ranked,
            s.new_partners
        );
        println!(
            "decisions: renew {}, rectify {}, exit {}",
            s.renew, s.rectify, s.exit
        );
    }
    let grades: Vec<String> = s
        .grades
        .iter()
        .map(|(g, n)| format!("{} {n}", g.label(lang)))
        .collect();
    println!(
        "{}{}",
        lang.pick("等级：", "grades: "),
        grades.join(lang.pick("，", ", "))
    );
    let flagged: Vec<_> = eval
        .partners
        .iter()
        .filter(|p| p.flags.iter().any(|f| f.level.is_some()))
        .collect();
    if !flagged.is_empty() {
        println!("{}", lang.pick("过度商业化预警：", "over-commercialised:"));
        for p in flagged {
            let f = p.flags.iter().find(|f| f.level.is_some());
            let level = match f.and_then(|f| f.level) {
                Some(WarningLevel::Red) => lang.pick("红牌", "red"),
                _ => lang.pick("黄牌", "yellow"),
            };
            let conds: Vec<&str> = f
                .map(|f| f.conditions.iter().map(|c| c.id.as_str()).collect())
                .unwrap_or_default();
            println!(
                "  {} {} [{level}] {} → {}",
                p.partner_id,
                p.name,
                conds.join(","),
                p.decision.label(lang)
            );
        }
    }
    let new: Vec<_> = eval.partners.iter().filter(|p| p.new_partner).collect();
    if !new.is_empty() {
        println!(
            "{}",
            lang.pick(
                "新入驻（已打分，不参与排名）：",
                "new partners (scored, not ranked):"
            )
        );
        for p in new {
            let months = match lang {
                Lang::Zh => format!("在约 {} 个月", p.active_months),
                Lang::En => format!("{} active months", p.active_months),
            };
            println!(
                "  {} {} {months} {} → {}",
                p.partner_id,
                p.name,
                p.total,
                p.decision.label(lang)
            );
        }
    }
    let vetoed: Vec<_> = eval
        .partners
        .iter()
        .filter(|p| !p.vetoes.is_empty())
        .collect();
    if !vetoed.is_empty() {
        println!("{}", lang.pick("一票否决：", "vetoes:"));
        for p in vetoed {
            let ids: Vec<&str> = p.vetoes.iter().map(|v| v.id.as_str()).collect();
            println!("  {} {} {}", p.partner_id, p.name, ids.join(","));
        }
    }
}
