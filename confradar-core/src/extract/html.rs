//! Page → text lines. HTML is parsed with `scraper` (html5ever) and walked
//! once, iteratively; Markdown and plain text are first rewritten into simple
//! HTML (`markdown`) so that every format goes through the same walker.
//!
//! A [`Line`] is what a reader sees as one row of text: a paragraph, a list
//! item, a heading, a table row (cells kept apart), or a piece of a paragraph
//! between two `<br>`. Each line remembers which byte ranges were shown
//! struck through.

use scraper::{Html, Node};

/// What kind of block a line came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum LineKind {
    /// `<h1>`…`<h6>` (or a Markdown heading), with its level.
    Heading(u8),
    /// One table row; [`Line::cells`] holds the cell ranges.
    Row,
    /// Anything else: paragraph, list item, `<br>`-separated piece.
    Text,
}

/// One line of visible text.
#[derive(Debug, Clone)]
pub(crate) struct Line {
    /// The visible text, whitespace collapsed; table cells joined by " | ".
    pub text: String,
    /// Byte ranges of `text` shown struck through (sorted, disjoint).
    pub struck: Vec<(usize, usize)>,
    /// Byte ranges of the cells of a table row.
    pub cells: Vec<(usize, usize)>,
    /// Where the line came from.
    pub kind: LineKind,
    /// Inside `<header>` or a masthead/banner: the page's title area.
    pub in_header: bool,
    /// Inside `<aside>`: a sidebar, used only when the main text has no dates.
    pub in_aside: bool,
    /// A row made of `<th>` cells only.
    pub header_row: bool,
    /// Every character of the line sits inside a link (menus, "see also").
    pub all_link: bool,
    /// The block elements (ids, outermost first, capped) around the line's
    /// start: two lines belong to the same record (list item, card, row of a
    /// grid) as far as their paths agree.
    pub path: Vec<u32>,
}

/// The most block ancestors a line remembers: records sit near the top.
const MAX_PATH: usize = 64;

impl Line {
    /// How many block ancestors this line shares with `other`: the deeper,
    /// the more surely the two are one record.
    pub fn shared_depth(&self, other: &Line) -> usize {
        self.path
            .iter()
            .zip(&other.path)
            .take_while(|(a, b)| a == b)
            .count()
    }
}

impl Line {
    /// True when most of `start..end` (ignoring spaces) is struck through.
    pub fn is_struck(&self, start: usize, end: usize) -> bool {
        let mut total = 0usize;
        let mut struck = 0usize;
        let Some(slice) = self.text.get(start..end) else {
            return false;
        };
        for (offset, ch) in slice.char_indices() {
            if ch.is_whitespace() || ch == ',' {
                continue;
            }
            total += 1;
            let at = start + offset;
            if self.struck.iter().any(|&(s, e)| s <= at && at < e) {
                struck += 1;
            }
        }
        total > 0 && struck * 2 > total
    }
}

/// What the walk finds besides the lines.
#[derive(Debug, Default, Clone)]
pub(crate) struct Document {
    /// The lines in page order.
    pub lines: Vec<Line>,
    /// `<title>` text.
    pub title: Option<String>,
    /// `<meta name="description">` (or og:description) content.
    pub description: Option<String>,
}

/// What an element means to the walker, decided once per element.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Tag {
    /// Never visible (script, style, nav, footer, …).
    Skip,
    /// `<head>`: only `<title>` and `<meta>` matter.
    Head,
    Title,
    Meta,
    /// Starts and ends a line.
    Block,
    /// `<pre>`: a block whose own line breaks end lines.
    Pre,
    /// `<h1>`…`<h6>`.
    Heading(u8),
    Table,
    Tr,
    Td,
    Th,
    Br,
    /// `<del>`, `<s>`, `<strike>`.
    Strike,
    A,
    Header,
    Aside,
    /// Inline and glued to the previous text (`<sup>`).
    Glued,
    /// Any other inline element.
    Inline,
}

