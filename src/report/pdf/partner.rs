//! The data of one 评估报告 (DOMAIN.md §1.5 (a)): everything the partner
//! template prints, as a JSON value of display strings.
//!
//! It reads the scored [`PartnerResult`]; it only picks, orders and formats.
//! The wording users may change (the 整改要求 of each item, the decision
//! paragraph) comes from minijinja templates in `report-templates/`, whose
//! output is plain text handed to Typst as data.

use serde_json::{json, Value};

use super::templates::{TemplateError, Templates};
use super::words;
use crate::indicators::RankScope;
use crate::ingest::Placement;
use crate::lang::Lang;
use crate::schema::enums::FundBasis;
use crate::schema::vocab::Vocabulary;
use crate::score::format::{self, money, points, value};
use crate::score::{
    Evaluation, ItemKind, PartnerResult, RectificationItem, SmallSample, SmallSampleMethod, Status,
};

/// What the cover and metadata say about who evaluated.
pub struct Meta<'a> {
    pub lang: Lang,
    /// The evaluating body (评估机构); blank for a line to fill in by hand.
    pub evaluator: Option<&'a str>,
    pub templates: &'a Templates,
    /// Which input files register which partners, for the data sources.
    pub placement: &'a Placement,
}

pub fn data(eval: &Evaluation, p: &PartnerResult, meta: &Meta) -> Result<Value, TemplateError> {
    let lang = meta.lang;
    let pick = |zh: &str, en: &str| lang.pick(zh, en).to_string();
    let set = &eval.indicator_set;

    let mut items: Vec<_> = p.rectifications.iter().collect();
    // Most serious first; vetoes before flags before indicators before gaps.
    let kind_order = |k: ItemKind| match k {
        ItemKind::Veto => 0,
        ItemKind::Flag => 1,
        ItemKind::Indicator => 2,
        ItemKind::DataGap => 3,
    };
    items.sort_by_key(|i| (std::cmp::Reverse(i.level), kind_order(i.kind)));
    let rectifications = items
        .iter()
        .enumerate()
        .map(|(n, i)| {
            let (found, required) = found_required(i, p, lang);
            Ok(json!({
                "no": (n + 1).to_string(),
                "level": words::item_level(i.level, lang),
                "code": i.code,
                "title": pick(&i.title_zh, &i.title_en),
                "found": found,
                "required": required,
                "action": action(i, &found, &required, meta)?,
                "deadline": words::item_deadline(i, lang),
                "party": i.party.label(lang),
                "evidence": words::evidence(&i.evidence, lang),
            }))
        })
        .collect::<Result<Vec<Value>, TemplateError>>()?;
    let mut top: Vec<String> = p
        .vetoes
        .iter()
        .map(|v| format!("{} {}", v.id, pick(&v.name_zh, &v.name_en)))
        .collect();
    // The partner's own items: a task of the community or the evaluator is
    // not one of the partner's problems.
    top.extend(
        items
            .iter()
            .filter(|i| i.kind != ItemKind::Veto && i.party == crate::indicators::Party::Partner)
            .map(|i| {
                let (title, level) = (
                    pick(&i.title_zh, &i.title_en),
                    words::item_level(i.level, lang),
                );
                match lang {
                    Lang::Zh => format!("{title}（{level}）"),
                    Lang::En => format!("{title} ({level})"),
                }
            }),
    );
    top.truncate(3);

    let dimensions: Vec<Value> = p
        .dimensions
        .iter()
        .map(|d| {
            let share = if d.weight.is_zero() {
                0.0
            } else {
                (d.points / d.weight).try_into().unwrap_or(0.0)
            };
            json!({
                "name": words::dimension_name(set, &d.id, lang),
                "points": points(d.points),
                "weight": points(d.weight),
                "nominal": d.nominal_weight.normalize().to_string(),
                "na_adjusted": d.na_adjusted,
                // The weight differs from the set's: shown with it (R1).
                "moved": !d.weight.is_zero() && d.weight != d.nominal_weight,
                // Every indicator of the dimension was not applicable.
                "na": d.weight.is_zero(),
                "share": share,
                "weight_frac": f64::try_from(d.weight / set.total).unwrap_or(0.0),
                "points_frac": f64::try_from(d.points / set.total).unwrap_or(0.0),
            })
        })
        .collect();

    let indicators: Vec<Value> = set
        .indicators
        .iter()
        .filter_map(|info| p.indicator(&info.id).map(|r| (info, r)))
        .map(|(info, r)| {
            let goalposts: Vec<String> = info
                .parts
                .iter()
                .zip(&r.parts)
                .map(|(pi, pr)| {
                    let range =
                        format!("{} → {}", value(pr.zero, pi.unit), value(pr.full, pi.unit));
                    if info.parts.len() > 1 {
                        format!("{}: {range}", pick(&pi.name_zh, &pi.name_en))
                    } else {
                        range
                    }
                })
                .collect();
            let shown = match r.status {
                Status::Ok => value(r.value, r.unit),
                s => words::status(s, lang).to_string(),
            };
            json!({
                "id": info.id,
                "dimension": words::dimension_name(set, &info.dimension, lang),
                "name": pick(&info.name_zh, &info.name_en),
                "value": shown,
                "goalposts": goalposts,
                "points": points(r.points),
                "weight": points(r.weight),
                // Shown beside the weight where N/A indicators moved it (R1).
                "nominal": points(r.nominal_weight),
                "adjusted": r.status != Status::Na && r.weight != r.nominal_weight,
                "status": format!("{:?}", r.status).to_lowercase(),
            })
        })
        .collect();

    let quality: Vec<String> = p
        .indicators
        .iter()
        .filter(|r| r.status != Status::Ok)
        .map(|r| {
            let name = set
                .indicators
                .iter()
                .find(|i| i.id == r.id)
                .map(|i| pick(&i.name_zh, &i.name_en))
                .unwrap_or_default();
            match (r.status, lang) {
                (Status::Na, Lang::Zh) => {
                    format!(
                        "{} {name}：不适用，其权重 {} 分转给同一维度的其他指标（每项至多增至原权重的 {} 倍），余下部分按比例转入其他维度。",
                        r.id,
                        points(r.nominal_weight),
                        set.na_max_factor.normalize()
                    )
                }
                (Status::Na, Lang::En) => format!(
                    "{} {name}: not applicable; its weight of {} went to the other indicators of its dimension (each up to {} times its own weight), the rest to the other dimensions pro rata.",
                    r.id,
                    points(r.nominal_weight),
                    set.na_max_factor.normalize()
                ),
                (_, Lang::Zh) => format!("{} {name}：缺少数据，记 0 分并列入问题清单。", r.id),
                (_, Lang::En) => format!(
                    "{} {name}: no data; scored 0 and listed for rectification.",
                    r.id
                ),
            }
        })
        .collect();

    let fund: Vec<Value> = p
        .fund
        .iter()
        .map(|l| {
            json!({
                "period": l.period.to_string(),
                "basis": l.basis.label(lang),
                "basis_amount": l.basis_amount.map(money).unwrap_or_else(|| "—".into()),
                "rate": match l.basis {
                    FundBasis::Revenue | FundBasis::Profit => value(l.rate, crate::indicators::Unit::Percent),
                    _ => "—".into(),
                },
                "due": l.due.map(money).unwrap_or_else(|| "—".into()),
                "paid": money(l.paid),
                "difference": l.difference.map(money).unwrap_or_else(|| "—".into()),
                "arrears": l.difference.is_some_and(|d| d.is_sign_negative() && !d.is_zero()),
                "due_date": l.due_date.to_string(),
                "paid_date": l.paid_date.map(|d| d.to_string()).unwrap_or_else(|| "—".into()),
                "days_late": l.days_late.map(|d| d.to_string()).unwrap_or_else(|| "—".into()),
                "receipt": l.receipt_no.clone().unwrap_or_default(),
            })
        })
        .collect();
    let due: rust_decimal::Decimal = p.fund.iter().filter_map(|l| l.due).sum();
    let paid: rust_decimal::Decimal = p.fund.iter().map(|l| l.paid).sum();
    let difference: rust_decimal::Decimal = p.fund.iter().filter_map(|l| l.difference).sum();

    // Complaints a flag or veto cites as evidence are marked in the list.
    let cited: Vec<&str> = p
        .flags
        .iter()
        .flat_map(|f| {
            f.evidence
                .iter()
                .chain(f.conditions.iter().flat_map(|c| &c.evidence))
        })
        .chain(p.vetoes.iter().flat_map(|v| &v.evidence))
        .map(|e| e.id.as_str())
        .collect();
    let complaints: Vec<Value> = p
        .complaints
        .iter()
        .map(|c| {
            json!({
                "id": c.case_id,
                "received": c.received.to_string(),
                "channel": c.channel.label(lang),
                "category": c.category.label(lang),
                "valid": if c.valid { pick("有效", "valid") } else { pick("无效", "not valid") },
                "severity": c.severity.label(lang),
                "closed": c.closed.map(|d| d.to_string()).unwrap_or_else(|| pick("未办结", "open")),
                "days": c.days_to_close.map(|d| d.to_string()).unwrap_or_else(|| "—".into()),
                "veto": c.veto_code.map(|v| v.label(lang)).unwrap_or_default(),
                "outcome": c.outcome.clone().unwrap_or_default(),
                "cited": cited.contains(&c.case_id.as_str()),
                "place": format!("{} › {} › {}", c.location.file, c.location.sheet, c.location.row),
            })
        })
        .collect();

    let flags: Vec<Value> = p
        .flags
        .iter()
        .map(|f| {
            json!({
                "id": f.id,
                "name": pick(&f.name_zh, &f.name_en),
                "level": f.level.map(|l| words::warning(l, lang)).unwrap_or(""),
                // Red because last period was yellow: said inside the
                // level's brackets, （红牌，上期黄牌升级）.
                "escalated": f.escalated_from_prior_yellow,
                "conditions": f.conditions.iter().map(|c| {
                    let name = format!("{} {}", c.id, pick(&c.name_zh, &c.name_en));
                    let colon = lang.pick("：", ": ");
                    if !c.facts.is_empty() {
                        format!("{name}{colon}{}", format::facts(&c.facts, lang))
                    } else if !c.evidence.is_empty() {
                        format!("{name}{colon}{}{}", pick("证据 ", "evidence "), words::evidence(&c.evidence, lang))
                    } else {
                        name
                    }
                }).collect::<Vec<_>>(),
                "notes": words::flag_facts(f, set, lang),
                "evidence": words::evidence(&f.evidence, lang),
            })
        })
        .collect();
    let vetoes: Vec<Value> = p
        .vetoes
        .iter()
        .map(|v| {
            json!({
                "id": v.id,
                "name": pick(&v.name_zh, &v.name_en),
                "evidence": words::evidence(&v.evidence, lang),
            })
        })
        .collect();

    let sources = sources(eval, p, meta.placement);

    Ok(json!({
        "lang": match lang { Lang::Zh => "zh", Lang::En => "en" },
        "evaluator": meta.evaluator.unwrap_or(""),
        "date": eval.evaluation_date.to_string(),
        "period": eval.period.to_string(),
        "partner": {
            "registry": registry_facts(p, lang),
            "id": p.partner_id,
            "name": p.name,
            "district": p.district,
            "street": p.street,
            "community": p.community,
            "type": p.partner_type.label(lang),
            "active_months": p.active_months.to_string(),
            "new_partner": p.new_partner,
            "prior_grade": p.prior_grade.map(|g| g.label(lang)).unwrap_or_else(|| "—".into()),
            "prior_decision": p.prior_decision.map(|d| d.label(lang)).unwrap_or_else(|| "—".into()),
            "prior_flag": p.prior_flag.map(|f| words::warning(f, lang).to_string()).unwrap_or_else(|| "—".into()),
        },
        "summary": {
            "total": points(p.total),
            "grade": p.grade.label(lang),
            "stars": words::stars(p.stars),
            "decision": p.decision.label(lang),
            "decision_key": p.decision.key(),
            "issues": top,
            "rank_district": words::rank(p, RankScope::District),
            "rank_street": words::rank(p, RankScope::Street),
            "rank_community": words::rank(p, RankScope::Community),
            "rank_type": words::rank(p, RankScope::PartnerType),
        },
        "activity": {
            "free": p.activity.free_sessions.to_string(),
            "low_cost": p.activity.low_cost_sessions.to_string(),
            "market": p.activity.market_sessions.to_string(),
            "participants": p.activity.participants.to_string(),
            "vulnerable": p.activity.vulnerable_participants.to_string(),
            "revenue": money(p.activity.revenue),
        },
        "set": {
            "name": pick(&set.name_zh, &set.name_en),
            "version": set.version,
            "sha256": set.sha256,
            "total": set.total.normalize().to_string(),
            "dimensions": set.dimensions.iter().map(|d| json!({
                "name": pick(&d.name_zh, &d.name_en),
                "weight": d.weight.normalize().to_string(),
                "indicators": set.indicators.iter().filter(|i| i.dimension == d.id).count().to_string(),
            })).collect::<Vec<_>>(),
            "method": method(eval, p, lang),
        },
        "engine_version": eval.engine_version,
        "dimensions": dimensions,
        "weight_note": crate::report::weight_words::note(set, lang),
        "indicators": indicators,
        "quality": quality,
        "sources": sources,
        "rectifications": rectifications,
        "reasons": p.reasons.iter().map(|r| pick(&r.zh, &r.en)).collect::<Vec<_>>(),
        "flags": flags,
        "vetoes": vetoes,
        "fund": fund,
        "fund_total": { "due": money(due), "paid": money(paid), "difference": money(difference) },
        "complaints": complaints,
        "agreement": agreement(p, lang),
        "robustness": robustness(eval, p, lang),
        "previous": previous(eval, p, lang),
        "gap": gap(eval, p, lang),
        "survey": survey(p, lang),
        "decision_text": decision_text(eval, p, meta)?,
        "hearing": hearing(p, lang),
    }))
}

