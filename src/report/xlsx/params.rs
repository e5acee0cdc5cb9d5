//! 参数 Parameters: the indicator set actually used — name, version, file,
//! SHA-256, dimensions, indicators with weight, unit, direction, formula and
//! scoring, grade bands, vetoes, flags, the over-commercialised rule,
//! decision rules, ranking and parameters — and the input files with their
//! SHA-256, so that a result can be audited and reproduced.

use rust_decimal::Decimal;
use rust_xlsxwriter::{Workbook, XlsxError};

use super::detail::scoring_text;
use super::style::{self, i, n, t, Num, Sheet, Styles, V};
use super::{headers, Report};
use crate::indicators::{Check, Direction, PeerKey, RankScope, Unit};
use crate::lang::Lang;
use crate::schema::vocab::Vocabulary;
use crate::score::{Evaluation, SmallSample, SmallSampleMethod};

pub fn write(book: &mut Workbook, st: &Styles, r: &Report) -> Result<(), XlsxError> {
    let ws = book.add_worksheet();
    ws.set_name(super::sheet_names(r.lang)[7])?;
    let (head, last, last_col) = style::fill(ws, st, |s| tables(s, r))?;
    ws.autofilter(head, 0, last, last_col)?;
    style::finish(ws, r.lang, None, 0)
}