/// Classifies an element name with few comparisons (dispatch on length).
fn tag_of(name: &str) -> Tag {
    use Tag::*;
    match name.len() {
        1 => match name {
            "p" => Block,
            "a" => A,
            "s" => Strike,
            _ => Inline,
        },
        2 => match name {
            "li" | "ul" | "ol" | "dl" | "dt" | "dd" | "hr" => Block,
            "td" => Td,
            "tr" => Tr,
            "th" => Th,
            "br" => Br,
            _ => match name.as_bytes() {
                [b'h', d @ b'1'..=b'6'] => Heading(d - b'0'),
                _ => Inline,
            },
        },
        3 => match name {
            "div" => Block,
            "pre" => Pre,
            "del" => Strike,
            "nav" | "svg" => Skip,
            "sup" | "sub" | "wbr" => Glued,
            _ => Inline,
        },
        4 => match name {
            "span" | "font" | "code" | "abbr" | "mark" | "time" | "cite" => Inline,
            "body" | "html" | "main" | "form" => Block,
            "head" => Head,
            "meta" => Meta,
            "math" | "link" => Skip,
            _ => Inline,
        },
        5 => match name {
            "table" => Table,
            "title" => Title,
            "aside" => Aside,
            "tbody" | "thead" | "tfoot" => Block,
            "style" | "embed" => Skip,
            "small" => Glued,
            _ => Inline,
        },
        6 => match name {
            "strong" => Inline,
            "header" => Header,
            "strike" => Strike,
            "center" | "figure" | "legend" => Block,
            "script" | "footer" | "iframe" | "object" | "select" | "option" | "canvas"
            | "button" => Skip,
            _ => Inline,
        },
        7 => match name {
            "section" | "article" | "address" | "details" | "summary" | "caption" => Block,
            _ => Inline,
        },
        8 => match name {
            "noscript" | "template" | "textarea" => Skip,
            "fieldset" => Block,
            _ => Inline,
        },
        10 => match name {
            "blockquote" | "figcaption" => Block,
            _ => Inline,
        },
        _ => Inline,
    }
}

fn style_says_struck(style: &str) -> bool {
    style.contains("line-through") || style.contains("LINE-THROUGH")
}

fn style_says_hidden(style: &str) -> bool {
    if !(style.contains("none")
        || style.contains("hidden")
        || style.contains("NONE")
        || style.contains("HIDDEN"))
    {
        return false;
    }
    let compact: String = style
        .chars()
        .filter(|c| !c.is_whitespace())
        .flat_map(char::to_lowercase)
        .collect();
    compact.contains("display:none") || compact.contains("visibility:hidden")
}

/// True when the class name `token` contains `part`. Class names are
/// short: comparing windows costs less than setting up a substring search
/// (`str::contains`), which runs for every class of every element.
fn holds(token: &str, part: &str) -> bool {
    token
        .as_bytes()
        .windows(part.len())
        .any(|w| w == part.as_bytes())
}

/// Class names are case-sensitive in CSS and written in lower case in practice.
fn class_says_struck(class: &str) -> bool {
    class.split_ascii_whitespace().any(|t| {
        holds(t, "strike")
            || holds(t, "line-through")
            || holds(t, "linethrough")
            || holds(t, "struck")
            || holds(t, "crossed")
            || t == "del"
            || t == "deleted"
    })
}

/// A class or id of the page's banner: `masthead`, `hero`, `id="header"`,
/// `header-wrapper` (not `card-header` and the like, which head an entry).
fn class_says_header(class: &str) -> bool {
    class.split_ascii_whitespace().any(|t| {
        holds(t, "masthead")
            || holds(t, "banner")
            || holds(t, "hero")
            || matches!(
                t,
                "jumbotron"
                    | "header"
                    | "site-header"
                    | "header-wrapper"
                    | "main-header"
                    | "top-header"
            )
    })
}

/// The role a class or id gives a layout block: page footer and menus
/// (skipped) or sidebar (used only as a fallback, like `<aside>`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Role {
    Footer,
    Sidebar,
}

fn role_of(names: &str) -> Option<Role> {
    names.split_ascii_whitespace().find_map(|t| {
        if t == "footer"
            || t.starts_with("footer-")
            || t.ends_with("-footer")
            || t == "navbar"
            || t == "breadcrumb"
            || t == "breadcrumbs"
        {
            Some(Role::Footer)
        } else if t == "sidebar" || t.starts_with("sidebar-") || t.ends_with("-sidebar") {
            Some(Role::Sidebar)
        } else {
            None
        }
    })
}

fn is_space(ch: char) -> bool {
    if ch.is_ascii() {
        return ch.is_ascii_whitespace() || ch == '\u{b}';
    }
    ch.is_whitespace()
        || matches!(
            ch,
            '\u{a0}' | '\u{200b}' | '\u{feff}' | '\u{2002}'..='\u{200a}'
        )
}