/// The right to state its case before an exit is final (陈述申辩), for a
/// partner told it will exit; empty otherwise.
fn hearing(p: &PartnerResult, lang: Lang) -> String {
    let Some(h) = &p.hearing else {
        return String::new();
    };
    let (n, deadline) = (h.working_days, h.deadline);
    match lang {
        Lang::Zh => format!(
            "陈述申辩：退出决定生效前，合伙人有权陈述和申辩，请于 {deadline} 前（评估日期后 {n} 个工作日内）以书面形式提出；逾期未提出的，视为放弃陈述申辩。"
        ),
        Lang::En => format!(
            "Right to be heard: before the exit is final, the partner may state its case in writing by {deadline} (within {n} working days of the evaluation date); a case not made by then is taken as waived."
        ),
    }
}

/// What the 现状 and 整改要求 columns show of an item: its facts, and the
/// level that removes its cause (`—` where the listed records themselves
/// must be put right).
fn found_required(item: &RectificationItem, p: &PartnerResult, lang: Lang) -> (String, String) {
    let mut found = if item.found.is_empty() {
        match lang {
            Lang::Zh => format!("{} 条记录（见证据）", item.evidence.len()),
            Lang::En => format!("{} record(s) (see evidence)", item.evidence.len()),
        }
    } else {
        format::facts(&item.found, lang)
    };
    // A value the small-sample rule adjusted says so, with the actual rate.
    let sample = item
        .indicator
        .as_deref()
        .and_then(|id| p.indicator(id))
        .and_then(|r| Some((r.unit, r.small_sample.as_ref()?)))
        .filter(|(_, s)| s.applied);
    if let Some((unit, s)) = sample {
        let adjusted = matches!(s.method, SmallSampleMethod::PosteriorMean { .. });
        found += &match lang {
            Lang::Zh => format!(
                "（小样本{}；实际比率 {}，有效问卷 {} 份）",
                if adjusted { "折算" } else { "下限" },
                value(Some(s.raw), unit),
                s.n.normalize()
            ),
            Lang::En => format!(
                " (small-sample {}; actual rate {}, {} valid answers)",
                if adjusted { "adjusted" } else { "bound" },
                value(Some(s.raw), unit),
                s.n.normalize()
            ),
        };
    }
    let required = if item.targets.is_empty() {
        "—".to_string()
    } else {
        format::targets(&item.targets, lang)
    };
    (found, required)
}

