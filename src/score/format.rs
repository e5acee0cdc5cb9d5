//! Numbers as people read them in a report: 75.0%, 0.62, 1.35‰, ¥1,200.00.

use rust_decimal::{Decimal, RoundingStrategy};

use crate::indicators::Unit;

/// Rounds half away from zero (四舍五入) to `dp` places.
pub fn round(x: Decimal, dp: u32) -> Decimal {
    x.round_dp_with_strategy(dp, RoundingStrategy::MidpointAwayFromZero)
}

/// A value in its unit; `—` when there is none.
pub fn value(v: Option<Decimal>, unit: Unit) -> String {
    let Some(x) = v else { return "—".into() };
    match unit {
        Unit::Percent => percent(x),
        Unit::Ratio => format!("{:.2}", round(x, 2)),
        Unit::PerMille => format!("{:.2}‰", round(x, 2)),
        Unit::Count => format!("{}", round(x, 0)),
        Unit::Money => money(x),
        Unit::Number | Unit::WorseOf => format!("{:.2}", round(x, 2)),
    }
}

/// A share as a percentage: one decimal, or two below 1 % so that a small
/// contribution does not read as nothing (0.03 %, not 0.0 %); a share too
/// small even for that reads as under 0.01 %.
fn percent(x: Decimal) -> String {
    let pct = x * Decimal::ONE_HUNDRED;
    let small = Decimal::new(1, 2);
    if pct.is_zero() || pct.abs() >= Decimal::ONE {
        format!("{:.1}%", round(pct, 1))
    } else if pct.abs() >= small / Decimal::TWO {
        format!("{:.2}%", round(pct, 2))
    } else if pct.is_sign_negative() {
        "> -0.01%".to_string()
    } else {
        "< 0.01%".to_string()
    }
}

/// ¥ with thousands separators and two decimals.
pub fn money(x: Decimal) -> String {
    let s = format!("{:.2}", round(x.abs(), 2));
    let (int, frac) = s.split_once('.').unwrap_or((&s, "00"));
    let mut grouped = String::new();
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(c);
    }
    let sign = if x.is_sign_negative() && !x.is_zero() {
        "-"
    } else {
        ""
    };
    format!("{sign}¥{grouped}.{frac}")
}

/// A fact in words: `C1 市场化服务占比 68.8%`, `感到被推销的受访者占… 26.8%
/// （11/41）`, `合计欠缴 ¥1,200.00`; an indicator by id and name.
pub fn fact(f: &super::result::Fact, lang: crate::lang::Lang) -> String {
    let name = fact_name(f, lang);
    let of =
        f.of.map(|(a, b)| match lang {
            crate::lang::Lang::Zh => format!("（{}/{}）", a.normalize(), b.normalize()),
            crate::lang::Lang::En => format!(" ({}/{})", a.normalize(), b.normalize()),
        })
        .unwrap_or_default();
    let detail = f
        .detail
        .as_ref()
        .map(|(zh, en)| match lang {
            crate::lang::Lang::Zh => format!("（{zh}）"),
            crate::lang::Lang::En => format!(" ({en})"),
        })
        .unwrap_or_default();
    match f.value {
        Some(_) => format!("{name} {}{of}{detail}", value(f.value, f.unit)),
        None => format!("{name} {}", lang.pick("无数据", "no data")),
    }
}

/// A target in words: `C1 市场化服务占比 ≤ 60.0%`.
pub fn target(t: &super::result::Target, lang: crate::lang::Lang) -> String {
    let f = &t.fact;
    format!(
        "{} {} {}",
        fact_name(f, lang),
        t.cmp.sign(),
        value(f.value, f.unit)
    )
}

/// What a fact is of: its label, after the indicator's id when it has one.
fn fact_name(f: &super::result::Fact, lang: crate::lang::Lang) -> String {
    let label = lang.pick(&f.label_zh, &f.label_en);
    match &f.indicator {
        Some(id) => format!("{id} {label}"),
        None => label.to_string(),
    }
}

/// Indicators without data, as a flag lists them: `缺少数据的指标：P5、F4`
/// (by id, or by `names` a report gives them).
pub fn missing(names: &[String], lang: crate::lang::Lang) -> String {
    format!(
        "{}{}",
        lang.pick("缺少数据的指标：", "indicators without data: "),
        names.join(lang.pick("、", ", "))
    )
}

/// Facts joined for one cell or line.
pub fn facts(fs: &[super::result::Fact], lang: crate::lang::Lang) -> String {
    fs.iter()
        .map(|f| fact(f, lang))
        .collect::<Vec<_>>()
        .join(lang.pick("；", "; "))
}

/// Targets joined for one cell or line.
pub fn targets(ts: &[super::result::Target], lang: crate::lang::Lang) -> String {
    ts.iter()
        .map(|t| target(t, lang))
        .collect::<Vec<_>>()
        .join(lang.pick("；", "; "))
}

/// Points with two decimals.
pub fn points(x: Decimal) -> String {
    format!("{:.2}", round(x, 2))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Decimal {
        s.parse().unwrap()
    }

    #[test]
    fn values_read_as_in_a_report() {
        assert_eq!(value(Some(d("0.75")), Unit::Percent), "75.0%");
        assert_eq!(value(Some(d("0.3333")), Unit::Percent), "33.3%");
        assert_eq!(value(Some(d("0.625")), Unit::Ratio), "0.63");
        assert_eq!(value(None, Unit::Ratio), "—");
        assert_eq!(money(d("1234567.5")), "¥1,234,567.50");
        assert_eq!(money(d("-12")), "-¥12.00");
        assert_eq!(points(d("6.125")), "6.13");
    }

    /// F3 at 0.000333 is a contribution, not nothing.
    #[test]
    fn small_shares_keep_their_digits() {
        assert_eq!(value(Some(d("0.000333")), Unit::Percent), "0.03%");
        assert_eq!(value(Some(d("0.005")), Unit::Percent), "0.50%");
        assert_eq!(value(Some(d("0.0000001")), Unit::Percent), "< 0.01%");
        assert_eq!(value(Some(d("0")), Unit::Percent), "0.0%");
        assert_eq!(value(Some(d("0.0123")), Unit::Percent), "1.2%");
    }
}
