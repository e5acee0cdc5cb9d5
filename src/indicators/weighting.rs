//! `[weighting]`: checking the section, and AHP weights computed when the
//! file is read.
//!
//! Why at load time: AHP weights depend only on the file, so a matrix whose
//! judgements contradict each other (CR ≥ 0.10) is an `indicators check`
//! error at its line and column, before any data is read. Entropy and
//! CRITIC weights need scored data and are derived in `score::weighting`;
//! here they are only checked and recorded.
//!
//! Conventions (indicators/README.md §3.10):
//! - The points written in the file must add up as for a manual set: they
//!   are the first scoring pass of the objective methods, the proportions
//!   among the indicators of a dimension without a matrix, and what a reader
//!   compares the derived weights with.
//! - AHP is two-level: the `dimensions` matrix (or, without one, the file's
//!   dimension weights) splits `total` among the dimensions; each
//!   dimension's matrix in `[weighting.within]` (or, without one, the file's
//!   proportions) splits the dimension's points among its indicators. An
//!   indicator's weight is the product; the mathematics is
//!   `analysis::ahp` (principal eigenvector, CR < 0.10 with the RI table
//!   `random_index` names: Saaty 2005 by default, or Saaty 1980 as Chinese
//!   textbooks print it).
//! - Weights become points by [`to_points`]: each rounded half away from
//!   zero to 0.01, and what rounding left over (a few hundredths at most)
//!   added to the largest weight, so they add up exactly.

use std::collections::BTreeMap;

use rust_decimal::prelude::{FromPrimitive, ToPrimitive};
use rust_decimal::Decimal;
use toml::Spanned;

use super::build::Builder;
use super::file::{File, Judgement, WeightingDef};
use super::*;
use crate::analysis::ahp::CR_LIMIT;
use crate::analysis::{ahp_weights_with, Ahp, AhpError, PairDeviation, RandomIndexTable};
use crate::score::format::round;

type Matrix = Spanned<Vec<Vec<Judgement>>>;

/// Checks `[weighting]`, computes AHP weights into `dims` and `inds`, and
/// says where the weights came from.
pub(super) fn settle(
    b: &mut Builder,
    file: &File,
    dims: &mut [Dimension],
    inds: &mut [Indicator],
) -> Weighting {
    let manual = Weighting {
        method: WeightMethod::Manual,
        subjective: SubjectiveMethod::Manual,
        objective: None,
        form: None,
        alpha: None,
        ahp: Vec::new(),
        random_index: RandomIndexTable::default(),
        subjective_points: inds.iter().map(|i| i.weight).collect(),
        outcome: None,
    };
    let Some(def) = &file.weighting else {
        return manual;
    };
    let Some(mut w) = settings(b, def) else {
        return manual;
    };
    w.subjective_points = manual.subjective_points;
    if w.subjective == SubjectiveMethod::Ahp {
        // Matrix sizes follow the dimensions and indicators; if those have
        // errors already, sizes would be reported wrongly.
        if b.has_errors() {
            return w;
        }
        let total = super::build::dec(*file.set.total.get_ref());
        let table = w.random_index;
        if let Some(points) = ahp_points(b, def, dims, inds, total, table, &mut w.ahp) {
            apply_points(dims, inds, &points);
            w.subjective_points = points;
        }
    }
    w
}