/// The length of the leading run of non-space characters.
fn word_end(text: &str) -> usize {
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b < 0x80 {
            if b.is_ascii_whitespace() || b == 0x0b {
                return i;
            }
            i += 1;
        } else {
            let ch = text
                .get(i..)
                .and_then(|rest| rest.chars().next())
                .unwrap_or(' ');
            if is_space(ch) {
                return i;
            }
            i += ch.len_utf8();
        }
    }
    bytes.len()
}

/// Accumulates the current line.
#[derive(Default)]
struct Builder {
    text: String,
    struck: Vec<(usize, usize)>,
    cells: Vec<(usize, usize)>,
    cell_start: Option<usize>,
    pending_space: bool,
    heading: Option<u8>,
    row: bool,
    th_cells: usize,
    td_cells: usize,
    linked_chars: usize,
    chars: usize,
    path: Vec<u32>,
    /// Where `<br>`s fell inside the cells of a row.
    breaks: Vec<usize>,
}

/// A row whose cells stack their entries with `<br>` — labels in one
/// cell, dates in the next, the n-th of each belonging together — as one
/// row per entry. `None` unless at least two cells hold the same number
/// (two or more) of pieces.
fn stacked_rows(line: &Line, breaks: &[usize]) -> Option<Vec<Line>> {
    if line.kind != LineKind::Row || breaks.is_empty() || line.cells.len() < 2 {
        return None;
    }
    let pieces: Vec<Vec<(usize, usize)>> = line
        .cells
        .iter()
        .map(|&(start, end)| cell_pieces(&line.text, start, end, breaks))
        .filter(|p| !p.is_empty())
        .collect();
    let n = pieces.first()?.len();
    if n < 2 || pieces.len() < 2 || pieces.iter().any(|p| p.len() != n) {
        return None;
    }
    let rows = (0..n)
        .map(|k| {
            let mut row = Line {
                text: String::new(),
                struck: Vec::new(),
                cells: Vec::new(),
                ..line.clone()
            };
            for cell in &pieces {
                let (start, end) = cell[k];
                if !row.text.is_empty() {
                    row.text.push_str(" | ");
                }
                let at = row.text.len();
                row.text.push_str(&line.text[start..end]);
                row.cells.push((at, row.text.len()));
                for &(s, e) in &line.struck {
                    let (s, e) = (s.max(start), e.min(end));
                    if s < e {
                        row.struck.push((at + s - start, at + e - start));
                    }
                }
            }
            row
        })
        .collect();
    Some(rows)
}

/// The non-empty pieces of a cell between its `<br>`s, trimmed.
fn cell_pieces(text: &str, start: usize, end: usize, breaks: &[usize]) -> Vec<(usize, usize)> {
    let mut cuts: Vec<usize> = vec![start];
    cuts.extend(breaks.iter().copied().filter(|&b| b > start && b < end));
    cuts.push(end);
    cuts.windows(2)
        .filter_map(|w| {
            let piece = text.get(w[0]..w[1])?;
            let lead = piece.len() - piece.trim_start().len();
            let trimmed = piece.trim();
            (!trimmed.is_empty()).then(|| (w[0] + lead, w[0] + lead + trimmed.len()))
        })
        .collect()
}

/// One open element on the walk's stack and what it changed.
struct Frame {
    skip: bool,
    strike: bool,
    block: bool,
    heading: Option<u8>,
    header: bool,
    aside: bool,
    link: bool,
    cell: bool,
    row: bool,
    table: bool,
    title: bool,
    glued: bool,
    /// Pushed an id on the walker's block path.
    pathed: bool,
    /// Opened a `<pre>`.
    pre: bool,
}

struct Walker {
    doc: Document,
    line: Builder,
    skip: usize,
    strike: usize,
    header: usize,
    aside: usize,
    link: usize,
    /// Innermost table context: true while inside a row of the innermost table.
    tables: Vec<bool>,
    title_depth: usize,
    title: String,
    /// Open `<pre>` elements: inside, a newline ends a line.
    pre: usize,
    max_lines: usize,
    /// Ids of the open block elements (outermost first).
    blocks: Vec<u32>,
    next_block: u32,
    /// The id of the last `<dt>`, which the `<dd>`s after it share.
    last_dt: Option<u32>,
    /// Classes the page's stylesheet strikes through (`css`).
    struck_classes: Vec<String>,
}

