//! Turning a row into a record of the data model, with the checks that need
//! only the row itself (DOMAIN.md §2.11). Checks across rows and sheets live
//! in `validate`.

use chrono::Datelike;
use rust_decimal::Decimal;

use super::cell::Cell;
use super::row::RowReader;
use crate::model::*;
use crate::problem::{Issue, Severity};
use crate::schema::enums::*;
use crate::value;

/// Builds a record if the row has no error.
macro_rules! finish {
    ($r:expr, $record:expr) => {
        if $r.failed() {
            None
        } else {
            (|| Some($record))()
        }
    };
}

pub fn partner(r: &mut RowReader, origin: Origin) -> Option<Partner> {
    let partner_id = r.need_text("partner_id");
    let name = r.need_text("name");
    let legal_form = r.need_choice("legal_form");
    let partner_type = r.need_choice("partner_type");
    let org_form = r.choice("org_form");
    let credit_code = r.text("credit_code");
    // Typed into a General column, an 18-digit number keeps only 15
    // significant digits: the number read is not the person's. Kept (it is
    // only compared, never shown), and said.
    if matches!(r.cell("id_number"), Cell::Number(n) if n.abs() >= 1e15) {
        r.report(Severity::Warning, "id_number", Issue::DigitsLost);
    }
    let id_number = r.text("id_number");
    let district = r.need_text("district");
    let street = r.need_text("street");
    let community = r.need_text("community");
    let coop_mode = r.need_choice("coop_mode");
    let service_mode = r.need_choice("service_mode");
    let main_category = r.need_choice("main_category");
    let agreement_no = r.need_text("agreement_no");
    let start_date = r.need("start_date", value::date);
    let end_date = r.need("end_date", value::date);
    let fund_basis: Option<FundBasis> = r.need_choice("fund_basis");
    let shared = matches!(fund_basis, Some(FundBasis::Revenue | FundBasis::Profit));
    let fund_rate = r.need_if(
        "fund_rate",
        value::ratio,
        shared,
        (
            "公益金计提基数为营业收入或利润",
            "the fund basis is revenue or profit",
        ),
    );
    let fixed = fund_basis == Some(FundBasis::Fixed);
    let fund_fixed = r.need_if(
        "fund_fixed",
        value::money,
        fixed,
        (
            "公益金计提基数为固定金额",
            "the fund basis is a fixed amount",
        ),
    );
    let fund_fixed = r.non_negative("fund_fixed", fund_fixed);
    let fund_frequency = r.choice("fund_frequency");
    if (shared || fixed) && r.cell("fund_frequency").is_blank() {
        let issue = Issue::MissingBecause {
            reason_zh: "需要缴纳公益金".into(),
            reason_en: "a fund share is due".into(),
        };
        r.report(Severity::Error, "fund_frequency", issue);
    }
    let agreed = r.need("agreed_free_sessions", value::integer);
    let agreed_free_sessions = r.non_negative("agreed_free_sessions", agreed);
    let hours = r.get("agreed_free_hours", value::number);
    let agreed_free_hours = r.non_negative("agreed_free_hours", hours);
    let low_cost_cap_ratio = r.get("low_cost_cap_ratio", value::ratio);
    let space_ids = r.text("space_ids").map(split_ids).unwrap_or_default();
    let area = r.get("space_area_m2", value::number);
    let space_area_m2 = r.non_negative("space_area_m2", area);
    let space_terms = r.need_choice("space_terms");
    let status = r.need_choice("status");
    let prior_grade = r.choice("prior_grade");
    let prior_decision = r.choice("prior_decision");
    let prior_flag = r.choice("prior_flag");
    if let (Some(s), Some(e)) = (start_date, end_date) {
        if e < s {
            r.report(
                Severity::Error,
                "end_date",
                Issue::EndBeforeStart {
                    start: s.to_string(),
                },
            );
        }
    }
    finish!(
        r,
        Partner {
            origin,
            partner_id: partner_id?,
            name: name?,
            legal_form: legal_form?,
            partner_type: partner_type?,
            org_form,
            credit_code,
            id_number,
            district: district?,
            street: street?,
            community: community?,
            coop_mode: coop_mode?,
            service_mode: service_mode?,
            main_category: main_category?,
            agreement_no: agreement_no?,
            start_date: start_date?,
            end_date: end_date?,
            fund_basis: fund_basis?,
            fund_rate,
            fund_fixed,
            fund_frequency,
            agreed_free_sessions: agreed_free_sessions?,
            agreed_free_hours,
            low_cost_cap_ratio,
            space_ids,
            space_area_m2,
            space_terms: space_terms?,
            status: status?,
            prior_grade,
            prior_decision,
            prior_flag,
        }
    )
}

