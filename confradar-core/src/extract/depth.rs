//! Bounds the nesting of an HTML page before the tree builder sees it.
//!
//! html5ever follows the HTML standard, and the standard's tree construction
//! scans the stack of open elements for many start tags: 100,000 unclosed
//! `<div>`s cost it quadratic time (a minute for 500 KB). One linear pass
//! here counts open elements the way a page nests them and drops the start
//! tags (not the text) below [`MAX_DEPTH`], so the builder's stack, and its
//! cost per tag, stay bounded. Real pages nest a few dozen levels.

use std::borrow::Cow;

/// The deepest nesting passed on to the tree builder.
pub(crate) const MAX_DEPTH: usize = 512;

/// Elements that never hold content, and elements the builder closes by
/// itself when the next one opens (`<p>`, `<li>`, table parts): neither
/// deepens the stack for long, so neither is counted.
fn counts(name: &[u8]) -> bool {
    if name.len() > 8 {
        return true;
    }
    let mut buf = [0u8; 8];
    for (slot, b) in buf.iter_mut().zip(name) {
        *slot = b.to_ascii_lowercase();
    }
    !matches!(
        &buf[..name.len()],
        b"area"
            | b"base"
            | b"br"
            | b"col"
            | b"embed"
            | b"hr"
            | b"img"
            | b"input"
            | b"link"
            | b"meta"
            | b"source"
            | b"track"
            | b"wbr"
            | b"p"
            | b"li"
            | b"dt"
            | b"dd"
            | b"tr"
            | b"td"
            | b"th"
            | b"option"
            | b"thead"
            | b"tbody"
            | b"tfoot"
            | b"colgroup"
            | b"html"
            | b"head"
            | b"body"
    )
}

/// Elements whose content is raw text up to their end tag.
fn raw_text(name: &[u8]) -> bool {
    [
        &b"script"[..],
        b"style",
        b"textarea",
        b"title",
        b"xmp",
        b"noscript",
    ]
    .iter()
    .any(|f| f.eq_ignore_ascii_case(name))
}

/// Pages with at most this many `<` are passed on without the scan: even
/// nested all the way down, the builder's stack scans cost at most
/// 4096² / 2 steps (milliseconds), and real pages this size nest a few
/// dozen levels deep, so the scan would cost more than it saves.
const SCAN_ABOVE_TAGS: usize = 4096;

/// The page as the tree builder should see it: nested at most
/// [`MAX_DEPTH`] deep, unless it is too small for its nesting to matter.
pub(crate) fn for_tree_builder(html: &str) -> Cow<'_, str> {
    // Every element opens with a '<': one fast count instead of a scan.
    if memchr::memchr_iter(b'<', html.as_bytes()).count() <= SCAN_ABOVE_TAGS {
        return Cow::Borrowed(html);
    }
    bound_depth(html, MAX_DEPTH)
}