/// The 整改要求 wording of one item, from the rectification template, given
/// the 现状 and required value as the report shows them.
fn action(
    item: &RectificationItem,
    found: &str,
    required: &str,
    meta: &Meta,
) -> Result<String, TemplateError> {
    let lang = meta.lang;
    let kind = match item.kind {
        ItemKind::Veto => "veto",
        ItemKind::Flag => "flag",
        ItemKind::Indicator => "indicator",
        ItemKind::DataGap => "data_gap",
    };
    let ctx = json!({
        "kind": kind,
        "level": words::item_level(item.level, lang),
        "code": item.code,
        "title": lang.pick(&item.title_zh, &item.title_en),
        "indicator": item.indicator.clone().unwrap_or_default(),
        "found": found,
        "required": required,
        "deadline": item.deadline.map(|d| d.to_string()).unwrap_or_default(),
        "party": item.party.key(),
        "advice": item.advice,
    });
    let name = lang.pick("rectification.zh.j2", "rectification.en.j2");
    Ok(meta.templates.render_text(name, &ctx)?.trim().to_string())
}

/// The conclusion paragraph of the decision section, from the decision template.
fn decision_text(
    eval: &Evaluation,
    p: &PartnerResult,
    meta: &Meta,
) -> Result<String, TemplateError> {
    let lang = meta.lang;
    let ctx = json!({
        "name": p.name,
        "period": eval.period.to_string(),
        "total": points(p.total),
        "grade": p.grade.label(lang),
        "stars": words::stars(p.stars),
        "decision": p.decision.label(lang),
        "decision_key": p.decision.key(),
        "reasons": p.reasons.iter().map(|r| lang.pick(&r.zh, &r.en)).collect::<Vec<_>>(),
        "rectifications": p.rectifications.iter().filter(|i| i.deadline.is_some()).count(),
        "advice": p.rectifications.iter().filter(|i| i.advice).count(),
        "deadline": p.rectifications.iter().filter_map(|i| i.deadline).min().map(|d| d.to_string()).unwrap_or_default(),
    });
    let name = lang.pick("decision.zh.j2", "decision.en.j2");
    Ok(meta.templates.render_text(name, &ctx)?.trim().to_string())
}

