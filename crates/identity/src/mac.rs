//! MAC addresses as the Identity API writes them: `AA-BB-CC-DD-EE-FF`.

use std::fmt;

/// A MAC address in the vendor's canonical form (upper-case hex, dashes).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Mac(String);

impl Mac {
    /// The bundle's strict pattern `^([0-9A-F]{2}-){5}([0-9A-F]{2})$`, used
    /// for ethernet ports.
    pub fn parse_strict(s: &str) -> Option<Mac> {
        let ok = s.len() == 17
            && s.char_indices().all(|(i, c)| {
                if i % 3 == 2 {
                    c == '-'
                } else {
                    c.is_ascii_digit() || ('A'..='F').contains(&c)
                }
            });
        ok.then(|| Mac(s.to_string()))
    }

    /// Any common spelling of a device MAC (`aa:bb:cc:dd:ee:ff`,
    /// `aa-bb-...`, `aa.bb...`, `aabb.ccdd.eeff`, `aabbccddeeff`), normalised
    /// to the canonical form.
    pub fn normalise(s: &str) -> Option<Mac> {
        let s = s.trim();
        let separators: Vec<char> = s.chars().filter(|c| matches!(c, ':' | '-' | '.')).collect();
        // One kind of separator, between pairs or (with dots) quads.
        if separators.iter().any(|c| Some(c) != separators.first()) {
            return None;
        }
        let groups: Vec<&str> = s.split([':', '-', '.']).collect();
        let width = match (groups.len(), separators.first()) {
            (1, None) => 12,
            (3, Some('.')) => 4,
            (6, Some(_)) => 2,
            _ => return None,
        };
        if !groups
            .iter()
            .all(|g| g.len() == width && g.chars().all(|c| c.is_ascii_hexdigit()))
        {
            return None;
        }
        let upper = groups.concat().to_ascii_uppercase();
        let pairs: Vec<&str> = (0..6).map(|i| &upper[i * 2..i * 2 + 2]).collect();
        Some(Mac(pairs.join("-")))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Mac {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strict_form_only_takes_upper_case_dashes() {
        assert_eq!(
            Mac::parse_strict("AA-BB-CC-00-11-22").unwrap().as_str(),
            "AA-BB-CC-00-11-22"
        );
        assert!(Mac::parse_strict("aa-bb-cc-00-11-22").is_none());
        assert!(Mac::parse_strict("AA:BB:CC:00:11:22").is_none());
        assert!(Mac::parse_strict("AA-BB-CC-00-11").is_none());
        assert!(Mac::parse_strict("AA-BB-CC-00-11-2G").is_none());
    }

    #[test]
    fn device_macs_are_normalised() {
        for s in [
            "aa:bb:cc:00:11:22",
            "AA-BB-CC-00-11-22",
            "aabb.cc00.1122",
            "aabbcc001122",
            " aa.bb.cc.00.11.22 ",
        ] {
            assert_eq!(
                Mac::normalise(s).unwrap().as_str(),
                "AA-BB-CC-00-11-22",
                "{s}"
            );
        }
        for s in [
            "",
            "aa:bb-cc:00:11:22",
            "aabb:cc00:1122",
            "aa:bb:cc:00:11",
            "aa:bb:cc:00:11:2z",
            "a:ab:bc:c0:01:122",
            "aabbcc0011223",
        ] {
            assert!(Mac::normalise(s).is_none(), "{s}");
        }
    }
}