/// The method and its options, checked for consistency.
fn settings(b: &mut Builder, def: &WeightingDef) -> Option<Weighting> {
    let method = match def.method.get_ref().as_str() {
        "manual" => WeightMethod::Manual,
        "ahp" => WeightMethod::Ahp,
        "entropy" => WeightMethod::Entropy,
        "critic" => WeightMethod::Critic,
        "combined" => WeightMethod::Combined,
        other => {
            b.error(
                &def.method,
                format!("赋权方法「{other}」无效；可用 manual、ahp、entropy、critic、combined"),
                format!("weighting method \"{other}\" is invalid; use manual, ahp, entropy, critic or combined"),
            );
            return None;
        }
    };
    let combined = method == WeightMethod::Combined;
    for (key, given) in [
        ("subjective", def.subjective.as_ref().map(|s| s.span())),
        ("objective", def.objective.as_ref().map(|s| s.span())),
        ("alpha", def.alpha.as_ref().map(|s| s.span())),
        ("form", def.form.as_ref().map(|s| s.span())),
    ] {
        if let (false, Some(span)) = (combined, given) {
            b.error(
                &Spanned::new(span, ()),
                format!("{key} 只用于 method = \"combined\"（组合赋权）"),
                format!("{key} is used only with method = \"combined\""),
            );
        }
    }
    let subjective = match (method, &def.subjective) {
        (WeightMethod::Ahp, _) => SubjectiveMethod::Ahp,
        (WeightMethod::Combined, Some(s)) => match s.get_ref().as_str() {
            "manual" => SubjectiveMethod::Manual,
            "ahp" => SubjectiveMethod::Ahp,
            other => {
                b.error(
                    s,
                    format!("subjective「{other}」无效；可用 manual 或 ahp"),
                    format!("subjective \"{other}\" is invalid; use manual or ahp"),
                );
                return None;
            }
        },
        _ => SubjectiveMethod::Manual,
    };
    let objective = match method {
        WeightMethod::Entropy => Some(ObjectiveMethod::Entropy),
        WeightMethod::Critic => Some(ObjectiveMethod::Critic),
        WeightMethod::Combined => match &def.objective {
            Some(o) => match o.get_ref().as_str() {
                "entropy" => Some(ObjectiveMethod::Entropy),
                "critic" => Some(ObjectiveMethod::Critic),
                other => {
                    b.error(
                        o,
                        format!("objective「{other}」无效；可用 entropy 或 critic"),
                        format!("objective \"{other}\" is invalid; use entropy or critic"),
                    );
                    return None;
                }
            },
            None => {
                b.error(
                    &def.method,
                    "组合赋权需写明客观方法：objective = \"entropy\" 或 \"critic\"".into(),
                    "combined weighting needs objective = \"entropy\" or \"critic\"".into(),
                );
                return None;
            }
        },
        WeightMethod::Manual | WeightMethod::Ahp => None,
    };
    let form = match (combined, &def.form) {
        (false, _) => None,
        (true, None) => Some(CombineForm::Linear),
        (true, Some(f)) => match f.get_ref().as_str() {
            "linear" => Some(CombineForm::Linear),
            "multiplicative" => Some(CombineForm::Multiplicative),
            other => {
                b.error(
                    f,
                    format!("form「{other}」无效；可用 linear（线性）或 multiplicative（乘法）"),
                    format!("form \"{other}\" is invalid; use linear or multiplicative"),
                );
                return None;
            }
        },
    };
    let alpha = match (form, &def.alpha) {
        (Some(CombineForm::Linear), None) => Some(DEFAULT_ALPHA),
        (Some(CombineForm::Linear), Some(a)) => {
            let x = *a.get_ref();
            if !(0.0..=1.0).contains(&x) {
                b.error(
                    a,
                    format!("alpha 是主观权重所占比例，应在 0 到 1 之间，现为 {x}"),
                    format!("alpha is the share of the subjective weights and must be between 0 and 1, found {x}"),
                );
                return None;
            }
            Some(x)
        }
        (Some(CombineForm::Multiplicative), Some(a)) => {
            b.error(
                a,
                "乘法组合（form = \"multiplicative\"）不用 alpha".into(),
                "the multiplicative form takes no alpha".into(),
            );
            None
        }
        _ => None,
    };
    let has_matrix = def.dimensions.is_some() || !def.within.is_empty();
    if subjective == SubjectiveMethod::Ahp && !has_matrix {
        b.error(
            &def.method,
            "层次分析法至少需要一个比较矩阵：dimensions = [[…]] 或 [weighting.within]".into(),
            "AHP needs at least one comparison matrix: dimensions = [[…]] or [weighting.within]"
                .into(),
        );
    }
    if subjective != SubjectiveMethod::Ahp && has_matrix {
        let at = def
            .dimensions
            .as_ref()
            .map(|m| m.span())
            .or_else(|| def.within.values().next().map(|m| m.span()))
            .unwrap_or_else(|| def.method.span());
        b.error(
            &Spanned::new(at, ()),
            "比较矩阵只用于层次分析法：method = \"ahp\"，或 combined 且 subjective = \"ahp\"".into(),
            "comparison matrices are used only by AHP: method = \"ahp\", or combined with subjective = \"ahp\"".into(),
        );
    }
    let random_index = match &def.random_index {
        None => RandomIndexTable::default(),
        Some(r) if subjective != SubjectiveMethod::Ahp => {
            b.error(
                r,
                "random_index 只用于层次分析法：method = \"ahp\"，或 combined 且 subjective = \"ahp\"".into(),
                "random_index is used only by AHP: method = \"ahp\", or combined with subjective = \"ahp\"".into(),
            );
            RandomIndexTable::default()
        }
        Some(r) => match r.get_ref().as_str() {
            "saaty2005" => RandomIndexTable::Saaty2005,
            "saaty1980" => RandomIndexTable::Saaty1980,
            other => {
                b.error(
                    r,
                    format!("random_index「{other}」无效；可用 saaty2005（默认，RI(3) = 0.52）或 saaty1980（国内教材通用表，RI(3) = 0.58）"),
                    format!("random_index \"{other}\" is invalid; use saaty2005 (the default, RI(3) = 0.52) or saaty1980 (the table Chinese textbooks print, RI(3) = 0.58)"),
                );
                return None;
            }
        },
    };
    Some(Weighting {
        method,
        subjective,
        objective,
        form,
        alpha,
        ahp: Vec::new(),
        random_index,
        subjective_points: Vec::new(),
        outcome: None,
    })
}

