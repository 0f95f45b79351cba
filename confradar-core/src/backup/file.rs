//! The dump file: JSON Lines, plain or compressed by its name (`.gz`, `.zst`).
//!
//! Line 1 is the [`Header`]; then one `{"table": …, "row": {…}}` per row, the
//! tables in [`super::Table::ALL`] order and each one's rows by id; the last
//! line is `{"end": true, "rows": N}`, so a dump cut short at a line boundary
//! is told apart from a complete one.

use std::fs::File;
use std::io::{self, BufRead, BufReader, BufWriter, Write};
use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// What names a ConfRadar dump in its header.
pub const FORMAT: &str = "confradar-dump";
/// The version of the format this build writes and reads.
pub const VERSION: u32 = 1;

/// The first line of a dump.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct Header {
    /// Always [`FORMAT`].
    pub format: String,
    /// The format's version ([`VERSION`] when written by this build).
    pub version: u32,
    /// The last migration applied to the database it came from.
    pub schema: String,
    /// When the dump was made.
    pub created_at: DateTime<Utc>,
    /// The tables it holds, in order.
    pub tables: Vec<String>,
}

/// A row line as written.
#[derive(Serialize)]
pub(crate) struct RowOut<'a, M: Serialize> {
    pub table: &'a str,
    pub row: &'a M,
}

/// Any line after the header, as read: a row or the end.
#[derive(Deserialize)]
pub(crate) struct BodyLine {
    pub table: Option<String>,
    pub row: Option<serde_json::Value>,
    pub end: Option<bool>,
    pub rows: Option<u64>,
}

/// The end line as written.
#[derive(Serialize)]
pub(crate) struct EndOut {
    pub end: bool,
    pub rows: u64,
}

/// How a dump file is compressed, from its name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Compression {
    /// Plain JSON Lines.
    None,
    /// gzip (`.gz`).
    Gzip,
    /// Zstandard (`.zst`).
    Zstd,
}

impl Compression {
    /// The compression a file name asks for.
    #[must_use]
    pub fn of(path: &Path) -> Self {
        match path.extension().and_then(|e| e.to_str()) {
            Some(ext) if ext.eq_ignore_ascii_case("gz") => Self::Gzip,
            Some(ext) if ext.eq_ignore_ascii_case("zst") => Self::Zstd,
            _ => Self::None,
        }
    }
}

/// Opens a dump for reading, decompressing by its name.
///
/// # Errors
/// The file cannot be opened.
pub fn open(path: &Path) -> io::Result<Box<dyn BufRead>> {
    let file = BufReader::new(File::open(path)?);
    Ok(match Compression::of(path) {
        Compression::None => Box::new(file),
        Compression::Gzip => Box::new(BufReader::new(flate2::read::MultiGzDecoder::new(file))),
        Compression::Zstd => Box::new(BufReader::new(zstd::stream::read::Decoder::with_buffer(
            file,
        )?)),
    })
}

/// A dump being written to a file: into `NAME.partial` first and renamed
/// when [`DumpFile::finish`] succeeds, so a failed dump never leaves a file
/// that looks complete.
pub struct DumpFile {
    sink: Sink,
    partial: PathBuf,
    path: PathBuf,
}

enum Sink {
    Plain(BufWriter<File>),
    Gzip(flate2::write::GzEncoder<BufWriter<File>>),
    Zstd(zstd::stream::write::Encoder<'static, BufWriter<File>>),
}

impl DumpFile {
    /// Creates `path` (compressed by its name), through a `.partial` file beside it.
    ///
    /// # Errors
    /// The file cannot be created.
    pub fn create(path: &Path) -> io::Result<Self> {
        let mut partial = path.as_os_str().to_owned();
        partial.push(".partial");
        let partial = PathBuf::from(partial);
        let file = BufWriter::new(File::create(&partial)?);
        let sink = match Compression::of(path) {
            Compression::None => Sink::Plain(file),
            Compression::Gzip => Sink::Gzip(flate2::write::GzEncoder::new(
                file,
                flate2::Compression::default(),
            )),
            Compression::Zstd => Sink::Zstd(zstd::stream::write::Encoder::new(file, 3)?),
        };
        Ok(Self {
            sink,
            partial,
            path: path.to_path_buf(),
        })
    }

    /// Flushes, syncs and gives the file its name.
    ///
    /// # Errors
    /// Writing, syncing or renaming fails.
    pub fn finish(self) -> io::Result<()> {
        let file = match self.sink {
            Sink::Plain(w) => w,
            Sink::Gzip(w) => w.finish()?,
            Sink::Zstd(w) => w.finish()?,
        };
        let file = file.into_inner().map_err(io::IntoInnerError::into_error)?;
        file.sync_all()?;
        std::fs::rename(&self.partial, &self.path)
    }

    /// Removes the partial file of a dump that failed.
    pub fn abandon(self) {
        let partial = self.partial.clone();
        drop(self);
        std::fs::remove_file(partial).ok();
    }
}

impl Write for DumpFile {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        match &mut self.sink {
            Sink::Plain(w) => w.write(buf),
            Sink::Gzip(w) => w.write(buf),
            Sink::Zstd(w) => w.write(buf),
        }
    }

    fn flush(&mut self) -> io::Result<()> {
        match &mut self.sink {
            Sink::Plain(w) => w.flush(),
            Sink::Gzip(w) => w.flush(),
            Sink::Zstd(w) => w.flush(),
        }
    }
}
