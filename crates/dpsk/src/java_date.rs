//! The export's `date-format` parameter is a Java `DateTimeFormatter`
//! pattern (`dd/MM/yyyy HH:mm`); this turns one into a chrono format.

/// The chrono format for a Java pattern, or the letter run it cannot serve.
pub fn to_chrono(pattern: &str) -> Result<String, String> {
    let chars: Vec<char> = pattern.chars().collect();
    let mut out = String::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c == '\'' {
            // Quoted literal text; '' is a single quote.
            let mut j = i + 1;
            if chars.get(j) == Some(&'\'') {
                out.push('\'');
                i += 2;
                continue;
            }
            while j < chars.len() && chars[j] != '\'' {
                push_literal(&mut out, chars[j]);
                j += 1;
            }
            if j == chars.len() {
                return Err(pattern.to_string());
            }
            i = j + 1;
            continue;
        }
        if !c.is_ascii_alphabetic() {
            push_literal(&mut out, c);
            i += 1;
            continue;
        }
        let mut n = 1;
        while chars.get(i + n) == Some(&c) {
            n += 1;
        }
        let spec = match (c, n) {
            ('y' | 'u', 2) => "%y",
            ('y' | 'u', _) => "%Y",
            ('M' | 'L', 1) => "%-m",
            ('M' | 'L', 2) => "%m",
            ('M' | 'L', 3) => "%b",
            ('M' | 'L', _) => "%B",
            ('d', 1) => "%-d",
            ('d', _) => "%d",
            ('D', _) => "%j",
            ('E', 1..=3) => "%a",
            ('E', _) => "%A",
            ('H', 1) => "%-H",
            ('H', _) => "%H",
            ('h', 1) => "%-I",
            ('h', _) => "%I",
            ('m', 1) => "%-M",
            ('m', _) => "%M",
            ('s', 1) => "%-S",
            ('s', _) => "%S",
            ('S', 1..=3) => "%3f",
            ('S', 4..=6) => "%6f",
            ('S', _) => "%9f",
            ('a', _) => "%p",
            ('z', _) => "%Z",
            ('Z', _) | ('x', _) => "%z",
            ('X', _) => "%:z",
            ('V', _) => "%Z",
            _ => return Err(chars[i..i + n].iter().collect()),
        };
        out.push_str(spec);
        i += n;
    }
    Ok(out)
}

fn push_literal(out: &mut String, c: char) {
    if c == '%' {
        out.push_str("%%");
    } else {
        out.push(c);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{TimeZone, Utc};

    #[test]
    fn the_vendor_default_and_common_patterns() {
        let t = Utc.with_ymd_and_hms(2024, 3, 5, 14, 7, 9).unwrap();
        let fmt = |p: &str| t.format(&to_chrono(p).unwrap()).to_string();
        assert_eq!(fmt("dd/MM/yyyy HH:mm"), "05/03/2024 14:07");
        assert_eq!(fmt("yyyy-MM-dd'T'HH:mm:ss"), "2024-03-05T14:07:09");
        assert_eq!(fmt("d MMM yy, h:mm a"), "5 Mar 24, 2:07 PM");
        assert_eq!(fmt("'at' HH'h' 100%"), "at 14h 100%");
    }

    #[test]
    fn unknown_letters_and_open_quotes_are_refused() {
        assert_eq!(to_chrono("yyyy-qq"), Err("qq".into()));
        assert!(to_chrono("'open").is_err());
    }
}