/// The share of the subjective weights when `alpha` is not written: both
/// sources count equally.
const DEFAULT_ALPHA: f64 = 0.5;

/// AHP points of every indicator, or `None` after reporting an error.
fn ahp_points(
    b: &mut Builder,
    def: &WeightingDef,
    dims: &[Dimension],
    inds: &[Indicator],
    total: Decimal,
    table: RandomIndexTable,
    record: &mut Vec<AhpConsistency>,
) -> Option<Vec<Decimal>> {
    let mut ok = true;
    let dim_shares = match &def.dimensions {
        Some(m) => {
            let labels: Vec<Label> = dims
                .iter()
                .map(|d| Label {
                    zh: format!("{}（{}）", d.name_zh, d.id),
                    en: d.id.clone(),
                })
                .collect();
            if let Some(empty) = dims
                .iter()
                .enumerate()
                .find(|(d, _)| !inds.iter().any(|i| i.dimension == *d))
            {
                b.error(
                    m,
                    format!("维度「{}」没有指标，不能参加比较", empty.1.id),
                    format!(
                        "dimension \"{}\" has no indicators and cannot be compared",
                        empty.1.id
                    ),
                );
                return None;
            }
            let ahp = ahp(b, m, &labels, "dimensions", table);
            ok &= ahp.is_some();
            ahp.map(|a| {
                record.push(consistency("dimensions", &a));
                a.weights
            })
        }
        None => Some(proportions(dims.iter().map(|d| d.weight))),
    };
    let known: BTreeMap<&str, usize> = dims
        .iter()
        .enumerate()
        .map(|(i, d)| (d.id.as_str(), i))
        .collect();
    for (key, m) in &def.within {
        if !known.contains_key(key.as_str()) {
            let all: Vec<&str> = dims.iter().map(|d| d.id.as_str()).collect();
            b.error(
                m,
                format!(
                    "[weighting.within] 中的「{key}」不是维度编号；已定义：{}",
                    all.join("、")
                ),
                format!(
                    "\"{key}\" in [weighting.within] is not a dimension id; defined: {}",
                    all.join(", ")
                ),
            );
            ok = false;
        }
    }
    let mut within: Vec<Vec<f64>> = Vec::with_capacity(dims.len());
    for (d, dim) in dims.iter().enumerate() {
        let members: Vec<&Indicator> = inds.iter().filter(|i| i.dimension == d).collect();
        let shares = match def.within.get(&dim.id) {
            Some(m) => {
                let labels: Vec<Label> = members
                    .iter()
                    .map(|i| Label {
                        zh: format!("{}（{}）", i.id, i.name_zh),
                        en: i.id.clone(),
                    })
                    .collect();
                let ahp = ahp(b, m, &labels, &dim.id, table);
                ok &= ahp.is_some();
                ahp.map(|a| {
                    record.push(consistency(&dim.id, &a));
                    a.weights
                })
            }
            None => Some(proportions(members.iter().map(|i| i.weight))),
        };
        within.push(shares.unwrap_or_default());
    }
    let dim_shares = dim_shares.filter(|_| ok)?;
    let dim_points = to_points(&dim_shares, total);
    let mut points = vec![Decimal::ZERO; inds.len()];
    for (d, (shares, &dim_total)) in within.iter().zip(&dim_points).enumerate() {
        let slots: Vec<usize> = (0..inds.len())
            .filter(|&i| inds[i].dimension == d)
            .collect();
        for (slot, p) in slots.into_iter().zip(to_points(shares, dim_total)) {
            points[slot] = p;
        }
    }
    Some(points)
}

/// How a compared element is named in a message.
struct Label {
    zh: String,
    en: String,
}

/// Shares proportional to the given weights; equal shares when they are
/// all zero (nothing to be proportional to).
fn proportions(weights: impl Iterator<Item = Decimal>) -> Vec<f64> {
    let w: Vec<f64> = weights.map(|x| x.to_f64().unwrap_or(0.0)).collect();
    let sum: f64 = w.iter().sum();
    if sum > 0.0 {
        w.iter().map(|x| x / sum).collect()
    } else {
        vec![1.0 / w.len().max(1) as f64; w.len()]
    }
}

