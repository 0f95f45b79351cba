//! Strike-through given by a stylesheet: a page that marks passed or
//! superseded dates with a class (`<span class="old">`) and strikes that
//! class in its `<style>` (`.old { text-decoration: line-through }`).
//!
//! Not a CSS engine (no crate reads selectors against scraper's tree cheaply
//! enough for every page): only the classes named last in a selector whose
//! block says `line-through` are collected, and only from `<style>` blocks.
//! Pages without the word pay one substring search.

use memchr::memmem;

/// The most classes taken from one page (a real stylesheet names a few).
const MAX_CLASSES: usize = 64;

/// The class names that `<style>` blocks in `html` strike through.
pub(crate) fn struck_classes(html: &str) -> Vec<String> {
    let mut classes: Vec<String> = Vec::new();
    for at in memmem::find_iter(html.as_bytes(), b"line-through") {
        if classes.len() >= MAX_CLASSES {
            break;
        }
        let before = &html[..at];
        if !inside_style_element(before) {
            continue;
        }
        let Some(open) = before.rfind('{') else {
            continue;
        };
        // The block must still be open where the word stands.
        if before[open..].contains('}') {
            continue;
        }
        let selector_start = before[..open].rfind(['}', '>']).map_or(0, |i| i + 1);
        for class in last_classes(&before[selector_start..open]) {
            if !classes.iter().any(|c| c == class) {
                classes.push(class.to_string());
            }
        }
    }
    classes
}

/// True when the last `<style` before the end of `before` is not closed yet.
fn inside_style_element(before: &str) -> bool {
    let bytes = before.as_bytes();
    let open = memmem::rfind(bytes, b"<style");
    let close = memmem::rfind(bytes, b"</style");
    match (open, close) {
        (Some(o), Some(c)) => o > c,
        (Some(_), None) => true,
        _ => false,
    }
}

/// The class each selector of a group names last: `.dates .old, s.past`
/// gives `old` and `past`. Selectors with pseudo-classes (`a:hover`) are
/// states, not markings, and give nothing.
fn last_classes(selectors: &str) -> impl Iterator<Item = &str> {
    selectors.split(',').filter_map(|selector| {
        let selector = selector.trim();
        if selector.contains(':') || selector.contains('@') {
            return None;
        }
        let last = selector
            .rsplit(|c: char| c.is_whitespace() || c == '>' || c == '+' || c == '~')
            .next()?;
        let class = last.rsplit('.').next().filter(|_| last.contains('.'))?;
        let class = class.split(['[', '#']).next()?;
        (!class.is_empty()).then_some(class)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classes_struck_by_a_style_block_are_found() {
        let page = "<style>.past-date { color: gray; text-decoration: line-through; }\n\
                    .dates li.old, s.gone {text-decoration:line-through}</style>";
        assert_eq!(struck_classes(page), ["past-date", "old", "gone"]);
    }

    #[test]
    fn other_blocks_states_and_prose_give_nothing() {
        // A hover state, a block closed before the word, and the word in the text.
        let page = "<style>a:hover{text-decoration:line-through} .x{color:red}</style>\
                    <p>.old { line-through }</p>";
        assert!(struck_classes(page).is_empty());
    }

    #[test]
    fn a_page_without_the_word_gives_nothing() {
        assert!(struck_classes("<style>.old{color:grey}</style>").is_empty());
    }
}