/// `SP-01;SP-03`, also with `；`, `,`, `、` or spaces.
fn split_ids(text: String) -> Vec<String> {
    text.split([';', '；', ',', '，', '、', ' '])
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect()
}

pub fn service(r: &mut RowReader, origin: Origin) -> Option<ServiceRecord> {
    let record_id = r.need_id("record_id");
    let partner_id = r.need_shared("partner_id");
    let date = r.need("date", value::date);
    let d = r.get("duration_h", value::number);
    let duration_h = r.non_negative("duration_h", d);
    let category = r.need_choice("category");
    let title = r.shared("title");
    let pricing_mode: Option<PricingMode> = r.need_choice("pricing_mode");
    let unit_price = r.need_money("unit_price");
    let market_ref_price = r.money("market_ref_price");
    let p = r.need("participants", value::integer);
    let participants = r.non_negative("participants", p);
    let v = r.get("vulnerable_participants", value::integer);
    let vulnerable_participants = r.non_negative("vulnerable_participants", v);
    let typed_revenue = r.money("revenue");
    let space_id = r.shared("space_id");
    let counts = r.get("counts_agreed", value::boolean);
    let evidence = r.shared("evidence");
    let recorded_by = r.shared("recorded_by");
    if let (Some(v), Some(p)) = (vulnerable_participants, participants) {
        if v > p {
            let issue = Issue::VulnerableAboveParticipants {
                vulnerable: v,
                participants: p,
            };
            r.report(Severity::Error, "vulnerable_participants", issue);
        }
    }
    if let (Some(mode), Some(price)) = (pricing_mode, unit_price) {
        let free = mode == PricingMode::Free;
        if free != price.is_zero() {
            r.report(
                Severity::Error,
                "unit_price",
                Issue::PriceModeMismatch { free },
            );
        }
    }
    // Each of price and count is bounded (1e15), their product is not: a
    // row whose amount (单价 × 参与人次) passes the same bound is rejected
    // here, so that no later sum of amounts can overflow.
    let amount = match (unit_price, participants) {
        (Some(price), Some(n)) => {
            let product = price.checked_mul(Decimal::from(n));
            if product.is_none_or(|a| a > crate::value::MAX_AMOUNT) {
                let issue = Issue::AmountOutOfRange { participants: n };
                r.report(Severity::Error, "unit_price", issue);
            }
            product
        }
        _ => None,
    };
    let is_free = pricing_mode == Some(PricingMode::Free);
    finish!(r, {
        let unit_price = unit_price?;
        let participants = participants?;
        ServiceRecord {
            origin,
            record_id: record_id?,
            partner_id: partner_id?,
            date: date?,
            duration_h,
            category: category?,
            title,
            pricing_mode: pricing_mode?,
            unit_price,
            market_ref_price,
            participants,
            vulnerable_participants,
            revenue: typed_revenue.or(amount)?,
            space_id,
            counts_agreed: counts.unwrap_or(is_free),
            evidence,
            recorded_by,
        }
    })
}

pub fn fund_payment(r: &mut RowReader, origin: Origin) -> Option<FundPayment> {
    let payment_id = r.need_text("payment_id");
    let partner_id = r.need_shared("partner_id");
    let period = r.need("period", value::period);
    let basis_amount = r.money("basis_amount");
    let amount_due = r.money("amount_due");
    let due_date = r.need("due_date", value::date);
    // People leave 实缴 blank for a period nobody paid: keep the row, so the
    // arrears stay on record, and say how it was read.
    let amount_paid = if r.cell("amount_paid").is_blank() {
        r.report(Severity::Warning, "amount_paid", Issue::BlankAsZero);
        Some(Decimal::ZERO)
    } else {
        r.need_money("amount_paid")
    };
    let paid = amount_paid.is_some_and(|p| p > Decimal::ZERO);
    let paid_date = r.need_if(
        "paid_date",
        value::date,
        paid,
        ("实缴金额大于零", "an amount was paid"),
    );
    let form = r.need_choice("form");
    let recipient = r.text("recipient");
    let receipt_no = r.text("receipt_no");
    finish!(
        r,
        FundPayment {
            origin,
            payment_id: payment_id?,
            partner_id: partner_id?,
            period: period?,
            basis_amount,
            amount_due,
            due_date: due_date?,
            amount_paid: amount_paid?,
            paid_date,
            form: form?,
            recipient,
            receipt_no,
        }
    )
}