/// The agreement and its spaces, for 基本情况.
fn agreement(p: &PartnerResult, lang: Lang) -> Value {
    let a = &p.agreement;
    let terms = match a.fund_basis {
        FundBasis::Revenue | FundBasis::Profit => format!(
            "{} × {}",
            a.fund_basis.label(lang),
            value(a.fund_rate, crate::indicators::Unit::Percent)
        ),
        FundBasis::Fixed => format!(
            "{} {}",
            a.fund_basis.label(lang),
            a.fund_fixed.map(money).unwrap_or_else(|| "—".into())
        ),
        _ => a.fund_basis.label(lang),
    };
    json!({
        "number": a.number,
        "term": format!("{} — {}", a.start, a.end),
        "coop_mode": a.coop_mode.label(lang),
        "service_mode": a.service_mode.label(lang),
        "category": a.main_category.label(lang),
        "fund": terms,
        "free_sessions": a.agreed_free_sessions.to_string(),
        "low_cost_cap": a.low_cost_cap_ratio.map(|r| value(Some(r), crate::indicators::Unit::Percent)).unwrap_or_else(|| "—".into()),
        "registry": agreement_facts(p, lang),
        "spaces": a.spaces.iter().map(|s| json!({
            "id": s.space_id,
            "name": s.name.clone().unwrap_or_else(|| lang.pick("（未登记）", "(not registered)").into()),
            "area": s.area_m2.map(|m| format!("{m:.0}")).unwrap_or_else(|| "—".into()),
            // An empty sum of f64 is −0.0.
            "hours": format!("{:.1}", s.hours + 0.0),
        })).collect::<Vec<_>>(),
    })
}

/// The registry's facts about the partner for 基本情况, as (label, value)
/// pairs: 主体性质, 组织形态, 统一社会信用代码 (a registered body's only),
/// 状态; `—` where the registry leaves one blank. Never an identity number.
fn registry_facts(p: &PartnerResult, lang: Lang) -> Vec<(String, String)> {
    let a = &p.agreement;
    let fact = |zh: &str, en: &str, v: Option<String>| {
        (
            lang.pick(zh, en).to_string(),
            v.unwrap_or_else(|| "—".into()),
        )
    };
    vec![
        fact(
            "主体性质",
            "Legal form",
            a.legal_form.map(|x| x.label(lang)),
        ),
        fact(
            "组织形态",
            "Organisation form",
            a.org_form.map(|x| x.label(lang)),
        ),
        fact("统一社会信用代码", "Credit code", a.credit_code.clone()),
        fact("状态", "Status", a.status.map(|x| x.label(lang))),
    ]
}

/// The agreement's terms the registry adds: 场地方式, 缴纳周期, 约定公益时长.
fn agreement_facts(p: &PartnerResult, lang: Lang) -> Vec<(String, String)> {
    let a = &p.agreement;
    let dash = || "—".to_string();
    vec![
        (
            lang.pick("场地方式", "Space terms").to_string(),
            a.space_terms.map(|x| x.label(lang)).unwrap_or_else(dash),
        ),
        (
            lang.pick("公益金缴纳周期", "Fund payment frequency")
                .to_string(),
            a.fund_frequency.map(|x| x.label(lang)).unwrap_or_else(dash),
        ),
        (
            lang.pick("约定公益时长（小时/年）", "Agreed free hours per year")
                .to_string(),
            a.agreed_free_hours
                .map(|h| format!("{h}"))
                .unwrap_or_else(dash),
        ),
    ]
}

