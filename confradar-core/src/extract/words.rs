//! Small word-level views of a piece of text, shared by the stages that
//! read labels and sentences.

/// The words of `text`: runs of letters and digits ("camera-ready" is two).
pub(super) fn words(text: &str) -> impl Iterator<Item = &str> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
}

/// True when one of the words of `text` is one of `wanted`, ignoring ASCII
/// case (`wanted` in lower case).
pub(super) fn has_any_word(text: &str, wanted: &[&str]) -> bool {
    words(text).any(|w| wanted.iter().any(|x| w.eq_ignore_ascii_case(x)))
}

/// `text` with what stands in round or square brackets blanked out: "Full
/// paper submission (all authors must register) deadline" keeps "Full paper
/// submission" and "deadline".
pub(super) fn outside_brackets(text: &str) -> String {
    let mut depth = 0usize;
    let mut outside = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '(' | '[' => depth += 1,
            ')' | ']' => depth = depth.saturating_sub(1),
            _ if depth == 0 => outside.push(c),
            _ => outside.push(' '),
        }
    }
    outside
}

/// The last sentence of `text`, what follows its last ". ": the clause
/// that leads to a date written after it.
pub(super) fn last_sentence(text: &str) -> &str {
    text.rfind(". ").map_or(text, |p| &text[p + 2..])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_split_on_punctuation() {
        let found: Vec<&str> = words("Camera-ready (final) due!").collect();
        assert_eq!(found, ["Camera", "ready", "final", "due"]);
    }

    #[test]
    fn has_any_word_matches_whole_words_in_any_case() {
        assert!(has_any_word("Registration OPENS", &["open", "opens"]));
        assert!(!has_any_word("Reopening", &["open", "opens"]));
    }

    #[test]
    fn outside_brackets_blanks_both_kinds() {
        let outside = outside_brackets("Paper (all authors) deadline [extended]");
        assert_eq!(
            outside.split_whitespace().collect::<Vec<_>>(),
            ["Paper", "deadline"]
        );
    }

    #[test]
    fn last_sentence_starts_after_the_last_full_stop() {
        assert_eq!(
            last_sentence("We meet in Rome. Papers are due by"),
            "Papers are due by"
        );
        assert_eq!(last_sentence("Papers are due by"), "Papers are due by");
    }
}
