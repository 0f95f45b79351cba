//! Month names of the languages CFP pages are written in, as data: a new
//! language is a new row, not new code. English lives in `dates` (it also
//! has abbreviations and typo tolerance); these are whole names only, since
//! short forms such as "set" or "mar" are ordinary words elsewhere.

use std::collections::HashMap;
use std::sync::LazyLock;

/// Month names per language, January first.
const NAMES: [(&str, [&[&str]; 12]); 5] = [
    (
        "de",
        [
            &["januar", "jänner"],
            &["februar"],
            &["märz", "maerz"],
            &["april"],
            &["mai"],
            &["juni"],
            &["juli"],
            &["august"],
            &["september"],
            &["oktober"],
            &["november"],
            &["dezember"],
        ],
    ),
    (
        "fr",
        [
            &["janvier"],
            &["février", "fevrier"],
            &["mars"],
            &["avril"],
            &["mai"],
            &["juin"],
            &["juillet"],
            &["août", "aout"],
            &["septembre"],
            &["octobre"],
            &["novembre"],
            &["décembre", "decembre"],
        ],
    ),
    (
        "es",
        [
            &["enero"],
            &["febrero"],
            &["marzo"],
            &["abril"],
            &["mayo"],
            &["junio"],
            &["julio"],
            &["agosto"],
            &["septiembre", "setiembre"],
            &["octubre"],
            &["noviembre"],
            &["diciembre"],
        ],
    ),
    (
        "it",
        [
            &["gennaio"],
            &["febbraio"],
            &["marzo"],
            &["aprile"],
            &["maggio"],
            &["giugno"],
            &["luglio"],
            &["agosto"],
            &["settembre"],
            &["ottobre"],
            &["novembre"],
            &["dicembre"],
        ],
    ),
    (
        "pt",
        [
            &["janeiro"],
            &["fevereiro"],
            &["março", "marco"],
            &["abril"],
            &["maio"],
            &["junho"],
            &["julho"],
            &["agosto"],
            &["setembro"],
            &["outubro"],
            &["novembro"],
            &["dezembro"],
        ],
    ),
];

/// Lower-case name → month (1-based), built once.
static BY_NAME: LazyLock<HashMap<&'static str, u32>> = LazyLock::new(|| {
    let mut map = HashMap::new();
    for (_, months) in NAMES {
        for (index, names) in months.iter().enumerate() {
            for name in *names {
                map.insert(*name, index as u32 + 1);
            }
        }
    }
    map
});

/// The month a non-English month name stands for ("Dezember" → 12).
pub(crate) fn foreign_month(word: &str) -> Option<u32> {
    if word.len() < 3 || word.len() > 12 {
        return None;
    }
    // Most words are ASCII: lower-cased on the stack, no allocation.
    if word.is_ascii() {
        let mut buf = [0u8; 12];
        let lower = &mut buf[..word.len()];
        lower.copy_from_slice(word.as_bytes());
        lower.make_ascii_lowercase();
        return std::str::from_utf8(lower)
            .ok()
            .and_then(|w| BY_NAME.get(w).copied());
    }
    BY_NAME.get(word.to_lowercase().as_str()).copied()
}

/// Every name in the table, for the cheap "may hold a date" test.
pub(crate) fn all_names() -> impl Iterator<Item = &'static str> {
    NAMES
        .iter()
        .flat_map(|(_, months)| months.iter().flat_map(|names| names.iter().copied()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_in_each_language() {
        let cases = [
            ("Dezember", Some(12)),
            ("März", Some(3)),
            ("février", Some(2)),
            ("Août", Some(8)),
            ("marzo", Some(3)),
            ("giugno", Some(6)),
            ("julho", Some(7)),
            ("Outubro", Some(10)),
            ("set", None),
            ("Monday", None),
        ];
        for (word, want) in cases {
            assert_eq!(foreign_month(word), want, "{word}");
        }
    }
}