/// The survey annex: counts, rate and means; no respondent is named.
fn survey(p: &PartnerResult, lang: Lang) -> Value {
    let s = &p.survey;
    let mean = |k: usize| {
        s.means
            .get(k)
            .copied()
            .flatten()
            .map(|m| format!("{:.2}", m.round_dp(2)))
            .unwrap_or_else(|| "—".into())
    };
    let max = s.counts.iter().copied().max().unwrap_or(0).max(1);
    // The rate the survey indicator scored when the small-sample rule
    // adjusted it, as scoring recorded it.
    let scored = p
        .indicators
        .iter()
        .find_map(|r| {
            r.small_sample
                .as_ref()
                .filter(|ss| ss.applied)
                .map(|ss| (r, ss))
        })
        .map(|(r, ss)| {
            let v = value(Some(ss.value), crate::indicators::Unit::Percent);
            let min = ss.min.map(|m| m.normalize().to_string());
            match (lang, min) {
                (Lang::Zh, Some(m)) => {
                    format!("{v}（{}；有效问卷少于 {m} 份，按小样本规则计算）", r.id)
                }
                (Lang::Zh, None) => format!("{v}（{}；按小样本规则计算）", r.id),
                (Lang::En, Some(m)) => format!(
                    "{v} ({}; fewer than {m} valid answers, by the small-sample rule)",
                    r.id
                ),
                (Lang::En, None) => format!("{v} ({}; by the small-sample rule)", r.id),
            }
        })
        .unwrap_or_default();
    json!({
        "scored": scored,
        "questionnaires": s.questionnaires.to_string(),
        "invalid": s.invalid.to_string(),
        "aggregated": s.aggregated_rows.to_string(),
        "valid": s.valid.to_string(),
        "has_data": s.valid > 0,
        "satisfied": s.satisfied.to_string(),
        "rate": value(s.rate, crate::indicators::Unit::Percent),
        "counts": s.counts.iter().enumerate().map(|(k, &n)| json!({
            "score": (5 - k).to_string(),
            "count": n.to_string(),
            "frac": n as f64 / max as f64,
        })).collect::<Vec<_>>(),
        "means": [mean(0), mean(1), mean(2), mean(3)],
        "sales": if s.sales_answered > 0 { format!("{} / {}", s.sales_pressure, s.sales_answered) } else { "—".into() },
        "methods": s.methods.iter().map(|(m, n)| format!("{} {n}", m.label(lang))).collect::<Vec<_>>().join(lang.pick("，", ", ")),
    })
}

/// The rank interval, borderline mark and TOPSIS rank, in one sentence.
fn robustness(eval: &Evaluation, p: &PartnerResult, lang: Lang) -> String {
    let (Some(s), Some(t)) = (&p.sensitivity, &p.topsis) else {
        return String::new();
    };
    let settings = eval.indicator_set.sensitivity;
    let spread = format!(
        "{:.0}%",
        settings.weight_spread.max(settings.goalpost_spread) * 100.0
    );
    let (lo, hi, med) = (
        s.rank_low.round(),
        s.rank_high.round(),
        s.median_rank.round(),
    );
    let flip = format!("{:.0}%", s.decision_flip_share * 100.0);
    // The other normalisation is its own figure, not part of the interval.
    let min_max = s
        .min_max_rank
        .map(|r| match lang {
            Lang::Zh => format!("改用区内极差标准化（以区内最低、最高值为两端）时，区内名次为第 {r} 名。"),
            Lang::En => format!("Rescaled between the district's lowest and highest values instead of the goalposts, the partner ranks {r}. "),
        })
        .unwrap_or_default();
    match lang {
        Lang::Zh => format!(
            "稳健性：权重与目标值在 ±{spread} 范围内随机浮动时，区内名次中位数为 {med}，90% 的情形落在第 {lo}–{hi} 名之间；决策在 {flip} 的情形中改变{}。{min_max}TOPSIS 方法下区内名次为第 {} / {} 名（贴近度 {:.3}）。",
            if s.borderline { "，属于临界决策，建议复核" } else { "" },
            t.rank,
            t.of,
            t.closeness
        ),
        Lang::En => format!(
            "Robustness: with weights and goalposts varied at random within ±{spread}, the median district rank is {med} and 90 % of draws fall between {lo} and {hi}; the decision changes in {flip} of draws{}. {min_max}TOPSIS ranks the partner {} of {} (closeness {:.3}).",
            if s.borderline { ", a borderline decision that deserves a second look" } else { "" },
            t.rank,
            t.of,
            t.closeness
        ),
    }
}

/// Last period and the change since, when `--previous` was given.
fn previous(eval: &Evaluation, p: &PartnerResult, lang: Lang) -> Value {
    let Some(q) = &p.previous else {
        return Value::Null;
    };
    let sign = |d: rust_decimal::Decimal| {
        if d.is_sign_positive() && !d.is_zero() {
            format!("+{}", points(d))
        } else {
            points(d)
        }
    };
    let indicators: Vec<Value> = eval
        .indicator_set
        .indicators
        .iter()
        .filter_map(|info| {
            let now = p.indicator(&info.id)?;
            let then = q.indicator_points.iter().find(|(id, _)| *id == info.id)?.1;
            Some(json!({ "id": info.id, "then": points(then), "change": sign(now.points - then) }))
        })
        .collect();
    json!({
        "period": q.period,
        "total": points(q.total),
        "grade": q.grade.label(lang),
        "decision": q.decision.label(lang),
        "rank": q.rank.map(|r| r.to_string()).unwrap_or_else(|| "—".into()),
        "total_change": sign(q.total_change),
        "trend": words::trend(p),
        "indicators": indicators,
    })
}

