//! The gap analysis (差距分析) in words, for every renderer that shows it:
//! a brief form for the workbook's ranking and the district lists (the same
//! words in both) and a plain sentence for the people who must act on it. Both read [`Gap`](crate::score::Gap) as scored.

use crate::indicators::Direction;
use crate::lang::Lang;
use crate::schema::enums::Decision;
use crate::schema::vocab::Vocabulary;
use crate::score::{Evaluation, PartnerResult, SampleGap};

/// An indicator's name in `lang`, or nothing for an unknown id.
fn indicator_name<'a>(eval: &'a Evaluation, id: &str, lang: Lang) -> &'a str {
    eval.indicator_set
        .indicators
        .iter()
        .find(|i| i.id == id)
        .map_or("", |i| lang.pick(&i.name_zh, &i.name_en))
}

/// When the partner's own rate already reaches what the decision needs and
/// only the small-sample rule scores it lower (R4): a sentence saying so,
/// and that the remedy, a larger survey, is the community's. Never asks the
/// partner to reach the rate it has.
pub fn sample_sentence(eval: &Evaluation, s: &SampleGap, lang: Lang) -> String {
    let (id, name) = (&s.indicator, indicator_name(eval, &s.indicator, lang));
    let (raw, now, n, to) = (&s.raw, &s.value_now, s.n.normalize(), s.to.label(lang));
    match (lang, s.min.map(|m| m.normalize())) {
        (Lang::Zh, Some(m)) => format!(
            "{id} {name} 的实际比率 {raw} 已达到使决策变为「{to}」所需的水平；计分值为 {now}，只是因为有效问卷 {n} 份，少于 {m} 份，按小样本规则折算。扩大问卷调查是社区的工作，不是合伙人的整改事项。"
        ),
        (Lang::Zh, None) => format!(
            "{id} {name} 的实际比率 {raw} 已达到使决策变为「{to}」所需的水平；计分值为 {now}，只是因为有效问卷只有 {n} 份，按小样本规则折算。扩大问卷调查是社区的工作，不是合伙人的整改事项。"
        ),
        (Lang::En, Some(m)) => format!(
            "{id} {name}: the partner's actual rate, {raw}, already reaches what the decision “{to}” needs; it scores {now} only because the survey has {n} valid answers, fewer than {m}, and the small-sample rule adjusts it. A larger survey is the community's task, not a rectification item for the partner."
        ),
        (Lang::En, None) => format!(
            "{id} {name}: the partner's actual rate, {raw}, already reaches what the decision “{to}” needs; it scores {now} only because the survey has only {n} valid answers and the small-sample rule adjusts it. A larger survey is the community's task, not a rectification item for the partner."
        ),
    }
}

/// [`sample_sentence`] in a few words, for a ranking cell.
fn sample_brief(s: &SampleGap, lang: Lang) -> String {
    let (id, raw, n) = (&s.indicator, &s.raw, s.n.normalize());
    match (lang, s.min.map(|m| m.normalize())) {
        (Lang::Zh, Some(m)) => format!("{id} 实际比率 {raw} 已够，问卷 {n} 份少于 {m} 份，扩大调查属社区工作"),
        (Lang::Zh, None) => format!("{id} 实际比率 {raw} 已够，问卷仅 {n} 份，扩大调查属社区工作"),
        (Lang::En, Some(m)) => format!("{id} actual rate {raw} suffices; {n} answers, fewer than {m}: a larger survey is the community's task"),
        (Lang::En, None) => format!("{id} actual rate {raw} suffices; only {n} answers: a larger survey is the community's task"),
    }
}

