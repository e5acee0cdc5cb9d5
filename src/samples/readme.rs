//! README.md of a generated folder: what is in it, the planted errors and
//! what each shows, and how to make it again. Written from what was actually
//! generated, so it cannot disagree with the data.

use std::collections::BTreeMap;
use std::fmt::Write;

use super::community::Community;
use super::files::Manifest;
use super::partner::Partner;
use super::profiles::Profile;
use super::Summary;
use crate::schema::vocab::Vocabulary;
use crate::schema::SheetSpec;

/// Communities listed one by one; larger runs are summarised.
const LISTED: usize = 20;

/// What the README reports, gathered while generating.
pub struct About {
    root: String,
    scale: &'static str,
    seed: u64,
    tallies: Vec<(&'static str, BTreeMap<String, usize>)>,
    profiles: BTreeMap<Profile, (usize, BTreeMap<String, usize>)>,
    communities: Vec<String>,
    planted: Vec<(Manifest, &'static str)>,
}

impl About {
    pub fn new(root: &str, scale: &'static str, seed: u64) -> About {
        let dims = [
            "合伙人类型",
            "主体性质",
            "合作模式",
            "服务模式",
            "主要服务类别",
            "公益金计提基数",
            "缴纳周期",
        ];
        About {
            root: root.to_string(),
            scale,
            seed,
            tallies: dims.iter().map(|d| (*d, BTreeMap::new())).collect(),
            profiles: BTreeMap::new(),
            communities: Vec::new(),
            planted: Vec::new(),
        }
    }

    pub fn partner(&mut self, p: &Partner) {
        let k = p.kind;
        let values = [
            k.partner_type.zh(),
            k.legal_form.zh(),
            k.coop_mode.zh(),
            k.service_mode.zh(),
            k.category.zh(),
            k.basis.zh(),
            k.frequency.map_or("（不缴）", |f| f.zh()),
        ];
        for ((_, tally), v) in self.tallies.iter_mut().zip(values) {
            *tally.entry(v.to_string()).or_default() += 1;
        }
        let (n, conds) = self.profiles.entry(p.slot.profile).or_default();
        *n += 1;
        let what = [p.slot.conds.list(), p.slot.flags()]
            .into_iter()
            .filter(|s| !s.is_empty())
            .collect::<Vec<_>>()
            .join(";");
        if !what.is_empty() {
            *conds.entry(what).or_default() += 1;
        }
    }

    pub fn community(&mut self, c: &Community, file: &str, partners: usize) {
        if self.communities.len() < LISTED {
            self.communities.push(format!(
                "| `{file}` | {partners} | {} |",
                c.style.describe().join("；")
            ));
        }
    }

    pub fn planted(&mut self, m: &Manifest, note: &'static str) {
        self.planted.push((m.clone(), note));
    }

    pub fn render(&self, s: &Summary) -> String {
        let mut o = String::new();
        let _ = self.write(&mut o, s);
        o
    }

    fn write(&self, o: &mut String, s: &Summary) -> std::fmt::Result {
        writeln!(o, "# 样例数据 · Sample data\n")?;
        writeln!(
            o,
            "本文件夹由生成器写出，请勿手工修改；改动生成器后重新生成即可。\n\
             This folder is written by the generator; do not edit it by hand.\n"
        )?;
        writeln!(
            o,
            "在仓库根目录运行 · From the repository root:\n\n\
             ```sh\ncargo run --release -- samples --scale {} --out {} --seed {} --force\n```\n",
            self.scale, self.root, self.seed
        )?;
        writeln!(
            o,
            "同一种子每次生成的文件逐字节相同（`cargo test --test samples` 会检查已提交的 `samples/` 与生成结果一致）。\n"
        )?;
        writeln!(o, "## 内容 · Contents\n")?;
        writeln!(
            o,
            "- {} 个社区工作簿（每个社区一个 `<街道>-<社区>.xlsx`），共 {} 个合伙人。",
            s.workbooks, s.partners
        )?;
        writeln!(o, "- 每个区文件夹中的 `市场参考价.csv`：区级市场参考价，GBK 编码、CRLF 换行（中文 Windows 版 Excel 的存法）。")?;
        writeln!(
            o,
            "- `profiles.csv`：每个合伙人的画像与预期触发的条件（c1–c6、FL、V），供评分测试核对。"
        )?;
        writeln!(o, "- `planted-errors.csv`：有意埋入的每一处数据错误（文件、工作表、行、列、代码、级别）。\n")?;
        writeln!(o, "各工作表数据行数 · Data rows per sheet:\n")?;
        writeln!(o, "| 工作表 | 行数 |\n|---|---:|")?;
        for (kind, n) in &s.rows {
            writeln!(o, "| {} | {n} |", SheetSpec::of(*kind).zh)?;
        }
        writeln!(
            o,
            "\n每个工作簿的第一张表「填表说明」是说明文字；它和 profiles.csv、planted-errors.csv、README.md \
             在校验时都只会得到「已跳过」的提示，不算问题。\n"
        )?;
        writeln!(o, "## 社区与填表习惯 · Communities and how they type\n")?;
        writeln!(
            o,
            "各社区的写法各不相同，但都是载入程序应当接受的写法，不会报问题。\n"
        )?;
        writeln!(o, "| 工作簿 | 合伙人 | 填表习惯 |\n|---|---:|---|")?;
        for line in &self.communities {
            writeln!(o, "{line}")?;
        }
        if s.workbooks > self.communities.len() {
            writeln!(
                o,
                "| …另有 {} 个 | | |",
                s.workbooks - self.communities.len()
            )?;
        }
        writeln!(o, "\n## 合伙人构成 · Partners\n")?;
        for (dim, tally) in &self.tallies {
            let parts: Vec<String> = tally.iter().map(|(v, n)| format!("{v} {n}")).collect();
            writeln!(o, "- **{dim}**：{}", parts.join("，"))?;
        }
        writeln!(o, "\n## 画像 · Profiles\n")?;
        writeln!(
            o,
            "画像决定数据的样子，使评分规则（DOMAIN.md §3）各有清楚的案例。c1–c6 见 §3.5 过度商业化条件。\n"
        )?;
        writeln!(
            o,
            "| 画像 | 含义 | 人数 | 预期条件（人数） |\n|---|---|---:|---|"
        )?;
        for (profile, (n, conds)) in &self.profiles {
            let c: Vec<String> = conds.iter().map(|(c, k)| format!("{c}（{k}）")).collect();
            writeln!(
                o,
                "| `{}` | {} | {n} | {} |",
                profile.key(),
                profile.zh(),
                c.join("，")
            )?;
        }
        if self.planted.is_empty() {
            writeln!(
                o,
                "\n本规模的数据没有埋入错误：`partner-eval validate` 应当不报任何问题。"
            )?;
            return Ok(());
        }
        writeln!(o, "\n## 埋入的数据错误 · Planted errors\n")?;
        writeln!(
            o,
            "每处错误都是额外的一行（某合伙人真实记录的副本，只错一处），不影响该合伙人的画像。\n\
             运行 `partner-eval validate samples/` 应当正好列出下面这些问题，退出码为 1（有被拒绝的行）。\n"
        )?;
        writeln!(
            o,
            "| 文件 | 工作表 | 行 | 列 | 代码 | 级别 | 演示什么 |\n|---|---|---:|---|---|---|---|"
        )?;
        let mut planted = self.planted.clone();
        planted.sort();
        for (m, note) in planted {
            writeln!(
                o,
                "| `{}` | {} | {} | {} | `{}` | {} | {note} |",
                m.file, m.sheet, m.row, m.column, m.code, m.severity
            )?;
        }
        Ok(())
    }
}