/// 差距分析 in plain words: the shared sentence where no single indicator
/// suffices (or a veto blocks any), else one with the points gained and,
/// for a small-sample bound, what raises it.
fn gap(eval: &Evaluation, p: &PartnerResult, lang: Lang) -> String {
    let Some(g) = &p.gap else {
        return String::new();
    };
    let to = g.to.label(lang);
    let Some(id) = &g.indicator else {
        return crate::report::gap_words::sentence(eval, p, lang);
    };
    let name = eval
        .indicator_set
        .indicators
        .iter()
        .find(|i| &i.id == id)
        .map(|i| lang.pick(&i.name_zh, &i.name_en).to_string())
        .unwrap_or_default();
    let verb = crate::report::gap_words::change_verb(eval, id, lang);
    let mut text = match lang {
        Lang::Zh => format!(
            "差距分析：若其他情况不变，只需把 {id} {name} 由 {} {verb} {}（得分由 {} 分增至 {} 分），决策即可由「{}」变为「{to}」。这是改变决策所需的最小单项改进。",
            g.value_now, g.value_needed, points(g.points_now), points(g.points_needed), p.decision.label(lang)
        ),
        Lang::En => format!(
            "What it takes: all else equal, {} {id} {name} from {} to {} (points {} → {}) would change the decision from “{}” to “{to}”. This is the smallest single-indicator change that does.",
            verb.to_lowercase(), g.value_now, g.value_needed, points(g.points_now), points(g.points_needed), p.decision.label(lang)
        ),
    };
    let unit = eval
        .indicator_set
        .indicators
        .iter()
        .find(|i| &i.id == id)
        .map(|i| i.unit);
    let sample = p
        .indicator(id)
        .and_then(|r| r.small_sample.as_ref())
        .zip(unit)
        .filter(|(s, _)| s.applied);
    if let Some((s, unit)) = sample {
        text.push_str(&gap_note(id, s, unit, lang));
    }
    if let Some(s) = &g.sample {
        text.push_str(lang.pick("另外，", " Besides, "));
        text.push_str(&crate::report::gap_words::sample_sentence(eval, s, lang));
    }
    text
}

/// The sentence of 二、评估方法 saying how the weights were derived and,
/// when an indicator uses a small-sample bound, which one: a reader must be
/// able to tell a written weight from a computed one, and a raw rate from a
/// discounted one (issue 6, items 1 and 4).
fn method(eval: &Evaluation, p: &PartnerResult, lang: Lang) -> String {
    use crate::indicators::{CombineForm, ObjectiveMethod, SubjectiveMethod, WeightMethod};
    let set = &eval.indicator_set;
    let w = &set.weighting;
    let zh = lang == Lang::Zh;
    let dimension = |id: &str| {
        set.dimensions
            .iter()
            .find(|d| d.id == id)
            .map_or(id.to_string(), |d| {
                lang.pick(&d.name_zh, &d.name_en).to_string()
            })
    };
    let crs: Vec<String> = w
        .ahp
        .iter()
        .map(|a| {
            let what = if a.matrix == "dimensions" {
                lang.pick("维度间", "dimensions").to_string()
            } else {
                dimension(&a.matrix)
            };
            format!("{what} {:.3}", a.cr)
        })
        .collect();
    let ahp = if zh {
        format!(
            "层次分析法（AHP，两两比较矩阵的主特征向量；一致性比率 CR：{}，均小于 0.10）",
            crs.join("、")
        )
    } else {
        format!(
            "the Analytic Hierarchy Process (AHP, principal eigenvector of pairwise comparisons; consistency ratio CR: {}, each below 0.10)",
            crs.join(", ")
        )
    };
    let subjective = match w.subjective {
        SubjectiveMethod::Manual => lang
            .pick(
                "指标体系文件中写定的分值",
                "the points written in the indicator set",
            )
            .to_string(),
        SubjectiveMethod::Ahp => ahp.clone(),
    };
    let objective = match w.objective {
        Some(ObjectiveMethod::Entropy) => lang.pick(
            "熵权法（按本次各合伙人指标得分率的离散程度）",
            "the entropy weight method (how much partners' indicator shares differ)",
        ),
        Some(ObjectiveMethod::Critic) => lang.pick(
            "CRITIC 法（按指标得分率的对比强度与指标间冲突性）",
            "CRITIC (contrast of the indicator shares and conflict between indicators)",
        ),
        None => "",
    };
    let mut text = match (w.method, w.form, w.alpha) {
        (WeightMethod::Manual, ..) => lang
            .pick("各指标权重为指标体系文件中写定的分值。", "Indicator weights are the points written in the indicator set.")
            .to_string(),
        (WeightMethod::Ahp, ..) => match lang {
            Lang::Zh => format!("各指标权重由{ahp}求得。"),
            Lang::En => format!("Indicator weights were derived by {ahp}."),
        },
        (WeightMethod::Entropy | WeightMethod::Critic, ..) => match lang {
            Lang::Zh => format!("各指标权重由{objective}根据本次评估数据求得（客观赋权）。"),
            Lang::En => format!("Indicator weights were derived from this evaluation's data by {objective}."),
        },
        (WeightMethod::Combined, Some(CombineForm::Multiplicative), _) => match lang {
            Lang::Zh => format!("各指标权重为组合赋权：主观权重（{subjective}）与客观权重（{objective}）相乘后归一化。"),
            Lang::En => format!("Indicator weights combine subjective weights ({subjective}) and objective weights ({objective}) multiplicatively, renormalised."),
        },
        (WeightMethod::Combined, _, alpha) => {
            let a = alpha.unwrap_or(0.5);
            match lang {
                Lang::Zh => format!("各指标权重为组合赋权：主观权重（{subjective}）占 α = {a}，客观权重（{objective}）占 1 − α。"),
                Lang::En => format!("Indicator weights combine subjective weights ({subjective}) with share α = {a} and objective weights ({objective}) with share 1 − α."),
            }
        }
    };
    if let Some(note) = &w.fallback {
        match lang {
            Lang::Zh => text.push_str(&format!("但未能由数据求得客观权重（{}）。", note.zh)),
            Lang::En => text.push_str(&format!(
                " Objective weights could not be derived ({}).",
                note.en
            )),
        }
    }
    for i in &set.indicators {
        // The rule as this partner's scoring recorded it, else as any
        // partner's did (the method and its settings are the same for all;
        // the district's rate is named only in the partner's own sentence).
        let own = p.indicator(&i.id).and_then(|r| r.small_sample.as_ref());
        let Some(rule) = own.or_else(|| {
            eval.partners
                .iter()
                .find_map(|q| q.indicator(&i.id)?.small_sample.as_ref())
        }) else {
            continue;
        };
        let name = lang.pick(&i.name_zh, &i.name_en);
        text.push_str(&method_sentence(&i.id, name, rule, lang));
        if let Some(s) = own {
            text.push_str(&sample_sentence(&i.id, s, i.unit, lang));
        }
    }
    text
}

