//! results.csv: one row per partner, in ranking order, for a spreadsheet.

use std::path::Path;

use crate::atomic::write_atomic;
use crate::indicators::RankScope;
use crate::lang::Lang;
use crate::problem::export::inert;
use crate::schema::vocab::Vocabulary;
use crate::score::{Evaluation, Status};

pub fn write(path: &Path, eval: &Evaluation, lang: Lang) -> std::io::Result<()> {
    // BOM: Excel on Chinese Windows then reads UTF-8 correctly.
    let mut out = b"\xEF\xBB\xBF".to_vec();
    {
        let mut w = csv::Writer::from_writer(&mut out);
        let zh = lang == Lang::Zh;
        let mut header: Vec<String> = if zh {
            [
                "区级排名",
                "合伙人编号",
                "合伙人名称",
                "区",
                "街道",
                "社区",
                "合伙人类型",
                "总分",
                "等级",
                "星级",
                "决策",
            ]
        } else {
            [
                "district_rank",
                "partner_id",
                "name",
                "district",
                "street",
                "community",
                "partner_type",
                "total",
                "grade",
                "stars",
                "decision",
            ]
        }
        .iter()
        .map(|s| s.to_string())
        .collect();
        // Each dimension's points, then the weight it was scored out of
        // after N/A redistribution (R1: never points without their weight).
        for d in &eval.indicator_set.dimensions {
            header.push(lang.pick(&d.name_zh, &d.id).to_string());
            header.push(match lang {
                Lang::Zh => format!("{}调整后权重", d.name_zh),
                Lang::En => format!("{}_weight", d.id),
            });
        }
        for i in &eval.indicator_set.indicators {
            header.push(match lang {
                Lang::Zh => format!("{} {}", i.id, i.name_zh),
                Lang::En => i.id.clone(),
            });
        }
        header.extend(
            if zh {
                ["预警", "否决", "新入驻", "理由"]
            } else {
                ["flags", "vetoes", "new_partner", "reasons"]
            }
            .iter()
            .map(|s| s.to_string()),
        );
        w.write_record(&header)?;
        for p in &eval.partners {
            let mut row = vec![
                p.rank(RankScope::District)
                    .map(|r| r.rank.to_string())
                    .unwrap_or_default(),
                inert(&p.partner_id),
                inert(&p.name),
                inert(&p.district),
                inert(&p.street),
                inert(&p.community),
                p.partner_type.label(lang),
                p.total.to_string(),
                p.grade.label(lang),
                p.stars.to_string(),
                p.decision.label(lang),
            ];
            // Not applicable is an empty cell, never a 0 that reads as
            // earned nothing (a missing-data indicator does score 0).
            for d in &p.dimensions {
                if d.weight.is_zero() {
                    row.extend([String::new(), String::new()]);
                } else {
                    row.extend([d.points.to_string(), d.weight.to_string()]);
                }
            }
            row.extend(p.indicators.iter().map(|i| match i.status {
                Status::Na => String::new(),
                _ => i.points.to_string(),
            }));
            let flags: Vec<String> = p
                .flags
                .iter()
                .map(|f| match f.level {
                    Some(l) => format!("{}:{}", f.id, l.key()),
                    None => f.id.clone(),
                })
                .collect();
            row.push(flags.join(" "));
            row.push(
                p.vetoes
                    .iter()
                    .map(|v| v.id.as_str())
                    .collect::<Vec<_>>()
                    .join(" "),
            );
            row.push(
                if p.new_partner {
                    lang.pick("是", "yes")
                } else {
                    ""
                }
                .to_string(),
            );
            row.push(inert(
                &p.reasons
                    .iter()
                    .map(|r| lang.pick(&r.zh, &r.en))
                    .collect::<Vec<_>>()
                    .join("; "),
            ));
            w.write_record(&row)?;
        }
        w.flush()?;
    }
    write_atomic(path, &out)
}
