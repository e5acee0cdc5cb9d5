//! The honest mistakes planted in the small samples, so that
//! `partner-eval validate samples/` has something true to show.
//!
//! Each mistake is an extra row: a copy of a real row of the same partner
//! with one thing wrong. The partner's own rows stay as generated, so a
//! rejected extra row never changes what its profile shows. Each extra row
//! is built to raise exactly one problem.

use chrono::NaiveDate;

use super::community::Book;
use super::profiles::Profile;
use super::spelling::Spelled;
use super::table::{Plant, Row, Table, Val};
use crate::problem::Severity;
use crate::schema::enums::{Channel, PaymentForm, PricingMode, Severity as Level};
use crate::schema::vocab::Vocabulary;
use crate::schema::SheetKind;

/// Plants the mistakes of small-scale community `index`.
pub fn plant(index: usize, book: &mut Book) {
    match index {
        0 => {
            vulnerable_above_participants(book);
            score_out_of_range(book);
        }
        1 => {
            unknown_partner(book);
            outside_agreement(book);
        }
        2 => price_mode_mismatch(book),
        3 => {
            duplicate_id(book);
            unreadable_amount(book);
        }
        4 => paid_without_date(book),
        5 => {
            unknown_category(book);
            no_market_reference(book);
        }
        6 => impossible_date(book),
        _ => {}
    }
}

fn error(code: &'static str, key: &'static str, note: &'static str) -> Option<Plant> {
    Some(Plant {
        code,
        key,
        severity: Severity::Error,
        note,
    })
}

/// The first partner with this profile.
fn partner(book: &Book, profile: Profile) -> usize {
    book.partners
        .iter()
        .position(|p| p.slot.profile == profile)
        .unwrap_or_else(|| panic!("the small plan has a {profile:?} partner here"))
}

/// A copy of the first row of `partner` that `wanted` accepts.
fn copy(t: &Table, partner: usize, wanted: impl Fn(&Table, &Row) -> bool) -> Row {
    t.rows
        .iter()
        .find(|r| r.partner == partner && wanted(t, r))
        .cloned()
        .unwrap_or_else(|| panic!("partner {partner} has a suitable {:?} row", t.kind))
}

fn mode(t: &Table, r: &Row, m: PricingMode) -> bool {
    matches!(r.cells[t.col("pricing_mode")], Val::Choice(zh, _) if zh == m.zh())
}

fn free(t: &Table, r: &Row) -> bool {
    mode(t, r, PricingMode::Free)
}

/// Ledger copies are appended: the final sort puts them in place.
fn services(book: &mut Book) -> &mut Table {
    book.table(SheetKind::Services)
        .expect("every book has a ledger")
}

/// Other copies go right under the row they were copied from.
fn insert_after_source(t: &mut Table, row: Row) {
    let at = t
        .rows
        .iter()
        .rposition(|r| r.partner == row.partner && r.date <= row.date)
        .map_or(t.rows.len(), |i| i + 1);
    t.rows.insert(at, row);
}

fn vulnerable_above_participants(book: &mut Book) {
    let p = partner(book, Profile::Good);
    let t = services(book);
    let mut row = copy(t, p, free);
    t.set(&mut row, "participants", Val::Int(12));
    t.set(&mut row, "vulnerable_participants", Val::Int(15));
    row.plant = error(
        "vulnerable_above_participants",
        "vulnerable_participants",
        "特殊群体人次 15 大于参与人次 12：两列数字填反",
    );
    t.rows.push(row);
}

fn score_out_of_range(book: &mut Book) {
    let p = partner(book, Profile::Good);
    let t = book
        .table(SheetKind::SurveyResponses)
        .expect("raw survey here");
    let mut row = copy(t, p, |_, _| true);
    t.set(&mut row, "q_overall", Val::Int(6));
    row.plant = error(
        "score_out_of_range",
        "q_overall",
        "总体满意度填 6：问卷为 5 分制",
    );
    insert_after_source(t, row);
}

fn unknown_partner(book: &mut Book) {
    let p = partner(book, Profile::Average);
    let id = &book.partners[p].id;
    let typo = match id.replacen("-00", "-0", 1) {
        same if same == *id => format!("{id}0"),
        typo => typo,
    };
    let t = services(book);
    let mut row = copy(t, p, free);
    t.set(&mut row, "partner_id", Val::Text(typo));
    row.plant = error(
        "unknown_partner",
        "partner_id",
        "合伙人编号多录或少录一个 0，名册中没有这个编号",
    );
    t.rows.push(row);
}

fn outside_agreement(book: &mut Book) {
    let p = partner(book, Profile::New);
    let t = services(book);
    let mut row = copy(t, p, free);
    let day = NaiveDate::from_ymd_opt(2025, 9, 26).unwrap_or_default();
    row.date = day;
    t.set(&mut row, "date", Val::Date(day));
    row.plant = error(
        "outside_agreement",
        "date",
        "新合伙人 11 月 1 日才签约，9 月的试营业活动记进了台账",
    );
    t.rows.push(row);
}

