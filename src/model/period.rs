//! Periods on a timeline: a date (`2027-04-15`) or a quarter (`2027-Q2`) between the years
//! [`FIRST_YEAR`] and [`LAST_YEAR`], and the quarters a timeline is divided into. The range
//! bounds a timeline's width: a roadmap cannot ask for 80,000 quarters.

use jiff::civil::Date;
use jiff::ToSpan;

/// The earliest year a period may name.
pub const FIRST_YEAR: i16 = 1900;
/// The latest year a period may name.
pub const LAST_YEAR: i16 = 2199;

/// The first day of `text` as a period: the date itself, or the quarter's first day.
pub fn start_of(text: &str) -> Option<Date> {
    let start = match quarter_of(text) {
        Some((year, quarter)) => Date::new(year, quarter_first_month(quarter), 1).ok(),
        None => text.trim().parse().ok(),
    }?;
    (FIRST_YEAR..=LAST_YEAR)
        .contains(&start.year())
        .then_some(start)
}

/// The day after `text` as a period ends: the next day, or the next quarter's first day.
pub fn end_of(text: &str) -> Option<Date> {
    let start = start_of(text)?;
    match quarter_of(text) {
        Some(_) => start.checked_add(3.months()).ok(),
        None => start.tomorrow().ok(),
    }
}

fn quarter_of(text: &str) -> Option<(i16, i8)> {
    let (year, quarter) = text.trim().split_once("-Q")?;
    let year: i16 = year.parse().ok()?;
    let quarter: i8 = quarter.parse().ok()?;
    (1..=4).contains(&quarter).then_some((year, quarter))
}

fn quarter_first_month(quarter: i8) -> i8 {
    (quarter - 1) * 3 + 1
}

/// The first day of the quarter that contains `date`.
pub fn quarter_start(date: Date) -> Date {
    let month = (date.month() - 1) / 3 * 3 + 1;
    Date::new(date.year(), month, 1).unwrap_or(date)
}

/// `Q2 2027` for the quarter starting on `date`.
pub fn quarter_label(date: Date) -> String {
    format!("Q{} {}", (date.month() - 1) / 3 + 1, date.year())
}

/// The starts of the columns of `months` months (1 or 3) that cover `first` to `last`.
pub fn columns(first: Date, last: Date, months: i8) -> Vec<Date> {
    let mut start = if months == 3 {
        quarter_start(first)
    } else {
        first.first_of_month()
    };
    let mut out = Vec::new();
    while start <= last {
        out.push(start);
        start = next(start, months);
    }
    out
}

/// The start of the column after the one starting on `start`.
pub fn next(start: Date, months: i8) -> Date {
    start
        .checked_add(i64::from(months).months())
        .unwrap_or(Date::MAX)
}

/// A column's heading: `Q2 2027`, or `Apr 2027` for a month.
pub fn label(start: Date, months: i8) -> String {
    if months == 3 {
        quarter_label(start)
    } else {
        start.strftime("%b %Y").to_string()
    }
}

/// Days from `from` to `to` (negative when `to` is earlier).
pub fn days_between(from: Date, to: Date) -> i64 {
    from.until((jiff::Unit::Day, to))
        .map_or(0, |span| i64::from(span.get_days()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quarters_and_dates_become_half_open_ranges() {
        assert_eq!(start_of("2027-Q2").unwrap().to_string(), "2027-04-01");
        assert_eq!(end_of("2027-Q4").unwrap().to_string(), "2028-01-01");
        assert_eq!(end_of("2027-03-31").unwrap().to_string(), "2027-04-01");
        assert!(start_of("2027-Q5").is_none());
        assert!(start_of("1899-12-31").is_none() && end_of("2200-Q1").is_none());
        assert_eq!(end_of("2199-Q4").unwrap().to_string(), "2200-01-01");
        let day = start_of("2026-11-28").unwrap();
        assert_eq!(quarter_label(quarter_start(day)), "Q4 2026");
        assert_eq!(days_between(start_of("2027-Q1").unwrap(), day), -34);
    }
}