/// Writes every section; returns the range of the indicator table, which
/// is filtered: header row, last row, last column.
fn tables(s: &mut Sheet, r: &Report) -> Result<(u32, u32, u16), XlsxError> {
    let lang = r.lang;
    let pick = |zh: &'static str, en: &'static str| lang.pick(zh, en);
    let set = r.set;
    let eval = r.eval;
    let info = &eval.indicator_set;
    let final_weight = FinalWeights(&info.weighting);
    let sens = info.sensitivity;

    s.title(
        0,
        0,
        pick(
            "评估参数（供审计与复现）",
            "Parameters (for audit and reproduction)",
        ),
    )?;
    let pairs: Vec<(&str, V)> = vec![
        (
            pick("指标体系", "Indicator set"),
            t(lang.pick(&set.name_zh, &set.name_en)),
        ),
        (pick("编号", "ID"), t(&set.id)),
        (pick("版本", "Version"), t(&set.version)),
        (pick("文件", "File"), t(&set.origin)),
        (pick("文件 SHA-256", "File SHA-256"), t(&info.sha256)),
        (pick("总分", "Total"), n(set.total, Num::General)),
        (
            pick(
                "参与排名的最少在约月数",
                "Minimum active months to be ranked",
            ),
            i(set.min_active_months),
        ),
        (
            pick(
                "不适用指标权重转入上限（本维度内，为指标原权重的倍数；超出部分按比例转入其他维度）",
                "Cap of weight moved from N/A indicators (within the dimension, times the indicator's own weight; the rest goes to the other dimensions pro rata)",
            ),
            n(set.na_max_factor, Num::General),
        ),
        (
            pick(
                "维度弱项阈值（占权重）",
                "Weak-dimension threshold (share of weight)",
            ),
            n(set.weak_dimension_share, Num::Percent),
        ),
        (
            pick("整改期限（天）", "Rectification deadline (days)"),
            i(set.deadline_days),
        ),
        (
            pick("陈述申辩期（工作日）", "Right to be heard (working days)"),
            i(set.hearing_days),
        ),
        (
            pick("赋权方法", "Weighting method"),
            t(crate::indicators::method_words(
                info.weighting.method,
                info.weighting.subjective,
                info.weighting.objective,
                info.weighting.alpha,
                lang,
            )),
        ),
        (pick("评估期间", "Period"), t(eval.period.to_string())),
        (
            pick("评估日期", "Evaluation date"),
            V::D(Some(eval.evaluation_date)),
        ),
        (pick("引擎版本", "Engine version"), t(&eval.engine_version)),
        (
            pick("结果格式版本", "Results schema version"),
            i(eval.schema_version),
        ),
        (
            pick("稳健性模拟轮数", "Robustness draws"),
            i(sens.draws),
        ),
        // Text: a 64-bit seed loses digits as an Excel number.
        (pick("随机种子", "Seed"), t(sens.seed.to_string())),
        (
            pick("权重浮动", "Weight spread"),
            t(format!("±{:.0}%", sens.weight_spread * 100.0)),
        ),
        (
            pick("目标值浮动（区间宽度）", "Goalpost spread (of range)"),
            t(format!("±{:.0}%", sens.goalpost_spread * 100.0)),
        ),
        (
            pick("名次区间", "Rank interval"),
            t(pick(
                "5%–95% 分位数，Hyndman–Fan 第 7 种定义；每轮都按目标值计分（与总分相同）；区内极差标准化下的名次另列，不混入区间；有一票否决的合伙人排在所有无否决者之后",
                "5–95 % quantiles, Hyndman–Fan type 7; every draw scores on the goalposts, as the total does; the rank under district min–max normalisation is a separate figure, not mixed into the interval; a partner with a veto ranks after every partner without one",
            )),
        ),
        (
            pick("临界决策", "Borderline decision"),
            t(match lang {
                Lang::Zh => format!(
                    "决策在不少于 {:.0}% 的模拟中改变（按总分界线与薄弱维度重新判断）",
                    sens.borderline_share * 100.0
                ),
                Lang::En => format!(
                    "decision changes in at least {:.0} % of the draws (total cut points and weak dimensions re-judged)",
                    sens.borderline_share * 100.0
                ),
            }),
        ),
    ];
    let mut pairs = pairs;
    let w = &info.weighting;
    if w.subjective == crate::indicators::SubjectiveMethod::Ahp {
        pairs.push((
            pick("AHP 随机一致性指标 RI", "AHP random index RI"),
            t(w.random_index.citation(lang)),
        ));
        let crs: Vec<String> = w
            .ahp
            .iter()
            .map(|a| format!("{} {:.3}", a.matrix, a.cr))
            .collect();
        pairs.push((
            pick(
                "AHP 一致性比率 CR（须小于 0.10）",
                "AHP consistency ratio CR (must be below 0.10)",
            ),
            t(crs.join(lang.pick("；", "; "))),
        ));
    }
    let mut row = 2;
    for (label, v) in &pairs {
        s.pair(row, 0, label, v)?;
        row += 1;
    }

    // Indicators: the main table of the sheet, filtered.
    row += 1;
    s.title(row, 0, pick("指标", "Indicators"))?;
    row += 1;
    let ind_head = row;
    // Long texts go in columns B–D in every section, so that the short
    // columns stay narrow.
    let h = headers(&[
        pick("指标编号", "Indicator ID"),
        pick("二级指标", "Indicator"),
        pick("计算公式", "Formula"),
        pick("计分方法", "Scoring"),
        pick("分项", "Part"),
        pick("一级指标", "Dimension"),
        pick("维度权重", "Dimension weight"),
        pick("分值", "Weight"),
        pick("单位", "Unit"),
        pick("方向", "Direction"),
        pick("不适用条件", "N/A when"),
        pick("缺数据条件", "Missing when"),
        pick("不适用时权重转给", "N/A weight goes to"),
    ]);
    s.header(ind_head, 0, &h)?;
    s.limit(1, 24);
    s.limit(2, 48);
    s.limit(3, 36);
    for c in 4..h.len() as u16 {
        s.limit(c, 24);
    }
    for ind in &set.indicators {
        let dim = &set.dimensions[ind.dimension];
        for (k, part) in ind.parts.iter().enumerate() {
            row += 1;
            let first = k == 0;
            let part_name = if ind.parts.len() > 1 {
                lang.pick(&part.name_zh, &part.name_en).to_string()
            } else {
                String::new()
            };
            let mut scoring = scoring_text(&part.scoring, part.unit, None, ind.direction, lang);
            if let crate::indicators::Scoring::Percentile {
                peers, min_peers, ..
            } = &part.scoring
            {
                let group = peers
                    .map(|p| peer_name(p, lang))
                    .unwrap_or(pick("全区", "district"));
                scoring += &match lang {
                    Lang::Zh => format!("；同类 = {group}，不足 {min_peers} 个时不适用"),
                    Lang::En => format!("; peers = {group}, N/A below {min_peers}"),
                };
            }
            s.row(
                row,
                0,
                &[
                    t(&ind.id),
                    t(lang.pick(&ind.name_zh, &ind.name_en)),
                    t(&part.value.source),
                    t(scoring),
                    t(part_name),
                    t(lang.pick(&dim.name_zh, &dim.name_en)),
                    n(final_weight.dim(&dim.id, dim.weight), Num::General),
                    if first {
                        n(final_weight.ind(&ind.id, ind.weight), Num::General)
                    } else {
                        t("")
                    },
                    t(unit_name(ind, part.unit, lang)),
                    t(direction(ind.direction, lang)),
                    t(formula(first, ind.na_when.as_ref())),
                    t(formula(first, ind.missing_when.as_ref())),
                    t(ind
                        .na_weight_to
                        .filter(|_| first)
                        .map(|j| set.indicators[j].id.clone())
                        .unwrap_or_default()),
                ],
            )?;
        }
    }
    let filter = (ind_head, row, h.len() as u16 - 1);

    // Grade bands.
    row += 2;
    s.title(row, 0, pick("等级", "Grade bands"))?;
    row += 1;
    s.header(
        row,
        0,
        &headers(&[
            pick("最低分", "Minimum"),
            pick("等级", "Grade"),
            pick("星级", "Stars"),
        ]),
    )?;
    for b in &set.bands {
        row += 1;
        s.row(
            row,
            0,
            &[
                n(b.min, Num::General),
                t(b.grade.label(lang)),
                t("★".repeat(b.stars as usize)),
            ],
        )?;
    }

    // Vetoes and flags.
    for (title, checks) in [
        (pick("一票否决", "Vetoes"), &set.vetoes),
        (pick("预警", "Flags"), &set.flags),
    ] {
        row += 2;
        s.title(row, 0, title)?;
        row += 1;
        s.header(
            row,
            0,
            &headers(&[
                pick("编号", "ID"),
                pick("名称", "Name"),
                pick("证据记录", "Records"),
                pick("条件", "When"),
                pick("缺数据也触发", "Raised by data gaps"),
            ]),
        )?;
        for c in checks {
            row += 1;
            s.row(row, 0, &check_cells(c, lang))?;
        }
    }

    if let Some(oc) = &set.over_commercialised {
        row += 2;
        s.title(
            row,
            0,
            &format!("{}（{}）", lang.pick(&oc.name_zh, &oc.name_en), oc.flag),
        )?;
        row += 1;
        let rule = match lang {
            Lang::Zh => format!(
                "计数条件满 {} 项为黄牌，满 {} 项为红牌；{} 任一成立即红牌；上期黄牌再次黄牌：{}",
                oc.yellow,
                oc.red,
                oc.red_on.join("、"),
                if oc.red_after_prior_yellow { "升为红牌" } else { "不升级" }
            ),
            Lang::En => format!(
                "yellow at {} counted conditions, red at {}; red at once on {}; yellow after a prior yellow: {}",
                oc.yellow,
                oc.red,
                oc.red_on.join(", "),
                if oc.red_after_prior_yellow { "red" } else { "stays yellow" }
            ),
        };
        s.note(row, 0, &rule)?;
        row += 1;
        s.header(
            row,
            0,
            &headers(&[
                pick("条件", "Condition"),
                pick("说明", "Text"),
                pick("公式", "When"),
                pick("计入项数", "Counted"),
            ]),
        )?;
        for c in &oc.conditions {
            row += 1;
            s.row(
                row,
                0,
                &[
                    t(&c.id),
                    t(lang.pick(&c.name_zh, &c.name_en)),
                    t(&c.when.source),
                    t(yes_no(c.counted, lang)),
                ],
            )?;
        }
    }

    // Decision rules.
    row += 2;
    s.title(
        row,
        0,
        pick(
            "决策规则（按顺序检查）",
            "Decision rules (checked in order)",
        ),
    )?;
    row += 1;
    s.header(
        row,
        0,
        &headers(&[
            pick("序号", "No."),
            pick("决策", "Decision"),
            pick("条件", "When"),
            pick("理由模板", "Reason template"),
        ]),
    )?;
    for (k, rule) in set.rules.iter().enumerate() {
        row += 1;
        s.row(
            row,
            0,
            &[
                i(k + 1),
                t(rule.decision.label(lang)),
                t(&rule.when.source),
                t(lang.pick(&rule.reason_zh, &rule.reason_en)),
            ],
        )?;
    }

    // Ranking and parameters.
    row += 2;
    s.title(row, 0, pick("排名与参数", "Ranking and parameters"))?;
    row += 1;
    s.header(
        row,
        0,
        &headers(&[pick("名称", "Name"), pick("值", "Value")]),
    )?;
    let scopes: Vec<&str> = set
        .ranking
        .scopes
        .iter()
        .map(|sc| scope_name(*sc, lang))
        .collect();
    let mut ties: Vec<String> = set
        .ranking
        .tie_break
        .iter()
        .map(|&j| set.indicators[j].id.clone())
        .collect();
    ties.push("partner_id".into());
    row += 1;
    s.row(
        row,
        0,
        &[
            t(pick("排名范围", "Ranked within")),
            t(scopes.join(lang.pick("、", ", "))),
        ],
    )?;
    row += 1;
    s.row(
        row,
        0,
        &[
            t(pick("同分排序依据", "Tie-breakers")),
            t(ties.join(lang.pick("、", ", "))),
        ],
    )?;
    for (name, value) in &set.params {
        row += 1;
        s.row(
            row,
            0,
            &[t(format!("param.{name}")), n(*value, Num::General)],
        )?;
    }
    for (id, rule) in small_sample_rules(eval) {
        row += 1;
        s.row(
            row,
            0,
            &[
                t(match lang {
                    Lang::Zh => format!("小样本规则（{id}）"),
                    Lang::En => format!("Small-sample rule ({id})"),
                }),
                t(small_sample_words(rule, lang)),
            ],
        )?;
    }

    // Input files.
    row += 2;
    s.title(row, 0, pick("输入文件", "Input files"))?;
    row += 1;
    s.header(
        row,
        0,
        &headers(&[pick("字节", "Bytes"), pick("文件", "File"), "SHA-256"]),
    )?;
    for f in &eval.inputs {
        row += 1;
        s.row(row, 0, &[i(f.bytes), t(&f.path)])?;
        s.free(row, 2, &f.sha256)?;
    }
    Ok(filter)
}