pub fn financial(r: &mut RowReader, origin: Origin) -> Option<Financial> {
    let partner_id = r.need_shared("partner_id");
    let period = r.need("period", value::period);
    let revenue = r.need_money("revenue");
    let cost = r.money("cost");
    // Profit may be negative: a loss is a real figure, not a typing error.
    let profit = r.get("profit", value::money);
    let source = r.need_choice("source");
    let verified = r.get("verified", value::boolean);
    if let (Some(rev), Some(c), Some(p)) = (revenue, cost, profit) {
        let expected = rev - c;
        if expected != p {
            let issue = Issue::ProfitMismatch {
                expected: expected.to_string(),
            };
            r.report(Severity::Warning, "profit", issue);
        }
    }
    finish!(
        r,
        Financial {
            origin,
            partner_id: partner_id?,
            period: period?,
            revenue: revenue?,
            cost,
            profit,
            source: source?,
            verified,
        }
    )
}

/// A 1–5 answer; anything else rejects the row.
fn score(r: &mut RowReader, key: &str, required: bool) -> Option<u8> {
    let v = if required {
        r.need(key, value::integer)
    } else {
        r.get(key, value::integer)
    }?;
    match u8::try_from(v) {
        Ok(s @ 1..=5) => Some(s),
        _ => {
            r.report(Severity::Error, key, Issue::ScoreOutOfRange);
            None
        }
    }
}

pub fn survey_response(r: &mut RowReader, origin: Origin) -> Option<SurveyResponse> {
    let response_id = r.need_id("response_id");
    let partner_id = r.need_shared("partner_id");
    let date = r.need("date", value::date);
    let method = r.need_choice("method");
    let respondent_type = r.need_choice("respondent_type");
    let vulnerable = r.get("vulnerable", value::boolean);
    let q_overall = score(r, "q_overall", true);
    let q_quality = score(r, "q_quality", false);
    let q_price = score(r, "q_price", false);
    let q_safety = score(r, "q_safety", false);
    let q_sales_pressure = r.get("q_sales_pressure", value::boolean);
    let valid = r.need("valid", value::boolean);
    finish!(
        r,
        SurveyResponse {
            origin,
            response_id: response_id?,
            partner_id: partner_id?,
            date: date?,
            method: method?,
            respondent_type: respondent_type?,
            vulnerable,
            q_overall: q_overall?,
            q_quality,
            q_price,
            q_safety,
            q_sales_pressure,
            valid: valid?,
        }
    )
}

pub fn survey_total(r: &mut RowReader, origin: Origin) -> Option<SurveyTotal> {
    let partner_id = r.need_shared("partner_id");
    let period = r.need("period", value::period);
    let mut count = |key: &str, required: bool| {
        let v = if required {
            r.need(key, value::integer)
        } else {
            r.get(key, value::integer)
        };
        r.non_negative(key, v)
    };
    let n_valid = count("n_valid", true);
    let levels = ["n_5", "n_4", "n_3", "n_2", "n_1"].map(|k| count(k, true));
    let n_sales_pressure = count("n_sales_pressure", false);
    let counts = [levels[0]?, levels[1]?, levels[2]?, levels[3]?, levels[4]?];
    let sum: i64 = counts.iter().sum();
    if let Some(valid) = n_valid {
        if sum > valid {
            let issue = Issue::SurveyCountsExceedValid { sum, valid };
            r.report(Severity::Error, "n_valid", issue);
        }
    }
    finish!(
        r,
        SurveyTotal {
            origin,
            partner_id: partner_id?,
            period: period?,
            n_valid: n_valid?,
            counts,
            n_sales_pressure,
        }
    )
}