/// A few plain words, for a ranking cell and the district lists: `S1 综合满意率 71.7% → 85.8%
/// 即可续约`. Empty when renewed.
pub fn brief(eval: &Evaluation, p: &PartnerResult, lang: Lang) -> String {
    let Some(g) = &p.gap else {
        return String::new();
    };
    if !g.blocked_by.is_empty() {
        return match lang {
            Lang::Zh => format!(
                "一票否决（{}）：单项改进不能改变决策",
                g.blocked_by.join("、")
            ),
            Lang::En => format!(
                "Veto ({}): no single improvement changes the decision",
                g.blocked_by.join(", ")
            ),
        };
    }
    let Some(id) = &g.indicator else {
        if let Some(s) = &g.sample {
            return sample_brief(s, lang);
        }
        return lang
            .pick(
                "无单项指标足以改变决策，需多项同时改进",
                "No single indicator suffices; several must improve together",
            )
            .to_string();
    };
    let name = eval
        .indicator_set
        .indicators
        .iter()
        .find(|i| &i.id == id)
        .map(|i| lang.pick(&i.name_zh, &i.name_en))
        .unwrap_or_default();
    let to = match (lang, g.to) {
        (Lang::Zh, to) => format!("即可{}", to.label(lang)),
        (Lang::En, Decision::Renew) => "would renew".to_string(),
        (Lang::En, Decision::Rectify) => "would renew after rectification".to_string(),
        (Lang::En, Decision::Exit) => "would exit".to_string(),
    };
    let text = format!("{id} {name} {} → {} {to}", g.value_now, g.value_needed);
    match &g.sample {
        Some(s) => format!("{text}{}{}", lang.pick("；", "; "), sample_brief(s, lang)),
        None => text,
    }
}

/// The smallest single change that would change the decision, as a
/// sentence: "只需把 S1 综合满意率由 71.7% 提高到 85.8%，决策即可由「整改后续约」
/// 变为「续约」（其他情况不变）。" An indicator where less is better is
/// lowered, not raised. Empty when renewed.
pub fn sentence(eval: &Evaluation, p: &PartnerResult, lang: Lang) -> String {
    let Some(g) = &p.gap else {
        return String::new();
    };
    let (from, to) = (p.decision.label(lang), g.to.label(lang));
    if !g.blocked_by.is_empty() {
        return match lang {
            Lang::Zh => format!(
                "存在一票否决事项（{}），任何单项指标的改进都不能改变「{from}」的决策。",
                g.blocked_by.join("、")
            ),
            Lang::En => format!(
                "A veto applies ({}); no single indicator's improvement changes the decision “{from}”.",
                g.blocked_by.join(", ")
            ),
        };
    }
    let Some(id) = &g.indicator else {
        if let Some(s) = &g.sample {
            return sample_sentence(eval, s, lang);
        }
        return match lang {
            Lang::Zh => format!("没有任何单项指标的改进足以使决策变为「{to}」，需同时改进多项问题。"),
            Lang::En => format!(
                "No single indicator alone would change the decision to “{to}”; several items must improve together."
            ),
        };
    };
    let name = eval
        .indicator_set
        .indicators
        .iter()
        .find(|i| &i.id == id)
        .map_or("", |i| lang.pick(&i.name_zh, &i.name_en));
    let (now, needed) = (&g.value_now, &g.value_needed);
    let verb = change_verb(eval, id, lang);
    let text = match lang {
        Lang::Zh => format!(
            "只需把 {id} {name} 由 {now} {verb} {needed}，决策即可由「{from}」变为「{to}」（其他情况不变）。"
        ),
        Lang::En => format!(
            "{verb} {id} {name} from {now} to {needed} alone would change the decision from “{from}” to “{to}” (all else equal)."
        ),
    };
    match &g.sample {
        Some(s) => format!(
            "{text}{}{}",
            lang.pick("另外，", " Besides, "),
            sample_sentence(eval, s, lang)
        ),
        None => text,
    }
}

/// 提高到 / 降低到 (`Raising` / `Lowering`): where less is better (a
/// complaint rate), the improvement lowers the value.
pub fn change_verb(eval: &Evaluation, id: &str, lang: Lang) -> &'static str {
    let lower = eval
        .indicator_set
        .indicators
        .iter()
        .any(|i| i.id == id && i.direction == Direction::Down);
    match (lang, lower) {
        (Lang::Zh, false) => "提高到",
        (Lang::Zh, true) => "降低到",
        (Lang::En, false) => "Raising",
        (Lang::En, true) => "Lowering",
    }
}