/// The page with start tags nested deeper than `max` removed (borrowed
/// unchanged when nothing is that deep).
pub(crate) fn bound_depth(html: &str, max: usize) -> Cow<'_, str> {
    let bytes = html.as_bytes();
    // Every element opens with a '<': a page with no more of them than
    // `max` cannot nest deeper (one fast count instead of a scan).
    if memchr::memchr_iter(b'<', bytes).count() <= max {
        return Cow::Borrowed(html);
    }
    let mut depth = 0usize;
    let mut dropped: Vec<(usize, usize)> = Vec::new();
    let mut i = 0;
    while let Some(offset) = bytes.get(i..).and_then(|rest| memchr::memchr(b'<', rest)) {
        let start = i + offset;
        let rest = &bytes[start..];
        if rest.starts_with(b"<!--") {
            i = html
                .get(start + 4..)
                .and_then(|r| r.find("-->"))
                .map_or(bytes.len(), |e| start + 4 + e + 3);
            continue;
        }
        let closing = rest.get(1) == Some(&b'/');
        let name_start = start + 1 + usize::from(closing);
        let name_len = bytes[name_start..]
            .iter()
            .take_while(|b| b.is_ascii_alphanumeric() || **b == b'-')
            .count();
        if name_len == 0 || !bytes[name_start].is_ascii_alphabetic() {
            i = start + 1;
            continue;
        }
        let name = &bytes[name_start..name_start + name_len];
        let end = tag_end(bytes, name_start + name_len);
        let self_closing = end >= 2 && bytes.get(end - 2) == Some(&b'/');
        if closing {
            if counts(name) {
                depth = depth.saturating_sub(1);
            }
            i = end;
            continue;
        }
        if raw_text(name) {
            // Skip to the matching end tag: its content is not markup.
            let close = format!("</{}", String::from_utf8_lossy(name).to_ascii_lowercase());
            i = find_ascii_ci(bytes, end, close.as_bytes()).unwrap_or(bytes.len());
            continue;
        }
        if counts(name) && !self_closing {
            if depth >= max {
                dropped.push((start, end));
            } else {
                depth += 1;
            }
        }
        i = end;
    }
    if dropped.is_empty() {
        return Cow::Borrowed(html);
    }
    let mut out = String::with_capacity(html.len());
    let mut from = 0;
    for (s, e) in dropped {
        out.push_str(html.get(from..s).unwrap_or(""));
        from = e;
    }
    out.push_str(html.get(from..).unwrap_or(""));
    Cow::Owned(out)
}

/// The byte after the `>` that ends a tag, skipping quoted attribute values.
fn tag_end(bytes: &[u8], mut i: usize) -> usize {
    // Jump from one '>' or quote to the next (memchr), not byte by byte.
    while let Some(offset) = bytes
        .get(i..)
        .and_then(|rest| memchr::memchr3(b'>', b'"', b'\'', rest))
    {
        let at = i + offset;
        let b = bytes[at];
        if b == b'>' {
            return at + 1;
        }
        // A quoted attribute value: skip to its closing quote.
        match bytes.get(at + 1..).and_then(|rest| memchr::memchr(b, rest)) {
            Some(close) => i = at + 1 + close + 1,
            None => return bytes.len(),
        }
    }
    bytes.len()
}

/// The position of `needle` (ASCII, lower case) at or after `from`, ignoring case.
fn find_ascii_ci(bytes: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    let first = *needle.first()?;
    let mut i = from;
    while i + needle.len() <= bytes.len() {
        let offset = bytes[i..].iter().position(|&b| b == first)?;
        i += offset;
        if bytes
            .get(i..i + needle.len())
            .is_some_and(|w| w.eq_ignore_ascii_case(needle))
        {
            return Some(i);
        }
        i += 1;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn small_pages_skip_the_scan_and_large_deep_ones_are_bounded() {
        let small = "<div>".repeat(SCAN_ABOVE_TAGS);
        assert!(matches!(for_tree_builder(&small), Cow::Borrowed(_)));
        let deep = "<div>".repeat(SCAN_ABOVE_TAGS + 1);
        assert_eq!(for_tree_builder(&deep).matches("<div").count(), MAX_DEPTH);
    }

    #[test]
    fn shallow_pages_pass_unchanged() {
        let page = "<div><p>a<p>b<ul><li>c<li>d</ul><!-- <div><div><div> --><script>if (a<b) {}</script></div>";
        assert!(matches!(bound_depth(page, 2), Cow::Borrowed(_)));
    }

    #[test]
    fn quoted_brackets_do_not_end_a_tag() {
        let bytes = b"<a title='x>y' href=\"a>b\">text";
        assert_eq!(tag_end(bytes, 2), 26);
        assert_eq!(tag_end(b"<a title='never closed", 2), 22);
    }

    #[test]
    fn deep_start_tags_are_dropped_and_text_kept() {
        let page = format!("{}text", "<div class=\"a>b\">".repeat(10));
        let bounded = bound_depth(&page, 3);
        assert_eq!(bounded.matches("<div").count(), 3);
        assert!(bounded.ends_with("text"));
        // Closed elements free their level.
        let page = "<div></div><div></div><div></div><div>x</div>";
        assert!(matches!(bound_depth(page, 1), Cow::Borrowed(_)));
    }
}