impl Walker {
    fn stylesheet_strikes(&self, class: &str) -> bool {
        !self.struck_classes.is_empty()
            && class
                .split_ascii_whitespace()
                .any(|t| self.struck_classes.iter().any(|c| c == t))
    }

    fn in_row(&self) -> bool {
        self.tables.last().copied().unwrap_or(false)
    }

    fn push_text(&mut self, raw: &str) {
        if self.pre == 0 {
            self.push_piece(raw);
            return;
        }
        if self.title_depth == 0 && raw.contains('\n') {
            // Preformatted text keeps its lines ("May 15, 2015: Paper
            // Submission Deadline" one per line of a plain-text call).
            for (k, piece) in raw.split('\n').enumerate() {
                if k > 0 {
                    self.soft_break();
                }
                self.push_piece(piece);
            }
            return;
        }
        self.push_piece(raw);
    }

    /// Pushes text in which characters overlaid with a combining stroke
    /// ("2̶7̶t̶h̶ ̶M̶a̶r̶c̶h̶") show struck through; the strokes are dropped.
    #[inline]
    fn push_piece(&mut self, raw: &str) {
        let is_stroke = |c: char| matches!(c, '\u{335}' | '\u{336}');
        // ASCII text, nearly all of it, holds no stroke.
        if raw.is_ascii() || !raw.contains(is_stroke) {
            self.push_words(raw);
            return;
        }
        let mut run = String::new();
        let mut run_struck = false;
        let mut chars = raw.chars().filter(|&c| c != '\u{335}').peekable();
        while let Some(c) = chars.next() {
            if is_stroke(c) {
                continue;
            }
            let struck = chars.peek().is_some_and(|&n| is_stroke(n));
            if struck != run_struck && !run.is_empty() {
                self.push_run(&run, run_struck);
                run.clear();
            }
            run_struck = struck;
            run.push(c);
        }
        if !run.is_empty() {
            self.push_run(&run, run_struck);
        }
    }

    fn push_run(&mut self, text: &str, struck: bool) {
        if struck {
            self.strike += 1;
        }
        self.push_words(text);
        if struck {
            self.strike -= 1;
        }
    }

    fn push_words(&mut self, raw: &str) {
        if self.title_depth > 0 {
            if self.title.len() < 2000 {
                self.title.push_str(raw);
                self.title.push(' ');
            }
            return;
        }
        let struck = self.strike > 0;
        let linked = self.link > 0;
        let mut rest = raw;
        while !rest.is_empty() {
            // Skip a run of spaces (ASCII fast path; other spaces decoded).
            let mut skipped = 0;
            for ch in rest.chars() {
                if !is_space(ch) {
                    break;
                }
                skipped += ch.len_utf8();
            }
            if skipped > 0 {
                self.line.pending_space = true;
                rest = &rest[skipped..];
                if rest.is_empty() {
                    break;
                }
            }
            let word_len = word_end(rest);
            let word = &rest[..word_len];
            rest = &rest[word_len..];
            if self.line.pending_space
                && !self.line.text.is_empty()
                && !self.line.text.ends_with(' ')
            {
                self.line.text.push(' ');
            }
            self.line.pending_space = false;
            if self.line.text.is_empty() {
                let keep = self.blocks.len().min(MAX_PATH);
                self.line.path.clear();
                self.line.path.extend_from_slice(&self.blocks[..keep]);
            }
            let start = self.line.text.len();
            self.line.text.push_str(word);
            let end = self.line.text.len();
            self.line.chars += word.len();
            if linked {
                self.line.linked_chars += word.len();
            }
            if struck {
                match self.line.struck.last_mut() {
                    Some(last) if last.1 >= start.saturating_sub(1) => last.1 = end,
                    _ => self.line.struck.push((start, end)),
                }
            }
        }
    }

    fn start_cell(&mut self, th: bool) {
        self.close_cell();
        if !self.line.text.is_empty() {
            self.line.text.push_str(" | ");
        }
        self.line.pending_space = false;
        self.line.cell_start = Some(self.line.text.len());
        if th {
            self.line.th_cells += 1;
        } else {
            self.line.td_cells += 1;
        }
    }

    fn close_cell(&mut self) {
        if let Some(start) = self.line.cell_start.take() {
            let end = self.line.text.len();
            self.line.cells.push((start, end));
        }
    }

