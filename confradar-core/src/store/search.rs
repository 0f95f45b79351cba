//! Search over conferences: the words of a query against each edition's name,
//! acronym and location and its series' name, acronym, description and aliases.
//!
//! One contract on every backend: the query is split into words (letters and
//! digits; anything else separates), case is ignored, and a conference matches
//! when **every** word is the beginning of some word of those texts
//! (`deep learn` finds "Deep Learning"; `earn` does not).
//!
//! - PostgreSQL: full-text search, `to_tsvector('simple', …) @@ 'word:*'`,
//!   served by GIN expression indexes (migration `m20261201_000020`).
//! - SQLite: FTS5 tables kept in step with the base tables by triggers (same
//!   migration), queried with prefix terms `"word"*`.
//! - MySQL/MariaDB: `LIKE` on word starts. InnoDB's FULLTEXT drops words shorter
//!   than three letters and stopwords, so acronyms such as `DB` would not be found.

use sea_orm::DatabaseBackend;
use sea_orm::sea_query::{Condition, Expr};

/// At most this many words are searched for; more narrow nothing in practice.
const MAX_WORDS: usize = 8;
/// Longer words are cut (no word in a conference name is longer).
const MAX_WORD_CHARS: usize = 64;

/// The words of a query, lower-cased.
pub(crate) fn words(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(|w| {
            w.chars()
                .take(MAX_WORD_CHARS)
                .collect::<String>()
                .to_lowercase()
        })
        .take(MAX_WORDS)
        .collect()
}

/// The PostgreSQL texts searched, exactly as the GIN indexes are built.
pub(crate) const PG_CONFERENCE_DOC: &str = "to_tsvector('simple', coalesce(conferences.name, '') || ' ' || coalesce(conferences.acronym, '') || ' ' || coalesce(conferences.location, ''))";
/// See [`PG_CONFERENCE_DOC`].
pub(crate) const PG_SERIES_DOC: &str = "to_tsvector('simple', coalesce(series.name, '') || ' ' || coalesce(series.acronym, '') || ' ' || coalesce(series.description, ''))";
/// See [`PG_CONFERENCE_DOC`].
pub(crate) const PG_ALIAS_DOC: &str = "to_tsvector('simple', series_aliases.display)";

/// A condition on `conferences` (joined in the query) that holds when every
/// word of `text` matches; a text without words matches everything.
pub(crate) fn matching(backend: DatabaseBackend, text: &str) -> Condition {
    let mut all = Condition::all();
    for word in words(text) {
        all = all.add(match backend {
            DatabaseBackend::Postgres => postgres(&word),
            DatabaseBackend::Sqlite => sqlite(&word),
            _ => like(&word),
        });
    }
    all
}

fn postgres(word: &str) -> Expr {
    // The word has letters and digits only, so `word:*` is a valid tsquery.
    // PostgreSQL's placeholders are numbered: `$1` is the one value, thrice.
    let query = format!("{word}:*");
    Expr::cust_with_values(
        format!(
            "({PG_CONFERENCE_DOC} @@ to_tsquery('simple', $1) \
             OR conferences.series_id IN (SELECT series.id FROM series WHERE {PG_SERIES_DOC} @@ to_tsquery('simple', $1)) \
             OR conferences.series_id IN (SELECT series_aliases.series_id FROM series_aliases WHERE {PG_ALIAS_DOC} @@ to_tsquery('simple', $1)))"
        ),
        [query],
    )
}

fn sqlite(word: &str) -> Expr {
    // A quoted FTS5 string with a prefix star; the word has no quote in it.
    let query = format!("\"{word}\"*");
    Expr::cust_with_values(
        "(conferences.id IN (SELECT rowid FROM conferences_fts WHERE conferences_fts MATCH ?) \
         OR conferences.series_id IN (SELECT rowid FROM series_fts WHERE series_fts MATCH ?) \
         OR conferences.series_id IN (SELECT series_aliases.series_id FROM series_aliases \
            WHERE series_aliases.id IN (SELECT rowid FROM series_aliases_fts WHERE series_aliases_fts MATCH ?)))",
        [query.clone(), query.clone(), query],
    )
}

/// Word starts with `LIKE`: at the start of the text or after a separator.
fn like(word: &str) -> Expr {
    let at_start = format!("{word}%");
    let after_space = format!("% {word}%");
    let after_mark = format!("%-{word}%");
    let after_paren = format!("%({word}%");
    let starts = |column: &str| {
        format!(
            "(LOWER({column}) LIKE ? OR LOWER({column}) LIKE ? OR LOWER({column}) LIKE ? OR LOWER({column}) LIKE ?)"
        )
    };
    let patterns = [at_start, after_space, after_mark, after_paren];
    let columns = [
        "conferences.name",
        "conferences.acronym",
        "conferences.location",
    ];
    let series_columns = ["series.name", "series.acronym", "series.description"];
    let own: Vec<String> = columns.iter().map(|c| starts(c)).collect();
    let of_series: Vec<String> = series_columns.iter().map(|c| starts(c)).collect();
    let sql = format!(
        "({} OR conferences.series_id IN (SELECT series.id FROM series WHERE {}) \
         OR conferences.series_id IN (SELECT series_aliases.series_id FROM series_aliases WHERE {}))",
        own.join(" OR "),
        of_series.join(" OR "),
        starts("series_aliases.display"),
    );
    let count = columns.len() + series_columns.len() + 1;
    let values: Vec<String> = (0..count).flat_map(|_| patterns.clone()).collect();
    Expr::cust_with_values(sql, values)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_are_letters_and_digits_lower_cased() {
        assert_eq!(
            words("NeurIPS'26  (Deep-Learn)"),
            ["neurips", "26", "deep", "learn"]
        );
        assert_eq!(words("\"*:&|!"), Vec::<String>::new());
        assert_eq!(words("a b c d e f g h i j").len(), MAX_WORDS);
    }
}
