//! Passphrase generation by a pool's (or a request's) format and length,
//! from the operating system's cryptographically secure generator.

use rand::{rngs::OsRng, Rng};

use crate::model::PassphraseFormat;

/// The shortest and longest WPA passphrase.
pub const MIN_LENGTH: i32 = 8;
pub const MAX_LENGTH: i32 = 63;

const DIGITS: &[u8] = b"0123456789";
const LOWER: &[u8] = b"abcdefghijklmnopqrstuvwxyz";
const UPPER: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ";
const SYMBOLS: &[u8] = b"!#$%&()*+,-./:;<=>?@[]^_{|}~";
/// Lower-case letters and digits without the ones read alike (0/o, 1/l, i).
const FRIENDLY: &[u8] = b"abcdefghjkmnpqrstuvwxyz23456789";

fn alphabet(format: PassphraseFormat) -> Vec<u8> {
    match format {
        PassphraseFormat::MostSecured => [LOWER, UPPER, DIGITS, SYMBOLS].concat(),
        PassphraseFormat::KeyboardFriendly => FRIENDLY.to_vec(),
        PassphraseFormat::NumbersOnly => DIGITS.to_vec(),
    }
}

/// A most-secured passphrase carries every class of character, so it never
/// comes out as, say, letters only.
fn has_every_class(p: &[u8]) -> bool {
    [LOWER, UPPER, DIGITS, SYMBOLS]
        .iter()
        .all(|class| p.iter().any(|c| class.contains(c)))
}

/// One passphrase of `length` characters (clamped to 8..=63).
pub fn generate(format: PassphraseFormat, length: i32) -> String {
    let length = length.clamp(MIN_LENGTH, MAX_LENGTH) as usize;
    let chars = alphabet(format);
    let mut rng = OsRng;
    loop {
        let p: Vec<u8> = (0..length)
            .map(|_| chars[rng.gen_range(0..chars.len())])
            .collect();
        if format != PassphraseFormat::MostSecured || has_every_class(&p) {
            return String::from_utf8(p).expect("ASCII alphabet");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn any_format() -> impl Strategy<Value = PassphraseFormat> {
        prop_oneof![
            Just(PassphraseFormat::MostSecured),
            Just(PassphraseFormat::KeyboardFriendly),
            Just(PassphraseFormat::NumbersOnly),
        ]
    }

    proptest! {
        #[test]
        fn generated_passphrases_have_the_length_and_alphabet(
            format in any_format(),
            length in MIN_LENGTH..=MAX_LENGTH,
        ) {
            let p = generate(format, length);
            prop_assert_eq!(p.len(), length as usize);
            let chars = alphabet(format);
            prop_assert!(p.bytes().all(|c| chars.contains(&c)));
            if format == PassphraseFormat::MostSecured {
                prop_assert!(has_every_class(p.as_bytes()));
            }
        }

        #[test]
        fn lengths_outside_the_range_are_clamped(length in proptest::num::i32::ANY) {
            let p = generate(PassphraseFormat::NumbersOnly, length);
            prop_assert!((8..=63).contains(&p.len()));
        }
    }

    #[test]
    fn numbers_only_is_digits_and_friendly_avoids_look_alikes() {
        assert!(generate(PassphraseFormat::NumbersOnly, 20)
            .bytes()
            .all(|c| c.is_ascii_digit()));
        let friendly = generate(PassphraseFormat::KeyboardFriendly, 63);
        assert!(!friendly.contains(['0', 'o', '1', 'l', 'i', 'I', 'O']));
    }

    #[test]
    fn passphrases_do_not_repeat() {
        let a: std::collections::HashSet<String> = (0..1000)
            .map(|_| generate(PassphraseFormat::MostSecured, 12))
            .collect();
        assert_eq!(a.len(), 1000);
    }
}
