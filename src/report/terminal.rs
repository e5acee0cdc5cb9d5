//! The short summary `evaluate` prints, and the escaping of everything
//! printed to a terminal.

use std::borrow::Cow;

use crate::lang::Lang;
use crate::schema::vocab::Vocabulary;
use crate::score::Evaluation;

/// Prints the summary; every text from the input goes through [`escape`].
pub fn print_summary(eval: &Evaluation, lang: Lang) {
    let s = &eval.summary;
    let period = &eval.period;
    let zh = lang == Lang::Zh;
    if zh {
        println!(
            "评估期间 {}，评估日期 {}，指标体系「{}」{}",
            period,
            eval.evaluation_date,
            escape(&eval.indicator_set.name_zh),
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
            period,
            eval.evaluation_date,
            escape(&eval.indicator_set.name_en),
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
            let level = f
                .and_then(|f| crate::report::flag_level(f, lang))
                .unwrap_or_else(|| lang.pick("黄牌", "yellow"));
            let conds: Vec<&str> = f
                .map(|f| f.conditions.iter().map(|c| c.id.as_str()).collect())
                .unwrap_or_default();
            println!(
                "  {} {} [{level}] {} → {}",
                escape(&p.partner_id),
                escape(&p.name),
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
                escape(&p.partner_id),
                escape(&p.name),
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
            println!(
                "  {} {} {}",
                escape(&p.partner_id),
                escape(&p.name),
                ids.join(",")
            );
        }
    }
}

/// Text from the input made harmless on a terminal: every C0 control
/// (ESC, CR, BEL, backspace, and the line breaks), DEL and every C1 control
/// shown as an escape (`\x1b`, `\r`, `\u{9b}`), so that a partner name
/// holding an escape sequence cannot retitle the window, clear the screen
/// or overwrite a line. For one field of a line.
pub fn escape(s: &str) -> Cow<'_, str> {
    escape_but(s, false)
}

/// [`escape`] for text of several lines that the program itself broke:
/// its line breaks (`\n`) stay.
pub fn escape_lines(s: &str) -> Cow<'_, str> {
    escape_but(s, true)
}

fn escape_but(s: &str, keep_newlines: bool) -> Cow<'_, str> {
    let bad = |c: char| c.is_control() && !(keep_newlines && c == '\n');
    if !s.chars().any(bad) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        if !bad(c) {
            out.push(c);
            continue;
        }
        match c {
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x80 => out.push_str(&format!("\\x{:02x}", c as u32)),
            c => out.push_str(&format!("\\u{{{:x}}}", c as u32)),
        }
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn controls_are_shown_not_obeyed() {
        assert_eq!(escape("犀浦·乐龄"), "犀浦·乐龄");
        assert_eq!(
            escape("a\u{1b}]0;pwned\u{7}b\rc\n"),
            "a\\x1b]0;pwned\\x07b\\rc\\n"
        );
        assert_eq!(escape("\u{9b}2J\u{7f}"), "\\u{9b}2J\\x7f");
        assert_eq!(escape_lines("x\ny\u{1b}[2J\n"), "x\ny\\x1b[2J\n");
    }
}
