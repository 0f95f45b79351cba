//! A hostile HTTP/1.1 server on 127.0.0.1: per path, a behaviour a crawler must survive.
//!
//! One thread per connection, `Connection: close`, paths not configured answer 404 (so
//! `/robots.txt` allows everything unless set). Each server is its own host for the
//! fetcher's politeness (host and port), so hostile pages on their own servers do not wait
//! behind each other.

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// What the server does for one path.
#[derive(Debug, Clone)]
pub enum Behaviour {
    /// A complete answer.
    Answer {
        status: u16,
        headers: Vec<(String, String)>,
        body: Vec<u8>,
    },
    /// Headers at once, then the body one byte every `every`.
    Drip { body: Vec<u8>, every: Duration },
    /// Reads the request and never answers (until the client gives up).
    HangBeforeHeaders,
    /// Promises `promised` bytes in `Content-Length`, sends `body`, closes.
    LyingLength { promised: usize, body: Vec<u8> },
}

impl Behaviour {
    /// A 200 HTML page in UTF-8.
    pub fn html(body: impl Into<String>) -> Self {
        Self::with_type(200, "text/html; charset=utf-8", body.into().into_bytes())
    }

    /// Any status, a content type and a body.
    pub fn with_type(status: u16, content_type: &str, body: Vec<u8>) -> Self {
        Self::Answer {
            status,
            headers: vec![("Content-Type".into(), content_type.into())],
            body,
        }
    }

    /// A redirect to `location`.
    pub fn redirect(location: &str) -> Self {
        Self::Answer {
            status: 302,
            headers: vec![("Location".into(), location.into())],
            body: Vec::new(),
        }
    }

    /// `uncompressed` bytes of zeros, gzip-compressed (a few kilobytes on the wire).
    pub fn gzip_bomb(uncompressed: usize) -> Self {
        use flate2::{Compression, write::GzEncoder};
        let mut encoder = GzEncoder::new(Vec::new(), Compression::best());
        let chunk = vec![b' '; 64 * 1024];
        let mut left = uncompressed;
        while left > 0 {
            let n = left.min(chunk.len());
            encoder.write_all(&chunk[..n]).unwrap();
            left -= n;
        }
        Self::Answer {
            status: 200,
            headers: vec![
                ("Content-Type".into(), "text/html; charset=utf-8".into()),
                ("Content-Encoding".into(), "gzip".into()),
            ],
            body: encoder.finish().unwrap(),
        }
    }
}

/// A running hostile server.
pub struct HostileServer {
    /// Where it listens.
    pub addr: SocketAddr,
    behaviours: Arc<Mutex<HashMap<String, Behaviour>>>,
    hits: Arc<Mutex<HashMap<String, usize>>>,
}

impl HostileServer {
    pub fn start() -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let addr = listener.local_addr().unwrap();
        let behaviours: Arc<Mutex<HashMap<String, Behaviour>>> = Arc::default();
        let hits: Arc<Mutex<HashMap<String, usize>>> = Arc::default();
        let (b, h) = (Arc::clone(&behaviours), Arc::clone(&hits));
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let (behaviours, hits) = (Arc::clone(&b), Arc::clone(&h));
                std::thread::spawn(move || serve_one(stream, &behaviours, &hits));
            }
        });
        Self {
            addr,
            behaviours,
            hits,
        }
    }

    /// What `path` does from now on.
    pub fn set(&self, path: &str, behaviour: Behaviour) -> String {
        self.behaviours
            .lock()
            .unwrap()
            .insert(path.to_string(), behaviour);
        self.url(path)
    }

    pub fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.addr)
    }

    /// How many requests `path` got.
    pub fn hits(&self, path: &str) -> usize {
        self.hits.lock().unwrap().get(path).copied().unwrap_or(0)
    }
}

fn serve_one(
    stream: TcpStream,
    behaviours: &Mutex<HashMap<String, Behaviour>>,
    hits: &Mutex<HashMap<String, usize>>,
) {
    let mut reader = BufReader::new(stream);
    let mut request_line = String::new();
    if reader.read_line(&mut request_line).is_err() {
        return;
    }
    let path = request_line
        .split_whitespace()
        .nth(1)
        .unwrap_or("/")
        .to_string();
    let mut line = String::new();
    while reader.read_line(&mut line).map(|n| n > 2).unwrap_or(false) {
        line.clear();
    }
    *hits.lock().unwrap().entry(path.clone()).or_default() += 1;
    let behaviour = behaviours
        .lock()
        .unwrap()
        .get(&path)
        .cloned()
        .unwrap_or_else(|| Behaviour::with_type(404, "text/plain", b"not here".to_vec()));
    let mut stream = reader.into_inner();
    // Write errors only mean the client went away, which is what hostile pages provoke.
    let _ = answer(&mut stream, behaviour);
}

fn answer(stream: &mut TcpStream, behaviour: Behaviour) -> std::io::Result<()> {
    match behaviour {
        Behaviour::Answer {
            status,
            headers,
            body,
        } => {
            write_head(stream, status, &headers, body.len())?;
            stream.write_all(&body)?;
        }
        Behaviour::Drip { body, every } => {
            let headers = [("Content-Type".to_string(), "text/html".to_string())];
            write_head(stream, 200, &headers, body.len())?;
            for byte in body {
                stream.write_all(&[byte])?;
                stream.flush()?;
                std::thread::sleep(every);
            }
        }
        Behaviour::HangBeforeHeaders => {
            // Long enough to outlast any client limit the suite sets; the client closing
            // does not wake a sleeping thread, so the thread just ends later.
            std::thread::sleep(Duration::from_secs(120));
        }
        Behaviour::LyingLength { promised, body } => {
            let headers = [("Content-Type".to_string(), "text/html".to_string())];
            write_head(stream, 200, &headers, promised)?;
            stream.write_all(&body)?;
        }
    }
    stream.flush()?;
    stream.shutdown(std::net::Shutdown::Both)
}

fn write_head(
    stream: &mut TcpStream,
    status: u16,
    headers: &[(String, String)],
    length: usize,
) -> std::io::Result<()> {
    let mut head =
        format!("HTTP/1.1 {status} Hostile\r\nContent-Length: {length}\r\nConnection: close\r\n");
    for (name, value) in headers {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    head.push_str("\r\n");
    stream.write_all(head.as_bytes())
}
