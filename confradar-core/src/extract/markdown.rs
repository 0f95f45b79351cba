//! Markdown and plain text → simple HTML, so that every format goes
//! through the one HTML walker: headings, lists, tables, `~~strike~~`,
//! links reduced to their text; front matter and comments dropped.

/// Removes a leading `---`…`---` front-matter block (Jekyll, Hugo).
pub(crate) fn strip_front_matter(body: &str) -> &str {
    let trimmed = body.trim_start_matches('\u{feff}');
    let Some(rest) = trimmed.strip_prefix("---") else {
        return body;
    };
    if !(rest.starts_with('\n') || rest.starts_with("\r\n")) {
        return body;
    }
    let mut offset = 0;
    for line in rest.split_inclusive('\n') {
        offset += line.len();
        if offset > line.len() && line.trim_end() == "---" {
            return rest.get(offset..).unwrap_or("");
        }
    }
    body
}

/// The `title:` of a page's front matter, which the site's layout shows
/// as the page's heading and title ("title: Important Dates"), as plain
/// text: quotes and tags removed.
pub(crate) fn front_matter_title(body: &str) -> Option<String> {
    let stripped = strip_front_matter(body);
    if stripped.len() == body.len() {
        return None;
    }
    let front = &body[..body.len() - stripped.len()];
    let value = front
        .lines()
        .find_map(|line| line.strip_prefix("title:"))?
        .trim()
        .trim_matches(['"', '\'']);
    let mut text = String::with_capacity(value.len());
    let mut in_tag = false;
    for c in value.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => in_tag = false,
            _ if in_tag => {}
            _ => text.push(c),
        }
    }
    let text = text.trim();
    (!text.is_empty() && text.len() <= 200).then(|| text.to_string())
}

/// Removes `<!-- … -->` comments (an unterminated comment runs to the end).
pub(crate) fn strip_comments(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find("<!--") {
        out.push_str(&rest[..start]);
        let after = &rest[start + 4..];
        match after.find("-->") {
            Some(end) => rest = &after[end + 3..],
            None => {
                rest = "";
                break;
            }
        }
    }
    out.push_str(rest);
    out
}

/// Escapes text for inclusion in HTML.
pub(crate) fn escape(text: &str, out: &mut String) {
    for ch in text.chars() {
        match ch {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            _ => out.push(ch),
        }
    }
}

/// Rewrites inline Markdown: `~~x~~` → `<del>x</del>`, `[text](url)` → text,
/// drops `**`, `__`, backticks and Liquid `{{ … }}` / `{% … %}`.
/// The length of the text between a single `~` at `at` and the single `~`
/// that closes it on the same line, if the pair strikes text: the opening
/// one followed and the closing one preceded by other than a space ("~5
/// pages" alone strikes nothing).
fn single_tilde_span(line: &str, at: usize) -> Option<usize> {
    let rest = line.get(at + 1..)?;
    if rest.starts_with(|c: char| c.is_whitespace() || c == '~') {
        return None;
    }
    let close = rest.find('~')?;
    let inner = rest.get(..close)?;
    let after_close = rest.as_bytes().get(close + 1);
    (!inner.ends_with(char::is_whitespace) && after_close != Some(&b'~')).then_some(close)
}

fn inline_markdown(line: &str, out: &mut String) {
    let bytes = line.as_bytes();
    let mut i = 0;
    let mut struck = false;
    let mut text_start = 0;
    // Push the bytes between text_start and i, then continue after `skip`.
    macro_rules! emit_until {
        ($end:expr) => {
            if let Some(piece) = line.get(text_start..$end) {
                out.push_str(piece);
            }
        };
    }
    while i < bytes.len() {
        let b = bytes[i];
        if b == b'~' && bytes.get(i + 1) == Some(&b'~') {
            emit_until!(i);
            out.push_str(if struck { "</del>" } else { "<del>" });
            struck = !struck;
            i += 2;
            text_start = i;
        } else if b == b'~'
            && !struck
            && let Some(len) = single_tilde_span(line, i)
        {
            // GitHub also strikes "~text~" with single tildes.
            emit_until!(i);
            out.push_str("<del>");
            out.push_str(line.get(i + 1..i + 1 + len).unwrap_or(""));
            out.push_str("</del>");
            i += len + 2;
            text_start = i;
        } else if b == b'{'
            && matches!(bytes.get(i + 1..i + 3), Some(b"--") | Some(b"++"))
            && let Some(end) = line
                .get(i + 3..)
                .and_then(|rest| rest.find(if bytes[i + 1] == b'-' { "--}" } else { "++}" }))
        {
            // CriticMarkup: "{--21 October--} {++4 November++}" is a date
            // deleted and the one inserted in its place.
            emit_until!(i);
            let deleted = bytes[i + 1] == b'-';
            if deleted {
                out.push_str("<del>");
            }
            out.push_str(line.get(i + 3..i + 3 + end).unwrap_or(""));
            if deleted {
                out.push_str("</del>");
            }
            i = i + 3 + end + 3;
            text_start = i;
        } else if b == b'{' && matches!(bytes.get(i + 1), Some(b'{') | Some(b'%')) {
            let close = if bytes.get(i + 1) == Some(&b'{') {
                "}}"
            } else {
                "%}"
            };
            match line.get(i + 2..).and_then(|rest| rest.find(close)) {
                Some(end) => {
                    emit_until!(i);
                    i = i + 2 + end + 2;
                    text_start = i;
                }
                None => i += 1,
            }
        } else if b == b']' && bytes.get(i + 1) == Some(&b'(') {
            // "[text](url)": keep the text, drop the url.
            match line.get(i + 2..).and_then(|rest| rest.find(')')) {
                Some(end) if end < 2048 => {
                    emit_until!(i);
                    i = i + 2 + end + 1;
                    text_start = i;
                }
                _ => i += 1,
            }
        } else if b == b'[' {
            emit_until!(i);
            i += 1;
            text_start = i;
        } else if (b == b'*' || b == b'`') || (b == b'_' && bytes.get(i + 1) == Some(&b'_')) {
            emit_until!(i);
            i += if b == b'_' { 2 } else { 1 };
            text_start = i;
        } else {
            i += 1;
        }
    }
    emit_until!(bytes.len());
    if struck {
        out.push_str("</del>");
    }
}