pub fn complaint(r: &mut RowReader, origin: Origin) -> Option<Complaint> {
    let case_id = r.need_text("case_id");
    let partner_id = r.need_shared("partner_id");
    let received_date = r.need("received_date", value::date);
    let channel = r.need_choice("channel");
    let category = r.need_choice("category");
    let valid = r.need("valid", value::boolean);
    let severity = r.need_choice("severity");
    let closed_date = r.get("closed_date", value::date);
    let veto_code = r.choice("veto_code");
    let outcome = r.text("outcome");
    if let (Some(received), Some(closed)) = (received_date, closed_date) {
        if closed < received {
            let issue = Issue::EndBeforeStart {
                start: received.to_string(),
            };
            r.report(Severity::Error, "closed_date", issue);
        }
    }
    finish!(
        r,
        Complaint {
            origin,
            case_id: case_id?,
            partner_id: partner_id?,
            received_date: received_date?,
            channel: channel?,
            category: category?,
            valid: valid?,
            severity: severity?,
            closed_date,
            veto_code,
            outcome,
        }
    )
}

pub fn space(r: &mut RowReader, origin: Origin) -> Option<Space> {
    let space_id = r.need_text("space_id");
    let name = r.need_text("name");
    let a = r.need("area_m2", value::number);
    let area_m2 = r.non_negative("area_m2", a);
    let community = r.text("community");
    let property_type = r.choice("property_type");
    finish!(
        r,
        Space {
            origin,
            space_id: space_id?,
            name: name?,
            area_m2: area_m2?,
            community,
            property_type,
        }
    )
}

pub fn space_use(r: &mut RowReader, origin: Origin) -> Option<SpaceUse> {
    // A daily log has dates, a monthly summary has months: accept both.
    let day = value::date(r.cell("date")).ok().flatten();
    let month = match day {
        Some(d) => Some(value::Period::Month(d.year(), d.month() as u8)),
        None => r.need("date", value::period),
    };
    let space_id = r.need_shared("space_id");
    let partner_id = r.need_shared("partner_id");
    let purpose = r.need_choice("purpose");
    let h = r.need("hours", value::number);
    let hours = r.non_negative("hours", h);
    let open_to_public = r.get("open_to_public", value::boolean);
    finish!(
        r,
        SpaceUse {
            origin,
            month: month?,
            day,
            space_id: space_id?,
            partner_id: partner_id?,
            purpose: purpose?,
            hours: hours?,
            open_to_public,
        }
    )
}

pub fn rectification(r: &mut RowReader, origin: Origin) -> Option<Rectification> {
    let issue_id = r.need_text("issue_id");
    let partner_id = r.need_shared("partner_id");
    let found_date = r.need("found_date", value::date);
    let source = r.need_choice("source");
    let indicator = r.text("indicator");
    let description = r.need_text("description");
    let requirement = r.text("requirement");
    let deadline = r.get("deadline", value::date);
    let recheck_date = r.get("recheck_date", value::date);
    let recheck_result = r.choice("recheck_result");
    let level = r.choice("level");
    finish!(
        r,
        Rectification {
            origin,
            issue_id: issue_id?,
            partner_id: partner_id?,
            found_date: found_date?,
            source: source?,
            indicator,
            description: description?,
            requirement,
            deadline,
            recheck_date,
            recheck_result,
            level,
        }
    )
}

pub fn market_price(r: &mut RowReader, origin: Origin) -> Option<MarketPrice> {
    let category = r.need_choice("category");
    let item = r.need_text("item");
    let unit = r.text("unit");
    let market_ref_price = r.need_money("market_ref_price");
    let survey_source = r.text("survey_source");
    let survey_date = r.get("survey_date", value::date);
    finish!(
        r,
        MarketPrice {
            origin,
            category: category?,
            item: item?,
            unit,
            market_ref_price: market_ref_price?,
            survey_source,
            survey_date,
        }
    )
}

pub fn volunteering(r: &mut RowReader, origin: Origin) -> Option<Volunteering> {
    let partner_id = r.need_shared("partner_id");
    let date = r.need("date", value::date);
    let h = r.need("volunteer_hours", value::number);
    let volunteer_hours = r.non_negative("volunteer_hours", h);
    let points = r.get("points", value::number);
    let in_kind_value = r.money("in_kind_value");
    if let Some(h) = volunteer_hours {
        if (h * 2.0).fract() != 0.0 {
            r.report(Severity::Warning, "volunteer_hours", Issue::NotHalfHours);
        }
    }
    finish!(
        r,
        Volunteering {
            origin,
            partner_id: partner_id?,
            date: date?,
            volunteer_hours: volunteer_hours?,
            points,
            in_kind_value,
        }
    )
}
