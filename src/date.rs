//! A calendar date as plan files write it (`2022-03-19`), checked on input.

use std::fmt;
use std::str::FromStr;

use schemars::JsonSchema;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A calendar date, `YYYY-MM-DD` in plan files; checked when read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    /// The year, e.g. 2023.
    pub year: i32,
    /// 1 to 12.
    pub month: u32,
    /// 1 to the month's last day.
    pub day: u32,
}

impl Date {
    /// A checked date: `2022-02-30` is refused with a message saying why.
    pub fn new(year: i32, month: u32, day: u32) -> Result<Date, String> {
        if !(1..=12).contains(&month) {
            return Err(format!("month {month} is not between 1 and 12"));
        }
        let last = days_in_month(year, month);
        if day == 0 || day > last {
            return Err(format!(
                "day {day} does not exist in {year}-{month:02} (it has {last} days)"
            ));
        }
        Ok(Date { year, month, day })
    }

    /// 2022年3月19日
    pub fn chinese(&self) -> String {
        format!("{}年{}月{}日", self.year, self.month, self.day)
    }
}

fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        4 | 6 | 9 | 11 => 30,
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        _ => 31,
    }
}

impl FromStr for Date {
    type Err = String;
    fn from_str(s: &str) -> Result<Date, String> {
        let hint = "write dates as YYYY-MM-DD, e.g. 2022-03-19";
        let parts: Vec<&str> = s.trim().split('-').collect();
        let [y, m, d] = parts.as_slice() else {
            return Err(format!("`{s}` is not a date; {hint}"));
        };
        let num = |p: &str| {
            p.parse::<u32>()
                .map_err(|_| format!("`{s}` is not a date; {hint}"))
        };
        // Not `as i32`: a year past i32::MAX (3000000000-01-01) wrapped to a
        // negative year that printed as `-1294967296-01-01`, which no longer
        // parses, so `sitegen import`/`to_yaml` wrote files that fail to load.
        let year = i32::try_from(num(y)?)
            .map_err(|_| format!("`{s}` is not a valid date: the year is too large; {hint}"))?;
        Date::new(year, num(m)?, num(d)?)
            .map_err(|e| format!("`{s}` is not a valid date: {e}; {hint}"))
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

impl Serialize for Date {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Date {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Date, D::Error> {
        // Failing inside the visitor lets the YAML deserializer attach the
        // value's own line and column to the error.
        struct V;
        impl serde::de::Visitor<'_> for V {
            type Value = Date;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a date written YYYY-MM-DD")
            }
            fn visit_str<E: serde::de::Error>(self, s: &str) -> Result<Date, E> {
                s.parse().map_err(E::custom)
            }
        }
        d.deserialize_str(V)
    }
}

impl JsonSchema for Date {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Date".into()
    }
    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "type": "string",
            "format": "date",
            "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$"
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_rejects() {
        assert_eq!(
            "2022-03-19".parse::<Date>().unwrap().to_string(),
            "2022-03-19"
        );
        assert!("2024-02-29".parse::<Date>().is_ok());
        let e = "2022-13-45".parse::<Date>().unwrap_err();
        assert!(e.contains("month 13"), "{e}");
        assert!("2023-02-29".parse::<Date>().unwrap_err().contains("day 29"));
        assert!("March".parse::<Date>().is_err());
    }

    #[test]
    fn huge_year_is_refused_not_wrapped() {
        // Found while checking the fuzz targets' round-trip property.
        let e = "3000000000-01-01".parse::<Date>().unwrap_err();
        assert!(e.contains("year is too large"), "{e}");
        let d = "2147483647-12-31".parse::<Date>().unwrap();
        assert_eq!(d.to_string().parse::<Date>(), Ok(d));
    }
}
