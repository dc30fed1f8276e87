//! Substring searches over a pg_trgm index: which parts of a search text to
//! ask the index for.
//!
//! A `LIKE '%text%'` over a GIN trigram index intersects the posting list of
//! every trigram of the text. A trigram that nearly every row holds (the
//! `use` of usernames that all start with `user`) selects nothing, yet the
//! intersection still steps through its posting list once per candidate: at
//! a million rows, three such trigrams cost a search four times what the rare
//! ones do, and the cost grows with the table. Asking the index only for the
//! runs of the text made of selective trigrams finds the same candidates (or
//! a few more), and the caller's exact test of the whole text keeps the
//! answer the same.
//!
//! The sample ([`spread_sample`]) takes rows at points spread over their
//! creation times rather than the oldest or newest only: a batch of rows
//! sharing a prefix (the first ones imported, say) would make a trigram rare
//! in the table look common, and leaving out the one trigram that finds
//! those rows makes their search read many more candidates.

/// The parts of `text` worth asking a trigram index for, judged against
/// `sample`: lower-cased values of what the index holds, taken from the
/// table being searched.
///
/// A window of three letters or digits is common when at least half the
/// sample contains it: asking the index for it would at best halve the candidates,
/// at the price of stepping through a posting list as long as half the
/// table. When some window is held by no sampled row, every window the
/// sample holds at all is common too: the rare windows already narrow the
/// candidates to a few, and each other one only adds its posting list,
/// whose length follows the whole table, not the sampled rows ("r00" of
/// "user00999", held by a tenth of a pool of 1,000,000 and a fifth of the
/// table: 1.0 of a 1.5 ms index scan, for 228 candidates against 239
/// without it). The parts are the maximal runs of the text covered by
/// windows that are not common. The whole text comes back when it cannot be
/// narrowed ([`can_narrow`]), when there is no sample, or when every window
/// is common (nothing is more selective than the text itself).
///
/// Every row that contains `text` contains each part, so a caller that
/// narrows its index condition to the parts must still test the whole text.
/// A caller need not fetch a sample when [`can_narrow`] says no.
pub fn selective_parts(text: &str, sample: &[String]) -> Vec<String> {
    if !can_narrow(text) || sample.is_empty() {
        return vec![text.to_string()];
    }
    // ASCII (see can_narrow): a character is a byte. pg_trgm makes its
    // trigrams within words (runs of letters and digits), padding their
    // edges with spaces; a window across a word's edge stands for no
    // trigram of its own and is never asked for. A part that ends inside
    // words is asked for those words' inner trigrams only.
    let bytes = text.as_bytes();
    // How many sampled rows hold each window; None for one never asked for.
    let holding: Vec<Option<usize>> = (0..text.len() - 2)
        .map(|i| {
            if !bytes[i..i + 3].iter().all(u8::is_ascii_alphanumeric) {
                return None;
            }
            let window = text[i..i + 3].to_ascii_lowercase();
            Some(sample.iter().filter(|s| s.contains(&window)).count())
        })
        .collect();
    let some_held_by_none = holding.contains(&Some(0));
    let common: Vec<bool> = holding
        .iter()
        .map(|held| match held {
            None => true,
            Some(n) if some_held_by_none => *n > 0,
            Some(n) => n * 2 >= sample.len(),
        })
        .collect();
    if common.iter().all(|c| *c) {
        return vec![text.to_string()];
    }
    let mut parts = Vec::new();
    let mut run: Option<usize> = None;
    for (i, is_common) in common.iter().chain([&true]).enumerate() {
        match (run, is_common) {
            (None, false) => run = Some(i),
            (Some(first), true) => {
                // Windows first..i-1 cover characters first..i+1.
                parts.push(text[first..i + 2].to_string());
                run = None;
            }
            _ => {}
        }
    }
    parts
}

/// The statement that takes the sample [`selective_parts`] judges by: the
/// `haystack` of eight rows at each of eight points spread over the
/// creation times of the rows of `from` (a table and its alias) that
/// `scope` selects. Each point is an index scan where an index leads with
/// the scope's columns, then `created_at` and `id`.
pub fn spread_sample(from: &str, scope: &str, haystack: &str) -> String {
    format!(
        "WITH b AS (SELECT min(created_at) AS lo, max(created_at) - min(created_at) AS span \
           FROM {from} WHERE {scope}) \
         SELECT s.h FROM b, generate_series(0, 7) AS k, LATERAL \
           (SELECT {haystack} AS h FROM {from} \
             WHERE {scope} AND created_at >= b.lo + b.span * k / 8 \
             ORDER BY created_at, id LIMIT 8) s"
    )
}

/// Whether a text can be narrowed to parts: it has more than one window of
/// three characters, so that some could be left out, and it is ASCII. The
/// index is asked for `lower(part)`, which must be a substring of
/// `lower(text)`: ASCII letters lower-case one by one in every locale, but an
/// ICU collation lower-cases some letters by their context (the Greek final
/// sigma: "ΟΣ" alone is "ος", within "ΟΣΑ" it is "οσ").
pub fn can_narrow(text: &str) -> bool {
    text.is_ascii() && text.len() > 3
}

/// Whether at least half of `sample` contains the whole of `text`: a search
/// that will match most of the rows, whatever index serves it. False when
/// the text cannot be judged ([`can_narrow`]) or there is no sample.
pub fn held_by_most(text: &str, sample: &[String]) -> bool {
    holders(text, sample).is_some_and(|n| n * 2 >= sample.len())
}

/// Whether no row of `sample` contains `text`: a search that will match few
/// of the rows (at most some percent, which eight times eight rows can
/// miss). False when the text cannot be judged ([`can_narrow`]) or there is
/// no sample.
pub fn held_by_none(text: &str, sample: &[String]) -> bool {
    holders(text, sample) == Some(0)
}