/// Each indicator's small-sample rule as scoring recorded it (the first
/// partner's record: the method and its settings are the same for all).
fn small_sample_rules(eval: &Evaluation) -> Vec<(&str, &SmallSample)> {
    eval.indicator_set
        .indicators
        .iter()
        .filter_map(|i| {
            let rule = eval
                .partners
                .iter()
                .find_map(|p| p.indicator(&i.id)?.small_sample.as_ref())?;
            Some((i.id.as_str(), rule))
        })
        .collect()
}

/// The method, its strength or confidence, and the minimum, in words.
fn small_sample_words(s: &SmallSample, lang: Lang) -> String {
    let method = match (s.method, lang) {
        (SmallSampleMethod::PosteriorMean { strength, .. }, Lang::Zh) => format!(
            "后验均值：向本区合计比率折算，先验强度 m = {}（相当于加入 {} 份按全区比率作答的答卷）",
            strength.normalize(),
            strength.normalize()
        ),
        (SmallSampleMethod::PosteriorMean { strength, .. }, Lang::En) => format!(
            "posterior mean: pulled toward the district's pooled rate, prior strength m = {} (as if {} answers at the district's rate were added)",
            strength.normalize(),
            strength.normalize()
        ),
        (SmallSampleMethod::Wilson { confidence }, Lang::Zh) => format!(
            "Wilson 置信区间下限，置信水平 {}%",
            (confidence * Decimal::ONE_HUNDRED).normalize()
        ),
        (SmallSampleMethod::Wilson { confidence }, Lang::En) => format!(
            "lower end of the Wilson score interval, confidence {} %",
            (confidence * Decimal::ONE_HUNDRED).normalize()
        ),
        (SmallSampleMethod::Beta { alpha, beta, quantile }, Lang::Zh) => format!(
            "Beta 后验分布的 {} 分位数，先验 Beta(α = {}, β = {})",
            quantile.normalize(),
            alpha.normalize(),
            beta.normalize()
        ),
        (SmallSampleMethod::Beta { alpha, beta, quantile }, Lang::En) => format!(
            "the {} quantile of the Beta posterior, prior Beta(α = {}, β = {})",
            quantile.normalize(),
            alpha.normalize(),
            beta.normalize()
        ),
    };
    match (s.min, lang) {
        (Some(m), Lang::Zh) => format!("{method}；样本量少于 {} 时适用", m.normalize()),
        (Some(m), Lang::En) => format!("{method}; applies below {} answers", m.normalize()),
        (None, _) => method,
    }
}