/// 小样本规则 in plain words: what the rule does and why, with its
/// settings (the minimum, the weight given to the district's rate, the
/// confidence or prior), never its formula.
fn method_sentence(id: &str, name: &str, s: &SmallSample, lang: Lang) -> String {
    let min = s.min.map(|m| m.normalize().to_string());
    match (s.method, lang) {
        (SmallSampleMethod::PosteriorMean { strength, .. }, Lang::Zh) => {
            let when = match &min {
                Some(m) => format!("有效问卷少于 {m} 份时"),
                None => "样本不足时".to_string(),
            };
            format!(
                "小样本规则：{id} {name} 在{when}，不单看本合伙人自己的比率，而是把它与全区合伙人合计的比率合并计算，相当于在本合伙人的答卷之外再加入 {} 份按全区比率作答的答卷。答卷越多，结果越接近本合伙人自己的比率；这样少量答卷的偶然结果既不会被当作确定的比率排名，也不会因为样本小而被压低。",
                strength.normalize()
            )
        }
        (SmallSampleMethod::PosteriorMean { strength, .. }, Lang::En) => {
            let when = match &min {
                Some(m) => format!("with fewer than {m} valid answers"),
                None => "when the sample is small".to_string(),
            };
            format!(
                " Small samples: {when}, {id} {name} is not the partner's own rate alone but that rate combined with the rate of all the district's partners together, as if {} answers at the district's rate were added to the partner's. The more answers, the closer the result is to the partner's own rate; so a few chance answers are neither ranked as a certain rate nor marked down for the small sample.",
                strength.normalize()
            )
        }
        (method, _) => {
            let rule = match (method, lang) {
                (SmallSampleMethod::Wilson { confidence }, Lang::Zh) => format!(
                    "满意比例的 Wilson {}% 置信区间下限",
                    (confidence * rust_decimal::Decimal::ONE_HUNDRED).normalize()
                ),
                (SmallSampleMethod::Wilson { confidence }, Lang::En) => format!(
                    "the lower end of the Wilson {}% score interval",
                    (confidence * rust_decimal::Decimal::ONE_HUNDRED).normalize()
                ),
                (
                    SmallSampleMethod::Beta {
                        alpha,
                        beta,
                        quantile,
                    },
                    Lang::Zh,
                ) => format!(
                    "满意比例的 Beta 后验分布 {} 分位数，先验 Beta(α = {}, β = {})",
                    quantile.normalize(),
                    alpha.normalize(),
                    beta.normalize()
                ),
                (
                    SmallSampleMethod::Beta {
                        alpha,
                        beta,
                        quantile,
                    },
                    Lang::En,
                ) => format!(
                    "the {} quantile of the Beta posterior (prior Beta(α = {}, β = {}))",
                    quantile.normalize(),
                    alpha.normalize(),
                    beta.normalize()
                ),
                (SmallSampleMethod::PosteriorMean { .. }, _) => String::new(),
            };
            match (lang, min) {
                (Lang::Zh, Some(m)) => format!("小样本规则：{id} {name} 在样本不足时取{rule}（样本量少于 {m} 时适用），以免少量答卷的偶然结果被当作确定的比率排名。"),
                (Lang::Zh, None) => format!("小样本规则：{id} {name} 在样本不足时取{rule}，以免少量答卷的偶然结果被当作确定的比率排名。"),
                (Lang::En, Some(m)) => format!(" Small samples: {id} {name} uses {rule} when the sample is small (fewer than {m}), so that a few lucky answers are not ranked as a certain rate."),
                (Lang::En, None) => format!(" Small samples: {id} {name} uses {rule} when the sample is small, so that a few lucky answers are not ranked as a certain rate."),
            }
        }
    }
}

