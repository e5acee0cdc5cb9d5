//! results.csv: one row per partner, in ranking order, for a spreadsheet.

use std::path::Path;

use crate::atomic::write_atomic;
use crate::indicators::RankScope;
use crate::lang::Lang;
use crate::problem::export::inert;
use crate::schema::vocab::Vocabulary;
use crate::score::Evaluation;

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
        for d in &eval.indicator_set.dimensions {
            header.push(lang.pick(&d.name_zh, &d.id).to_string());
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
            row.extend(p.dimensions.iter().map(|d| d.points.to_string()));
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