    fn flush(&mut self) {
        self.close_cell();
        let builder = &mut self.line;
        let trimmed = builder.text.trim_end_matches([' ', '|']).trim_end();
        let keep = !trimmed.is_empty() && self.doc.lines.len() < self.max_lines;
        if keep {
            let text = trimmed.to_string();
            let len = text.len();
            let clip = |&(s, e): &(usize, usize)| (s.min(len), e.min(len));
            let kind = if builder.row {
                LineKind::Row
            } else if let Some(level) = builder.heading {
                LineKind::Heading(level)
            } else {
                LineKind::Text
            };
            let line = Line {
                struck: builder
                    .struck
                    .iter()
                    .map(clip)
                    .filter(|(s, e)| s < e)
                    .collect(),
                cells: builder.cells.iter().map(clip).collect(),
                kind,
                in_header: self.header > 0,
                in_aside: self.aside > 0,
                header_row: builder.row && builder.th_cells > 0 && builder.td_cells == 0,
                all_link: builder.chars > 0 && builder.linked_chars == builder.chars,
                path: builder.path.clone(),
                text,
            };
            match stacked_rows(&line, &builder.breaks) {
                Some(rows) => self.doc.lines.extend(rows),
                None => self.doc.lines.push(line),
            }
        }
        // Start afresh, keeping the buffers' capacity.
        builder.text.clear();
        builder.struck.clear();
        builder.cells.clear();
        builder.cell_start = None;
        builder.pending_space = false;
        builder.heading = None;
        builder.row = false;
        builder.th_cells = 0;
        builder.td_cells = 0;
        builder.linked_chars = 0;
        builder.chars = 0;
        builder.breaks.clear();
    }

    /// A line break that does not end a table row.
    fn soft_break(&mut self) {
        if self.in_row() {
            self.line.pending_space = true;
            if self.line.cell_start.is_some() {
                self.line.breaks.push(self.line.text.len());
            }
        } else {
            self.flush();
        }
    }

    fn open(&mut self, el: &scraper::node::Element) -> Frame {
        let tag = tag_of(el.name());
        let mut frame = Frame {
            skip: false,
            strike: false,
            block: false,
            heading: None,
            header: false,
            aside: false,
            link: false,
            cell: false,
            row: false,
            table: false,
            title: false,
            glued: tag == Tag::Glued,
            pathed: false,
            pre: false,
        };
        match tag {
            Tag::Title => {
                frame.title = true;
                self.title_depth += 1;
                return frame;
            }
            Tag::Meta => {
                self.read_meta(el);
                return frame;
            }
            Tag::Skip => {
                frame.skip = true;
                self.skip += 1;
                return frame;
            }
            _ => {}
        }
        let (mut style, mut class, mut id, mut hidden) = ("", "", "", false);
        let (mut tooltip, mut title) = (false, "");
        for (key, value) in el.attrs() {
            match key {
                "style" => style = value,
                "class" => class = value,
                "id" => id = value,
                "hidden" => hidden = true,
                "data-toggle" | "data-bs-toggle" => tooltip = value.eq_ignore_ascii_case("tooltip"),
                "title" | "data-bs-original-title" => title = value,
                _ => {}
            }
        }
        let role = if class.is_empty() && id.is_empty() {
            None
        } else {
            role_of(class).or_else(|| role_of(id))
        };
        if hidden || role == Some(Role::Footer) || (!style.is_empty() && style_says_hidden(style)) {
            frame.skip = true;
            self.skip += 1;
            return frame;
        }
        // A Bootstrap tooltip (`data-toggle="tooltip" title="Timezone: CET
        // (UTC+1h)"`, often on an icon next to a date) is shown to a reader
        // who points at it: part of what the line says.
        let tip = title.trim();
        if tooltip && self.skip == 0 && !tip.is_empty() && tip.len() <= 200 {
            self.push_text(&format!(" ({tip}) "));
        }
        if tag == Tag::Strike
            || (!style.is_empty() && style_says_struck(style))
            || (!class.is_empty() && (class_says_struck(class) || self.stylesheet_strikes(class)))
        {
            frame.strike = true;
            self.strike += 1;
        }
        if tag == Tag::Header
            || (!class.is_empty() && class_says_header(class))
            || (!id.is_empty() && class_says_header(id))
        {
            frame.header = true;
            self.header += 1;
        }
        if role == Some(Role::Sidebar) && tag != Tag::Aside {
            frame.aside = true;
            self.aside += 1;
        }
        match tag {
            Tag::Aside => {
                frame.aside = true;
                self.aside += 1;
                frame.block = true;
                self.soft_break();
            }
            Tag::A => {
                frame.link = true;
                self.link += 1;
                self.line.pending_space = true;
            }
            Tag::Table => {
                self.flush();
                self.tables.push(false);
                frame.table = true;
            }
            Tag::Tr => {
                self.flush();
                if let Some(last) = self.tables.last_mut() {
                    *last = true;
                } else {
                    self.tables.push(true);
                    frame.table = true;
                }
                self.line.row = true;
                frame.row = true;
            }
            Tag::Td | Tag::Th => {
                if self.in_row() {
                    self.start_cell(tag == Tag::Th);
                    frame.cell = true;
                } else {
                    self.flush();
                    frame.block = true;
                }
            }
            Tag::Br => self.soft_break(),
            Tag::Heading(level) => {
                if self.in_row() {
                    self.line.pending_space = true;
                } else {
                    self.flush();
                    self.line.heading = Some(level);
                    frame.heading = Some(level);
                    frame.block = true;
                }
            }
            Tag::Block | Tag::Header => {
                frame.block = true;
                // A list inside a table cell: the table lays out the page
                // (as old sites do), and its rows are no records; the
                // cell's entries are lines of their own.
                if self.in_row() && matches!(el.name(), "ul" | "ol" | "dl") {
                    self.flush();
                    if let Some(row) = self.tables.last_mut() {
                        *row = false;
                    }
                }
                self.soft_break();
            }
            Tag::Pre => {
                frame.block = true;
                frame.pre = true;
                self.pre += 1;
                self.soft_break();
            }
            Tag::Glued | Tag::Head => {}
            _ => self.line.pending_space = true,
        }
        if frame.block || frame.row || frame.cell || frame.table {
            frame.pathed = true;
            // A <dd> is one record with the <dt> before it, whichever holds the date.
            let id = match (el.name(), self.last_dt) {
                ("dd", Some(dt)) => dt,
                _ => {
                    self.next_block = self.next_block.wrapping_add(1);
                    self.next_block
                }
            };
            if el.name() == "dt" {
                self.last_dt = Some(id);
            }
            self.blocks.push(id);
        }
        frame
    }

