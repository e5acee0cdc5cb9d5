//! The right to state one's case (陈述申辩) before an exit is final
//! (DOMAIN §3.10 R6): a red flag, a veto or any other exit rule leads to
//! 退出, but the partner is heard first, within a number of working days
//! the indicator set gives (`[decision] hearing_days`, default 5).
//!
//! Working days are Monday to Friday. Public holidays and the weekend days
//! worked in their place (调休) change every year by State Council notice
//! and are not known to the engine: the exit notice a later step writes
//! prints the deadline, and staff move it when a holiday falls inside.

use chrono::{Datelike, NaiveDate, Weekday};

use super::result::Hearing;
use crate::schema::enums::Decision;

/// The hearing an exit decision comes with; none for other decisions.
pub fn hearing(decision: Decision, working_days: u32, date: NaiveDate) -> Option<Hearing> {
    (decision == Decision::Exit).then(|| Hearing {
        working_days,
        deadline: add_working_days(date, working_days),
    })
}

/// The day `n` working days after `date`: the evaluation date itself does
/// not count, and Saturdays and Sundays are skipped.
pub fn add_working_days(date: NaiveDate, n: u32) -> NaiveDate {
    let mut day = date;
    let mut left = n;
    while left > 0 {
        match day.succ_opt() {
            Some(next) => day = next,
            None => return day,
        }
        if !matches!(day.weekday(), Weekday::Sat | Weekday::Sun) {
            left -= 1;
        }
    }
    day
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn weekends_are_skipped() {
        // 2025-12-31 is a Wednesday: Thu 1, Fri 2, (Sat, Sun), Mon 5, Tue 6,
        // Wed 7.
        assert_eq!(add_working_days(d(2025, 12, 31), 5), d(2026, 1, 7));
        // From a Friday: Mon to Fri of the next week.
        assert_eq!(add_working_days(d(2025, 12, 26), 5), d(2026, 1, 2));
        // From a Saturday: the weekend itself does not count.
        assert_eq!(add_working_days(d(2025, 12, 27), 1), d(2025, 12, 29));
        assert_eq!(add_working_days(d(2025, 12, 31), 0), d(2025, 12, 31));
        assert_eq!(add_working_days(d(2025, 12, 31), 10), d(2026, 1, 14));
    }

    #[test]
    fn only_an_exit_is_heard() {
        let date = d(2025, 12, 31);
        assert_eq!(
            hearing(Decision::Exit, 5, date),
            Some(Hearing {
                working_days: 5,
                deadline: d(2026, 1, 7)
            })
        );
        assert_eq!(hearing(Decision::Rectify, 5, date), None);
        assert_eq!(hearing(Decision::Renew, 5, date), None);
    }
}