/// How many rows of `sample` contain `text`, ignoring ASCII case; `None`
/// when that says nothing (see [`held_by_most`]).
fn holders(text: &str, sample: &[String]) -> Option<usize> {
    if !can_narrow(text) || sample.is_empty() {
        return None;
    }
    let text = text.to_ascii_lowercase();
    Some(sample.iter().filter(|s| s.contains(&text)).count())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample(values: &[&str]) -> Vec<String> {
        values.iter().map(|v| v.to_string()).collect()
    }

    #[test]
    fn a_text_half_the_sample_holds_is_held_by_most() {
        let s = sample(&[
            "user1@example.com",
            "user2@example.com",
            "guest@other.org",
            "user3@other.org",
        ]);
        assert!(held_by_most("EXAMPLE.com", &s));
        assert!(held_by_most("user", &s));
        assert!(!held_by_most("other.org.", &s));
        assert!(!held_by_most("guest", &s));
        // Too short, or not ASCII, to be judged; nothing to judge against.
        assert!(!held_by_most("com", &s));
        assert!(!held_by_most("exämple", &s));
        assert!(!held_by_most("example", &[]));
    }

    #[test]
    fn a_text_no_sampled_row_holds_is_held_by_none() {
        let s = sample(&["user-1\u{1f}a@example.com", "user-2\u{1f}b@example.com"]);
        assert!(held_by_none("user-00999", &s));
        assert!(held_by_none("GUEST", &s));
        assert!(!held_by_none("USER-2", &s));
        assert!(!held_by_none("example.com", &s));
        assert!(!held_by_none("usr", &s));
        assert!(!held_by_none("exämple", &s));
        assert!(!held_by_none("user-00999", &[]));
    }

    #[test]
    fn the_trigrams_every_row_holds_are_left_out() {
        let s = sample(&["user0000001", "user0000002", "user0099913", "user0000004"]);
        // "use", "ser" and "er0" are in every value, "r00" in all four.
        assert_eq!(selective_parts("user00999", &s), vec!["00999"]);
    }

    #[test]
    fn common_windows_inside_the_text_split_it_in_parts() {
        let s = sample(&["axyzb", "cxyzd", "exyzf"]);
        // Only "xyz" is common: the runs on either side keep "xy" and "yz".
        assert_eq!(selective_parts("qqqxyzwww", &s), vec!["qqqxy", "yzwww"]);
    }

    #[test]
    fn windows_across_a_word_edge_are_never_asked_for() {
        let s = sample(&["user-0000001", "user-0000002", "user-0099913"]);
        // "-00" is rare in no way pg_trgm could use: it makes "  0" and
        // " 00" of every name's number, and "00999" has none of them.
        assert_eq!(selective_parts("user-00999", &s), vec!["00999"]);
        let s = sample(&["a-xyz-b", "c-xyz-d", "e-xyz-f"]);
        assert_eq!(selective_parts("qqq-xyz-www", &s), vec!["qqq", "www"]);
    }

    #[test]
    fn beside_a_window_no_sampled_row_holds_any_held_window_is_left_out() {
        let mut s = sample(&["user0200001", "user0300002", "user0400003"]);
        s.extend(sample(&["user0012345", "user0500005", "user0600006"]));
        // "r00" is in one of six: not common alone, but "009", "099" and
        // "999" are in none.
        assert_eq!(selective_parts("user00999", &s), vec!["00999"]);
        let s = sample(&["abcd", "wxyz", "mnop", "efgh"]);
        assert_eq!(selective_parts("qqqabcwww", &s), vec!["qqqab", "bcwww"]);
        // Every window held by one or two of six: none left out.
        let s = sample(&["qqqab", "abcww", "cwww", "zzzz", "zzzz", "zzzz"]);
        assert_eq!(selective_parts("qqqabcwww", &s), vec!["qqqabcwww"]);
    }

    #[test]
    fn a_window_half_the_sample_holds_is_common() {
        let s = sample(&["abc1", "abc2", "xyz3", "xyz4"]);
        assert_eq!(selective_parts("abc9", &s), vec!["bc9"]);
    }

    #[test]
    fn a_text_of_common_windows_only_is_asked_for_whole() {
        let s = sample(&["user1", "user2", "user3"]);
        assert_eq!(selective_parts("user", &s), vec!["user"]);
    }

    #[test]
    fn short_texts_and_an_empty_sample_are_asked_for_whole() {
        let s = sample(&["ab", "ab"]);
        assert_eq!(selective_parts("ab", &s), vec!["ab"]);
        assert_eq!(selective_parts("user00999", &[]), vec!["user00999"]);
        assert!(!can_narrow("abc"));
        assert!(can_narrow("abcd"));
    }

    #[test]
    fn windows_are_judged_in_lower_case() {
        let s = sample(&["emile", "emilie", "zoe"]);
        // "emi" and "mil" are common, "ile" is not.
        assert_eq!(selective_parts("EMILE-9", &s), vec!["ILE"]);
    }

    #[test]
    fn a_text_beyond_ascii_is_asked_for_whole() {
        let s = sample(&["émile", "émilie", "zoé"]);
        assert_eq!(selective_parts("ÉMILE-9", &s), vec!["ÉMILE-9"]);
        assert!(!can_narrow("ΟΣΑΣ"));
    }

    #[test]
    fn a_text_with_no_common_window_is_one_part() {
        let s = sample(&["alpha", "beta"]);
        assert_eq!(selective_parts("gamma", &s), vec!["gamma"]);
    }
}