    /// `<meta name="description">`: kept for the conference's location.
    fn read_meta(&mut self, el: &scraper::node::Element) {
        if self.doc.description.is_some() {
            return;
        }
        let key = el
            .attr("name")
            .or_else(|| el.attr("property"))
            .unwrap_or("");
        if (key.eq_ignore_ascii_case("description") || key.eq_ignore_ascii_case("og:description"))
            && let Some(content) = el.attr("content")
        {
            self.doc.description = Some(content.chars().take(2000).collect());
        }
    }

    #[inline]
    fn close(&mut self, frame: Frame) {
        if frame.pre {
            self.pre = self.pre.saturating_sub(1);
        }
        if frame.title {
            self.title_depth = self.title_depth.saturating_sub(1);
            return;
        }
        if frame.skip {
            self.skip = self.skip.saturating_sub(1);
            return;
        }
        if frame.cell {
            self.close_cell();
            self.line.pending_space = false;
        }
        if frame.row {
            self.flush();
            if frame.table {
                self.tables.pop();
            } else if let Some(last) = self.tables.last_mut() {
                *last = false;
            }
        } else if frame.table {
            self.flush();
            self.tables.pop();
        } else if frame.heading.is_some() || frame.block {
            self.soft_break();
        } else if !frame.glued {
            self.line.pending_space = true;
        }
        if frame.pathed {
            self.blocks.pop();
        }
        if frame.strike {
            self.strike = self.strike.saturating_sub(1);
        }
        if frame.header {
            self.header = self.header.saturating_sub(1);
        }
        if frame.aside {
            self.aside = self.aside.saturating_sub(1);
        }
        if frame.link {
            self.link = self.link.saturating_sub(1);
        }
    }
}