fn price_mode_mismatch(book: &mut Book) {
    let p = partner(book, Profile::Good);
    let t = services(book);
    let mut row = copy(t, p, free);
    t.set(&mut row, "unit_price", Val::yuan(10));
    t.set(&mut row, "revenue", Val::Empty);
    row.plant = error(
        "price_mode_mismatch",
        "unit_price",
        "公益活动收了 10 元材料费，单价填 10 而定价模式仍为公益",
    );
    t.rows.push(row);
}

fn duplicate_id(book: &mut Book) {
    let p = partner(book, Profile::Good);
    let t = services(book);
    // A row alone on its day, so that the copy lands right under it.
    let mut row = copy(t, p, |t, r| {
        t.rows
            .iter()
            .filter(|o| o.partner == r.partner && o.date == r.date)
            .count()
            == 1
    });
    row.plant = error(
        "duplicate_id",
        "record_id",
        "同一条活动复制粘贴了两遍，记录编号重复（第二行被拒绝）",
    );
    t.rows.push(row);
}

fn unreadable_amount(book: &mut Book) {
    let p = partner(book, Profile::Average);
    let t = services(book);
    let mut row = copy(t, p, |t, r| !free(t, r));
    t.set(&mut row, "revenue", Val::Raw("约300"));
    row.plant = error(
        "bad_value",
        "revenue",
        "营业收入填「约300」：估算值带汉字，无法识别为金额",
    );
    t.rows.push(row);
}

fn paid_without_date(book: &mut Book) {
    let good = partner(book, Profile::Good);
    let n = book.partners.len();
    let t = book.table(SheetKind::FundPayments).expect("fund sheet");
    let p = (0..n)
        .map(|k| (good + k) % n)
        .find(|k| t.rows.iter().any(|r| r.partner == *k))
        .expect("someone pays into the fund");
    let mut row = copy(t, p, |_, _| true);
    for key in ["basis_amount", "amount_due", "paid_date", "receipt_no"] {
        t.set(&mut row, key, Val::Empty);
    }
    t.set(&mut row, "amount_paid", Val::yuan(800));
    t.set(&mut row, "form", PaymentForm::Goods.val());
    row.plant = error(
        "missing_conditional",
        "paid_date",
        "另捐物资折价 800 元，实缴金额大于 0 却漏填缴纳日期",
    );
    insert_after_source(t, row);
}

fn unknown_category(book: &mut Book) {
    let p = partner(book, Profile::Good);
    let id = book.partners[p].id.clone();
    let t = book.table(SheetKind::Complaints).expect("complaints sheet");
    let received = NaiveDate::from_ymd_opt(2025, 6, 12).unwrap_or_default();
    let mut row = t.row(p, received);
    t.set(&mut row, "partner_id", Val::Text(id));
    t.set(&mut row, "received_date", Val::Date(received));
    t.set(&mut row, "channel", Channel::OnSite.val());
    t.set(&mut row, "category", Val::Str("态度问题"));
    t.set(&mut row, "valid", Val::Bool(true));
    t.set(&mut row, "severity", Level::Minor.val());
    t.set(
        &mut row,
        "closed_date",
        Val::Date(received + chrono::Days::new(2)),
    );
    t.set(&mut row, "outcome", Val::Str("已向居民当面致歉"));
    row.plant = error(
        "unknown_choice",
        "category",
        "投诉类别填「态度问题」，不在可选类别中（应归入服务质量）",
    );
    let at = t
        .rows
        .iter()
        .position(|r| r.date > received)
        .unwrap_or(t.rows.len());
    t.rows.insert(at, row);
}

fn no_market_reference(book: &mut Book) {
    let p = partner(book, Profile::DataGap);
    let t = services(book);
    let mut row = copy(t, p, |t, r| mode(t, r, PricingMode::LowCost));
    t.set(&mut row, "market_ref_price", Val::Empty);
    row.plant = Some(Plant {
        code: "no_market_reference",
        key: "market_ref_price",
        severity: Severity::Warning,
        note: "低偿活动没填市场参考价，街道参考价表也没有「其他」类项目：该行不计入价格比（FL6）",
    });
    t.rows.push(row);
}

fn impossible_date(book: &mut Book) {
    let p = partner(book, Profile::Good);
    let t = services(book);
    let mut row = copy(t, p, free);
    row.date = NaiveDate::from_ymd_opt(2025, 2, 28).unwrap_or_default();
    t.set(&mut row, "date", Val::Raw("2025-02-30"));
    row.plant = error(
        "bad_value",
        "date",
        "活动日期「2025-02-30」不存在，Excel 把它存成了文本",
    );
    t.rows.push(row);
}
