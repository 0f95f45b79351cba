//! Sections: the headings open above a line ("Important Dates", "News",
//! a track's sub-heading), kept as a stack while the lines are walked.

use super::html::{Line, LineKind};
use super::labels::{self, Confidence};

/// Where a line stands with respect to the page's sections.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Scope {
    /// Under an "Important Dates"-like heading.
    Dates,
    /// Under a heading such as "News" or "Sponsors".
    Excluded,
    /// Anywhere else.
    Plain,
}

/// A heading on the stack of open sections.
struct Open {
    level: u8,
    scope: Scope,
    text: String,
    /// The line of the heading.
    line: usize,
}

/// The level given to a short bold line that acts as a heading ("Important
/// Dates:" in a paragraph of its own): below every real heading.
const PSEUDO_LEVEL: u8 = 7;

/// The open sections, outermost first.
#[derive(Default)]
pub(super) struct Sections {
    stack: Vec<Open>,
}

impl Sections {
    /// Opens the section a heading starts. A heading that holds a date
    /// ("<h2>Full papers. Deadline on April 9th</h2>") opens a plain one,
    /// unless it is headed as a list of dates ("Important dates - updated
    /// June 30, 2020").
    pub fn heading(&mut self, level: u8, line: &Line, index: usize, dated: bool) {
        while self.stack.last().is_some_and(|o| o.level >= level) {
            self.stack.pop();
        }
        let lists_dates = || {
            let lower = line.text.to_lowercase();
            lower.contains("dates") && labels::is_dates_only_heading(&lower)
        };
        let (scope, text) = if dated && lists_dates() {
            (Scope::Dates, String::new())
        } else if dated {
            (Scope::Plain, String::new())
        } else {
            (scope_of(&line.text), labels::clean_label(&line.text))
        };
        self.stack.push(Open {
            level,
            scope,
            text,
            line: index,
        });
    }

    /// Opens a section for an undated line shaped like a heading: short,
    /// and ending in a colon, of three words at most, or in capitals.
    pub fn pseudo_heading(&mut self, line: &Line, index: usize) {
        // Only short lines can be headings; long ones are not counted.
        let words = if line.text.len() <= 80 {
            line.text.split_whitespace().count()
        } else {
            usize::MAX
        };
        let shaped = words <= 6
            && !line.all_link
            // A layout table's one-cell row ("<td class=…>Important
            // Dates</td>") can head a section too.
            && (line.kind == LineKind::Text || line.kind == LineKind::Row && line.cells.len() <= 1)
            && (line.text.trim_end().ends_with(':')
                || words <= 3
                || line
                    .text
                    .chars()
                    .filter(|c| c.is_alphabetic())
                    .all(char::is_uppercase));
        let scope = if !shaped {
            None
        } else if labels::is_dates_heading(&line.text) {
            (!self.stack.iter().any(|o| o.scope == Scope::Dates)).then_some(Scope::Dates)
        } else if words <= 3 && labels::is_excluded_heading(&line.text) {
            // A bold "Latest Updates" over a news panel ends the dates
            // panel before it, as a real heading would.
            Some(Scope::Excluded)
        } else {
            None
        };
        if let Some(scope) = scope {
            while self.stack.last().is_some_and(|o| o.level >= PSEUDO_LEVEL) {
                self.stack.pop();
            }
            self.stack.push(Open {
                level: PSEUDO_LEVEL,
                scope,
                text: labels::clean_label(&line.text),
                line: index,
            });
        }
    }

    /// The scope of the innermost section that has one.
    pub fn scope(&self) -> Scope {
        self.stack
            .iter()
            .rev()
            .find(|o| o.scope != Scope::Plain || o.level == PSEUDO_LEVEL)
            .map_or(Scope::Plain, |o| o.scope)
    }

    /// The track a sub-heading under the dates section names. A second
    /// dates heading ("Important Dates" under "Call for Papers") names
    /// none, or every rewording would be a new track.
    pub fn track(&self) -> Option<String> {
        let first_dates = self.stack.iter().position(|o| o.scope == Scope::Dates)?;
        let last = self.stack.last()?;
        (self.stack.len() > first_dates + 1 && !last.text.is_empty() && last.scope != Scope::Dates)
            .then(|| last.text.clone())
    }

    /// The line of the innermost dates heading that names no track
    /// ("Important Dates", not "Demo dates"): only such a heading can head
    /// a repeated copy of the dates list.
    pub fn dates_heading_line(&self) -> Option<usize> {
        self.stack
            .iter()
            .rev()
            .find(|o| o.scope == Scope::Dates)
            .filter(|o| labels::classify(&o.text).1 == Confidence::Guess)
            .map(|o| o.line)
    }
}

/// The scope a heading's words open.
fn scope_of(text: &str) -> Scope {
    if labels::is_dates_heading(text) && !labels::is_other_editions_dates(text) {
        Scope::Dates
    } else if labels::is_excluded_heading(text) {
        Scope::Excluded
    } else {
        Scope::Plain
    }
}