fn consistency(matrix: &str, a: &Ahp) -> AhpConsistency {
    AhpConsistency {
        matrix: matrix.to_string(),
        n: a.weights.len(),
        lambda_max: a.lambda_max,
        ci: a.ci,
        ri: a.ri,
        cr: a.cr,
    }
}

/// Reads and checks one comparison matrix; errors are reported at it.
fn ahp(
    b: &mut Builder,
    m: &Matrix,
    labels: &[Label],
    name: &str,
    table: RandomIndexTable,
) -> Option<Ahp> {
    let n = labels.len();
    let order_zh: Vec<&str> = labels.iter().map(|l| l.zh.as_str()).collect();
    let order_en: Vec<&str> = labels.iter().map(|l| l.en.as_str()).collect();
    let rows = m.get_ref();
    if rows.len() != n || rows.iter().any(|r| r.len() != n) {
        let found = rows.iter().map(|r| r.len().to_string()).collect::<Vec<_>>();
        b.error(
            m,
            format!(
                "比较矩阵 {name} 应为 {n}×{n}（依次为 {}），现为 {} 行，各行 {} 个数",
                order_zh.join("、"),
                rows.len(),
                found.join("/")
            ),
            format!(
                "comparison matrix {name} must be {n}×{n} (in order: {}), found {} row(s) of {} entries",
                order_en.join(", "),
                rows.len(),
                found.join("/")
            ),
        );
        return None;
    }
    let mut values = Vec::with_capacity(n);
    for row in rows {
        let mut out = Vec::with_capacity(n);
        for entry in row {
            match entry {
                Judgement::Number(x) => out.push(*x),
                Judgement::Text(text) => {
                    if let Some(x) = fraction(text) {
                        out.push(x);
                        continue;
                    }
                    b.error(
                        m,
                        format!("比较矩阵 {name} 中的「{text}」不是数字或分数（可写 3、0.2 或 \"1/5\"）"),
                        format!("\"{text}\" in comparison matrix {name} is not a number or fraction (write 3, 0.2 or \"1/5\")"),
                    );
                    return None;
                }
            }
        }
        values.push(out);
    }
    match ahp_weights_with(&values, table) {
        Ok(a) => Some(a),
        Err(e) => {
            let (zh, en) = ahp_message(&e, labels, name);
            b.error(m, zh, en);
            None
        }
    }
}

/// A judgement written as text: a number or `a/b`.
fn fraction(text: &str) -> Option<f64> {
    let t = text.trim();
    match t.split_once('/') {
        Some((a, b)) => {
            let (a, b) = (a.trim().parse::<f64>().ok()?, b.trim().parse::<f64>().ok()?);
            (b != 0.0).then(|| a / b)
        }
        None => t.parse().ok(),
    }
}

/// An AHP refusal in the reader's terms: elements by name, not index.
fn ahp_message(e: &AhpError, labels: &[Label], name: &str) -> (String, String) {
    let zh = |i: usize| labels.get(i).map_or("?", |l| l.zh.as_str());
    let en = |i: usize| labels.get(i).map_or("?", |l| l.en.as_str());
    match e {
        AhpError::Inconsistent {
            cr,
            pair: PairDeviation { i, j, ratio },
        } => (
            format!(
                "比较矩阵 {name} 的一致性比率 CR = {cr:.3} ≥ {CR_LIMIT:.2}，判断前后矛盾；最不一致的一对：{} 与 {}（该判断是权重所支持的 {ratio:.2} 倍），请重新比较",
                zh(*i),
                zh(*j)
            ),
            format!(
                "comparison matrix {name}: consistency ratio CR = {cr:.3} ≥ {CR_LIMIT:.2}; most inconsistent pair: {} and {} (the judgement is {ratio:.2}× what the weights support)",
                en(*i),
                en(*j)
            ),
        ),
        AhpError::NotReciprocal { i, j, product } => (
            format!(
                "比较矩阵 {name} 不是互反的：{} 对 {} 的判断与反过来的判断相乘为 {product:.3}，应为 1（如 3 与 \"1/3\"）",
                zh(*i),
                zh(*j)
            ),
            format!(
                "comparison matrix {name} is not reciprocal: the judgements of {} over {} and back multiply to {product:.3}, not 1 (as 3 and \"1/3\")",
                en(*i),
                en(*j)
            ),
        ),
        AhpError::NonPositive { i, j, value } => (
            format!(
                "比较矩阵 {name} 中 {} 对 {} 的判断为 {value}，应为正数（1–9 或其倒数）",
                zh(*i),
                zh(*j)
            ),
            format!(
                "comparison matrix {name}: the judgement of {} over {} is {value}; it must be positive (1–9 or a reciprocal)",
                en(*i),
                en(*j)
            ),
        ),
        AhpError::NotFinite { i, j } => (
            format!(
                "比较矩阵 {name} 中 {} 对 {} 的判断不是有限数",
                zh(*i),
                zh(*j)
            ),
            format!(
                "comparison matrix {name}: the judgement of {} over {} is not a finite number",
                en(*i),
                en(*j)
            ),
        ),
        AhpError::TooLarge { n, max } => (
            format!("比较矩阵 {name} 有 {n} 项；一次最多比较 {max} 项（Saaty 随机一致性指标表的范围）"),
            format!("comparison matrix {name} compares {n} elements; at most {max} (Saaty's random index table)"),
        ),
        other => (
            format!("比较矩阵 {name} 无法计算权重：{other}"),
            format!("comparison matrix {name} gives no weights: {other}"),
        ),
    }
}