/// Walks a parsed document into lines (iteratively: deep nesting cannot
/// overflow the stack). `struck_classes` are the classes the page's
/// stylesheet strikes through.
pub(crate) fn html_lines(html: &Html, struck_classes: Vec<String>) -> Document {
    let mut walker = Walker {
        doc: Document::default(),
        line: Builder::default(),
        skip: 0,
        strike: 0,
        header: 0,
        aside: 0,
        link: 0,
        tables: Vec::new(),
        title_depth: 0,
        pre: 0,
        title: String::new(),
        max_lines: 200_000,
        blocks: Vec::new(),
        next_block: 0,
        last_dt: None,
        struck_classes,
    };
    let root = html.tree.root();
    let mut stack: Vec<Frame> = Vec::new();
    let mut node = root.first_child();
    while let Some(current) = node {
        let mut descend = false;
        match current.value() {
            Node::Element(el) => {
                let frame = walker.open(el);
                let skip = frame.skip;
                if !skip && current.has_children() {
                    stack.push(frame);
                    descend = true;
                } else {
                    walker.close(frame);
                }
            }
            Node::Text(text) if walker.skip == 0 => walker.push_text(text),
            _ => {}
        }
        if descend {
            node = current.first_child();
            continue;
        }
        // Move to the next sibling, closing finished ancestors on the way up.
        let mut up = current;
        loop {
            if let Some(next) = up.next_sibling() {
                node = Some(next);
                break;
            }
            match up.parent() {
                Some(parent) if parent.id() != root.id() => {
                    if let Some(frame) = stack.pop() {
                        walker.close(frame);
                    }
                    up = parent;
                }
                _ => {
                    node = None;
                    break;
                }
            }
        }
    }
    while let Some(frame) = stack.pop() {
        walker.close(frame);
    }
    walker.flush();
    let title = collapse(&walker.title);
    if !title.is_empty() {
        walker.doc.title = Some(title);
    }
    walker.doc
}