fn is_table_separator(line: &str) -> bool {
    let t = line.trim();
    t.contains('-')
        && t.contains('|')
        && t.chars().all(|c| matches!(c, '|' | '-' | ':' | ' ' | '\t'))
}

fn heading_level(line: &str) -> Option<(usize, &str)> {
    let t = line.trim_start();
    let hashes = t.bytes().take_while(|&b| b == b'#').count();
    if (1..=6).contains(&hashes) {
        let rest = &t[hashes..];
        if rest.is_empty() || rest.starts_with(' ') || rest.starts_with('\t') {
            return Some((hashes, rest.trim().trim_end_matches('#').trim()));
        }
    }
    None
}

fn list_item(line: &str) -> Option<&str> {
    let t = line.trim_start();
    for marker in ["- ", "* ", "+ ", "• "] {
        if let Some(rest) = t.strip_prefix(marker) {
            return Some(rest);
        }
    }
    let digits = t.bytes().take_while(u8::is_ascii_digit).count();
    if digits > 0 && digits < 4 {
        let rest = &t[digits..];
        if let Some(r) = rest.strip_prefix(". ").or_else(|| rest.strip_prefix(") ")) {
            return Some(r);
        }
    }
    None
}

/// A `===` or `---` line: a setext underline or a rule.
fn is_underline(trimmed: &str) -> bool {
    trimmed.len() >= 3 && (trimmed.bytes().all(|c| c == b'=') || trimmed.bytes().all(|c| c == b'-'))
}

/// Where the list item or paragraph whose first line is before `from`
/// ends: at a blank line or a line that opens another block (a list item,
/// heading, table row, raw HTML, fence, or a setext heading's text).
fn block_end(lines: &[&str], from: usize) -> usize {
    let mut end = from;
    while let Some(line) = lines.get(end) {
        let t = line.trim();
        let next = lines.get(end + 1).map(|l| l.trim()).unwrap_or("");
        let opens_block = t.is_empty()
            || list_item(line).is_some()
            || heading_level(line).is_some()
            || t.starts_with('|')
            || t.starts_with('<')
            || t.starts_with("```")
            || t.starts_with("~~~")
            || t.starts_with("{:")
            || is_underline(t)
            || is_underline(next)
            || (t.matches('|').count() >= 2 && is_table_separator(next));
        if opens_block {
            break;
        }
        end += 1;
    }
    end
}

/// `text` (the trimmed content of `raw`) without the mark of a hard line
/// break, and whether `raw` ends in one: a backslash or two spaces at the
/// end of the line (CommonMark), as in "January 15, 2024 --- Shared task
/// announcement\".
fn without_hard_break(raw: &str, text: &str) -> (String, bool) {
    let raw = raw.trim_end_matches(['\r', '\n']);
    if let Some(cut) = text.strip_suffix('\\') {
        return (cut.trim_end().to_string(), true);
    }
    (text.to_string(), raw.ends_with("  "))
}

/// Marks a line break inside a paragraph that stays a break.
const HARD_BREAK: char = '\u{2028}';

/// True when `line` holds a whole date ("28 avril 2015", "May 1").
fn holds_date(line: &str) -> bool {
    // Every date has a digit: most lines end here, before any pattern.
    line.bytes().any(|b| b.is_ascii_digit())
        && super::dates::may_hold_date(line)
        && !super::dates::find_dates(line, &[], None, &mut Vec::new()).is_empty()
}