/// Shares (summing to 1) as points summing exactly to `total`: each share ×
/// `total` rounded half away from zero to 0.01, and the rounding remainder
/// added to the largest share (the first of equals), where a few hundredths
/// matter least.
pub fn to_points(shares: &[f64], total: Decimal) -> Vec<Decimal> {
    let mut points: Vec<Decimal> = shares
        .iter()
        .map(|&s| round(Decimal::from_f64(s).unwrap_or_default() * total, 2))
        .collect();
    let remainder = total - points.iter().copied().sum::<Decimal>();
    let largest = shares
        .iter()
        .enumerate()
        .fold(None, |best: Option<(usize, f64)>, (i, &s)| match best {
            Some((_, b)) if b >= s => best,
            _ => Some((i, s)),
        });
    if let Some((i, _)) = largest {
        points[i] += remainder;
    }
    points
}

/// Gives each indicator its new points and each dimension the sum of its
/// indicators'. Step tables are written in the file's points, so their
/// points are scaled by the same factor: every value keeps its share.
pub fn apply_points(dims: &mut [Dimension], inds: &mut [Indicator], points: &[Decimal]) {
    for (ind, &p) in inds.iter_mut().zip(points) {
        let old = ind.weight;
        for part in &mut ind.parts {
            if let Scoring::Steps(steps) = &mut part.scoring {
                for s in steps {
                    s.points = if old > Decimal::ZERO {
                        s.points * p / old
                    } else {
                        Decimal::ZERO
                    };
                }
            }
        }
        ind.weight = p;
    }
    for (d, dim) in dims.iter_mut().enumerate() {
        dim.weight = inds
            .iter()
            .filter(|i| i.dimension == d)
            .map(|i| i.weight)
            .sum();
    }
}

/// The weighting method in words, for the 参数 sheet and `indicators
/// check`: 文件给定分值, 层次分析法（AHP）, 熵权法, or the combination.
pub fn method_words(
    method: WeightMethod,
    subjective: SubjectiveMethod,
    objective: Option<ObjectiveMethod>,
    alpha: Option<f64>,
    lang: crate::lang::Lang,
) -> String {
    use crate::lang::Lang;
    let subjective = match subjective {
        SubjectiveMethod::Manual => lang.pick("文件给定分值", "points written in the file"),
        SubjectiveMethod::Ahp => lang.pick("层次分析法（AHP）", "AHP"),
    };
    let objective = match objective {
        Some(ObjectiveMethod::Entropy) => lang.pick("熵权法", "entropy weights"),
        Some(ObjectiveMethod::Critic) => lang.pick("CRITIC 法", "CRITIC"),
        None => "",
    };
    match method {
        WeightMethod::Manual | WeightMethod::Ahp => subjective.to_string(),
        WeightMethod::Entropy | WeightMethod::Critic => objective.to_string(),
        WeightMethod::Combined => match (lang, alpha) {
            (Lang::Zh, Some(a)) => {
                format!(
                    "组合赋权：{subjective} × {a:.2} + {objective} × {:.2}",
                    1.0 - a
                )
            }
            (Lang::En, Some(a)) => {
                format!(
                    "combined: {subjective} × {a:.2} + {objective} × {:.2}",
                    1.0 - a
                )
            }
            (Lang::Zh, None) => format!("组合赋权：{subjective}与{objective}相乘后归一化"),
            (Lang::En, None) => format!("combined: {subjective} times {objective}, renormalised"),
        },
    }
}
