//! Timestamps in JSON answers, written as chrono writes them (RFC 3339 in
//! UTC with `Z`, and a fraction of 3, 6 or 9 digits only when there is one)
//! but in one piece: chrono hands serde_json one character at a time, each
//! through the string escaper, and an activity carries four timestamps.
//! Use with `#[serde(serialize_with = "timestamp::serialize")]`, or
//! `timestamp::option` for an `Option`.

use chrono::{DateTime, Datelike, Timelike, Utc};
use serde::{Serialize, Serializer};

/// The longest form: `2026-11-30T23:04:54.123456789Z`.
const MAX_LEN: usize = 30;

pub fn serialize<S: Serializer>(t: &DateTime<Utc>, s: S) -> Result<S::Ok, S::Error> {
    let mut buf = [0u8; MAX_LEN];
    match write(t, &mut buf) {
        // Only ASCII digits and separators are written.
        Some(len) => s.serialize_str(std::str::from_utf8(&buf[..len]).unwrap_or_default()),
        // A year outside 0000-9999 takes a sign: chrono's own form.
        None => t.serialize(s),
    }
}

pub fn option<S: Serializer>(t: &Option<DateTime<Utc>>, s: S) -> Result<S::Ok, S::Error> {
    match t {
        Some(t) => serialize(t, s),
        None => s.serialize_none(),
    }
}

/// Writes `t` into `buf`, returning the length; `None` for a year chrono
/// writes with a sign.
fn write(t: &DateTime<Utc>, buf: &mut [u8; MAX_LEN]) -> Option<usize> {
    let year = u32::try_from(t.year()).ok().filter(|y| *y <= 9999)?;
    let mut sec = t.second();
    let mut nano = t.nanosecond();
    // chrono keeps a leap second as a nanosecond count past 1e9.
    if nano >= 1_000_000_000 {
        sec += 1;
        nano -= 1_000_000_000;
    }
    let mut out = Out { buf, len: 0 };
    out.digits(year, 4);
    out.byte(b'-');
    out.digits(t.month(), 2);
    out.byte(b'-');
    out.digits(t.day(), 2);
    out.byte(b'T');
    out.digits(t.hour(), 2);
    out.byte(b':');
    out.digits(t.minute(), 2);
    out.byte(b':');
    out.digits(sec, 2);
    let fraction = match nano {
        0 => None,
        n if n % 1_000_000 == 0 => Some((n / 1_000_000, 3)),
        n if n % 1_000 == 0 => Some((n / 1_000, 6)),
        n => Some((n, 9)),
    };
    if let Some((value, width)) = fraction {
        out.byte(b'.');
        out.digits(value, width);
    }
    out.byte(b'Z');
    Some(out.len)
}

struct Out<'a> {
    buf: &'a mut [u8; MAX_LEN],
    len: usize,
}

impl Out<'_> {
    fn byte(&mut self, b: u8) {
        self.buf[self.len] = b;
        self.len += 1;
    }

    /// `value` in `width` digits, zero-padded.
    fn digits(&mut self, value: u32, width: u32) {
        for i in (0..width).rev() {
            self.byte(b'0' + (value / 10u32.pow(i) % 10) as u8);
        }
    }
}

#[cfg(test)]
mod tests {
    use chrono::{NaiveDate, TimeZone};

    use super::*;

    #[derive(Serialize)]
    struct Ours(#[serde(serialize_with = "serialize")] DateTime<Utc>);

    #[derive(Serialize)]
    struct Maybe(#[serde(serialize_with = "option")] Option<DateTime<Utc>>);

    fn at(y: i32, mo: u32, d: u32, h: u32, mi: u32, s: u32, nano: u32) -> DateTime<Utc> {
        let naive = NaiveDate::from_ymd_opt(y, mo, d)
            .unwrap()
            .and_hms_nano_opt(h, mi, s, nano)
            .unwrap();
        Utc.from_utc_datetime(&naive)
    }

    #[test]
    fn writes_what_chrono_writes() {
        let cases = [
            at(2026, 11, 30, 23, 4, 54, 0),
            at(2026, 11, 30, 23, 4, 54, 123_000_000),
            at(2026, 11, 30, 23, 4, 54, 536_308_000),
            at(2026, 1, 2, 3, 4, 5, 1_000),
            at(2026, 1, 2, 3, 4, 5, 7),
            at(2026, 12, 31, 23, 59, 59, 999_999_999),
            // A leap second.
            at(2016, 12, 31, 23, 59, 59, 1_500_000_000),
            at(0, 1, 1, 0, 0, 0, 0),
            at(9999, 12, 31, 23, 59, 59, 10_000_000),
            // Out of 0000-9999: chrono's signed year.
            at(10000, 1, 1, 0, 0, 0, 0),
            at(-1, 6, 15, 12, 0, 0, 0),
        ];
        for t in cases {
            assert_eq!(
                serde_json::to_string(&Ours(t)).unwrap(),
                serde_json::to_string(&t).unwrap(),
                "{t:?}"
            );
        }
        let now = Utc::now();
        assert_eq!(
            serde_json::to_string(&Maybe(Some(now))).unwrap(),
            serde_json::to_string(&now).unwrap()
        );
        assert_eq!(serde_json::to_string(&Maybe(None)).unwrap(), "null");
    }
}