/// "Notification aux auteurs : …", "Camera-ready: …": a line that opens
/// with a short label and a colon.
fn opens_entry(line: &str) -> bool {
    line.char_indices()
        .take(60)
        .find(|&(_, c)| c == ':')
        .is_some_and(|(at, _)| at >= 3 && !line[..at].bytes().any(|b| b.is_ascii_digit()))
}

/// Rewrites Markdown (with raw HTML inside) into HTML for the walker. Plain
/// text goes through here too, escaped first (`escape_html`).
pub(crate) fn markdown_to_html(body: &str, escape_html: bool) -> String {
    let body = strip_front_matter(body);
    let body = if escape_html {
        body.to_string()
    } else {
        strip_comments(body)
    };
    let lines: Vec<&str> = body.lines().collect();
    let mut out = String::with_capacity(body.len() + body.len() / 4);
    let mut in_table = false;
    let mut scratch_block = String::new();
    let mut in_fence = false;
    let mut scratch = String::new();
    let mut inline = |text: &str, out: &mut String| {
        if escape_html {
            scratch.clear();
            escape(text, &mut scratch);
            inline_markdown(&scratch, out);
        } else {
            inline_markdown(text, out);
        }
    };
    let mut index = 0;
    while index < lines.len() {
        let line = lines[index].trim_end();
        let trimmed = line.trim();
        index += 1;
        if trimmed.starts_with("```") || trimmed.starts_with("~~~") {
            in_fence = !in_fence;
            continue;
        }
        if in_fence {
            continue;
        }
        let next = lines.get(index).map(|l| l.trim()).unwrap_or("");
        let is_row = trimmed.starts_with('|')
            || (trimmed.matches('|').count() >= 2 && (in_table || is_table_separator(next)));
        if in_table && !is_row {
            out.push_str("</table>\n");
            in_table = false;
        }
        if trimmed.is_empty() || (trimmed.starts_with("{:") && trimmed.ends_with('}')) {
            continue;
        }
        if is_row {
            if is_table_separator(trimmed) {
                continue;
            }
            if !in_table {
                out.push_str("<table>\n");
                in_table = true;
            }
            let header = is_table_separator(next);
            let cell_tag = if header { "th" } else { "td" };
            out.push_str("<tr>");
            let inner = trimmed.trim_start_matches('|');
            let inner = inner.strip_suffix('|').unwrap_or(inner);
            for cell in inner.split('|') {
                out.push('<');
                out.push_str(cell_tag);
                out.push('>');
                inline(cell.trim(), &mut out);
                out.push_str("</");
                out.push_str(cell_tag);
                out.push('>');
            }
            out.push_str("</tr>\n");
            continue;
        }
        if let Some((level, text)) = heading_level(line) {
            out.push_str(&format!("<h{level}>"));
            inline(text, &mut out);
            out.push_str(&format!("</h{level}>\n"));
            continue;
        }
        // Setext heading: a text line underlined with === or ---.
        if is_underline(next) && list_item(line).is_none() {
            let level = if next.starts_with('=') { 1 } else { 2 };
            out.push_str(&format!("<h{level}>"));
            inline(trimmed, &mut out);
            out.push_str(&format!("</h{level}>\n"));
            continue;
        }
        if is_underline(trimmed) {
            // The underline of a setext heading or a rule.
            out.push_str("<hr>\n");
            continue;
        }
        if trimmed.starts_with('<') && !escape_html {
            inline(line, &mut out);
            out.push('\n');
            continue;
        }
        // A list item or a paragraph runs on over the lines that continue
        // it, so that "~~Friday 28\n February~~" and a label wrapped onto
        // the next line stay one record.
        let end = block_end(&lines, index);
        let (open, close, first) = match list_item(line) {
            Some(item) => ("<li>", "</li>\n", item),
            None => ("<p>", "</p>\n", trimmed),
        };
        let (mut block, mut hard) = without_hard_break(lines[index - 1], first);
        // Only a block that runs on needs to know (checked lazily).
        let mut dated = index < end && holds_date(&block);
        for more in &lines[index..end] {
            let (more, next_hard) = without_hard_break(more, more.trim());
            // "Notification aux auteurs : 28 avril 2015" under another dated
            // line is an entry of its own, not a wrapped continuation.
            let entry = hard || dated && opens_entry(&more) && holds_date(&more);
            block.push(if entry { HARD_BREAK } else { '\n' });
            block.push_str(&more);
            dated = dated || holds_date(&more);
            hard = next_hard;
        }
        index = end;
        out.push_str(open);
        scratch_block.clear();
        inline(&block, &mut scratch_block);
        // Plain text keeps its line breaks.
        let joint = if escape_html { "<br>" } else { " " };
        out.push_str(
            &scratch_block
                .replace('\n', joint)
                .replace(HARD_BREAK, "<br>"),
        );
        out.push_str(close);
    }
    if in_table {
        out.push_str("</table>\n");
    }
    out
}
