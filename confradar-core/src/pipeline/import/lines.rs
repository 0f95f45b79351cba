//! Lines of a data file, each at most [`MAX_LINE_BYTES`] long, and items at
//! most [`MAX_ITEM_BYTES`]: a stranger's file with one endless line (or one
//! endless item) costs a bounded buffer, not all of memory. A line over the
//! bound is skipped to its end and reported; the lines after it still read.

use std::io::{self, BufRead};

/// The longest line kept. Community data items are a few hundred bytes a
/// line; a 1 MiB line is no deadline data.
pub const MAX_LINE_BYTES: usize = 1024 * 1024;

/// The longest item (all its lines) kept, for the same reason.
pub const MAX_ITEM_BYTES: usize = 4 * 1024 * 1024;

/// One line as read.
#[derive(Debug, PartialEq, Eq)]
pub(super) enum Line {
    /// The text, without its line ending.
    Text(String),
    /// A line over [`MAX_LINE_BYTES`], skipped: how long it was.
    TooLong(usize),
}

/// The lines of `reader`, bounded as the module says.
pub(super) struct BoundedLines<R> {
    reader: R,
}

impl<R: BufRead> BoundedLines<R> {
    pub(super) fn new(reader: R) -> Self {
        Self { reader }
    }

    /// Reads up to the next newline, keeping at most `MAX_LINE_BYTES`.
    fn read_line(&mut self) -> io::Result<Option<Line>> {
        let mut kept: Vec<u8> = Vec::new();
        let mut total = 0usize;
        let mut seen_any = false;
        loop {
            let buf = self.reader.fill_buf()?;
            if buf.is_empty() {
                break;
            }
            seen_any = true;
            let (chunk, found_newline) = match buf.iter().position(|&b| b == b'\n') {
                Some(at) => (&buf[..at], true),
                None => (buf, false),
            };
            total += chunk.len();
            if kept.len() < MAX_LINE_BYTES + 1 {
                let room = MAX_LINE_BYTES + 1 - kept.len();
                kept.extend_from_slice(&chunk[..chunk.len().min(room)]);
            }
            let used = chunk.len() + usize::from(found_newline);
            self.reader.consume(used);
            if found_newline {
                break;
            }
        }
        if !seen_any {
            return Ok(None);
        }
        if total > MAX_LINE_BYTES {
            return Ok(Some(Line::TooLong(total)));
        }
        if kept.last() == Some(&b'\r') {
            kept.pop();
        }
        String::from_utf8(kept)
            .map(|text| Some(Line::Text(text)))
            .map_err(|e| io::Error::new(io::ErrorKind::InvalidData, e))
    }
}

impl<R: BufRead> Iterator for BoundedLines<R> {
    type Item = io::Result<Line>;

    fn next(&mut self) -> Option<Self::Item> {
        self.read_line().transpose()
    }
}

/// The reason given for a skipped line.
pub(super) fn too_long(bytes: usize) -> String {
    format!(
        "a line of {bytes} bytes is longer than the {MAX_LINE_BYTES} bytes a data line may have; \
         this is not community deadline data (check the file)"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(input: &[u8]) -> Vec<Line> {
        BoundedLines::new(io::BufReader::with_capacity(16, input))
            .map(|l| l.unwrap_or(Line::TooLong(0)))
            .collect()
    }

    #[test]
    fn lines_are_read_across_buffer_ends() {
        let got = lines(b"first line here\r\nsecond one, longer than the buffer\nlast");
        assert_eq!(
            got,
            vec![
                Line::Text("first line here".into()),
                Line::Text("second one, longer than the buffer".into()),
                Line::Text("last".into()),
            ]
        );
    }

    #[test]
    fn an_endless_line_is_skipped_and_the_next_still_reads() {
        let mut input = vec![b'x'; MAX_LINE_BYTES + 10];
        input.extend_from_slice(b"\n- key: ok\n");
        let got = lines(&input);
        assert_eq!(
            got,
            vec![
                Line::TooLong(MAX_LINE_BYTES + 10),
                Line::Text("- key: ok".into())
            ]
        );
    }
}