/// What the rule did for this partner, after the method sentence.
fn sample_sentence(id: &str, s: &SmallSample, unit: crate::indicators::Unit, lang: Lang) -> String {
    let (n, k) = (s.n.normalize(), s.successes.normalize());
    let min = s.min.map(|m| m.normalize().to_string());
    let raw = value(Some(s.raw), unit);
    let now = value(Some(s.value), unit);
    if !s.applied {
        return match (lang, min) {
            (Lang::Zh, Some(m)) => format!("本合伙人 {id} 的样本量为 {n}，不少于 {m}，取实际比率 {raw}。"),
            (Lang::En, Some(m)) => format!(" For this partner {id} rests on n = {n}, at least {m}, so the actual rate {raw} counts."),
            (_, None) => String::new(),
        };
    }
    let fewer_zh = min
        .as_ref()
        .map(|m| format!("，少于 {m}"))
        .unwrap_or_default();
    let fewer_en = min
        .as_ref()
        .map(|m| format!(", fewer than {m}"))
        .unwrap_or_default();
    match (s.method, lang) {
        (SmallSampleMethod::PosteriorMean { prior, .. }, Lang::Zh) => format!(
            "本合伙人 {id} 的样本量为 {n}{fewer_zh}：实际比率 {raw}（{k} / {n}），全区合计比率 {}，合并计算后计为 {now}。",
            value(Some(prior), unit)
        ),
        (SmallSampleMethod::PosteriorMean { prior, .. }, Lang::En) => format!(
            " For this partner {id} rests on n = {n}{fewer_en}: the actual rate {raw} ({k} / {n}) combined with the district's rate {} counts as {now}.",
            value(Some(prior), unit)
        ),
        (_, Lang::Zh) => format!("本合伙人 {id} 的样本量为 {n}{fewer_zh}：实际比率 {raw}（{k} / {n}），按下限计为 {now}。"),
        (_, Lang::En) => format!(" For this partner {id} rests on n = {n}{fewer_en}: the actual rate {raw} ({k} / {n}) counts as {now}."),
    }
}

/// The clause of the gap analysis when the indicator to improve is scored
/// by the small-sample rule (and the partner's actual rate is still below
/// what is needed): what the value is and what else moves it.
fn gap_note(id: &str, s: &SmallSample, unit: crate::indicators::Unit, lang: Lang) -> String {
    let n = s.n.normalize();
    let raw = value(Some(s.raw), unit);
    let min = s.min.map(|m| m.normalize().to_string());
    match (s.method, lang, min) {
        (SmallSampleMethod::PosteriorMean { prior, .. }, Lang::Zh, m) => {
            let (fewer, from) = match &m {
                Some(m) => (format!("，少于 {m}"), format!("样本量达到 {m} 后按实际比率计。")),
                None => (String::new(), String::new()),
            };
            format!(
                "注意：{id} 的现值是小样本折算值（样本量 {n}{fewer}；实际比率 {raw}，全区合计比率 {}），不是实际比率；{from}",
                value(Some(prior), unit)
            )
        }
        (SmallSampleMethod::PosteriorMean { prior, .. }, Lang::En, m) => {
            let (fewer, from) = match &m {
                Some(m) => (format!(", fewer than {m}"), format!(" From n = {m} on the actual rate counts.")),
                None => (String::new(), String::new()),
            };
            format!(
                " Note: {id} is now the small-sample adjusted value (n = {n}{fewer}; actual rate {raw}, district rate {}), not the actual rate.{from}",
                value(Some(prior), unit)
            )
        }
        (_, Lang::Zh, Some(m)) => format!("注意：{id} 的现值是小样本下限（样本量 {n}，少于 {m}；实际比率 {raw}），不是实际比率；在比率不变时，增加有效问卷也会提高该值，样本量达到 {m} 后按实际比率计。"),
        (_, Lang::Zh, None) => format!("注意：{id} 的现值是小样本下限（样本量 {n}；实际比率 {raw}），不是实际比率；在比率不变时，增加有效问卷也会提高该值。"),
        (_, Lang::En, Some(m)) => format!(" Note: {id} is now the small-sample lower bound (n = {n}, fewer than {m}; actual rate {raw}), not the actual rate; at the same rate, more valid questionnaires also raise it, and from n = {m} on the actual rate counts."),
        (_, Lang::En, None) => format!(" Note: {id} is now the small-sample lower bound (n = {n}; actual rate {raw}), not the actual rate; at the same rate, more valid questionnaires also raise it."),
    }
}

/// The input files this partner's evaluation read, in the run's order: the
/// workbook of its registry row, every file a cited row (fund, complaint,
/// evidence) is in, and the reference files beside them. Never the whole
/// run's list: a city has thousands of workbooks.
fn sources(eval: &Evaluation, p: &PartnerResult, placement: &Placement) -> Vec<Value> {
    let evidence = p
        .flags
        .iter()
        .flat_map(|f| {
            f.conditions
                .iter()
                .flat_map(|c| &c.evidence)
                .chain(&f.evidence)
        })
        .chain(p.vetoes.iter().flat_map(|v| &v.evidence))
        .chain(p.rectifications.iter().flat_map(|i| &i.evidence))
        .map(|e| &e.location);
    let mut files: Vec<&str> = std::iter::once(&p.agreement.location)
        .chain(p.fund.iter().map(|l| &l.location))
        .chain(p.complaints.iter().map(|c| &c.location))
        .chain(evidence)
        .map(|l| l.file.as_str())
        .collect();
    files.sort_unstable();
    files.dedup();
    let mut read = placement.references_beside(&files);
    read.extend(files);
    eval.inputs
        .iter()
        .filter(|f| read.contains(&f.path.as_str()))
        .map(|f| json!({ "path": f.path, "sha256": f.sha256 }))
        .collect()
}