fn check_cells(c: &Check, lang: Lang) -> Vec<V<'_>> {
    let records = c
        .records
        .as_ref()
        .map(|(table, filter)| match filter {
            Some(f) => format!("{} where {}", table.name(), f.source),
            None => table.name().to_string(),
        })
        .unwrap_or_default();
    vec![
        t(&c.id),
        t(lang.pick(&c.name_zh, &c.name_en)),
        t(records),
        t(c.when
            .as_ref()
            .map(|f| f.source.clone())
            .unwrap_or_default()),
        t(if c.data_gaps { yes_no(true, lang) } else { "" }),
    ]
}

fn formula(first: bool, f: Option<&crate::formula::Formula>) -> String {
    f.filter(|_| first)
        .map(|f| f.source.clone())
        .unwrap_or_default()
}

fn unit_name(ind: &crate::indicators::Indicator, unit: Unit, lang: Lang) -> String {
    let named = match lang {
        Lang::Zh => ind.unit_zh.clone(),
        Lang::En => ind.unit_en.clone(),
    };
    named.unwrap_or_else(|| super::detail::unit_word(unit, lang).to_string())
}

fn peer_name(p: PeerKey, lang: Lang) -> &'static str {
    match p {
        PeerKey::MainCategory => lang.pick("主要服务类别", "main category"),
        PeerKey::PartnerType => lang.pick("合伙人类型", "partner type"),
        PeerKey::Street => lang.pick("街道", "street"),
    }
}

