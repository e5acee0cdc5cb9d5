//! The indicator-file parser and checker (`IndicatorSet::from_text`) on
//! arbitrary text: a set or a list of located errors, never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use partner_eval::indicators::IndicatorSet;
use partner_eval::lang::Lang;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Err(errors) = IndicatorSet::from_text("fuzz.toml", text) {
        for e in &errors {
            let _ = (e.message(Lang::Zh), e.message(Lang::En));
        }
    }
});
