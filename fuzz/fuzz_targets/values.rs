//! The value parsers (money, ratio, date, period, boolean, counts, text) and
//! every vocabulary (enum) on arbitrary text, and the numeric parsers on
//! arbitrary floats. Nothing may panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use partner_eval::ingest::cell::Cell;
use partner_eval::schema::enums::*;
use partner_eval::schema::vocab::Vocabulary;
use partner_eval::value::{self, Period};

fn all_parsers(cell: &Cell) {
    let _ = value::money(cell);
    let _ = value::ratio(cell);
    let _ = value::date(cell);
    let _ = value::period(cell);
    let _ = value::boolean(cell);
    let _ = value::integer(cell);
    let _ = value::number(cell);
    let _ = value::text(cell);
    let _ = cell.display();
}

macro_rules! vocabularies {
    ($text:expr, $($t:ty),+) => {$(
        if let Some(v) = <$t>::parse($text) {
            // What parses must be stable through its own label.
            assert_eq!(<$t>::parse(v.zh()).map(|w| w.key()), Some(v.key()), "{}", $text);
        }
    )+};
}

fuzz_target!(|data: &[u8]| {
    if data.len() >= 8 {
        let mut raw = [0u8; 8];
        raw.copy_from_slice(&data[..8]);
        all_parsers(&Cell::Number(f64::from_le_bytes(raw)));
    }
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    all_parsers(&Cell::Text(text.to_string()));
    let _ = value::normalize(text);
    if let Ok(p) = text.parse::<Period>() {
        // A period prints as something that reads back as itself.
        assert_eq!(p.to_string().parse::<Period>().ok(), Some(p), "{text}");
        let _ = (p.start(), p.end());
    }
    vocabularies!(
        text,
        LegalForm,
        PartnerType,
        OrgForm,
        CoopMode,
        ServiceMode,
        Category,
        FundBasis,
        FundFrequency,
        SpaceTerms,
        PartnerStatus,
        Decision,
        Grade,
        PricingMode,
        PaymentForm,
        FinancialSource,
        SurveyMethod,
        RespondentType,
        Channel,
        ComplaintCategory,
        Severity,
        VetoCode,
        SpacePurpose,
        PropertyType,
        RectificationSource,
        RecheckResult,
        WarningLevel
    );
});
