//! Normalizing conference names so that "NeurIPS", "neurips" and
//! "Neural Information Processing Systems" can be matched as aliases.

/// Lowercase, ASCII letters and digits only, single spaces; years and
/// ordinals ("2025", "39th", but not other numbers) and filler words ("the", "annual") dropped, so
/// that editions of one series normalize to the same alias.
///
/// ```
/// use confradar_core::names::normalize;
/// assert_eq!(normalize("The 39th Annual Conference on Neural Information Processing Systems (NeurIPS 2025)"),
///            "conference on neural information processing systems neurips");
/// assert_eq!(normalize("NIPS"), "nips");
/// ```
pub fn normalize(name: &str) -> String {
    let mut words = Vec::new();
    for raw in name.split(|c: char| !c.is_alphanumeric()) {
        if raw.is_empty() {
            continue;
        }
        let word = raw.to_lowercase();
        if is_year(&word)
            || is_ordinal(&word)
            || matches!(word.as_str(), "the" | "annual" | "a" | "an")
        {
            continue;
        }
        // Keep ASCII only: accents vary between pages of the same series.
        let ascii: String = word.chars().filter(char::is_ascii_alphanumeric).collect();
        if !ascii.is_empty() {
            words.push(ascii);
        }
    }
    words.join(" ")
}

/// A key-safe slug: lowercase ASCII letters and digits, `-` between words.
///
/// ```
/// assert_eq!(confradar_core::names::slug("ACM SIGMOD / PODS"), "acm-sigmod-pods");
/// ```
pub fn slug(name: &str) -> String {
    name.split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_ascii_lowercase)
        .collect::<Vec<_>>()
        .join("-")
}

/// Splits an edition key such as `neurips2025` or `icml-2026` into its
/// series part and year.
///
/// ```
/// assert_eq!(confradar_core::names::split_edition_key("neurips2025"), ("neurips".to_string(), Some(2025)));
/// assert_eq!(confradar_core::names::split_edition_key("acl"), ("acl".to_string(), None));
/// ```
pub fn split_edition_key(key: &str) -> (String, Option<i32>) {
    let trimmed = key.trim();
    let digits = trimmed
        .chars()
        .rev()
        .take_while(char::is_ascii_digit)
        .count();
    if digits == 4 {
        let (head, year) = trimmed.split_at(trimmed.len() - 4);
        if let Ok(year) = year.parse::<i32>() {
            let head = head.trim_end_matches(['-', '_', ' ']);
            if !head.is_empty() {
                return (head.to_ascii_lowercase(), Some(year));
            }
        }
    }
    (trimmed.to_ascii_lowercase(), None)
}

fn is_year(word: &str) -> bool {
    word.len() == 4 && word.starts_with(['1', '2']) && word.chars().all(|c| c.is_ascii_digit())
}

fn is_ordinal(word: &str) -> bool {
    let digits = word.chars().take_while(char::is_ascii_digit).count();
    // "39th" is an edition number; a bare number ("Web 3") may be part of the name.
    digits > 0 && matches!(&word[digits..], "st" | "nd" | "rd" | "th")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn editions_of_one_series_normalize_alike() {
        assert_eq!(normalize("ICML 2025"), normalize("icml"));
        assert_eq!(
            normalize("International Conference on Machine Learning"),
            normalize("The 42nd International Conference on Machine Learning 2025")
        );
    }

    #[test]
    fn numbers_that_are_not_years_or_ordinals_stay() {
        assert_ne!(
            normalize("Conference Number 17"),
            normalize("Conference Number 18")
        );
        assert_eq!(normalize("Web 3 Conference 2026"), "web 3 conference");
    }

    #[test]
    fn non_ascii_never_panics() {
        assert_eq!(normalize("Conférence ÉÉ 2025"), "confrence");
        assert_eq!(slug("Ünïcode—dash"), "n-code-dash");
    }
}