/// Collapses whitespace runs into single spaces and trims.
pub(crate) fn collapse(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for word in text.split(is_space).filter(|w| !w.is_empty()) {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::markdown::markdown_to_html;

    fn lines(html: &str) -> Vec<Line> {
        html_lines(
            &Html::parse_document(html),
            crate::extract::css::struck_classes(html),
        )
        .lines
    }

    #[test]
    fn a_tooltip_is_part_of_its_line() {
        let got = lines(
            "<p><strong>Mon 4 Sept. 2017</strong> <span data-toggle=\"tooltip\" title=\"Timezone: CET (UTC+1h)\"><span class=\"icon\"></span></span></p>",
        );
        assert_eq!(got[0].text, "Mon 4 Sept. 2017 (Timezone: CET (UTC+1h))");
        let got = lines("<p>May 1 <span title=\"a plain title\">x</span></p>");
        assert_eq!(got[0].text, "May 1 x");
    }

    #[test]
    fn table_rows_keep_cells_and_skip_scripts() {
        let got = lines(
            "<table><tr><td>Abstract</td><td>May 1<script>var x = '2024-01-01';</script></td></tr></table>",
        );
        assert_eq!(got.len(), 1);
        assert_eq!(got[0].text, "Abstract | May 1");
        assert_eq!(got[0].kind, LineKind::Row);
        assert_eq!(got[0].cells.len(), 2);
    }

    #[test]
    fn strike_comes_from_tags_style_and_class() {
        for html in [
            "<p><del>March 1</del> March 8</p>",
            "<p><s>March 1</s> March 8</p>",
            "<p><strike>March 1</strike> March 8</p>",
            "<p><span style='text-decoration: line-through'>March 1</span> March 8</p>",
            "<p><span class='strikethrough'>March 1</span> March 8</p>",
            "<style>.dates .past { text-decoration: line-through }</style>\
             <p class='dates'><span class='past'>March 1</span> March 8</p>",
        ] {
            let got = lines(html);
            assert_eq!(got[0].text, "March 1 March 8", "{html}");
            assert!(got[0].is_struck(0, 7), "{html}");
            assert!(!got[0].is_struck(8, 15), "{html}");
        }
    }

    #[test]
    fn br_splits_paragraphs_but_not_cells() {
        let got = lines(
            "<p>A: May 1<br>B: May 2</p><table><tr><td>C</td><td>May 3<br>May 4</td></tr></table>",
        );
        let texts: Vec<_> = got.iter().map(|l| l.text.as_str()).collect();
        assert_eq!(texts, ["A: May 1", "B: May 2", "C | May 3 May 4"]);
    }

    #[test]
    fn characters_overlaid_with_a_stroke_are_struck() {
        let got =
            lines("<p>abstract: 2\u{336}7\u{336} \u{336}M\u{336}a\u{336}r\u{336} 13 April</p>");
        assert_eq!(got[0].text, "abstract: 27 Mar 13 April");
        assert!(got[0].is_struck(10, 16));
        assert!(!got[0].is_struck(17, 25));
    }

    #[test]
    fn a_list_in_a_layout_table_keeps_its_items_apart() {
        let got = lines(
            "<table><tr><td>Important Dates</td></tr><tr><td><div><p>Also as a calendar.</p>\
             <ul><li>October 5th 2009: Paper deadline</li><li>December 8th 2009: Notification</li></ul>\
             </div></td><td>Sidebar</td></tr><tr><td>A</td><td>B</td></tr></table>",
        );
        let texts: Vec<_> = got.iter().map(|l| l.text.as_str()).collect();
        assert_eq!(
            texts,
            [
                "Important Dates",
                "Also as a calendar.",
                "October 5th 2009: Paper deadline",
                "December 8th 2009: Notification",
                "Sidebar",
                "A | B"
            ]
        );
        assert_eq!(got[5].kind, LineKind::Row);
    }

    #[test]
    fn preformatted_text_keeps_its_lines() {
        let got = lines(
            "<pre>Important Dates\nMay 15, 2015: Papers\nMay 20, 2015: Notification</pre><p>a\nb</p>",
        );
        let texts: Vec<_> = got.iter().map(|l| l.text.as_str()).collect();
        assert_eq!(
            texts,
            [
                "Important Dates",
                "May 15, 2015: Papers",
                "May 20, 2015: Notification",
                "a b"
            ]
        );
    }

    #[test]
    fn cells_that_stack_their_entries_pair_them_by_position() {
        let got = lines(
            "<table><tr><td>Abstracts:<br>Papers:<br>Notification:</td>             <td><s>March 28, 2014</s><br>May 2, 2014 <br>June 27, 2014</td></tr></table>",
        );
        let texts: Vec<_> = got.iter().map(|l| l.text.as_str()).collect();
        assert_eq!(
            texts,
            [
                "Abstracts: | March 28, 2014",
                "Papers: | May 2, 2014",
                "Notification: | June 27, 2014"
            ]
        );
        assert!(got[0].is_struck(13, got[0].text.len()));
        assert!(!got[1].is_struck(10, got[1].text.len()));
        assert_eq!(got[2].cells, vec![(0, 13), (16, 29)]);
    }

    #[test]
    fn comments_nav_and_footer_are_ignored_and_sup_is_glued() {
        let got = lines(
            "<nav>Dates</nav><!-- May 1, 2020 --><p>Papers: May 6<sup>th</sup></p><footer>Last updated May 2</footer>",
        );
        let texts: Vec<_> = got.iter().map(|l| l.text.as_str()).collect();
        assert_eq!(texts, ["Papers: May 6th"]);
    }

    #[test]
    fn markdown_tables_lists_headings_and_strike() {
        let md = "---\ntitle: x\n---\n# Important Dates\n\n- Paper: ~~May 1~~ May 8, 2025\n\n| Event | Date |\n|---|---|\n| [Camera](x) | June 1 |\n<!-- | Old | May 2 | -->\n";
        let html = markdown_to_html(md, false);
        let got = lines(&html);
        let texts: Vec<_> = got.iter().map(|l| l.text.as_str()).collect();
        assert_eq!(
            texts,
            [
                "Important Dates",
                "Paper: May 1 May 8, 2025",
                "Event | Date",
                "Camera | June 1"
            ]
        );
        assert_eq!(got[0].kind, LineKind::Heading(1));
        assert!(got[1].is_struck(7, 12));
        assert!(got[2].header_row);
    }

    #[test]
    fn plain_text_is_escaped() {
        let html = markdown_to_html("Deadline <soon>: May 1\nNext & last", true);
        let got = lines(&html);
        assert_eq!(got[0].text, "Deadline <soon>: May 1");
    }

    #[test]
    fn deep_nesting_does_not_overflow() {
        // Deep enough to overflow a recursive walk in a debug build; html5ever
        // itself is quadratic in the depth of open elements, so not deeper.
        let html = "<div>".repeat(5_000) + "May 1, 2025";
        let got = lines(&html);
        assert!(got.iter().any(|l| l.text.contains("May 1")));
    }
}