fn direction(d: Direction, lang: Lang) -> &'static str {
    match d {
        Direction::Up => lang.pick("越高越好 ↑", "higher is better ↑"),
        Direction::Down => lang.pick("越低越好 ↓", "lower is better ↓"),
    }
}

fn scope_name(s: RankScope, lang: Lang) -> &'static str {
    match s {
        RankScope::District => lang.pick("区", "district"),
        RankScope::Street => lang.pick("街道", "street"),
        RankScope::Community => lang.pick("社区", "community"),
        RankScope::PartnerType => lang.pick("合伙人类型", "partner type"),
    }
}

fn yes_no(b: bool, lang: Lang) -> &'static str {
    if b {
        lang.pick("是", "yes")
    } else {
        lang.pick("否", "no")
    }
}

/// The weights scoring actually used: for entropy, CRITIC or combined sets
/// they come from the data and are recorded in the result, not in the file.
struct FinalWeights<'a>(&'a crate::score::WeightingInfo);

impl FinalWeights<'_> {
    fn dim(&self, id: &str, file: rust_decimal::Decimal) -> rust_decimal::Decimal {
        self.0
            .dimensions
            .iter()
            .find(|d| d.id == id)
            .map_or(file, |d| d.weight)
    }

    fn ind(&self, id: &str, file: rust_decimal::Decimal) -> rust_decimal::Decimal {
        self.0
            .indicators
            .iter()
            .find(|i| i.id == id)
            .map_or(file, |i| i.weight)
    }
}
